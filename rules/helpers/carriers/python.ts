import type { Span } from '../../../src/engine/source-text.js'
import type { PyCall, PyExpr, PyStringToken } from '../../../src/parsers/python.js'
import { isAlnum, isBase64, isBlank, runEnd, runStart } from '../char-scan.js'
import { classifyName, isCredibleSecret, NAME_KEYWORDS } from '../credentials.js'
import { isLocalDevelopmentDefault, isPlaceholder } from '../placeholders.js'
import { cloudCredentialForName } from '../provider-tokens.js'
import { connectionValueSecrets, extraValueSecrets } from './connection-values.js'
import { classifyEnvPair } from './env-style.js'
import { type ExtractContext, type Extractor, type PythonForm, TIER } from './types.js'

/**
 * Python carriers (DAGs, `include/`, `plugins/`, tests, `webserver_config.py`): literals passed to
 * credential-named keyword arguments, assigned to credential-named names or placed under credential-named dict
 * keys; `Connection(password=/uri=/extra=)`; `Variable.set("<secret name>", "literal")`; `os.environ[...] =`;
 * `os.getenv("X", "literal default")`; `auth=("user", "literal")` and `HTTPBasicAuth(...)`; `Bearer`/`Basic`/`Token`
 * authorization strings; libpq/ODBC `password=` pairs inside strings; Flask-AppBuilder `add_user(...)`.
 *
 * Reads from the environment, `Variable.get`, `BaseHook.get_connection`, f-strings with replacement fields and
 * every other non-literal are not literals, so they are never reported.
 */

type StringExpr = Extract<PyExpr, { kind: 'string' }>

/** A plain string literal (an f-string counts only without `{...}` fields; bytes do not count). */
function literal(expr: PyExpr | undefined): StringExpr | undefined {
  if (!expr || expr.kind !== 'string' || expr.hasInterpolation || expr.isBytes) return undefined
  return expr
}

/** The span of a string literal's content, inside its prefix and quotes. */
export function stringContentSpan(text: string, span: Span): Span {
  let start = span.start
  while (start < span.end && /[A-Za-z]/.test(text[start])) start++
  const quote = text[start]
  if (quote !== '"' && quote !== "'") return span
  const width = text.startsWith(quote.repeat(3), start) ? 3 : 1
  const end = span.end - width
  return end >= start + width ? { start: start + width, end } : span
}

function lastSegment(dotted: string): string {
  const dot = dotted.lastIndexOf('.')
  return dot === -1 ? dotted : dotted.slice(dot + 1)
}

function isConnectionCall(call: PyCall): boolean {
  return call.callee === 'Connection' || call.callee.endsWith('.Connection')
}

function keyword(call: PyCall, name: string): PyExpr | undefined {
  return call.keywords.find((k) => k.name === name)?.value
}

/** A literal or `json.dumps({...})` / `{...}` for a connection's `extra`. */
function connectionExtra(ctx: ExtractContext, call: PyCall, conn: string): void {
  const extra = keyword(call, 'extra')
  if (!extra) return
  const text = ctx.text
  const pushEntry = (key: string, value: StringExpr) => {
    const named = classifyName(key)
    if (!named || !isCredibleSecret(value.value, named.kind, ctx.settings)) return
    ctx.push({ rule: 'AG207', tier: TIER.structured, form: 'connection', name: conn, field: `extra.${key}`, span: stringContentSpan(text, value.span), secret: value.value })
  }
  const dict = extra.kind === 'call' && /(^|\.)dumps$/.test(extra.call.callee) ? extra.call.args[0] : extra
  if (dict?.kind === 'dict') {
    for (const entry of dict.entries) {
      const key = literal(entry.key)
      const value = literal(entry.value)
      if (key && value) pushEntry(key.value, value)
    }
    return
  }
  const json = literal(extra)
  if (!json) return
  const span = stringContentSpan(text, json.span)
  for (const found of extraValueSecrets(text, span, json.value, ctx.settings)) {
    ctx.push({ rule: 'AG207', tier: TIER.structured, form: 'connection', name: conn, field: found.field, span: found.span, secret: found.secret })
  }
}

function connection(ctx: ExtractContext, call: PyCall): void {
  const conn = literal(keyword(call, 'conn_id'))?.value ?? ''
  const password = literal(keyword(call, 'password'))
  if (password && !isPlaceholder(password.value, ctx.settings.placeholders)) {
    const login = literal(keyword(call, 'login'))?.value
    const host = literal(keyword(call, 'host'))?.value
    ctx.push({
      rule: 'AG207',
      tier: TIER.structured,
      form: 'connection',
      name: conn,
      field: 'password',
      span: stringContentSpan(ctx.text, password.span),
      secret: password.value,
      local: isLocalDevelopmentDefault(login, password.value, host),
    })
  }
  const uri = literal(keyword(call, 'uri'))
  if (uri) {
    const span = stringContentSpan(ctx.text, uri.span)
    for (const found of connectionValueSecrets(ctx.text, span, uri.value, ctx.settings)) {
      ctx.push({ rule: 'AG207', tier: TIER.structured, form: 'connection', name: conn, field: found.field, span: found.span, secret: found.secret, local: found.local })
    }
  }
  connectionExtra(ctx, call, conn)
}

function variableSet(ctx: ExtractContext, call: PyCall): void {
  const key = literal(call.args[0] ?? keyword(call, 'key'))
  const value = literal(call.args[1] ?? keyword(call, 'value'))
  if (!key || !value) return
  const named = classifyName(key.value)
  if (!named || !isCredibleSecret(value.value, named.kind, ctx.settings)) return
  ctx.push({ rule: 'AG207', tier: TIER.structured, form: 'variable', name: key.value, field: 'value', span: stringContentSpan(ctx.text, value.span), secret: value.value })
}

/** Flask-AppBuilder `security_manager.add_user(username, first_name, last_name, email, role, password=...)`. */
function addUser(ctx: ExtractContext, call: PyCall): void {
  const password = literal(keyword(call, 'password') ?? call.args[5])
  if (!password || isPlaceholder(password.value, ctx.settings.placeholders)) return
  const user = literal(keyword(call, 'username') ?? call.args[0])?.value ?? ''
  ctx.push({
    rule: 'AG303',
    tier: TIER.structured,
    user,
    span: stringContentSpan(ctx.text, password.span),
    secret: password.value,
    local: isLocalDevelopmentDefault(user, password.value, 'localhost'),
  })
}

function named(ctx: ExtractContext, name: string, value: StringExpr, form: PythonForm): void {
  const classified = classifyName(name)
  if (!classified || !isCredibleSecret(value.value, classified.kind, ctx.settings)) return
  const span = stringContentSpan(ctx.text, value.span)
  const cloud = cloudCredentialForName(classified.words, value.value)
  if (cloud?.rule === 'AG103') {
    ctx.push({ rule: 'AG103', tier: TIER.named, span, secret: value.value, provider: cloud.provider, name })
  } else if (cloud?.rule === 'AG101') {
    ctx.push({ rule: 'AG101', tier: TIER.named, span, secret: value.value, provider: cloud.provider, where: name })
  } else {
    const local = classified.kind === 'password' && isLocalDevelopmentDefault(undefined, value.value)
    ctx.push({ rule: 'AG206', tier: TIER.named, form, name, span, secret: value.value, local })
  }
}

function basicAuthPassword(ctx: ExtractContext, user: PyExpr | undefined, password: PyExpr | undefined, name: string): void {
  const secret = literal(password)
  if (!secret || !literal(user) || !isCredibleSecret(secret.value, 'password', ctx.settings)) return
  ctx.push({ rule: 'AG206', tier: TIER.named, form: 'basic-auth', name, span: stringContentSpan(ctx.text, secret.span), secret: secret.value })
}

const ENV_GETTERS = new Set(['os.getenv', 'getenv', 'os.environ.get', 'environ.get', 'os.environ.setdefault', 'environ.setdefault'])

function calls(ctx: ExtractContext): void {
  for (const call of ctx.file.python().calls) {
    const callee = call.callee
    if (isConnectionCall(call)) {
      connection(ctx, call)
      continue
    }
    if (callee.endsWith('Variable.set')) {
      variableSet(ctx, call)
      continue
    }
    const last = lastSegment(callee)
    if (last === 'add_user' || last === 'create_user') {
      addUser(ctx, call)
      continue
    }
    if (ENV_GETTERS.has(callee)) {
      const name = literal(call.args[0])
      const fallback = literal(call.args[1] ?? keyword(call, 'default'))
      if (!name || !fallback) continue
      if (callee.endsWith('setdefault')) {
        classifyEnvPair(ctx, name.value, fallback.value, stringContentSpan(ctx.text, fallback.span), 'os.environ')
      } else {
        named(ctx, name.value, fallback, 'environ-default')
      }
      continue
    }
    if (/(Basic|Digest|Proxy)Auth$/.test(last)) {
      basicAuthPassword(ctx, call.args[0] ?? keyword(call, 'username') ?? keyword(call, 'login'), call.args[1] ?? keyword(call, 'password'), last)
    }
    for (const arg of call.keywords) {
      if (arg.name === 'auth' && arg.value.kind === 'tuple' && arg.value.items.length === 2) {
        basicAuthPassword(ctx, arg.value.items[0], arg.value.items[1], 'auth')
        continue
      }
      const value = literal(arg.value)
      if (value) named(ctx, arg.name, value, 'keyword')
    }
  }
}

function assignments(ctx: ExtractContext): void {
  for (const assignment of ctx.file.python().assignments) {
    let value = literal(assignment.value)
    // pydantic SecretStr("literal") / SecretBytes
    if (!value && assignment.value.kind === 'call' && /Secret(Str|Bytes)$/.test(assignment.value.call.callee)) value = literal(assignment.value.call.args[0])
    if (!value) continue
    if (assignment.targetKind === 'subscript') {
      const key = literal(assignment.subscriptKey)
      if (!key) continue
      if (assignment.target === 'os.environ' || assignment.target === 'environ') {
        classifyEnvPair(ctx, key.value, value.value, stringContentSpan(ctx.text, value.span), 'os.environ')
      } else {
        named(ctx, key.value, value, 'dict')
      }
      continue
    }
    named(ctx, lastSegment(assignment.target), value, 'assignment')
  }
}

function dictEntries(ctx: ExtractContext): void {
  for (const entry of ctx.file.python().dictEntries) {
    const key = literal(entry.key)
    const value = literal(entry.value)
    if (key && value) named(ctx, key.value, value, 'dict')
  }
}

const isTokenChar = (c: number): boolean => isBase64(c) || c === 45 || c === 95 || c === 46 || c === 126
const AUTH_SCHEMES = ['bearer ', 'token ', 'basic ']

/** `Authorization: Bearer <literal>` (and `Token`, `Basic`) anywhere in a string literal. */
function authorizationStrings(ctx: ExtractContext, token: PyStringToken): void {
  if (token.hasInterpolation) return
  const raw = token.text
  const lower = raw.toLowerCase()
  for (const scheme of AUTH_SCHEMES) {
    let from = 0
    for (;;) {
      const at = lower.indexOf(scheme, from)
      if (at === -1) break
      from = at + scheme.length
      // The scheme must start the string or follow `Authorization:` / whitespace.
      const before = raw[at - 1]
      if (at > 0 && before !== '"' && before !== "'" && !isBlank(raw.charCodeAt(at - 1)) && before !== ':') continue
      if (scheme === 'token ' && !lower.slice(0, at).includes('authorization')) continue
      const start = runEnd(raw, from, (c) => c === 32)
      const end = runEnd(raw, start, isTokenChar)
      const secret = raw.slice(start, end)
      if (end - start < 16 || isPlaceholder(secret, ctx.settings.placeholders)) continue
      if (end < raw.length && !(raw[end] === '"' || raw[end] === "'" || isBlank(raw.charCodeAt(end)) || raw[end] === '\\')) continue
      ctx.push({ rule: 'AG206', tier: TIER.named, form: 'bearer', name: scheme.trim(), span: { start: token.start + start, end: token.start + end }, secret })
    }
  }
}

const DSN_KEYS = ['password=', 'pwd=', 'passwd=']
const isDsnValueChar = (c: number): boolean => !(isBlank(c) || c === 59 || c === 38 || c === 34 || c === 39 || c === 92 || c === 125 || c === 41)

/** libpq / ODBC / JDBC `key=value` pairs inside string literals: `"host=db user=etl password=…"`. */
function dsnStrings(ctx: ExtractContext, token: PyStringToken): void {
  const raw = token.text
  const lower = raw.toLowerCase()
  for (const key of DSN_KEYS) {
    let from = 0
    for (;;) {
      const at = lower.indexOf(key, from)
      if (at === -1) break
      from = at + key.length
      const before = raw[at - 1]
      if (!(before === ' ' || before === ';' || before === '"' || before === "'" || before === '?' || before === '&')) continue
      const valueStart = from
      const end = runEnd(raw, valueStart, isDsnValueChar)
      from = Math.max(from, end)
      const secret = raw.slice(valueStart, end)
      // `password={pw}` in an f-string or a format string is a field, not a literal.
      if (secret.includes('{') || !isCredibleSecret(secret, 'password', ctx.settings)) continue
      ctx.push({ rule: 'AG206', tier: TIER.named, form: 'dsn', name: key.slice(0, -1), span: { start: token.start + valueStart, end: token.start + end }, secret })
    }
  }
}

/** Keywords that make the Python carrier worth running (lower case). */
export const PYTHON_EXTRA_KEYWORDS = ['bearer ', 'basic ', 'token ', 'variable.set', 'environ', 'getenv', 'add_user', 'create_user', 'auth=', 'basicauth', 'digestauth']

/**
 * Text that means the file must be parsed whatever its names say: Airflow and auth APIs, authorization strings,
 * connection strings, environment variables of the connection/variable/settings families.
 */
export const PYTHON_TRIGGER_KEYWORDS = [
  'bearer ',
  'basic ',
  'authorization',
  'password=',
  'pwd=',
  'passwd=',
  ' connection(',
  '=connection(',
  '(connection(',
  '[connection(',
  '\nconnection(',
  '\tconnection(',
  'variable.set',
  'add_user',
  'create_user',
  'auth=(',
  'auth = (',
  'basicauth(',
  'digestauth(',
  'proxyauth(',
  'secretstr(',
  'secretbytes(',
  '"users", "create"',
  "'users', 'create'",
  '"users","create"',
  "'users','create'",
  'airflow_conn_',
  'airflow_var_',
  'airflow__',
  'astro_api_token',
  'astronomer_key_',
] as const

const isNameChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 45
const isQuote = (c: string | undefined): boolean => c === '"' || c === "'"
const isStringPrefix = (c: string | undefined): boolean => c !== undefined && 'rRbBfFuU'.includes(c)

/** Whether a string literal follows a name ending at `at`: `= "…"`, `: "…"`, `", "…"`, `: str = "…"`, `= (\n "…"`. */
function literalFollows(text: string, at: number): boolean {
  let i = at
  for (let skipped = 0; skipped < 4 && i < text.length && (isQuote(text[i]) || text[i] === ']' || text[i] === ')' || text[i] === ' ' || text[i] === '\t'); skipped++) i++
  const op = text[i]
  if (op !== '=' && op !== ':' && op !== ',') return false
  if (op === '=' && text[i + 1] === '=') return false
  i++
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++
  if (op === ':' && !isQuote(text[i]) && !isStringPrefix(text[i])) {
    // an annotation: `password: str = "…"`
    const limit = Math.min(text.length, i + 60)
    while (i < limit && (isNameChar(text.charCodeAt(i)) || '.[], |'.includes(text[i]))) i++
    if (text[i] !== '=' || text[i + 1] === '=') return false
    i++
  }
  for (let skipped = 0; skipped < 20 && i < text.length && (isBlank(text.charCodeAt(i)) || text[i] === '('); skipped++) i++
  if (isStringPrefix(text[i]) && !isQuote(text[i + 1]) && isStringPrefix(text[i + 1])) i++
  if (isStringPrefix(text[i]) && isQuote(text[i + 1])) i++
  return isQuote(text[i])
}

/**
 * A cheap lexical pass that decides whether the file needs parsing at all: some credential-named name followed by
 * a string literal, or a trigger word. Most DAG files read their credentials from connections and have neither,
 * so the Python carrier never parses them. (A superset of what the carriers report: it only saves work.)
 */
function mayHoldLiteral(ctx: ExtractContext): boolean {
  if (PYTHON_TRIGGER_KEYWORDS.some(ctx.has)) return true
  const { text, lower } = ctx
  for (const keyword of NAME_KEYWORDS) {
    if (!ctx.has(keyword)) continue
    let from = 0
    for (;;) {
      const at = lower.indexOf(keyword, from)
      if (at === -1) break
      const start = runStart(text, at, isNameChar)
      const end = runEnd(text, at + keyword.length, isNameChar)
      from = Math.max(end, at + 1)
      if (classifyName(text.slice(start, end)) && literalFollows(text, end)) return true
    }
  }
  return false
}

/**
 * `def connect(password="…")` and `lambda token="…": …`: parameter defaults are neither calls nor assignments, so
 * the token stream is read for `NAME = STRING` inside a `def`/`lambda` signature. (Keyword arguments and
 * assignments found here too are the same locations the expression model reports; the deduplication keeps one.)
 */
function parameterDefaults(ctx: ExtractContext): void {
  const tokens = ctx.file.python().tokens
  let inSignature = false
  let depth = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token.type === 'name' && (token.text === 'def' || token.text === 'lambda')) {
      inSignature = true
      depth = 0
      continue
    }
    if (!inSignature) continue
    if (token.type === 'op') {
      if (token.text === '(' || token.text === '[' || token.text === '{') depth++
      else if (token.text === ')' || token.text === ']' || token.text === '}') depth--
      else if (token.text === ':' && depth <= 0) inSignature = false
      continue
    }
    if (token.type === 'newline' && depth <= 0) inSignature = false
    if (token.type !== 'name' || tokens[i + 1]?.text !== '=' || tokens[i + 2]?.type !== 'string') continue
    // `password: str = "…"` has the annotation between name and '='; the plain form is the common one.
    const string = tokens[i + 2] as PyStringToken
    if (string.isBytes || string.hasInterpolation || tokens[i + 3]?.type === 'string') continue
    const expr: StringExpr = { kind: 'string', value: string.value, span: { start: string.start, end: string.end }, isFString: string.isFString, hasInterpolation: false, isBytes: false }
    named(ctx, token.text, expr, 'default')
  }
}

/** `["airflow", "users", "create", …, "--password", "…"]` (subprocess, KubernetesPodOperator `cmds`/`arguments`). */
function userCreateLists(ctx: ExtractContext, items: PyExpr[]): void {
  const words = items.map((item) => literal(item)?.value)
  const at = words.findIndex((word, i) => word === 'users' && words[i + 1] === 'create')
  if (at === -1) return
  let user = ''
  for (let i = at + 2; i < items.length - 1; i++) {
    if (words[i] === '--username' || words[i] === '-u') user = words[i + 1] ?? ''
  }
  for (let i = at + 2; i < items.length - 1; i++) {
    if (words[i] !== '--password' && words[i] !== '-p') continue
    const value = literal(items[i + 1])
    if (!value || !isCredibleSecret(value.value, 'password', ctx.settings)) continue
    ctx.push({
      rule: 'AG301',
      tier: TIER.structured,
      user,
      span: stringContentSpan(ctx.text, value.span),
      secret: value.value,
      local: isLocalDevelopmentDefault(user, value.value, 'localhost'),
    })
  }
}

function commandLists(ctx: ExtractContext): void {
  if (!ctx.lower.includes('create')) return
  const visit = (expr: PyExpr | undefined) => {
    if (expr?.kind === 'list' || expr?.kind === 'tuple') userCreateLists(ctx, expr.items)
  }
  for (const call of ctx.file.python().calls) {
    for (const arg of call.args) visit(arg)
    for (const kw of call.keywords) visit(kw.value)
  }
  for (const assignment of ctx.file.python().assignments) visit(assignment.value)
}

export const pythonExtractor: Extractor = {
  name: 'python',
  kinds: ['python'],
  produces: ['AG101', 'AG102', 'AG103', 'AG203', 'AG204', 'AG205', 'AG206', 'AG207', 'AG301', 'AG303'],
  extract(ctx) {
    if (!mayHoldLiteral(ctx)) return
    calls(ctx)
    assignments(ctx)
    dictEntries(ctx)
    parameterDefaults(ctx)
    commandLists(ctx)
    for (const token of ctx.file.python().strings) {
      if (token.isBytes) continue
      authorizationStrings(ctx, token)
      dsnStrings(ctx, token)
    }
  },
}

