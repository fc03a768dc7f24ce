import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { type Config, ConfigSchema } from './config-schema.js'
import { ConfigError } from './config-error.js'
import { type Locate, yamlLocator } from './yaml-locator.js'
import { describeIssues, type PathProblem } from './zod-problems.js'

export const DEFAULT_CONFIG_FILE = '.astro-guard.yml'

/** At most this many problems are listed at once; the rest follow once these are fixed. */
const MAX_PROBLEMS = 20

/** A configuration as read from its file, with a way back to line and column for later checks. */
export interface LoadedConfig {
  config: Config
  /** How the file is named in messages. */
  source: string
  /** Undefined when there was no file (the defaults). */
  locate: Locate | undefined
}

/** Formats located problems as `file:line:col: message` lines, in file order. */
export function formatProblems(source: string, locate: Locate | undefined, problems: readonly PathProblem[]): string {
  const located = problems.map((problem) => ({
    ...(locate ? locate(problem.path, { key: problem.key }) : { line: 0, col: 0 }),
    message: problem.message,
  }))
  located.sort((a, b) => a.line - b.line || a.col - b.col)
  const lines = located
    .slice(0, MAX_PROBLEMS)
    .map((problem) => (locate ? `${source}:${problem.line}:${problem.col}: ${problem.message}` : `${source}: ${problem.message}`))
  if (located.length > MAX_PROBLEMS) lines.push(`${source}: ${located.length - MAX_PROBLEMS} more problems not shown.`)
  return lines.join('\n')
}

/**
 * Parses a YAML (or JSON) file and validates it with a zod schema. Syntax errors and schema violations throw a
 * ConfigError naming the file, line and column of every problem and what is allowed there.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  source: string,
  schema: S,
  describeRoot: string,
): { value: z.infer<S> | undefined; locate: Locate } {
  const lineCounter = new LineCounter()
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true })
  const locate = yamlLocator(document.contents, lineCounter)
  if (document.errors.length > 0) {
    const lines = document.errors.slice(0, MAX_PROBLEMS).map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0])
      return `${source}:${line}:${col}: invalid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`
    })
    throw new ConfigError(lines.join('\n'))
  }
  let value: unknown
  try {
    value = document.toJS({ maxAliasCount: 100 })
  } catch (error) {
    throw new ConfigError(`${source}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (value === null || value === undefined) return { value: undefined, locate }
  if (typeof value !== 'object' || Array.isArray(value)) {
    const { line, col } = locate([])
    throw new ConfigError(`${source}:${line}:${col}: ${describeRoot}`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ConfigError(formatProblems(source, locate, describeIssues(parsed.error.issues, schema, value)))
  }
  return { value: parsed.data, locate }
}

const TOP_LEVEL_KEYS = Object.keys(ConfigSchema.shape)

/** Reads and validates `.astro-guard.yml` text; an empty file (or one with only comments) is the defaults. */
export function parseConfigText(text: string, source: string): LoadedConfig {
  const { value, locate } = parseYamlWithSchema(
    text,
    source,
    ConfigSchema,
    `the configuration must be a mapping of settings (${TOP_LEVEL_KEYS.join(', ')}).`,
  )
  return { config: value ?? {}, source, locate }
}

/** Reads and validates `.astro-guard.yml`; every error names the file, line, column and what is allowed. */
export function parseConfig(text: string, source: string): Config {
  return parseConfigText(text, source).config
}

export function loadConfigFile(path: string, source: string, required: boolean): LoadedConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: {}, source, locate: undefined }
    throw new ConfigError(`Cannot read configuration file '${source}': ${(error as Error).message}`)
  }
  return parseConfigText(text, source)
}
