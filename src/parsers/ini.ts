import type { ParseProblem, Span } from '../engine/source-text.js'

export interface IniEntry {
  section: string
  key: string
  keySpan: Span
  /** The value with surrounding whitespace removed; continuation lines joined with '\n'. */
  value: string
  valueSpan: Span
  span: Span
}

export interface IniSection {
  name: string
  span: Span
  entries: IniEntry[]
}

export interface IniFile {
  /** Entries before any `[section]` header belong to a section named ''. */
  sections: IniSection[]
  problems: ParseProblem[]
}

/** Parses INI/cfg files as Python's configparser reads them (`key = value`, `key: value`, `#`/`;` comments, indented continuations). Also good enough for simple TOML key/value files. Never throws. */
export function parseIni(text: string): IniFile {
  void text
  throw new Error('not implemented')
}
