import { isPlaceholder } from './placeholders.js'

/**
 * What a name says about the value it holds: the shared vocabulary of every name-based credential carrier
 * (Python names and keyword arguments, dict and YAML keys, environment variables, INI keys).
 *
 * Modelled on detect-secrets' KeywordDetector denylist and ruff's `matches_password_name`
 * (../shared/research/peers-and-github-platform.md §B2), with the identifier allowlist gitleaks added after its
 * users' false-positive reports (gitleaks#1578: `public_key`, `keyword`, …; §C.1). Words are matched, not
 * substrings, so `tokenizer`, `max_tokens`, `password_field` and `secret_name` are not credentials.
 */
/** Lower-case keywords of names that mean a credential (see credentials.ts `classifyName`). */
export const NAME_KEYWORDS = [
  'passw',
  'passphrase',
  'passcode',
  'pswd',
  'pwd',
  '_pass',
  'pass_',
  '-pass',
  '_pw',
  'pw_',
  'secret',
  'token',
  '_pat',
  'pat_',
  '_key',
  '-key',
  'apikey',
  'accesskey',
  'privatekey',
  'privkey',
  'accountkey',
  'storagekey',
  'signingkey',
  'masterkey',
  'authkey',
  'clientkey',
  'appkey',
  'licensekey',
  'encryptionkey',
  'servicekey',
  'subscriptionkey',
  'consumerkey',
  'sharedkey',
  'adminkey',
  'saskey',
  'hmackey',
  'sshkey',
  'deploykey',
  'pkey',
  'cred',
  'basic_auth',
  'basicauth',
  'basic-auth',
  'http_auth',
] as const

export type CredentialKind = 'password' | 'secret' | 'token' | 'key' | 'credential'

/** Words that name a password. */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'passwort', 'passphrase', 'pwd', 'pass', 'pw', 'passcode', 'pswd'])

/** Words that qualify `key` as a credential (`api_key`, `ACCOUNT_KEY`, `signingKey`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'account',
  'storage',
  'signing',
  'sign',
  'master',
  'auth',
  'client',
  'app',
  'application',
  'license',
  'licence',
  'encryption',
  'crypto',
  'service',
  'subscription',
  'consumer',
  'shared',
  'admin',
  'sas',
  'hmac',
  'webhook',
  'ssh',
  'deploy',
  'write',
  'ingest',
  'integration',
  'rest',
  'sdk',
  'server',
  'push',
  'jwt',
  'fernet',
  'session',
  'developer',
  'dev',
  'prod',
  'live',
  'partner',
  'merchant',
])

/** Vendors whose `<VENDOR>_KEY` is always their API key. */
const KEY_VENDORS = new Set([
  'openai',
  'anthropic',
  'stripe',
  'sendgrid',
  'twilio',
  'mailgun',
  'mailchimp',
  'slack',
  'datadog',
  'dd',
  'newrelic',
  'sentry',
  'mapbox',
  'google',
  'gcp',
  'azure',
  'aws',
  'snowflake',
  'databricks',
  'openweather',
  'algolia',
  'pagerduty',
  'opsgenie',
  'segment',
  'hubspot',
  'salesforce',
  'shopify',
  'zendesk',
  'github',
  'gitlab',
  'pinecone',
  'cohere',
  'huggingface',
  'hf',
  'mistral',
  'groq',
  'gemini',
  'fivetran',
  'airbyte',
  'dbt',
  'census',
  'hightouch',
  'astro',
  'astronomer',
  'firebase',
  'supabase',
  'pusher',
  'telegram',
])

/** One-word compounds (`apikey`, `clientsecret` is handled by the `secret` stem). */
const KEY_COMPOUNDS = new Set([
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'accountkey',
  'storagekey',
  'signingkey',
  'masterkey',
  'authkey',
  'clientkey',
  'appkey',
  'licensekey',
  'encryptionkey',
  'servicekey',
  'subscriptionkey',
  'consumerkey',
  'sharedkey',
  'adminkey',
  'saskey',
  'hmackey',
  'sshkey',
  'deploykey',
  'pkey',
  'privkey',
  'apisecret',
])

/**
 * Words that turn a credential-sounding name into metadata about a credential when they come after it
 * (`password_field`, `token_url`, `secret_name`, `api_key_id`, `password_hash`, `max_tokens`), or anywhere
 * (`public_key`).
 */
const META_WORDS = new Set([
  'id',
  'ids',
  'name',
  'names',
  'file',
  'files',
  'filename',
  'filepath',
  'path',
  'paths',
  'dir',
  'directory',
  'url',
  'urls',
  'uri',
  'uris',
  'endpoint',
  'host',
  'type',
  'types',
  'kind',
  'field',
  'fields',
  'label',
  'prompt',
  'placeholder',
  'hint',
  'help',
  'message',
  'msg',
  'error',
  'errors',
  'regex',
  'pattern',
  'format',
  'length',
  'len',
  'min',
  'max',
  'size',
  'count',
  'num',
  'number',
  'limit',
  'limits',
  'policy',
  'hash',
  'hashed',
  'digest',
  'sha1',
  'sha256',
  'sha512',
  'md5',
  'bcrypt',
  'argon2',
  'scrypt',
  'pbkdf2',
  'checksum',
  'salt',
  'expiry',
  'expires',
  'expiration',
  'expire',
  'expired',
  'ttl',
  'timeout',
  'lifetime',
  'age',
  'env',
  'var',
  'variable',
  'param',
  'parameter',
  'header',
  'prefix',
  'suffix',
  'mask',
  'masked',
  'required',
  'enabled',
  'enable',
  'disabled',
  'rotation',
  'version',
  'backend',
  'provider',
  'manager',
  'lookup',
  'location',
  'arn',
  'ref',
  'reference',
  'template',
  'schema',
  'column',
  'attr',
  'attribute',
  'property',
  'validator',
  'validation',
  'strength',
  'reset',
  'forgot',
  'cmd',
  'command',
  'mode',
  'method',
  'scope',
  'scopes',
  'audience',
  'issuer',
  'algorithm',
  'alg',
  'usage',
  'used',
  'budget',
  'per',
  'index',
  'position',
  'offset',
  'class',
  'callback',
  'handler',
  'widget',
  'input',
  'form',
  'display',
  'show',
  'visible',
  'toggle',
  'icon',
  'style',
  'generator',
  'chars',
  'charset',
  'alphabet',
  'interval',
  'duration',
  'retries',
  'attempts',
  'status',
  'state',
  'valid',
  'invalid',
  'check',
  'key',
  'keys',
  'source',
  'store',
  'vault',
  'secrets',
  'config',
  'option',
  'options',
  'setting',
  'settings',
  'rule',
  'rules',
  'requirements',
  'complexity',
  'cert',
  'certificate',
  'dict',
  'json',
])

/** Words that anywhere in a name mean "not a secret". */
const NEVER_WORDS = new Set(['public', 'pub', 'publishable', 'tokenizer', 'tokenize', 'tokenized', 'tokenization'])

/**
 * Words that at the start of a name make it a flag, a question or a reference (`use_password`, `is_secret`,
 * `no_token`, Helm's `existingSecret`: the name of a Kubernetes Secret).
 */
const BOOLEAN_PREFIXES = new Set([
  'existing',
  'is',
  'has',
  'use',
  'uses',
  'no',
  'show',
  'hide',
  'allow',
  'require',
  'requires',
  'should',
  'with',
  'without',
  'skip',
  'need',
  'needs',
  'enable',
  'disable',
  'ask',
  'prompt',
  'verify',
  'validate',
  'generate',
  'get',
  'set',
  'load',
  'read',
  'fetch',
  'create',
  'make',
  'build',
  'mask',
  'hash',
  'check',
  'encode',
  'decode',
  'encrypt',
  'decrypt',
  'count',
  'num',
  'max',
  'min',
])

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90
}
function isLower(code: number): boolean {
  return code >= 97 && code <= 122
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/**
 * Splits an identifier into lower-case words: `AWS_SECRET_ACCESS_KEY` → aws secret access key,
 * `clientSecret` → client secret, `APIKey` → api key, `x-api-key` → x api key.
 */
export function splitWords(name: string): string[] {
  const words: string[] = []
  let current = ''
  const flush = () => {
    if (current) words.push(current.toLowerCase())
    current = ''
  }
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i)
    if (!(isUpper(code) || isLower(code) || isDigit(code))) {
      flush()
      continue
    }
    if (isUpper(code) && current) {
      const prev = current.charCodeAt(current.length - 1)
      const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0
      // aB → a|B ; ABc → A|Bc (APIKey → API|Key)
      if (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(next))) flush()
    }
    current += name[i]
  }
  flush()
  return words
}

/** The kind of credential one word names on its own, if any. */
function wordKind(word: string): CredentialKind | undefined {
  if (NEVER_WORDS.has(word)) return undefined
  if (PASSWORD_WORDS.has(word) || word.includes('password') || word.includes('passwd')) return 'password'
  if (word.includes('secret')) return 'secret'
  if (word === 'pat' || word.endsWith('token') || word === 'tokens') return 'token'
  if (KEY_COMPOUNDS.has(word)) return 'key'
  if (word === 'credential' || word === 'credentials' || word === 'creds' || word === 'cred') return 'credential'
  return undefined
}

export interface NameClassification {
  kind: CredentialKind
  /** The words of the name (lower case). */
  words: string[]
}

/**
 * Whether a name (variable, argument, key, environment variable) names a credential, and which kind. `loose`
 * also accepts `<anything>_KEY` environment-variable names whose first word is not a known non-secret
 * (`MAPBOX_KEY`); code identifiers such as `sort_key` or `cache_key` are never loose.
 */
export function classifyName(name: string, options: { loose?: boolean } = {}): NameClassification | undefined {
  const words = splitWords(name)
  if (words.length === 0) return undefined
  if (BOOLEAN_PREFIXES.has(words[0]) && words.length > 1) return undefined
  for (const word of words) if (NEVER_WORDS.has(word)) return undefined
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    let kind = wordKind(word)
    if (!kind && word === 'key' && i > 0 && (KEY_QUALIFIERS.has(words[i - 1]) || KEY_VENDORS.has(words[i - 1]))) kind = 'key'
    if (!kind && word === 'key' && i > 0 && options.loose && !META_WORDS.has(words[i - 1]) && words[i - 1] !== 'public') {
      kind = 'key'
    }
    if (!kind && (word === 'auth' || word === 'bearer') && i === words.length - 1 && i > 0) {
      const previous = words[i - 1]
      if (previous === 'basic' || previous === 'http') kind = 'credential'
    }
    if (!kind) continue
    // `password_field`, `token_url`, `api_key_id`: a meta word after the credential word makes it metadata
    // (`secret_key` and `AWS_SECRET_ACCESS_KEY` stay credentials).
    for (let j = i + 1; j < words.length; j++) {
      const after = words[j]
      if (after === 'key' && (kind === 'secret' || kind === 'key')) continue
      if (META_WORDS.has(after)) return undefined
    }
    return { kind, words }
  }
  return undefined
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0
  const counts = new Map<string, number>()
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1)
  let entropy = 0
  for (const count of counts.values()) {
    const p = count / value.length
    entropy -= p * Math.log2(p)
  }
  return entropy
}

const FILE_EXTENSIONS = [
  '.json',
  '.pem',
  '.key',
  '.p12',
  '.pfx',
  '.crt',
  '.cer',
  '.txt',
  '.yaml',
  '.yml',
  '.cfg',
  '.ini',
  '.env',
  '.conf',
  '.toml',
  '.py',
  '.sh',
  '.csv',
  '.pub',
  '.gpg',
  '.asc',
  '.jks',
]

/** A file-system path (`/run/…`, `./keys/x.pem`, `~/.ssh/id_rsa`, `C:\…`, `gcp-key.json`). */
export function looksLikePath(value: string): boolean {
  if (value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~/')) return true
  if (value.length > 2 && value[1] === ':' && (value[2] === '\\' || value[2] === '/')) return true
  const lower = value.toLowerCase()
  for (const ext of FILE_EXTENSIONS) if (lower.endsWith(ext) && lower.length > ext.length) return true
  return false
}

function isIdentifierChar(code: number): boolean {
  return isUpper(code) || isLower(code) || isDigit(code) || code === 95
}

/** `DB_PASSWORD` (an environment variable's name) or `db.password` / `airflow.providers.x` (a dotted path). */
function looksLikeName(value: string): boolean {
  if (value.length < 3) return false
  let underscores = 0
  let upper = 0
  let lower = 0
  let dots = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code === 95) underscores++
    else if (code === 46) dots++
    else if (isUpper(code)) upper++
    else if (isLower(code)) lower++
    else if (!isDigit(code) && code !== 45) return false
  }
  // ENV_VAR_NAME
  if (lower === 0 && upper > 0 && underscores > 0 && isUpper(value.charCodeAt(0))) return true
  // a.dotted.path of identifiers
  if (dots > 0 && upper === 0 && !value.startsWith('.') && !value.endsWith('.') && !value.includes('..')) {
    for (const part of value.split('.')) if (part === '' || isDigit(part.charCodeAt(0))) return false
    return true
  }
  // snake_or-kebab words that themselves name a credential: `password_field = "db_password"`
  if (upper === 0 && (underscores > 0 || value.includes('-')) && classifyName(value)) return true
  return false
}

function isNumeric(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (!isDigit(code) && code !== 46) return false
  }
  return true
}

function isLetter(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase()
}

/**
 * Words of a natural language (`Zugangstoken`, `API-Schlüssel`, `access-token`): hyphen-separated segments that
 * are each lower case, upper case or capitalised letters. Translation files and labels look like this; generated
 * tokens and keys do not. (Passwords are exempt: people do choose words.)
 */
function isWordLike(value: string): boolean {
  for (const segment of value.split('-')) {
    if (segment === '') return false
    let upper = 0
    for (const char of segment) {
      if (!isLetter(char)) return false
      if (char !== char.toLowerCase()) upper++
    }
    const first = segment[0]
    const capitalised = upper === 1 && first !== first.toLowerCase()
    if (!(upper === 0 || upper === [...segment].length || capitalised)) return false
  }
  return true
}

function isEmail(value: string): boolean {
  const at = value.indexOf('@')
  return at > 0 && at === value.lastIndexOf('@') && value.indexOf('.', at) > at + 1 && !value.includes(':')
}

export interface Credibility {
  placeholders: readonly string[]
  /** Minimum length (default: 4 for passwords, 8 for the other kinds). */
  minLength?: number
}

/**
 * Whether a literal under a credential name is plausibly the credential itself rather than a placeholder,
 * reference, path, URL, variable name, number or sentence. Weak passwords (`airflow123`) stay credible:
 * there is deliberately no entropy floor here (peers' entropy gates drop them; §B1).
 */
export function isCredibleSecret(raw: string, kind: CredentialKind, settings: Credibility): boolean {
  const value = raw.trim()
  const minLength = settings.minLength ?? (kind === 'password' ? 4 : 8)
  if (value.length < minLength) return false
  if (isPlaceholder(value, settings.placeholders)) return false
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code === 32 || code === 9 || code === 10 || code === 13) return false
  }
  if (kind !== 'password' && (isNumeric(value) || isWordLike(value))) return false
  if (value.includes('://')) return false
  if (looksLikePath(value) || looksLikeName(value) || isEmail(value)) return false
  return true
}

/**
 * Whether a value looks machine-generated (a key rather than a word): at least 16 characters, two or more of
 * lower case, upper case and digits, and at least 3 bits of entropy per character. Used where the name alone is
 * weak evidence (`MAPBOX_KEY` yes, `SORT_KEY=created_at` no).
 */
export function looksGenerated(value: string): boolean {
  if (value.length < 16) return false
  let lower = 0
  let upper = 0
  let digit = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (isLower(code)) lower = 1
    else if (isUpper(code)) upper = 1
    else if (isDigit(code)) digit = 1
  }
  return lower + upper + digit >= 2 && shannonEntropy(value) >= 3
}

