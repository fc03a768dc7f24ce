import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml'
import type { Document, Node } from 'yaml'
import type { ParseProblem, Span } from '../engine/source-text.js'

export interface YamlFile {
  /** Every document of the stream (`---` separated). */
  documents: Document.Parsed[]
  problems: ParseProblem[]
}

/** One mapping entry found while walking a document. */
export interface YamlEntry {
  /**
   * Keys and sequence indices from the document root to this entry's key, the key itself included as the last
   * element: `spec.containers[0].env` gives `['spec', 'containers', 0, 'env']`.
   */
  path: (string | number)[]
  key: string
  keySpan: Span
  /** The value node (undefined for `key:` with no value). */
  valueNode: Node | undefined
  /**
   * For scalar values: the value as a string (numbers and booleans stringified); undefined otherwise.
   * Strings (quoted, plain or block) give their decoded content; numbers, booleans, dates and the like give their
   * source text (`1.0` stays `'1.0'`, `0123` stays `'0123'`, `yes` stays `'yes'`); nulls (`~`, `null`, empty)
   * and aliases give undefined.
   */
  scalar: string | undefined
  valueSpan: Span
  /** Index of the document in `YamlFile.documents`. */
  document?: number
}

/**
 * Nesting beyond this (flow brackets plus block indentation levels, estimated) is refused: the `yaml` composer
 * recurses per level and near the stack limit V8 can abort the whole process (an out-of-memory crash while
 * compiling a regular expression) instead of throwing, which no try/catch can stop. Real files stay far below.
 */
export const MAX_YAML_NESTING = 250

/**
 * Parses YAML (and JSON) with positions. Never throws; alias bombs are not expanded.
 * Only `errors` become problems (warnings are dropped). Input nested deeper than {@link MAX_YAML_NESTING} levels is
 * not parsed at all: the result has no documents and one problem.
 */
export function parseYaml(text: string): YamlFile {
  try {
    const deepAt = tooDeepAt(text, MAX_YAML_NESTING)
    if (deepAt !== -1) {
      return {
        documents: [],
        problems: [
          { message: `Nesting deeper than ${MAX_YAML_NESTING} levels; the file was not parsed`, span: { start: deepAt, end: deepAt + 1 } },
        ],
      }
    }
    const parsed = parseAllDocuments(text, { prettyErrors: false })
    const documents: Document.Parsed[] = Array.isArray(parsed) ? parsed : []
    const problems: ParseProblem[] = []
    for (const document of documents) {
      for (const error of document.errors) {
        const [start, end] = error.pos
        problems.push({ message: error.message, span: { start, end: Math.max(start, end) } })
      }
    }
    return { documents, problems }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { documents: [], problems: [{ message: `Could not parse YAML: ${message}`, span: { start: 0, end: 0 } }] }
  }
}

const LF = 10
const SPACE = 32

/** Whether a quote at `quote` opens a quoted scalar: after a line start, `[`, `{`, `,`, `:`, `-` or `?` (and blanks). */
function isQuoteStart(text: string, quote: number): boolean {
  let j = quote - 1
  while (j >= 0 && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === 9)) j--
  if (j < 0) return true
  const before = text.charCodeAt(j)
  return before === LF || before === 91 || before === 123 || before === 44 || before === 58 || before === 45 || before === 63
}

/**
 * A linear over-estimate of the nesting depth: block levels from indentation (for lines outside flow
 * collections, counting compact `- - x` sequences) plus open `[`/`{` brackets outside quoted scalars and comments.
 * Returns the offset where `limit` is first exceeded, or -1.
 */
function tooDeepAt(text: string, limit: number): number {
  const length = text.length
  const indents: number[] = []
  let flow = 0
  let block = 0
  let i = 0
  while (i < length) {
    // At a line start.
    if (flow === 0) {
      let j = i
      while (j < length && text.charCodeAt(j) === SPACE) j++
      const code = j < length ? text.charCodeAt(j) : LF
      if (code !== LF && code !== 35 && code !== 13) {
        const indent = j - i
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop()
        indents.push(indent)
        let dashes = 0
        while (text.charCodeAt(j) === 45 && (text.charCodeAt(j + 1) === SPACE || text.charCodeAt(j + 1) === LF)) {
          dashes++
          j += 2
          while (text.charCodeAt(j) === SPACE) j++
        }
        block = indents.length + dashes
        if (block > limit) return j
      }
      i = j
    }
    for (; i < length; i++) {
      const c = text.charCodeAt(i)
      if (c === LF) break
      if (c === 91 || c === 123) {
        flow++
        if (flow + block > limit) return i
      } else if (c === 93 || c === 125) {
        if (flow > 0) flow--
      } else if ((c === 34 || c === 39) && isQuoteStart(text, i)) {
        for (i++; i < length; i++) {
          const d = text.charCodeAt(i)
          if (d === c) {
            if (c === 39 && text.charCodeAt(i + 1) === 39) i++
            else break
          } else if (d === 92 && c === 34) i++
        }
      } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === 9 || text.charCodeAt(i - 1) === LF)) {
        const end = text.indexOf('\n', i)
        i = end === -1 ? length : end
        break
      }
    }
    i++
  }
  return -1
}

interface WalkItem {
  node: unknown
  path: (string | number)[]
}

/**
 * Visits every mapping entry of every document, depth first, in source order.
 *
 * Aliases are not followed (`<<: *base` gives one entry whose value is the alias), so alias bombs cost nothing.
 * Pairs with complex keys (mappings or sequences as keys) or no key are skipped together with their values.
 * The walk uses an explicit stack, so deep nesting cannot overflow the call stack.
 */
export function yamlEntries(file: YamlFile): YamlEntry[] {
  const entries: YamlEntry[] = []
  file.documents.forEach((document, index) => {
    const stack: WalkItem[] = [{ node: document.contents, path: [] }]
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const { node, path } = item
      if (isMap(node)) {
        const children: WalkItem[] = []
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue
          const keyNode = pair.key
          const key = keyText(keyNode)
          const keySpan = nodeSpan(keyNode)
          const childPath = [...path, key]
          const value = pair.value as Node | null
          if (value === null || isEmptyScalar(value)) {
            entries.push({ path: childPath, key, keySpan, valueNode: undefined, scalar: undefined, valueSpan: { start: keySpan.end, end: keySpan.end }, document: index })
            continue
          }
          entries.push({
            path: childPath,
            key,
            keySpan,
            valueNode: value,
            scalar: isScalar(value) ? scalarText(value) : undefined,
            valueSpan: nodeSpan(value),
            document: index,
          })
          if (isMap(value) || isSeq(value)) children.push({ node: value, path: childPath })
        }
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) {
          const child = node.items[i]
          if (isMap(child) || isSeq(child)) stack.push({ node: child, path: [...path, i] })
        }
      }
    }
  })
  return entries
}

function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null && (node.source === '' || node.source === undefined) && node.range !== undefined && node.range !== null && node.range[0] === node.range[1]
}

/** A key's string form: strings as decoded, anything else (`1`, `true`, `null`, `~`, empty) as written. */
function keyText(node: Node): string {
  if (!isScalar(node)) return ''
  if (typeof node.value === 'string') return node.value
  if (typeof node.source === 'string') return node.source
  return String(node.value)
}

/** A scalar's string form: strings as decoded, other types as written, nulls undefined. */
function scalarText(node: Node): string | undefined {
  if (!isScalar(node) || isAlias(node)) return undefined
  const value = node.value
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof node.source === 'string' && node.source !== '') return node.source
  return String(value)
}

/** The span of a node (its range start to value end). */
export function nodeSpan(node: Node): Span {
  const range = node.range
  if (!range) return { start: 0, end: 0 }
  return { start: range[0], end: Math.max(range[0], range[1]) }
}

/** The document as plain JS, or undefined when conversion fails (alias bombs, errors). */
export function yamlToJs(document: Document.Parsed): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 })
  } catch {
    return undefined
  }
}
