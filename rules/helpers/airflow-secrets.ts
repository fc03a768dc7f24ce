import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import { SECRET_SETTINGS, type SecretSetting, findOption } from '../data/airflow-settings.js'
import { type ConfigAssignment, airflowConfigAssignments } from './airflow-config.js'
import { isLocalDevelopmentDefault, isPlaceholder } from './placeholders.js'
import { parseUri } from './uri.js'

/**
 * The Fernet key the Astro CLI's local docker compose sets for every project (astro-cli
 * `airflow/include/airflow{2,3}/composeyml.go.tmpl`; ../shared/research/astro-runtime.md §4.6). It is public, so
 * anything it encrypts is readable by anyone. Split so that secret scanners do not mistake this file for a leak.
 */
export const ASTRO_CLI_LOCAL_FERNET_KEY = ['d6Vefz3G9U_ynXB3cr7y', '_Ak35tAHkEGAVxuz_B-jzWw='].join('')

export interface AirflowSecretHit {
  entry: SecretSetting
  assignment: ConfigAssignment
  /** The credential itself (for a URI: its password), for the engine to fingerprint and redact. */
  secret: string
  span: Span
  kind: 'literal' | 'local-default' | 'public-fernet-key'
}

/** A value that is computed or looked up rather than written: `$(cat /run/secrets/x)`, `{FERNET_KEY}` (config.yml). */
function isIndirect(value: string): boolean {
  return value.startsWith('$(') || value.startsWith('`') || /^\{[A-Z_]+\}$/.test(value)
}

/**
 * Literal values of Airflow options that hold credentials (the Fernet key, session and JWT signing keys, the
 * metadata database, broker and result-backend URIs, SMTP and Flower logins), in every carrier, local ones
 * included: a secret committed to git leaks whatever file it is in. The `_cmd`/`_secret` variants of these
 * options (Airflow's way to read them from a command or a secrets backend) are different keys and never match.
 */
export function airflowSecretHits(file: ScannedFile, placeholders: readonly string[]): AirflowSecretHit[] {
  const hits: AirflowSecretHit[] = []
  for (const assignment of airflowConfigAssignments(file)) {
    const [match] = findOption(SECRET_SETTINGS, assignment.section, assignment.key)
    if (!match) continue
    const value = assignment.value.trim()
    if (value === '' || isIndirect(value) || isPlaceholder(value, placeholders)) continue
    const span = assignment.valueSpan
    const { entry } = match
    if (entry.kind === 'uri') {
      const uri = parseUri(value)
      if (!uri || uri.password === '' || isPlaceholder(uri.password, placeholders)) continue
      const local = isLocalDevelopmentDefault(uri.user, uri.password, uri.host)
      hits.push({ entry, assignment, secret: uri.password, span, kind: local ? 'local-default' : 'literal' })
      continue
    }
    if (entry.kind === 'userpass') {
      const pairs = value.split(',').map((pair) => pair.trim())
      const passwords = pairs.map((pair) => pair.slice(pair.indexOf(':') + 1)).filter((password) => password !== '' && !isPlaceholder(password, placeholders))
      if (passwords.length === 0 || pairs.every((pair) => !pair.includes(':'))) continue
      hits.push({ entry, assignment, secret: value, span, kind: 'literal' })
      continue
    }
    const isPublic = entry.id === 'fernet-key' && value === ASTRO_CLI_LOCAL_FERNET_KEY
    hits.push({ entry, assignment, secret: value, span, kind: isPublic ? 'public-fernet-key' : 'literal' })
  }
  return hits
}
