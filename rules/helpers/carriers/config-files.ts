import { posix } from 'node:path'
import type { ScannedFile } from '../../../src/engine/scanned-file.js'
import { BACKEND_KWARGS_OPTIONS, SECRET_SETTINGS } from '../../data/airflow-settings.js'
import type { Span } from '../../../src/engine/source-text.js'
import type { YamlEntry } from '../../../src/parsers/yaml.js'
import { isBlank, lineEndOf } from '../char-scan.js'
import { classifyName, isCredibleSecret } from '../credentials.js'
import { isLocalDevelopmentDefault, isPlaceholder } from '../placeholders.js'
import { cloudCredentialForName } from '../provider-tokens.js'
import { findUriCredentials, percentDecode } from '../uri-credentials.js'
import { connectionValueSecrets, extraValueSecrets } from './connection-values.js'
import { isEnvStyleEntry, secretDocuments, unquotedSpan } from './env-style.js'
import { type Candidate, type ExtractContext, type Extractor, TIER } from './types.js'

/**
 * Files with a known shape: the Astro CLI's `airflow_settings.yaml`, dbt `profiles.yml`, `airflow.cfg`,
 * `.netrc`, `.pypirc`, `pip.conf`, `.npmrc`, `.pgpass`; and, for every other YAML/JSON/INI/TOML file, literals
 * under credential-named keys (plus Kubernetes `Secret` manifests, whose data is the secret).
 */

function basename(file: ScannedFile): string {
  return posix.basename(file.path).toLowerCase()
}

function content(ctx: ExtractContext, entry: YamlEntry): Span {
  return unquotedSpan(ctx.text, entry.valueSpan)
}

// ---------------------------------------------------------------------------------------------------------------
// airflow_settings.yaml (Astro CLI `settings/types.go`: conn_* keys, conn_extra as a map or JSON string;
// variables as variable_name/variable_value; ../shared/research/astro-runtime.md §4.5)

function groupByItem(entries: YamlEntry[], list: string): Map<number, Map<string, YamlEntry>> {
  const byIndex = new Map<number, Map<string, YamlEntry>>()
  for (const entry of entries) {
    const [root, key, index] = entry.path
    if (root !== 'airflow' || key !== list || typeof index !== 'number' || entry.path.length !== 4) continue
    const fields = byIndex.get(index) ?? new Map<string, YamlEntry>()
    fields.set(entry.key, entry)
    byIndex.set(index, fields)
  }
  return byIndex
}

export const airflowSettingsExtractor: Extractor = {
  name: 'airflow_settings.yaml',
  kinds: ['airflow-settings'],
  produces: ['AG201', 'AG202'],
  extract(ctx) {
    const entries = ctx.yamlEntries()
    for (const [index, fields] of groupByItem(entries, 'connections')) {
      const conn = fields.get('conn_id')?.scalar || `#${index + 1}`
      const login = fields.get('conn_login')?.scalar
      const host = fields.get('conn_host')?.scalar
      const password = fields.get('conn_password')
      if (password?.scalar !== undefined && !isPlaceholder(password.scalar, ctx.settings.placeholders)) {
        ctx.push({
          rule: 'AG201',
          tier: TIER.structured,
          conn,
          field: 'conn_password',
          span: content(ctx, password),
          secret: password.scalar,
          local: isLocalDevelopmentDefault(login, password.scalar, host),
        })
      }
      const uri = fields.get('conn_uri')
      if (uri?.scalar !== undefined) {
        for (const found of connectionValueSecrets(ctx.text, content(ctx, uri), uri.scalar, ctx.settings)) {
          ctx.push({ rule: 'AG201', tier: TIER.structured, conn, field: found.field === 'password' ? 'conn_uri' : `conn_uri ${found.field}`, span: found.span, secret: found.secret, local: found.local })
        }
      }
      const extra = fields.get('conn_extra')
      if (extra?.scalar !== undefined) {
        for (const found of extraValueSecrets(ctx.text, content(ctx, extra), extra.scalar, ctx.settings)) {
          ctx.push({ rule: 'AG201', tier: TIER.structured, conn, field: `conn_extra.${found.field.replace(/^extra\./, '')}`, span: found.span, secret: found.secret })
        }
      }
    }
    // conn_extra as a YAML map: every credential-named key beneath it.
    const connIds = new Map<number, string>()
    for (const entry of entries) {
      if (entry.path.length === 4 && entry.path[0] === 'airflow' && entry.path[1] === 'connections' && entry.key === 'conn_id' && typeof entry.path[2] === 'number' && entry.scalar) {
        connIds.set(entry.path[2], entry.scalar)
      }
    }
    for (const entry of entries) {
      const [root, list, index, field] = entry.path
      if (root !== 'airflow' || list !== 'connections' || typeof index !== 'number' || field !== 'conn_extra' || entry.path.length < 5) continue
      if (entry.scalar === undefined) continue
      const named = classifyName(entry.key)
      if (!named || !isCredibleSecret(entry.scalar, named.kind, ctx.settings)) continue
      const conn = connIds.get(index) ?? `#${index + 1}`
      ctx.push({ rule: 'AG201', tier: TIER.structured, conn, field: `conn_extra.${entry.key}`, span: content(ctx, entry), secret: entry.scalar })
    }
    for (const fields of groupByItem(entries, 'variables').values()) {
      const name = fields.get('variable_name')?.scalar
      const value = fields.get('variable_value')
      if (!name || value?.scalar === undefined) continue
      const named = classifyName(name)
      if (!named || !isCredibleSecret(value.scalar, named.kind, ctx.settings)) continue
      ctx.push({ rule: 'AG202', tier: TIER.structured, variable: name, span: content(ctx, value), secret: value.scalar })
    }
  },
}

// ---------------------------------------------------------------------------------------------------------------
// dbt profiles.yml (dbt docs "About profiles.yml": <profile>.outputs.<target>.<field>; secrets belong in
// `{{ env_var('X') }}`)

export const dbtProfilesExtractor: Extractor = {
  name: 'dbt profiles.yml',
  kinds: ['yaml'],
  produces: ['AG211'],
  applies: (file) => basename(file) === 'profiles.yml' || basename(file) === 'profiles.yaml',
  extract(ctx) {
    const entries = ctx.yamlEntries()
    // Each target's user and host, for the local-default check.
    const targets = new Map<string, { user?: string; host?: string }>()
    for (const e of entries) {
      if (e.path.length !== 4 || e.path[1] !== 'outputs' || e.scalar === undefined) continue
      const key = `${e.document ?? 0}\u0000${String(e.path[0])}\u0000${String(e.path[2])}`
      const target = targets.get(key) ?? {}
      if (e.key === 'user' || e.key === 'username') target.user = e.scalar
      if (e.key === 'host') target.host = e.scalar
      targets.set(key, target)
    }
    const targetOf = (entry: YamlEntry) => targets.get(`${entry.document ?? 0}\u0000${String(entry.path[0])}\u0000${String(entry.path[2])}`) ?? {}
    for (const entry of entries) {
      if (entry.scalar === undefined || entry.path.length < 4 || entry.path[1] !== 'outputs') continue
      const named = classifyName(entry.key)
      if (!named || !isCredibleSecret(entry.scalar, named.kind, ctx.settings)) continue
      const target = targetOf(entry)
      const local = named.kind === 'password' && isLocalDevelopmentDefault(target.user, entry.scalar, target.host)
      ctx.push({
        local,
        rule: 'AG211',
        tier: TIER.structured,
        profile: String(entry.path[0]),
        target: String(entry.path[2]),
        field: entry.path.slice(3).join('.'),
        span: content(ctx, entry),
        secret: entry.scalar,
      })
    }
  },
}

// ---------------------------------------------------------------------------------------------------------------
// airflow.cfg

/**
 * Options the Airflow-settings rules report (AG250: Fernet key, secret keys, JWT secret, metadata database, Celery
 * broker and result backend, Flower logins, SMTP password; AG252: secrets-backend kwargs; their table is
 * rules/data/airflow-settings.ts), and the `_cmd`/`_secret` variants, which hold a command or a secret's name.
 */
const SETTINGS_FAMILY_OPTIONS = new Set(
  [...SECRET_SETTINGS.flatMap((setting) => setting.options), ...BACKEND_KWARGS_OPTIONS].map((option) => `${option.section}\u0000${option.key}`),
)

function isReservedCfgOption(section: string, key: string): boolean {
  return SETTINGS_FAMILY_OPTIONS.has(`${section.toLowerCase()}\u0000${key}`) || key.endsWith('_cmd') || key.endsWith('_secret')
}

export const airflowCfgExtractor: Extractor = {
  name: 'airflow.cfg',
  kinds: ['ini'],
  produces: ['AG212'],
  applies: (file) => basename(file) === 'airflow.cfg',
  extract(ctx) {
    for (const section of ctx.file.ini().sections) {
      for (const entry of section.entries) {
        const key = entry.key.toLowerCase()
        if (isReservedCfgOption(section.name, key)) {
          ctx.reserve(entry.valueSpan)
          continue
        }
        if (entry.value.includes('://')) {
          for (const uri of findUriCredentials(ctx.text, entry.valueSpan.start, entry.valueSpan.end)) {
            if (isPlaceholder(uri.password, ctx.settings.placeholders)) continue
            const local = isLocalDevelopmentDefault(percentDecode(uri.user), percentDecode(uri.password), uri.host)
            ctx.push({ rule: 'AG212', tier: TIER.structured, section: section.name, key: entry.key, inUri: true, span: uri.passwordSpan, secret: uri.password, local })
          }
          continue
        }
        const named = classifyName(entry.key)
        if (!named || !isCredibleSecret(entry.value, named.kind, ctx.settings)) continue
        ctx.push({ rule: 'AG212', tier: TIER.structured, section: section.name, key: entry.key, inUri: false, span: entry.valueSpan, secret: entry.value })
      }
    }
  },
}

// ---------------------------------------------------------------------------------------------------------------
// Tool credential files

/** `.netrc`: `machine <host> login <user> password <secret>` (any whitespace between tokens; `macdef` bodies skipped). */
function netrc(ctx: ExtractContext): void {
  const text = ctx.text
  const words: { value: string; start: number; end: number }[] = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && isBlank(text.charCodeAt(i))) i++
    if (text[i] === '#') {
      i = lineEndOf(text, i)
      continue
    }
    const start = i
    while (i < text.length && !isBlank(text.charCodeAt(i))) i++
    if (i > start) words.push({ value: text.slice(start, i), start, end: i })
    if (words.length > 0 && words[words.length - 1].value === 'macdef') {
      const blank = text.indexOf('\n\n', i)
      i = blank === -1 ? text.length : blank + 2
    }
  }
  let machine = 'default'
  let login: string | undefined
  for (let w = 0; w < words.length - 1; w++) {
    const word = words[w].value
    const next = words[w + 1]
    if (word === 'machine') {
      machine = next.value
      login = undefined
    } else if (word === 'default') {
      machine = 'default'
    } else if (word === 'login') {
      login = next.value
    } else if (word === 'password' || word === 'account') {
      if (word === 'password' && isCredibleSecret(next.value, 'password', ctx.settings)) {
        ctx.push({ rule: 'AG210', tier: TIER.structured, tool: '.netrc', name: machine, span: { start: next.start, end: next.end }, secret: next.value, local: isLocalDevelopmentDefault(login, next.value, machine) })
      }
    }
  }
}

function pypirc(ctx: ExtractContext): void {
  for (const section of ctx.file.ini().sections) {
    for (const entry of section.entries) {
      if (entry.key.toLowerCase() !== 'password' || !isCredibleSecret(entry.value, 'password', ctx.settings)) continue
      ctx.push({ rule: 'AG210', tier: TIER.structured, tool: '.pypirc', name: `[${section.name}]`, span: entry.valueSpan, secret: entry.value })
    }
  }
}

function pipConf(ctx: ExtractContext): void {
  for (const section of ctx.file.ini().sections) {
    for (const entry of section.entries) {
      for (const uri of findUriCredentials(ctx.text, entry.valueSpan.start, entry.valueSpan.end)) {
        if (isPlaceholder(uri.password, ctx.settings.placeholders)) continue
        ctx.push({ rule: 'AG210', tier: TIER.structured, tool: 'pip.conf', name: entry.key, span: uri.passwordSpan, secret: uri.password })
      }
    }
  }
}

/** `.npmrc`: `//registry.example.com/:_authToken=…`, `_auth=…`, `_password=…`. */
function npmrc(ctx: ExtractContext): void {
  const text = ctx.text
  let lineStart = 0
  while (lineStart < text.length) {
    const end = lineEndOf(text, lineStart)
    const line = text.slice(lineStart, end)
    const equals = line.indexOf('=')
    if (equals > 0 && !line.trimStart().startsWith('#') && !line.trimStart().startsWith(';')) {
      const key = line.slice(0, equals).trim()
      const value = line.slice(equals + 1).trim()
      const field = key.slice(key.lastIndexOf(':') + 1)
      if ((field === '_authToken' || field === '_auth' || field === '_password') && isCredibleSecret(value, 'token', { placeholders: ctx.settings.placeholders, minLength: 8 })) {
        const start = lineStart + line.indexOf(value, equals)
        ctx.push({ rule: 'AG210', tier: TIER.structured, tool: '.npmrc', name: key.slice(0, key.length - field.length).replace(/:$/, '') || field, span: { start, end: start + value.length }, secret: value })
      }
    }
    lineStart = end + 1
  }
}

/** `.pgpass`: `hostname:port:database:username:password` per line (`\:` escapes a colon). */
function pgpass(ctx: ExtractContext): void {
  const text = ctx.text
  let lineStart = 0
  while (lineStart < text.length) {
    const end = lineEndOf(text, lineStart)
    if (text[lineStart] !== '#') {
      const colons: number[] = []
      for (let i = lineStart; i < end && colons.length < 4; i++) {
        if (text[i] === '\\') i++
        else if (text[i] === ':') colons.push(i)
      }
      if (colons.length === 4) {
        const secret = text.slice(colons[3] + 1, end)
        const host = text.slice(lineStart, colons[0])
        const user = text.slice(colons[2] + 1, colons[3])
        if (isCredibleSecret(secret, 'password', ctx.settings)) {
          ctx.push({ rule: 'AG210', tier: TIER.structured, tool: '.pgpass', name: host, span: { start: colons[3] + 1, end }, secret, local: isLocalDevelopmentDefault(user, secret, host) })
        }
      }
    }
    lineStart = end + 1
  }
}

/** Whether a file is one of the tool credential files (by name). */
export function isToolCredentialFile(file: ScannedFile): boolean {
  return basename(file) in TOOL_FILES
}

const TOOL_FILES: Record<string, (ctx: ExtractContext) => void> = {
  '.netrc': netrc,
  _netrc: netrc,
  '.pypirc': pypirc,
  'pip.conf': pipConf,
  'pip.ini': pipConf,
  '.npmrc': npmrc,
  '.pgpass': pgpass,
}

export const toolConfigExtractor: Extractor = {
  name: 'tool credential files',
  kinds: ['netrc', 'ini', 'text'],
  produces: ['AG210'],
  applies: (file) => basename(file) in TOOL_FILES,
  extract(ctx) {
    TOOL_FILES[basename(ctx.file)](ctx)
  },
}

// ---------------------------------------------------------------------------------------------------------------
// Any other YAML, JSON, INI or TOML file

const OWNED_ELSEWHERE = new Set(['profiles.yml', 'profiles.yaml', 'airflow.cfg', ...Object.keys(TOOL_FILES)])

function pushNamed(ctx: ExtractContext, key: string, value: string, span: Span, format: Extract<Candidate, { rule: 'AG213' }>['format']): void {
  const named = classifyName(key)
  if (!named || !isCredibleSecret(value, named.kind, ctx.settings)) return
  const secret = value.trim()
  const cloud = cloudCredentialForName(named.words, secret)
  if (cloud?.rule === 'AG103') ctx.push({ rule: 'AG103', tier: TIER.named, span, secret, provider: cloud.provider, name: key })
  else if (cloud?.rule === 'AG101') ctx.push({ rule: 'AG101', tier: TIER.named, span, secret, provider: cloud.provider, where: key })
  else ctx.push({ rule: 'AG213', tier: TIER.named, key, format, span, secret })
}

function decodeBase64(value: string): string {
  try {
    return Buffer.from(value, 'base64').toString('utf8')
  } catch {
    return ''
  }
}

function yamlOrJson(ctx: ExtractContext): void {
  const format = ctx.file.kind === 'json' ? 'JSON' : 'YAML'
  const secretDocs = ctx.file.kind === 'yaml' ? secretDocuments(ctx) : new Set<number>()
  for (const entry of ctx.yamlEntries()) {
    if (entry.scalar === undefined) continue
    const inSecret = entry.document !== undefined && secretDocs.has(entry.document) && entry.path.length === 2 && (entry.path[0] === 'data' || entry.path[0] === 'stringData')
    if (inSecret) {
      const value = entry.path[0] === 'data' ? decodeBase64(entry.scalar) : entry.scalar
      if (value.trim().length < 6 || isPlaceholder(value, ctx.settings.placeholders)) continue
      ctx.push({ rule: 'AG213', tier: TIER.named, key: entry.key, format: 'Kubernetes Secret', span: content(ctx, entry), secret: entry.scalar })
      continue
    }
    // Environment variables in YAML are the environment-style carrier's.
    if (format === 'YAML' && isEnvStyleEntry(entry)) continue
    pushNamed(ctx, entry.key, entry.scalar, content(ctx, entry), format)
  }
}

/** TOML strings keep their quotes in the INI view. */
function tomlValue(value: string, span: Span): { value: string; span: Span } {
  const first = value[0]
  if ((first === '"' || first === "'") && value.length >= 2 && value[value.length - 1] === first) {
    return { value: value.slice(1, -1), span: { start: span.start + 1, end: span.end - 1 } }
  }
  return { value, span }
}

function ini(ctx: ExtractContext): void {
  const toml = basename(ctx.file).endsWith('.toml')
  for (const section of ctx.file.ini().sections) {
    for (const entry of section.entries) {
      if (entry.value.includes('\n')) continue
      const { value, span } = toml ? tomlValue(entry.value, entry.valueSpan) : { value: entry.value, span: entry.valueSpan }
      pushNamed(ctx, entry.key, value, span, toml ? 'TOML' : 'INI')
    }
  }
}

export const configKeyExtractor: Extractor = {
  name: 'credential-named config keys',
  kinds: ['yaml', 'json', 'ini'],
  produces: ['AG101', 'AG103', 'AG213'],
  applies: (file) => !OWNED_ELSEWHERE.has(basename(file)),
  extract(ctx) {
    if (ctx.file.kind === 'ini') ini(ctx)
    else yamlOrJson(ctx)
  },
}

