import { Document, isAlias, isMap, isPair, isScalar, isSeq, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import type { Node, ParsedNode } from 'yaml'
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
    const json = parseJsonDocument(text)
    if (json !== undefined) return { documents: [json], problems: [] }
    const parsed = parseAllDocuments(text, { prettyErrors: false })
    const documents: Document.Parsed[] = Array.isArray(parsed) ? parsed : []
    const problems: ParseProblem[] = []
    for (const document of documents) {
      for (const error of document.errors) {
        const start = Math.min(Math.max(0, error.pos[0]), text.length)
        const end = Math.min(Math.max(start, error.pos[1]), text.length)
        problems.push({ message: error.message, span: { start, end } })
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
const DQUOTE = 34
const COMMA = 44
const COLON = 58
const LBRACKET = 91
const RBRACKET = 93
const LBRACE = 123
const RBRACE = 125

function skipJsonSpace(text: string, from: number): number {
  let i = from
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === SPACE || c === LF || c === 9 || c === 13) i++
    else return i
  }
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y

/** A scalar at `start`: a JSON string, number, `true`, `false` or `null`; undefined when there is none. */
function jsonScalar(text: string, start: number): Scalar | undefined {
  const c = text.charCodeAt(start)
  let end: number
  let value: unknown
  let type: Scalar.Type = Scalar.PLAIN
  if (c === DQUOTE) {
    let escaped = false
    let i = start + 1
    for (;;) {
      const d = text.charCodeAt(i)
      if (d === DQUOTE) break
      if (d === 92) {
        escaped = true
        i += 2
      } else if (d < 32 || Number.isNaN(d)) return undefined
      else i++
    }
    end = i + 1
    value = escaped ? (JSON.parse(text.slice(start, end)) as string) : text.slice(start + 1, i)
    type = Scalar.QUOTE_DOUBLE
  } else if (text.startsWith('true', start)) {
    end = start + 4
    value = true
  } else if (text.startsWith('false', start)) {
    end = start + 5
    value = false
  } else if (text.startsWith('null', start)) {
    end = start + 4
    value = null
  } else {
    JSON_NUMBER.lastIndex = start
    if (!JSON_NUMBER.test(text)) return undefined
    end = JSON_NUMBER.lastIndex
    value = Number(text.slice(start, end))
  }
  const scalar = new Scalar(value)
  scalar.range = [start, end, end]
  const source = type === Scalar.QUOTE_DOUBLE ? (value as string) : text.slice(start, end)
  scalar.source = source
  scalar.type = type
  if (typeof value === 'number') {
    // As the core schema's float tags do (this only matters when the document is stringified).
    const dot = source.indexOf('.')
    if (source.includes('e') || source.includes('E')) scalar.format = 'EXP'
    else if (dot !== -1 && source.endsWith('0')) scalar.minFractionDigits = source.length - dot - 1
  }
  return scalar
}

interface JsonFrame {
  node: YAMLMap | YAMLSeq
  start: number
  /** Keys seen so far (maps only): a duplicate sends the file to the YAML parser for its error. */
  keys: Set<string> | undefined
  key: Scalar | undefined
}

/**
 * A fast path for strict JSON objects and arrays (the `yaml` parser needs about 2 s per MB of JSON): builds the
 * same node types, ranges and scalar sources the `yaml` composer would. Returns undefined for anything that is
 * not strict JSON (comments, trailing commas, YAML flow syntax, duplicate keys, ...), which then goes to `yaml`.
 */
function parseJsonDocument(text: string): Document.Parsed | undefined {
  const length = text.length
  let i = skipJsonSpace(text, 0)
  const first = text.charCodeAt(i)
  if (first !== LBRACE && first !== LBRACKET) return undefined
  const stack: JsonFrame[] = []
  /** Reads `"key" :` into the map frame; false when the text is not that. */
  const readKey = (frame: JsonFrame): boolean => {
    if (text.charCodeAt(i) !== DQUOTE) return false
    const key = jsonScalar(text, i)
    if (key === undefined || frame.keys === undefined) return false
    const name = key.value as string
    if (frame.keys.has(name)) return false
    frame.keys.add(name)
    frame.key = key
    i = skipJsonSpace(text, key.range?.[1] ?? i)
    if (text.charCodeAt(i) !== COLON) return false
    i = skipJsonSpace(text, i + 1)
    return true
  }
  for (;;) {
    // A value starts at i.
    let value: YAMLMap | YAMLSeq | Scalar
    const c = text.charCodeAt(i)
    if (c === LBRACE || c === LBRACKET) {
      const node = c === LBRACE ? new YAMLMap() : new YAMLSeq()
      node.flow = true
      const frame: JsonFrame = { node, start: i, keys: c === LBRACE ? new Set() : undefined, key: undefined }
      i = skipJsonSpace(text, i + 1)
      if (text.charCodeAt(i) === (c === LBRACE ? RBRACE : RBRACKET)) {
        node.range = [frame.start, i + 1, skipJsonSpace(text, i + 1)]
        i++
        value = node
      } else {
        stack.push(frame)
        if (c === LBRACE && !readKey(frame)) return undefined
        continue
      }
    } else {
      const scalar = jsonScalar(text, i)
      if (scalar === undefined) return undefined
      i = scalar.range?.[1] ?? i
      value = scalar
    }
    // Attach the finished value, closing collections as they end.
    for (;;) {
      const top = stack[stack.length - 1]
      if (top === undefined) {
        if (skipJsonSpace(text, i) !== length) return undefined
        const document = new Document() as Document.Parsed
        document.contents = value as ParsedNode
        document.range = [0, length, length]
        return document
      }
      if (top.keys !== undefined) (top.node as YAMLMap).items.push(new Pair(top.key, value))
      else (top.node as YAMLSeq).items.push(value)
      i = skipJsonSpace(text, i)
      const d = text.charCodeAt(i)
      if (d === COMMA) {
        i = skipJsonSpace(text, i + 1)
        if (top.keys !== undefined && !readKey(top)) return undefined
        break
      }
      if (d !== (top.keys !== undefined ? RBRACE : RBRACKET)) return undefined
      stack.pop()
      top.node.range = [top.start, i + 1, skipJsonSpace(text, i + 1)]
      i++
      value = top.node
    }
  }
}

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

/** A collection being walked and the index of its next item. */
interface WalkFrame {
  node: YAMLMap | YAMLSeq
  next: number
  path: (string | number)[]
}

/**
 * Visits every mapping entry of every document, depth first, in source order (an entry comes before the entries
 * nested in its value, which come before the entry's next sibling).
 *
 * Aliases are not followed (`<<: *base` gives one entry whose value is the alias), so alias bombs cost nothing.
 * Pairs with complex keys (mappings or sequences as keys) are skipped together with their values.
 * The walk uses an explicit stack, so deep nesting cannot overflow the call stack.
 */
export function yamlEntries(file: YamlFile): YamlEntry[] {
  const entries: YamlEntry[] = []
  file.documents.forEach((document, index) => {
    const root = document.contents
    if (!isMap(root) && !isSeq(root)) return
    const stack: WalkFrame[] = [{ node: root, next: 0, path: [] }]
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      const { node, path } = frame
      if (frame.next >= node.items.length) {
        stack.pop()
        continue
      }
      const position = frame.next++
      const item = node.items[position]
      if (isSeq(node)) {
        if (isMap(item) || isSeq(item)) stack.push({ node: item, next: 0, path: [...path, position] })
        continue
      }
      if (!isPair(item) || !isScalar(item.key)) continue
      const keyNode = item.key
      const key = keyText(keyNode)
      const keySpan = nodeSpan(keyNode)
      const childPath = [...path, key]
      const value = item.value as Node | null
      if (value === null || isEmptyScalar(value)) {
        const valueSpan = { start: keySpan.end, end: keySpan.end }
        entries.push({ path: childPath, key, keySpan, valueNode: undefined, scalar: undefined, valueSpan, document: index })
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
      if (isMap(value) || isSeq(value)) stack.push({ node: value, next: 0, path: childPath })
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
