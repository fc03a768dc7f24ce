import { readFileSync } from 'node:fs'
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { z } from 'zod'
import { type Config, ConfigSchema } from './config-schema.js'
import { ConfigError, levenshtein } from './resolve-config.js'

export const DEFAULT_CONFIG_FILE = '.astro-guard.yml'

/** Finds the YAML node at a zod issue path, to point errors at a line and column. */
function nodeAt(root: Node | null | undefined, path: readonly PropertyKey[]): Node | undefined {
  let node: Node | null | undefined = root
  let keyNode: Node | undefined
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key))
      if (!pair) return keyNode ?? node ?? undefined
      keyNode = pair.key as Node
      node = pair.value as Node | null
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | null
    } else {
      return (node ?? keyNode) || undefined
    }
  }
  return node ?? keyNode
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.')
  switch (issue.code) {
    case 'invalid_value':
      return `'${path}' must be one of ${issue.values.map((v) => String(v)).join(', ')}`
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}${path ? ` in '${path}'` : ''}`
    default:
      return `${path ? `'${path}': ` : ''}${issue.message}`
  }
}

const TOP_LEVEL_KEYS = Object.keys(ConfigSchema.shape)

/** Reads and validates `.astro-guard.yml`; every error names the file, line, column and what is allowed. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  if (document.errors.length > 0) {
    const error = document.errors[0]
    const { line, col } = lineCounter.linePos(error.pos[0])
    throw new ConfigError(`${file}:${line}:${col}: invalid YAML: ${error.message.split('\n')[0]}`)
  }
  let value: unknown
  try {
    value = document.toJS({ maxAliasCount: 100 })
  } catch (error) {
    throw new ConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${file}:1:1: the configuration must be a mapping of settings (${TOP_LEVEL_KEYS.join(', ')}).`)
  }
  const parsed = ConfigSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  let path: readonly PropertyKey[] = issue.path
  let detail = describeIssue(issue)
  if (issue.code === 'unrecognized_keys') {
    path = [...issue.path, issue.keys[0]]
    const candidates = issue.path.length === 0 ? TOP_LEVEL_KEYS : ['severity', 'options', 'files', 'rules']
    const suggestion = candidates
      .map((candidate) => ({ candidate, distance: levenshtein(issue.keys[0], candidate) }))
      .sort((a, b) => a.distance - b.distance)[0]
    if (suggestion && suggestion.distance <= 3) detail += `; did you mean '${suggestion.candidate}'?`
    else if (issue.path.length === 0) detail += `; allowed keys are ${TOP_LEVEL_KEYS.join(', ')}`
  }
  const node = nodeAt(document.contents, path)
  const position = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 }
  throw new ConfigError(`${file}:${position.line}:${position.col}: ${detail}.`)
}

export function loadConfigFile(path: string, displayPath: string, required: boolean): Config {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigError(`Cannot read configuration file '${displayPath}': ${(error as Error).message}`)
  }
  return parseConfig(text.replace(/^\uFEFF/, ''), displayPath)
}
