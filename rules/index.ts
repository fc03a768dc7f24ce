import type { AnyRule } from '../src/engine/rule.js'
import { rule as AG001 } from './AG001-unparseable-file.js'
import { rule as AG002 } from './AG002-unscanned-file.js'
import { rule as AG003 } from './AG003-rule-failure.js'
import { rule as AG004 } from './AG004-invalid-suppression.js'
import { rule as AG005 } from './AG005-unused-suppression.js'
import { rule as AG006 } from './AG006-stale-baseline-entry.js'
import { rule as AG007 } from './AG007-expired-baseline-entry.js'
import { rule as AG201 } from './AG201-hardcoded-connection-password.js'
import { rule as AG401 } from './AG401-unpinned-requirement.js'
import { rule as AG501 } from './AG501-outdated-runtime-image.js'
import { rule as AG502 } from './AG502-non-runtime-base-image.js'

/** Every rule, sorted by id: the only registration point. */
export const RULES: readonly AnyRule[] = [AG001, AG002, AG003, AG004, AG005, AG006, AG007, AG201, AG401, AG501, AG502]
