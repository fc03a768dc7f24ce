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
import { rule as AG402 } from './AG402-mutable-url-requirement.js'
import { rule as AG403 } from './AG403-editable-requirement.js'
import { rule as AG404 } from './AG404-duplicate-requirement.js'
import { rule as AG405 } from './AG405-broken-requirements-include.js'
import { rule as AG406 } from './AG406-prerelease-install.js'
import { rule as AG407 } from './AG407-plain-http-package-index.js'
import { rule as AG408 } from './AG408-extra-package-index.js'
import { rule as AG409 } from './AG409-trusted-package-host.js'
import { rule as AG410 } from './AG410-package-index-credentials.js'
import { rule as AG411 } from './AG411-incomplete-hash-pinning.js'
import { rule as AG412 } from './AG412-airflow-in-requirements.js'
import { rule as AG413 } from './AG413-unpinned-system-package.js'
import { rule as AG414 } from './AG414-unpinned-pip-install.js'
import { rule as AG415 } from './AG415-remote-script-piped-to-shell.js'
import { rule as AG416 } from './AG416-remote-add-without-checksum.js'
import { rule as AG417 } from './AG417-unpinned-apt-install.js'
import { rule as AG418 } from './AG418-root-final-user.js'
import { rule as AG419 } from './AG419-vulnerable-requirement.js'
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
  AG402,
  AG403,
  AG404,
  AG405,
  AG406,
  AG407,
  AG408,
  AG409,
  AG410,
  AG411,
  AG412,
  AG413,
  AG414,
  AG415,
  AG416,
  AG417,
  AG418,
  AG419,
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
