import type { Span } from '../../../src/engine/source-text.js'
import { isScalar, isSeq, type Node } from 'yaml'
import type { YamlEntry } from '../../../src/parsers/yaml.js'
import { nodeSpan } from '../../../src/parsers/yaml.js'
import { parseEnvFile } from '../../../src/parsers/env-file.js'
import { classifyName, isCredibleSecret, looksGenerated } from '../credentials.js'
import { isLocalDevelopmentDefault } from '../placeholders.js'
import { cloudCredentialForName } from '../provider-tokens.js'
import { connectionValueSecrets } from './connection-values.js'
import { type EnvCarrier, type ExtractContext, type Extractor, TIER } from './types.js'

/**
 * Environment-style carriers: `.env*` files, Dockerfile `ENV` and `ARG` defaults, workflow and job `env:` (and
 * action inputs under `with:`), Kubernetes/Helm `env:` lists and maps, compose `environment:`, shell `export`
 * lines, and `os.environ[...] = ...` in Python (routed here by the Python carrier).
 *
 * `AIRFLOW__{SECTION}__{KEY}` settings belong to the Airflow-settings family (issue 6), as do the legacy
 * `ASTRONOMER_KEY_ID`/`ASTRONOMER_KEY_SECRET` Deployment API keys: their values are reserved, so no credential
 * rule reports inside them. `AIRFLOW_CONN_*` and `AIRFLOW_VAR_*` are ours.
 */

const CONN_PREFIX = 'AIRFLOW_CONN_'
const VAR_PREFIX = 'AIRFLOW_VAR_'

/** Names of the Astro API token variable the Astro CLI and astronomer/deploy-action read (astro-runtime.md §5). */
function isAstroTokenName(upper: string): boolean {
  return upper === 'ASTRO_API_TOKEN' || upper.startsWith('ASTRO_API_TOKEN_') || upper === 'ASTRONOMER_API_TOKEN'
}

function isReservedName(upper: string): boolean {
  return upper.startsWith('AIRFLOW__') || upper.startsWith('ASTRONOMER_KEY_')
}

/**
 * Classifies one `NAME=value` pair. `span` is the value's content in the file; `value` the decoded value.
 * Pushes at most one candidate per secret.
 */
export function classifyEnvPair(ctx: ExtractContext, name: string, value: string, span: Span, carrier: EnvCarrier): void {
  const upper = name.toUpperCase()
  if (isReservedName(upper)) {
    ctx.reserve(span)
    return
  }
  if (value.trim() === '') return
  const settings = ctx.settings
  if (upper.startsWith(CONN_PREFIX) && upper.length > CONN_PREFIX.length) {
    const conn = name.slice(CONN_PREFIX.length).toLowerCase()
    for (const found of connectionValueSecrets(ctx.text, span, value, settings)) {
      ctx.push({ rule: 'AG203', tier: TIER.structured, span: found.span, secret: found.secret, local: found.local, envName: name, conn, field: found.field, form: found.form, carrier })
    }
    return
  }
  if (upper.startsWith(VAR_PREFIX) && upper.length > VAR_PREFIX.length) {
    const named = classifyName(name.slice(VAR_PREFIX.length))
    if (named && isCredibleSecret(value, named.kind, settings)) {
      ctx.push({ rule: 'AG204', tier: TIER.structured, span, secret: value.trim(), envName: name, carrier })
    }
    return
  }
  if (isAstroTokenName(upper)) {
    if (isCredibleSecret(value, 'token', settings)) {
      ctx.push({ rule: 'AG102', tier: TIER.astroByName, span, secret: value.trim(), name })
    }
    return
  }
  const strict = classifyName(name)
  const named = strict ?? classifyName(name, { loose: true })
  if (!named || !isCredibleSecret(value, named.kind, settings)) return
  // `<WORD>_KEY` names are only credentials when the value looks generated (not `SORT_KEY=created_at`).
  if (!strict && !looksGenerated(value.trim())) return
  const secret = value.trim()
  const cloud = cloudCredentialForName(named.words, secret)
  if (cloud?.rule === 'AG103') {
    ctx.push({ rule: 'AG103', tier: TIER.named, span, secret, provider: cloud.provider, name })
  } else if (cloud?.rule === 'AG101') {
    ctx.push({ rule: 'AG101', tier: TIER.named, span, secret, provider: cloud.provider, where: name })
  } else {
    const local = named.kind === 'password' && isLocalDevelopmentDefault(undefined, secret)
    ctx.push({ rule: 'AG205', tier: TIER.named, span, secret, envName: name, carrier, local })
  }
}

/** The content span of a raw value that may be quoted. */
export function unquotedSpan(text: string, span: Span): Span {
  const first = text[span.start]
  if ((first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first) {
    return { start: span.start + 1, end: span.end - 1 }
  }
  return span
}

function dotenv(ctx: ExtractContext, carrier: EnvCarrier, entries = ctx.file.dotenv().entries): void {
  for (const entry of entries) {
    classifyEnvPair(ctx, entry.key, entry.value, unquotedSpan(ctx.text, entry.valueSpan), carrier)
  }
}

function dockerfile(ctx: ExtractContext): void {
  for (const instruction of ctx.file.dockerfile().instructions) {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue
    const carrier: EnvCarrier = instruction.keyword === 'ENV' ? 'Dockerfile ENV' : 'Dockerfile ARG default'
    for (const pair of instruction.pairs) {
      if (pair.value === undefined) continue
      classifyEnvPair(ctx, pair.key, pair.value, unquotedSpan(ctx.text, pair.valueSpan), carrier)
    }
  }
}

/** An environment variable's name: `UPPER_SNAKE` with at least one underscore, or a known Airflow/Astro prefix. */
export function isEnvName(key: string): boolean {
  if (key.length < 3) return false
  let underscore = false
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i)
    if (code === 95) underscore = true
    else if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57))) return false
  }
  return underscore && key.charCodeAt(0) >= 65 && key.charCodeAt(0) <= 90
}

/** Parent keys whose mapping holds environment variables (compose, Helm charts, GitLab CI `variables:`). */
const ENV_PARENTS = new Set(['env', 'environment', 'extraEnv', 'extra_env', 'envVars', 'env_vars', 'extraEnvVars', 'variables', 'envs'])

/** Whether a YAML entry is an environment variable (handled here, not by the generic config-key carrier). */
export function isEnvStyleEntry(entry: YamlEntry): boolean {
  const parent = entry.path.length >= 2 ? entry.path[entry.path.length - 2] : undefined
  if (typeof parent === 'string' && ENV_PARENTS.has(parent)) return true
  return isEnvName(entry.key)
}

function scalarContentSpan(ctx: ExtractContext, entry: YamlEntry): Span {
  return unquotedSpan(ctx.text, entry.valueSpan)
}

function workflow(ctx: ExtractContext): void {
  for (const entry of ctx.yamlEntries()) {
    if (entry.scalar === undefined) continue
    const parent = entry.path.length >= 2 ? entry.path[entry.path.length - 2] : undefined
    if (entry.key === 'run' && typeof parent === 'number') {
      // A step's script: `export NAME=value` lines, read in place (block scalars keep their indentation, which
      // the dotenv parser skips), so offsets are file offsets.
      const raw = ctx.text.slice(entry.valueSpan.start, entry.valueSpan.end)
      for (const found of parseEnvFile(raw).entries) {
        const span = unquotedSpan(raw, found.valueSpan)
        classifyEnvPair(ctx, found.key, found.value, { start: entry.valueSpan.start + span.start, end: entry.valueSpan.start + span.end }, 'workflow step script')
      }
    } else if (parent === 'env') {
      classifyEnvPair(ctx, entry.key, entry.scalar, scalarContentSpan(ctx, entry), 'workflow env')
    } else if (parent === 'with' && classifyName(entry.key)) {
      classifyEnvPair(ctx, entry.key, entry.scalar, scalarContentSpan(ctx, entry), 'workflow input')
    }
  }
}

/** `kind: Secret` documents: their `data`/`stringData` go to the config-key carrier. */
export function secretDocuments(ctx: ExtractContext): Set<number> {
  const out = new Set<number>()
  for (const entry of ctx.yamlEntries()) {
    if (entry.path.length === 1 && entry.key === 'kind' && entry.scalar === 'Secret' && entry.document !== undefined) out.add(entry.document)
  }
  return out
}

function kubernetesEnvList(ctx: ExtractContext, entries: YamlEntry[]): Set<YamlEntry> {
  // `env: [{name: X, value: Y}]`: group sibling entries by their parent path.
  const handled = new Set<YamlEntry>()
  const byParent = new Map<string, Map<string, YamlEntry>>()
  for (const entry of entries) {
    // Astro Deployment files list `environment_variables` as `key`/`value`/`is_secret` items.
    if (entry.key !== 'name' && entry.key !== 'value' && entry.key !== 'key') continue
    const n = entry.path.length
    if (n < 3 || typeof entry.path[n - 2] !== 'number') continue
    const list = entry.path[n - 3]
    if (typeof list !== 'string' || !/env/i.test(list)) continue
    const parentKey = `${entry.document ?? 0}:${JSON.stringify(entry.path.slice(0, -1))}`
    const fields = byParent.get(parentKey) ?? new Map<string, YamlEntry>()
    fields.set(entry.key, entry)
    byParent.set(parentKey, fields)
  }
  for (const [parentKey, fields] of byParent) {
    const name = (parentKey.includes('"environment_variables"') ? fields.get('key') : fields.get('name'))?.scalar
    const value = fields.get('value')
    if (!name || !value || value.scalar === undefined) continue
    handled.add(value)
    const carrier: EnvCarrier = parentKey.includes('"environment_variables"') ? 'Astro Deployment file' : 'Kubernetes env'
    classifyEnvPair(ctx, name, value.scalar, scalarContentSpan(ctx, value), carrier)
  }
  return handled
}

function composeEnvironmentList(ctx: ExtractContext, entry: YamlEntry): void {
  const node = entry.valueNode as Node | undefined
  if (!node || !isSeq(node)) return
  for (const item of node.items) {
    if (!isScalar(item) || typeof item.value !== 'string') continue
    const span = unquotedSpan(ctx.text, nodeSpan(item))
    const raw = ctx.text.slice(span.start, span.end)
    const equals = raw.indexOf('=')
    if (equals <= 0 || raw !== item.value) continue
    classifyEnvPair(ctx, raw.slice(0, equals), raw.slice(equals + 1), { start: span.start + equals + 1, end: span.end }, 'compose environment')
  }
}

function yamlFile(ctx: ExtractContext): void {
  const entries = ctx.yamlEntries()
  const secrets = secretDocuments(ctx)
  const handled = kubernetesEnvList(ctx, entries)
  for (const entry of entries) {
    if (handled.has(entry)) continue
    if (entry.document !== undefined && secrets.has(entry.document) && (entry.path[0] === 'data' || entry.path[0] === 'stringData')) continue
    if (entry.key === 'environment' && entry.valueNode && isSeq(entry.valueNode)) {
      composeEnvironmentList(ctx, entry)
      continue
    }
    if (entry.scalar === undefined || !isEnvStyleEntry(entry)) continue
    const parent = entry.path.length >= 2 ? entry.path[entry.path.length - 2] : undefined
    const carrier: EnvCarrier = parent === 'environment' ? 'compose environment' : typeof parent === 'string' && ENV_PARENTS.has(parent) ? 'Kubernetes env' : 'YAML'
    classifyEnvPair(ctx, entry.key, entry.scalar, scalarContentSpan(ctx, entry), carrier)
  }
}

function shell(ctx: ExtractContext): void {
  // `export NAME=value` and `NAME=value` lines; other lines are problems to the dotenv parser and are ignored.
  dotenv(ctx, 'shell script', parseEnvFile(ctx.text).entries)
}

export const envStyleExtractor: Extractor = {
  name: 'environment variables',
  kinds: ['dotenv', 'dockerfile', 'workflow', 'yaml', 'shell'],
  produces: ['AG101', 'AG102', 'AG103', 'AG203', 'AG204', 'AG205'],
  alsoRunsOn: ['airflow__', 'astronomer_key_'],
  extract(ctx) {
    switch (ctx.file.kind) {
      case 'dotenv':
        dotenv(ctx, '.env file')
        break
      case 'dockerfile':
        dockerfile(ctx)
        break
      case 'workflow':
        workflow(ctx)
        break
      case 'yaml':
        yamlFile(ctx)
        break
      case 'shell':
        shell(ctx)
        break
      default:
        break
    }
  },
}

