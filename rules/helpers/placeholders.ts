/**
 * Values that stand in for a secret rather than being one: templates, references, secrets-backend lookups and
 * documentation placeholders. Shared by every credential rule so that they agree on what is "not a secret".
 *
 * Written with loops and `includes` rather than regular expressions: nothing here can backtrack.
 */

/** Whole values that are words, not secrets (compared lower-cased, with `-`, `_`, spaces and dots removed). */
const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'changeit',
  'replaceme',
  'placeholder',
  'yourpassword',
  'yourtoken',
  'yourapikey',
  'yoursecret',
  'yourkey',
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'secretkey',
  'token',
  'apitoken',
  'accesstoken',
  'apikey',
  'key',
  'none',
  'null',
  'nil',
  'undefined',
  'notset',
  'unset',
  'empty',
  'default',
  'todo',
  'tbd',
  'fixme',
  'redacted',
  'dummy',
  'example',
  'sample',
  'test',
  'testing',
  'fake',
  'mock',
  'mask',
  'masked',
  'hidden',
  'omitted',
  'removed',
  'string',
  'str',
  'text',
  'int',
  'integer',
  'bool',
  'boolean',
  'required',
  'optional',
  'value',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'foo',
  'bar',
  'foobar',
  'baz',
  'xyz',
  'abc',
  'abc123',
  'secretstr',
  'sensitive',
  // the word "password" in translation files
  'passwort',
  'motdepasse',
  'contraseña',
  'contrasena',
  'senha',
  'wachtwoord',
  'parola',
  'lösenord',
  'salasana',
])

/**
 * Fragments that make a whole value a placeholder wherever they occur (`my-example-password`, `<TOKEN_HERE>`,
 * `sk-...`, the AWS documentation keys `AKIAIOSFODNN7EXAMPLE` / `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`).
 * Compared lower-cased.
 */
const PLACEHOLDER_FRAGMENTS = [
  'example',
  'placeholder',
  'changeme',
  'change_me',
  'change-me',
  'replace_me',
  'replace-me',
  'replaceme',
  'replace_with',
  'replace-with',
  'your_',
  'your-',
  'yourpassword',
  'yoursecret',
  'yourtoken',
  'yourkey',
  'yourapikey',
  '_here',
  '-here',
  'goes_here',
  'dummy',
  'redacted',
  'notreal',
  'not_real',
  'not-real',
  'not_a_real',
  'not-a-real',
  'xxxx',
  '****',
  '••••',
  '...',
  '…',
  'insert_',
  'insert-',
  'enter_your',
  'enter-your',
  'fill_in',
  'fill-in',
  'secret_value',
  'secret-value',
]

/** Opening marks of templates and references: Jinja, `${VAR}`, `$(cmd)`, `%(name)s`, ERB/ASP, Helm/Go templates. */
const REFERENCE_MARKS = ['{{', '{%', '${', '$(', '%(', '<%', '#{', '@@']

/**
 * References to a secrets store rather than the secret itself (AWS Secrets Manager/SSM ARNs, GCP Secret Manager
 * resource names, Vault paths, 1Password `op://`, Docker/Kubernetes secret mounts).
 */
const SECRET_STORE_PREFIXES = [
  'arn:aws:secretsmanager:',
  'arn:aws:ssm:',
  'arn:aws:kms:',
  'ssm:',
  'vault:',
  'op://',
  'sm://',
  'gcpsm://',
  'awssm://',
  'azkv://',
  'keyvault://',
  'secret://',
  'secretsmanager:',
  'projects/',
  '/run/secrets/',
  '/var/run/secrets/',
  '/etc/secrets/',
  // encrypted at rest, meant to be committed: Ansible Vault, SOPS
  '$ansible_vault;',
  'enc[',
]


function compact(value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    if (c !== '-' && c !== '_' && c !== ' ' && c !== '.') out += c
  }
  return out
}

/** Runs of one character (`xxxx`, `****`, `....`, `0000`). */
function isRepeated(value: string): boolean {
  if (value.length < 3) return false
  const first = value[0]
  for (let i = 1; i < value.length; i++) if (value[i] !== first) return false
  return true
}

function isEnvNameChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95
}

/** `$VAR` / `$var` as the whole value, or `%VAR%` (Windows). */
function isShellVariable(value: string): boolean {
  if (value.length >= 2 && value[0] === '$') {
    for (let i = 1; i < value.length; i++) if (!isEnvNameChar(value.charCodeAt(i))) return false
    return !(value.charCodeAt(1) >= 48 && value.charCodeAt(1) <= 57)
  }
  if (value.length >= 3 && value[0] === '%' && value[value.length - 1] === '%') {
    for (let i = 1; i < value.length - 1; i++) if (!isEnvNameChar(value.charCodeAt(i))) return false
    return true
  }
  return false
}

/** `<your-password>`, `[PASSWORD]`, `{password}` (Python format fields), `%s`. */
function isBracketed(value: string): boolean {
  const first = value[0]
  const last = value[value.length - 1]
  if ((first === '<' && last === '>') || (first === '[' && last === ']')) return true
  if (first === '{' && last === '}' && value.length > 2) {
    // `{name}` or `{0}` format fields; JSON objects contain quotes or colons and are not placeholders.
    for (let i = 1; i < value.length - 1; i++) if (!isEnvNameChar(value.charCodeAt(i)) && value[i] !== '.') return false
    return true
  }
  return value === '%s' || value === '%r' || value === '?'
}

/**
 * A template, variable or secrets-store reference anywhere in the value: `{{ conn.x.password }}`,
 * `${{ secrets.X }}`, `${VAR}`, `$VAR`, `$(cat file)`, `%(pw)s`, `{{ env_var('X') }}`, `arn:aws:secretsmanager:…`.
 */
export function isReference(raw: string): boolean {
  const value = raw.trim()
  if (value === '') return false
  for (const mark of REFERENCE_MARKS) if (value.includes(mark)) return true
  if (isShellVariable(value)) return true
  const lower = value.toLowerCase()
  for (const prefix of SECRET_STORE_PREFIXES) if (lower.startsWith(prefix)) return true
  return false
}

/** Whether a value is a placeholder, template or reference rather than a secret. `extra` comes from config. */
export function isPlaceholder(raw: string, extra: readonly string[] = []): boolean {
  const value = raw.trim()
  if (value === '') return true
  const lower = value.toLowerCase()
  if (PLACEHOLDER_WORDS.has(compact(lower))) return true
  for (const word of extra) if (word.toLowerCase() === lower) return true
  if (isRepeated(value) || isRepeated(compact(value))) return true
  if (isBracketed(value)) return true
  if (isReference(value)) return true
  for (const fragment of PLACEHOLDER_FRAGMENTS) if (lower.includes(fragment)) return true
  return false
}

/** User/password pairs of the Astro CLI's local environment and of common local service images. */
const LOCAL_DEFAULT_PAIRS = new Set(['airflow:airflow', 'postgres:postgres', 'admin:admin', 'root:root', 'guest:guest'])
/** Passwords that are the local default whoever the user is (the Astro CLI's metadata database and webserver user). */
const LOCAL_DEFAULT_PASSWORDS = new Set(['airflow', 'postgres'])

/**
 * Credentials the Astro CLI's local development environment uses (airflow/airflow, postgres/postgres on the
 * local compose services; ../shared/research/astro-runtime.md §4.6), and the stock defaults of local service
 * images: public knowledge, so at most a notice. With a host, the host must be local; without a user, only the
 * Astro CLI passwords count.
 */
export function isLocalDevelopmentDefault(user: string | undefined, password: string, host?: string): boolean {
  const lowerPassword = password.toLowerCase()
  const known =
    user === undefined || user === ''
      ? LOCAL_DEFAULT_PASSWORDS.has(lowerPassword)
      : LOCAL_DEFAULT_PAIRS.has(`${user.toLowerCase()}:${lowerPassword}`)
  if (!known) return false
  if (host === undefined) return true
  return isLocalHost(host)
}

/** localhost, loopback, and the docker-compose service names of the Astro CLI's local environment. */
export function isLocalHost(host: string): boolean {
  let lower = host.toLowerCase()
  if (lower.startsWith('[') && lower.endsWith(']')) lower = lower.slice(1, -1)
  return (
    lower === '' ||
    lower === 'localhost' ||
    lower === '::1' ||
    lower.startsWith('127.') ||
    lower === '0.0.0.0' ||
    lower === 'host.docker.internal' ||
    lower === 'postgres' ||
    lower === 'airflow-postgres' ||
    lower === 'db' ||
    lower === 'redis' ||
    lower === 'rabbitmq' ||
    lower === 'mysql' ||
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
