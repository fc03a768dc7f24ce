import type { Document, Node } from 'yaml'
import type { ParseProblem, Span } from '../engine/source-text.js'

export interface YamlFile {
  /** Every document of the stream (`---` separated). */
  documents: Document.Parsed[]
  problems: ParseProblem[]
}

/** One mapping entry found while walking a document. */
export interface YamlEntry {
  /** Keys and sequence indices from the document root to this entry's key. */
  path: (string | number)[]
  key: string
  keySpan: Span
  /** The value node (undefined for `key:` with no value). */
  valueNode: Node | undefined
  /** For scalar values: the value as a string (numbers and booleans stringified); undefined otherwise. */
  scalar: string | undefined
  valueSpan: Span
}

/** Parses YAML (and JSON) with positions. Never throws; alias bombs are not expanded. */
export function parseYaml(text: string): YamlFile {
  void text
  throw new Error('not implemented')
}

/** Visits every mapping entry of every document, depth first, in source order. */
export function yamlEntries(file: YamlFile): YamlEntry[] {
  void file
  throw new Error('not implemented')
}

/** The span of a node (its range start to value end). */
export function nodeSpan(node: Node): Span {
  void node
  throw new Error('not implemented')
}

/** The document as plain JS, or undefined when conversion fails (alias bombs, errors). */
export function yamlToJs(document: Document.Parsed): unknown {
  void document
  throw new Error('not implemented')
}
