/**
 * Values that stand in for a secret rather than being one: templates, references and documentation
 * placeholders. Shared by every credential rule so that they agree on what is "not a secret".
 */
const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'replace_me',
  'replaceme',
  'replace-me',
  'placeholder',
  'your_password',
  'your-password',
  'yourpassword',
  'your_token',
  'your-token',
  'your_api_key',
  'your-api-key',
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'none',
  'null',
  'undefined',
  'todo',
  'tbd',
  'redacted',
  'dummy',
  'example',
  'sample',
  'test',
  'fake',
  'mask',
  'masked',
  'hidden',
  '<redacted>',
])

/** `${VAR}`, `$VAR`, `{{ ... }}` (Jinja), `${{ secrets.X }}`, `%(var)s`, `<your-password>`, `[PASSWORD]`. */
const REFERENCE_PATTERNS = [
  /^\$\{[^}]*\}$/,
  /^\$\{\{[^}]*\}\}$/,
  /^\$[A-Za-z_][A-Za-z0-9_]*$/,
  /\{\{[^}]*\}\}/,
  /\{%[^%]*%\}/,
  /^%\([^)]*\)s$/,
  /^<[^<>]*>$/,
  /^\[[^[\]]*\]$/,
  /^\{[A-Za-z_][A-Za-z0-9_]*\}$/,
]

/** Runs of one character (`xxxx`, `****`, `....`, `0000`). */
function isRepeated(value: string): boolean {
  if (value.length < 3) return false
  const first = value[0]
  for (let i = 1; i < value.length; i++) if (value[i] !== first) return false
  return true
}

export function isPlaceholder(raw: string, extra: readonly string[] = []): boolean {
  const value = raw.trim()
  if (value === '') return true
  const lower = value.toLowerCase()
  if (PLACEHOLDER_WORDS.has(lower)) return true
  if (extra.some((word) => word.toLowerCase() === lower)) return true
  if (isRepeated(value)) return true
  if (/^x{3,}$/i.test(value.replace(/[-_]/g, ''))) return true
  if (REFERENCE_PATTERNS.some((pattern) => pattern.test(value))) return true
  // REPLACE_WITH_YOUR_KEY, <PASSWORD_HERE>, your-api-key-here
  if (/^(your|my)[-_ ]?.*(password|secret|token|key)([-_ ]?here)?$/i.test(value)) return true
  if (/(^|[-_])(replace|change|insert|enter|put)[-_ ]?(me|this|here|with|your)/i.test(value)) return true
  return false
}

/**
 * Credentials the Astro CLI's local development environment uses (airflow/airflow, postgres/postgres): fine
 * locally and public knowledge, so at most a notice (../shared/research/astro-runtime.md §4.6).
 */
export function isLocalDevelopmentDefault(user: string | undefined, password: string, host?: string): boolean {
  const pair = `${(user ?? '').toLowerCase()}:${password.toLowerCase()}`
  const known = pair === 'airflow:airflow' || pair === 'postgres:postgres' || pair === 'admin:admin'
  if (!known) return false
  if (host === undefined) return true
  return isLocalHost(host)
}

/** localhost, loopback, and the docker-compose service names of the Astro CLI's local environment. */
export function isLocalHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/^\[|\]$/g, '')
  return (
    lower === 'localhost' ||
    lower === '::1' ||
    lower.startsWith('127.') ||
    lower === '0.0.0.0' ||
    lower === 'host.docker.internal' ||
    lower === 'postgres' ||
    lower === 'airflow-postgres' ||
    lower === 'webserver' ||
    lower === 'api-server' ||
    lower === 'scheduler' ||
    lower.endsWith('.localhost') ||
    lower.endsWith('.svc.cluster.local') ||
    lower.endsWith('.local')
  )
}

/** A value shown in output as evidence: the first characters and the length, never the whole thing. */
export function redactValue(value: string): string {
  const shown = value.length >= 12 ? 3 : value.length >= 8 ? 2 : 0
  return `${value.slice(0, shown)}…(${value.length} chars)`
}
