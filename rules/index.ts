import type { AnyRule } from '../src/engine/rule.js'
import { rule as AG001 } from './AG001-unparseable-file.js'
import { rule as AG002 } from './AG002-unscanned-file.js'
import { rule as AG003 } from './AG003-rule-failure.js'
import { rule as AG004 } from './AG004-invalid-suppression.js'
import { rule as AG005 } from './AG005-unused-suppression.js'
import { rule as AG006 } from './AG006-stale-baseline-entry.js'
import { rule as AG007 } from './AG007-expired-baseline-entry.js'
import { rule as AG120 } from './AG120-pull-request-code-with-secrets.js'
import { rule as AG121 } from './AG121-workflow-without-permissions.js'
import { rule as AG122 } from './AG122-legacy-deployment-api-key.js'
import { rule as AG123 } from './AG123-unpinned-action-with-astro-token.js'
import { rule as AG124 } from './AG124-astro-token-dispatch-input.js'
import { rule as AG125 } from './AG125-astro-token-printed.js'
import { rule as AG126 } from './AG126-workflow-level-astro-token.js'
import { rule as AG201 } from './AG201-hardcoded-connection-password.js'
import { rule as AG250 } from './AG250-hardcoded-airflow-secret-config.js'
import { rule as AG251 } from './AG251-empty-fernet-key.js'
import { rule as AG252 } from './AG252-secrets-backend-kwargs-credential.js'
import { rule as AG320 } from './AG320-public-role-granted.js'
import { rule as AG321 } from './AG321-local-airflow-users.js'
import { rule as AG322 } from './AG322-basic-auth-api-backend.js'
import { rule as AG401 } from './AG401-unpinned-requirement.js'
import { rule as AG450 } from './AG450-unauthenticated-airflow-access.js'
import { rule as AG451 } from './AG451-sensitive-data-exposure-setting.js'
import { rule as AG452 } from './AG452-insecure-airflow-setting.js'
import { rule as AG501 } from './AG501-outdated-runtime-image.js'
import { rule as AG502 } from './AG502-non-runtime-base-image.js'
import { rule as AG601 } from './AG601-unsafe-production-deployment.js'
import { rule as AG602 } from './AG602-invalid-resource-limits.js'
import { rule as AG603 } from './AG603-unsupported-deployment-runtime.js'
import { rule as AG604 } from './AG604-deployment-file-secret-value.js'
import { rule as AG701 } from './AG701-tls-verification-disabled.js'
import { rule as AG702 } from './AG702-insecure-connection-tls.js'
import { rule as AG703 } from './AG703-plaintext-endpoint.js'
import { rule as AG704 } from './AG704-tls-verification-disabled-setting.js'

/** Every rule, sorted by id: the only registration point. */
export const RULES: readonly AnyRule[] = [
  AG001,
  AG002,
  AG003,
  AG004,
  AG005,
  AG006,
  AG007,
  AG120,
  AG121,
  AG122,
  AG123,
  AG124,
  AG125,
  AG126,
  AG201,
  AG250,
  AG251,
  AG252,
  AG320,
  AG321,
  AG322,
  AG401,
  AG450,
  AG451,
  AG452,
  AG501,
  AG502,
  AG601,
  AG602,
  AG603,
  AG604,
  AG701,
  AG702,
  AG703,
  AG704,
]
