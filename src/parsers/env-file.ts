import type { ParseProblem, Span } from '../engine/source-text.js'

export interface EnvEntry {
  key: string
  keySpan: Span
  /** The value with quotes removed and (for double quotes) escapes applied; '' for `KEY=`. */
  value: string
  /** Span of the raw value (including quotes). */
  valueSpan: Span
  quote: '"' | "'" | undefined
  exported: boolean
  /** The whole entry, from `export`/key to the end of the value. */
  span: Span
}

export interface EnvFile {
  entries: EnvEntry[]
  problems: ParseProblem[]
}

/** Parses a dotenv file (docker compose / python-dotenv syntax). Never throws. */
export function parseEnvFile(text: string): EnvFile {
  void text
  throw new Error('not implemented')
}
