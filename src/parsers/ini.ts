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
  /** The header (`[name]`, brackets included); an empty span at 0 for the implicit '' section. */
  span: Span
  entries: IniEntry[]
  /** A TOML array-of-tables header (`[[name]]`); such sections repeat, one per header. */
  isArrayTable?: boolean
}

export interface IniFile {
  /** Entries before any `[section]` header belong to a section named ''. */
  sections: IniSection[]
  problems: ParseProblem[]
}

const LF = 10
const HASH = 35
const SEMICOLON = 59
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const EQUALS = 61
const COLON = 58
const DQUOTE = 34
const SQUOTE = 39
const BACKSLASH = 92

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12 || code === 11
}

/** An entry whose value may still grow by continuation lines. */
interface OpenEntry {
  entry: IniEntry
  /** Indentation of the key line: deeper-indented lines continue the value. */
  indent: number
  parts: string[]
  /** Blank lines seen since the last value line (kept only if more value lines follow). */
  pendingBlanks: number
  /** TOML tolerance: open `[`/`{` depth of a multi-line array or inline table. */
  bracketDepth: number
  /** TOML tolerance: the closing delimiter of an open multi-line string (`"""` or `'''`). */
  tripleQuote: string | undefined
}

/**
 * Parses INI/cfg files as Python's configparser reads them (`key = value`, `key: value`, `#`/`;` comments, indented continuations). Also good enough for simple TOML key/value files. Never throws.
 *
 * - Keys keep the case they were written in (configparser lower-cases them; that is the caller's choice).
 * - Values are kept verbatim: inline `#`/`;` comments are not stripped (configparser's default) and quotes are
 *   kept; use {@link unquote} for TOML-style quoted values.
 * - A value's first line may be empty (`key =` + indented lines): the joined value is trimmed, so it starts with
 *   the first continuation line (configparser would keep a leading '\n').
 * - Blank lines inside a continued value are kept as empty lines; comment lines are skipped and do not end it.
 * - TOML tolerance: a value opening `[`/`{` (multi-line array or inline table) or `"""`/`'''` continues until
 *   it is closed, whatever the indentation; `[[name]]` headers give one section per header.
 * - A repeated `[section]` is reported (configparser's strict mode) and its entries join the first one.
 * - The '' section exists only when there are entries before the first header.
 */
export function parseIni(text: string): IniFile {
  const sections: IniSection[] = []
  const byName = new Map<string, IniSection>()
  const problems: ParseProblem[] = []
  let current: IniSection | undefined
  let open: OpenEntry | undefined
  const length = text.length
  let lineStart = 0

  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd === -1) lineEnd = length
    let first = lineStart
    while (first < lineEnd && isBlank(text.charCodeAt(first))) first++
    let last = lineEnd
    while (last > first && isBlank(text.charCodeAt(last - 1))) last--
    const next = lineEnd + 1

    if (first >= last) {
      if (open) open.pendingBlanks++
      lineStart = next
      continue
    }
    const code = text.charCodeAt(first)

    if (open && open.tripleQuote !== undefined) {
      appendLine(open, text, first, last)
      if (text.slice(first, last).includes(open.tripleQuote)) open.tripleQuote = undefined
      lineStart = next
      continue
    }
    if (code === HASH || code === SEMICOLON) {
      lineStart = next
      continue
    }
    if (open && open.bracketDepth > 0 && !(first === lineStart && looksLikeTableHeader(text, first, last))) {
      appendLine(open, text, first, last)
      open.bracketDepth += bracketDelta(text, first, last)
      lineStart = next
      continue
    }
    const indent = first - lineStart
    if (open && open.bracketDepth <= 0 && indent > open.indent) {
      appendLine(open, text, first, last)
      lineStart = next
      continue
    }
    if (open) {
      closeEntry(open, problems)
      open = undefined
    }

    if (code === OPEN_BRACKET) {
      const close = text.lastIndexOf(']', last - 1)
      if (close <= first) {
        problems.push({ message: "Section header is missing its closing ']'", span: { start: first, end: last } })
        lineStart = next
        continue
      }
      const isArray = text.charCodeAt(first + 1) === OPEN_BRACKET && text.charCodeAt(close - 1) === CLOSE_BRACKET && close - first >= 3
      const nameStart = isArray ? first + 2 : first + 1
      const nameEnd = isArray ? close - 1 : close
      const name = text.slice(nameStart, nameEnd).trim()
      const span = { start: first, end: close + 1 }
      if (name === '') problems.push({ message: 'Empty section name', span })
      const existing = byName.get(name)
      if (isArray) {
        current = { name, span, entries: [], isArrayTable: true }
        sections.push(current)
        if (!existing) byName.set(name, current)
      } else if (existing) {
        if (!existing.isArrayTable) problems.push({ message: `Section '${name}' is already defined`, span })
        current = existing
      } else {
        current = { name, span, entries: [] }
        sections.push(current)
        byName.set(name, current)
      }
      lineStart = next
      continue
    }

    // An option line: the key runs to the first `=` or `:` (after a quoted key, for TOML).
    let searchFrom = first
    if (code === DQUOTE || code === SQUOTE) {
      const closeQuote = text.indexOf(String.fromCharCode(code), first + 1)
      if (closeQuote !== -1 && closeQuote < last) searchFrom = closeQuote + 1
    }
    let delimiter = -1
    for (let i = searchFrom; i < last; i++) {
      const c = text.charCodeAt(i)
      if (c === EQUALS || c === COLON) {
        delimiter = i
        break
      }
    }
    if (delimiter === -1) {
      problems.push({ message: "Expected 'key = value' or 'key: value'", span: { start: first, end: last } })
      lineStart = next
      continue
    }
    let keyEnd = delimiter
    while (keyEnd > first && isBlank(text.charCodeAt(keyEnd - 1))) keyEnd--
    if (keyEnd === first) {
      problems.push({ message: 'Missing key before the delimiter', span: { start: first, end: delimiter + 1 } })
      lineStart = next
      continue
    }
    let valueStart = delimiter + 1
    while (valueStart < last && isBlank(text.charCodeAt(valueStart))) valueStart++

    if (!current) {
      current = { name: '', span: { start: 0, end: 0 }, entries: [] }
      sections.push(current)
      byName.set('', current)
    }
    const entry: IniEntry = {
      section: current.name,
      key: text.slice(first, keyEnd),
      keySpan: { start: first, end: keyEnd },
      value: '',
      valueSpan: { start: valueStart, end: valueStart },
      span: { start: first, end: valueStart < last ? last : delimiter + 1 },
    }
    current.entries.push(entry)
    open = { entry, indent, parts: [], pendingBlanks: 0, bracketDepth: 0, tripleQuote: undefined }
    if (valueStart < last) {
      appendLine(open, text, valueStart, last)
      const valueCode = text.charCodeAt(valueStart)
      if (valueCode === OPEN_BRACKET || valueCode === OPEN_BRACE) {
        open.bracketDepth = bracketDelta(text, valueStart, last)
      } else if (text.startsWith('"""', valueStart) || text.startsWith("'''", valueStart)) {
        const quote = text.slice(valueStart, valueStart + 3)
        if (!text.slice(valueStart + 3, last).includes(quote)) open.tripleQuote = quote
      }
    }
    lineStart = next
  }
  if (open) closeEntry(open, problems)
  return { sections, problems }
}

function appendLine(open: OpenEntry, text: string, start: number, end: number): void {
  const { entry, parts } = open
  if (parts.length === 0) {
    entry.valueSpan = { start, end }
  } else {
    for (; open.pendingBlanks > 0; open.pendingBlanks--) parts.push('')
    entry.valueSpan = { start: entry.valueSpan.start, end }
  }
  open.pendingBlanks = 0
  parts.push(text.slice(start, end))
  entry.span = { start: entry.span.start, end }
}

function closeEntry(open: OpenEntry, problems: ParseProblem[]): void {
  open.entry.value = open.parts.length === 1 ? open.parts[0] : open.parts.join('\n')
  if (open.bracketDepth > 0) {
    problems.push({ message: `Unclosed bracket in the value of '${open.entry.key}'`, span: open.entry.valueSpan })
  } else if (open.tripleQuote !== undefined) {
    problems.push({ message: `Unterminated ${open.tripleQuote} string in the value of '${open.entry.key}'`, span: open.entry.valueSpan })
  }
}

/** Net `[`/`{` nesting of a TOML value fragment, ignoring brackets inside strings and after a `#` comment. */
function bracketDelta(text: string, start: number, end: number): number {
  let depth = 0
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === OPEN_BRACKET || c === OPEN_BRACE) depth++
    else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--
    else if (c === HASH) break
    else if (c === DQUOTE) {
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i)
        if (d === BACKSLASH) i++
        else if (d === DQUOTE) break
      }
    } else if (c === SQUOTE) {
      const close = text.indexOf("'", i + 1)
      i = close === -1 || close >= end ? end : close
    }
  }
  return depth
}

const TABLE_HEADER = /^\[\[?[\w.\-" ]+\]\]?\s*(?:#.*)?$/

/** A column-0 `[table]` line ends a runaway multi-line array (one that was never closed). */
function looksLikeTableHeader(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start) === OPEN_BRACKET && end - start < 200 && TABLE_HEADER.test(text.slice(start, end))
}

const TOML_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' }

/**
 * Removes TOML/shell-style quotes from a value: `"a\tb"` (escapes decoded), `'literal'`, `"""multi"""`, `'''multi'''`,
 * also when a `# comment` follows the closing quote. Anything else is returned unchanged (so plain INI values pass
 * through as they are).
 */
export function unquote(value: string): string {
  const quote = value.charCodeAt(0)
  if (value.length < 2 || (quote !== DQUOTE && quote !== SQUOTE)) return value
  const triple = value.startsWith('"""') || value.startsWith("'''")
  if (triple) {
    const delimiter = value.slice(0, 3)
    const close = value.indexOf(delimiter, 3)
    if (close === -1 || !onlyCommentAfter(value, close + 3)) return value
    let inner = value.slice(3, close)
    if (inner.charCodeAt(0) === LF) inner = inner.slice(1)
    return quote === DQUOTE ? decodeTomlEscapes(inner) : inner
  }
  if (quote === SQUOTE) {
    const close = value.indexOf("'", 1)
    if (close === -1 || !onlyCommentAfter(value, close + 1)) return value
    return value.slice(1, close)
  }
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === BACKSLASH) i++
    else if (c === DQUOTE) return onlyCommentAfter(value, i + 1) ? decodeTomlEscapes(value.slice(1, i)) : value
  }
  return value
}

function onlyCommentAfter(value: string, from: number): boolean {
  const rest = value.slice(from).trimStart()
  return rest === '' || rest.startsWith('#')
}

function decodeTomlEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/gs, (whole, escape: string) => {
    if (escape.length > 1) {
      const code = Number.parseInt(escape.slice(1), 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return TOML_ESCAPES[escape] ?? whole
  })
}
