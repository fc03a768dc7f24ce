import type { Span } from '../../../src/engine/source-text.js'
import { parseYaml, yamlEntries } from '../../../src/parsers/yaml.js'
import { classifyName, isCredibleSecret } from '../credentials.js'
import { isLocalDevelopmentDefault, isPlaceholder } from '../placeholders.js'
import { findUriCredentials, percentDecode, queryParams } from '../uri-credentials.js'

/**
 * The secrets inside an Airflow connection value, in either form Airflow accepts for `AIRFLOW_CONN_*`,
 * `conn_uri` and `Connection(uri=...)` (Airflow docs "Managing Connections", ../shared/research/astro-runtime.md
 * §6.1): the URI form `type://login:password@host:port/schema?extra=...` (with `__extra__` holding URL-encoded
 * JSON) and the JSON form `{"conn_type": ..., "password": ..., "extra": {...}}` (Airflow ≥ 2.3).
 */
export interface ConnectionSecret {
  /** `password`, or `extra.<key>` for an extra field. */
  field: string
  /** Whether the connection was written as a URI or as JSON. */
  form: 'uri' | 'json'
  span: Span
  secret: string
  local: boolean
}

export interface SecretSettings {
  placeholders: readonly string[]
}

/**
 * Credential-named keys of a JSON object (any depth), with spans when `exact` (the raw text is the value). In
 * `connection` mode the top level is a connection (`password`, `login`, `extra`, ...); in `extra` mode the whole
 * object is a connection's extra.
 */
function jsonSecrets(
  json: string,
  base: number,
  wholeSpan: Span,
  exact: boolean,
  mode: 'connection' | 'extra',
  settings: SecretSettings,
  out: ConnectionSecret[],
): void {
  const parsed = parseYaml(json)
  if (parsed.problems.length > 0 || parsed.documents.length !== 1) return
  const locate = (span: Span): Span => (exact ? contentSpan(json, base, span) : wholeSpan)
  for (const entry of yamlEntries(parsed)) {
    const value = entry.scalar
    if (value === undefined) continue
    const top = mode === 'connection' && entry.path.length === 1
    if (top && entry.key === 'password') {
      if (isPlaceholder(value, settings.placeholders)) continue
      const login = parsed.documents[0].get('login')
      const host = parsed.documents[0].get('host')
      out.push({
        field: 'password',
        form: 'json',
        span: locate(entry.valueSpan),
        secret: value,
        local: isLocalDevelopmentDefault(typeof login === 'string' ? login : undefined, value, typeof host === 'string' ? host : undefined),
      })
      continue
    }
    if (top && entry.key === 'extra' && value.trimStart().startsWith('{')) {
      // A JSON string inside the JSON: offsets shift with every escaped quote, so point at the whole string.
      jsonSecrets(value, 0, locate(entry.valueSpan), false, 'extra', settings, out)
      continue
    }
    if (top) continue
    const named = classifyName(entry.key)
    if (!named || !isCredibleSecret(value, named.kind, settings)) continue
    out.push({ field: `extra.${entry.key}`, form: 'json', span: locate(entry.valueSpan), secret: value, local: false })
  }
}

/** Secrets in a connection's `extra` given as a JSON string (`conn_extra: '{...}'`, `Connection(extra='{...}')`). */
export function extraValueSecrets(text: string, span: Span, value: string, settings: SecretSettings): ConnectionSecret[] {
  const out: ConnectionSecret[] = []
  if (!value.trimStart().startsWith('{')) return out
  const exact = text.slice(span.start, span.end) === value
  jsonSecrets(value, span.start, span, exact, 'extra', settings, out)
  return out
}

/** The span of a scalar's content (inside its quotes), offset by `base`. */
function contentSpan(text: string, base: number, span: Span): Span {
  const first = text[span.start]
  if ((first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first) {
    return { start: base + span.start + 1, end: base + span.end - 1 }
  }
  return { start: base + span.start, end: base + span.end }
}

/**
 * Secrets in a connection value. `text` is the file text and `span` the value's content in it; `value` is the
 * decoded value. When the raw text differs from the value (escapes), locations fall back to the whole value.
 */
export function connectionValueSecrets(text: string, span: Span, value: string, settings: SecretSettings): ConnectionSecret[] {
  const out: ConnectionSecret[] = []
  const raw = text.slice(span.start, span.end)
  const exact = raw === value
  const trimmed = value.trim()
  if (trimmed.startsWith('{')) {
    jsonSecrets(value, span.start, span, exact, 'connection', settings, out)
    return out
  }
  const source = exact ? text : value
  const from = exact ? span.start : 0
  const to = exact ? span.end : value.length
  for (const uri of findUriCredentials(source, from, to)) {
    if (isPlaceholder(uri.password, settings.placeholders)) continue
    out.push({
      field: 'password',
      form: 'uri',
      span: exact ? uri.passwordSpan : span,
      secret: uri.password,
      local: isLocalDevelopmentDefault(percentDecode(uri.user), percentDecode(uri.password), uri.host),
    })
  }
  const schemeEnd = source.indexOf('://', from)
  if (schemeEnd === -1 || schemeEnd >= to) return out
  for (const param of queryParams(source, schemeEnd + 3, to)) {
    if (param.name === '__extra__') {
      jsonSecrets(param.value, 0, exact ? param.span : span, false, 'extra', settings, out)
      continue
    }
    const named = classifyName(param.name)
    if (!named || !isCredibleSecret(param.value, named.kind, settings)) continue
    out.push({ field: `extra.${param.name}`, form: 'uri', span: exact ? param.span : span, secret: param.value, local: false })
  }
  return out
}
