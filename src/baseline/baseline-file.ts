import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ConfigError } from '../config/config-error.js'
import { parseYamlWithSchema } from '../config/load-config.js'
import type { Position } from '../config/yaml-locator.js'

export const DEFAULT_BASELINE_FILE = '.astro-guard-baseline.json'

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date')

/**
 * One accepted finding. It is keyed by rule, path and the finding's fingerprint (a hash of the rule, the path and
 * the offending content; for a credential, of the secret), never by line number, so moving code keeps it valid
 * and the file never holds a secret. `reason` and `expires` are for people to edit; astro-guard keeps them.
 */
export const BaselineEntrySchema = z
  .object({
    rule: z.string().regex(/^AG\d{3}$/, 'a rule id such as AG201'),
    path: z.string().min(1),
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/, 'the 32 hexadecimal characters astro-guard wrote'),
    count: z.number().int().min(1).optional(),
    reason: z.string().optional(),
    expires: DateSchema.optional(),
    message: z.string().optional(),
  })
  .strict()
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>

export const BaselineSchema = z.object({ version: z.literal(1), entries: z.array(BaselineEntrySchema) }).strict()

/** An entry as read, with where it is in the file (findings about it point there). */
export interface LocatedEntry extends BaselineEntry {
  position: Position
}

export interface LoadedBaseline {
  /** How the file is named in messages. */
  source: string
  entries: LocatedEntry[]
}

export function parseBaseline(text: string, source: string): LoadedBaseline {
  const { value, locate } = parseYamlWithSchema(
    text,
    source,
    BaselineSchema,
    "the baseline must be a JSON object with 'version' and 'entries'; write it with 'astro-guard baseline'.",
  )
  if (!value) {
    throw new ConfigError(`${source}:1:1: the baseline is empty; write it with 'astro-guard baseline'.`)
  }
  return { source, entries: value.entries.map((entry, index) => ({ ...entry, position: locate(['entries', index]) })) }
}

/** Reads a baseline file; undefined when it does not exist and is not required. */
export function loadBaselineFile(path: string, source: string, required: boolean): LoadedBaseline | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (!required) return undefined
      throw new ConfigError(`Baseline file '${source}' does not exist; write it with 'astro-guard baseline'.`)
    }
    throw new ConfigError(`Cannot read baseline file '${source}': ${(error as Error).message}`)
  }
  return parseBaseline(text, source)
}

export function entryKey(entry: { rule: string; path: string; fingerprint: string }): string {
  return `${entry.rule}\0${entry.path}\0${entry.fingerprint}`
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0
}

/**
 * The file as astro-guard writes it: sorted by path, rule and fingerprint, one entry per line with a fixed key
 * order, no line numbers and no timestamps, so two branches that baseline different findings merge cleanly.
 */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  const lines = [...entries].sort(compareEntries).map((entry) => {
    const ordered: BaselineEntry = { rule: entry.rule, path: entry.path, fingerprint: entry.fingerprint }
    if (entry.count !== undefined && entry.count !== 1) ordered.count = entry.count
    if (entry.reason !== undefined) ordered.reason = entry.reason
    if (entry.expires !== undefined) ordered.expires = entry.expires
    if (entry.message !== undefined) ordered.message = entry.message
    return `    ${JSON.stringify(ordered)}`
  })
  return `{\n  "version": 1,\n  "entries": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`
}
