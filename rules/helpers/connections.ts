import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import type { PyExpr } from '../../src/parsers/python.js'
import type { YamlEntry } from '../../src/parsers/yaml.js'
import { cachedYamlEntries, envAssignments } from './env-assignments.js'
import { type ParsedUri, parseUri } from './uri.js'

/**
 * Airflow connections defined in files, in the three places projects define them (../shared/research/
 * astro-runtime.md §4.5, §6.1): `airflow_settings.yaml` (`conn_*` keys, `conn_extra` as a map or JSON string,
 * `conn_uri`), `AIRFLOW_CONN_<ID>` environment variables in URI or JSON form (any env carrier), and Python
 * `Connection(...)` calls. Extras are flattened to key/value options with spans.
 */
export interface ConnectionOption {
  key: string
  value: string | boolean | number
  span: Span
  /** Written as a Python dict entry (AG701 already checks those for `verify`-style keys). */
  pythonDict?: boolean
}

export interface ConnectionDefinition {
  id: string
  type: string | undefined
  host: string | undefined
  schema: string | undefined
  /** The scheme of a URI form (the connection type), lower case. */
  uri: ParsedUri | undefined
  extras: ConnectionOption[]
  /** Where the connection is named (conn_id value, env name, the call). */
  span: Span
  /** The span of the field that sets the endpoint (conn_uri, conn_host, the env value). */
  endpointSpan: Span
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json
  } catch {
    return undefined
  }
}

/** Leaves of a JSON extra (nested objects flattened, last key wins as the option name). */
function jsonOptions(json: Json | undefined, span: Span, raw: string, base: number, out: ConnectionOption[] = [], depth = 0): ConnectionOption[] {
  if (depth > 20 || json === null || json === undefined || typeof json !== 'object' || Array.isArray(json)) return out
  for (const [key, value] of Object.entries(json)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      jsonOptions(value, span, raw, base, out, depth + 1)
    } else if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
      const at = raw.indexOf(`"${key}"`)
      const narrowed = at === -1 ? span : { start: base + at, end: base + at + key.length + 2 }
      out.push({ key, value, span: narrowed })
    }
  }
  return out
}

/** URI query parameters as options; `__extra__` holds URL-encoded JSON (Airflow's nested-extra form). */
function uriOptions(uri: ParsedUri, span: Span): ConnectionOption[] {
  const out: ConnectionOption[] = []
  for (const [key, value] of uri.query) {
    if (key === '__extra__') jsonOptions(parseJson(value), span, '', span.start, out)
    else out.push({ key, value, span })
  }
  return out
}

function fromUriOrJson(id: string, value: string, span: Span, valueSpan: Span, raw: string): ConnectionDefinition | undefined {
  const text = value.trim()
  if (text.startsWith('{')) {
    const json = parseJson(text)
    if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined
    const field = (name: string) => (typeof json[name] === 'string' ? (json[name] as string) : undefined)
    const extra = json.extra
    const extraJson = typeof extra === 'string' ? parseJson(extra) : extra
    return {
      id,
      type: field('conn_type')?.toLowerCase(),
      host: field('host')?.toLowerCase(),
      schema: field('schema'),
      uri: undefined,
      extras: jsonOptions(extraJson ?? undefined, valueSpan, raw, valueSpan.start),
      span,
      endpointSpan: valueSpan,
    }
  }
  const uri = parseUri(text)
  if (!uri) return undefined
  return { id, type: uri.scheme.replace(/-/g, '_'), host: uri.host, schema: uri.path, uri, extras: uriOptions(uri, valueSpan), span, endpointSpan: valueSpan }
}

function settingsConnections(file: ScannedFile): ConnectionDefinition[] {
  const byIndex = new Map<number, { fields: Map<string, YamlEntry>; extras: YamlEntry[] }>()
  for (const entry of cachedYamlEntries(file)) {
    const [root, list, index, field] = entry.path
    if (root !== 'airflow' || list !== 'connections' || typeof index !== 'number' || typeof field !== 'string') continue
    const connection = byIndex.get(index) ?? { fields: new Map<string, YamlEntry>(), extras: [] }
    if (entry.path.length === 4) connection.fields.set(field, entry)
    else if (field === 'conn_extra' && entry.scalar !== undefined) connection.extras.push(entry)
    byIndex.set(index, connection)
  }
  const out: ConnectionDefinition[] = []
  for (const [index, { fields, extras }] of byIndex) {
    const idEntry = fields.get('conn_id')
    const id = idEntry?.scalar || `#${index + 1}`
    const span = idEntry?.valueSpan ?? [...fields.values()][0]?.keySpan ?? { start: 0, end: 0 }
    const uriEntry = fields.get('conn_uri')
    const fromUri = uriEntry?.scalar ? fromUriOrJson(id, uriEntry.scalar, span, uriEntry.valueSpan, file.text.slice(uriEntry.valueSpan.start, uriEntry.valueSpan.end)) : undefined
    const options: ConnectionOption[] = [...(fromUri?.extras ?? [])]
    for (const extra of extras) options.push({ key: extra.key, value: extra.scalar ?? '', span: { start: extra.keySpan.start, end: extra.valueSpan.end } })
    const extraEntry = fields.get('conn_extra')
    if (extraEntry?.scalar !== undefined) {
      const raw = file.text.slice(extraEntry.valueSpan.start, extraEntry.valueSpan.end)
      jsonOptions(parseJson(extraEntry.scalar), extraEntry.valueSpan, raw, extraEntry.valueSpan.start, options)
    }
    const hostEntry = fields.get('conn_host')
    out.push({
      id,
      type: fields.get('conn_type')?.scalar?.toLowerCase() ?? fromUri?.type,
      host: hostEntry?.scalar?.toLowerCase() ?? fromUri?.host,
      schema: fields.get('conn_schema')?.scalar ?? fromUri?.schema,
      uri: fromUri?.uri,
      extras: options,
      span,
      endpointSpan: uriEntry?.valueSpan ?? hostEntry?.valueSpan ?? span,
    })
  }
  return out
}

function envConnections(file: ScannedFile): ConnectionDefinition[] {
  const out: ConnectionDefinition[] = []
  for (const env of envAssignments(file)) {
    if (!/^AIRFLOW_CONN_/i.test(env.name)) continue
    const raw = file.text.slice(env.valueSpan.start, env.valueSpan.end)
    const definition = fromUriOrJson(env.name.slice('AIRFLOW_CONN_'.length).toLowerCase(), env.value, env.nameSpan, env.valueSpan, raw)
    if (definition) out.push(definition)
  }
  return out
}

function pyScalar(expr: PyExpr): string | boolean | number | undefined {
  if (expr.kind === 'string' && !expr.hasInterpolation) return expr.value
  if (expr.kind === 'constant') return expr.value === 'None' ? undefined : expr.value === 'True'
  if (expr.kind === 'number') return Number(expr.text)
  return undefined
}

function pythonConnections(file: ScannedFile): ConnectionDefinition[] {
  const out: ConnectionDefinition[] = []
  // Only `Connection(...)` calls count: without that name the file is not parsed (a keyword such as 'ssl' lets
  // this rule run on most Python files, and parsing a 20 MB one took 2.4 s and 1.1 GB; npm run bench).
  if (!file.text.includes('Connection')) return out
  for (const call of file.python().calls) {
    if (call.callee !== 'Connection' && !call.callee.endsWith('.Connection')) continue
    const keyword = (name: string) => call.keywords.find((k) => k.name === name)?.value
    const text = (name: string) => {
      const value = keyword(name)
      return value?.kind === 'string' && !value.hasInterpolation ? value.value : undefined
    }
    const id = text('conn_id') ?? 'Connection(...)'
    const uriExpr = keyword('uri')
    const fromUri = uriExpr?.kind === 'string' ? fromUriOrJson(id, uriExpr.value, call.calleeSpan, uriExpr.span, file.text.slice(uriExpr.span.start, uriExpr.span.end)) : undefined
    const options: ConnectionOption[] = [...(fromUri?.extras ?? [])]
    const extra = keyword('extra')
    if (extra?.kind === 'string') {
      options.push(...jsonOptions(parseJson(extra.value), extra.span, file.text.slice(extra.span.start, extra.span.end), extra.span.start))
    } else if (extra?.kind === 'dict') {
      for (const entry of extra.entries) {
        const key = pyScalar(entry.key)
        const value = pyScalar(entry.value)
        if (typeof key === 'string' && value !== undefined) options.push({ key, value, span: entry.span, pythonDict: true })
      }
    }
    const hostExpr = keyword('host')
    out.push({
      id,
      type: text('conn_type')?.toLowerCase() ?? fromUri?.type,
      host: text('host')?.toLowerCase() ?? fromUri?.host,
      schema: text('schema') ?? fromUri?.schema,
      uri: fromUri?.uri,
      extras: options,
      span: call.calleeSpan,
      endpointSpan: uriExpr?.span ?? hostExpr?.span ?? call.calleeSpan,
    })
  }
  return out
}

const cache = new WeakMap<ScannedFile, ConnectionDefinition[]>()

/** Every connection a file defines, in file order. Computed once per file. */
export function connectionDefinitions(file: ScannedFile): ConnectionDefinition[] {
  const cached = cache.get(file)
  if (cached) return cached
  let result: ConnectionDefinition[] = []
  if (file.kind === 'airflow-settings') result = settingsConnections(file)
  else if (file.kind === 'python') result = pythonConnections(file)
  else if (['dockerfile', 'dotenv', 'yaml', 'json', 'workflow'].includes(file.kind)) result = envConnections(file)
  cache.set(file, result)
  return result
}
