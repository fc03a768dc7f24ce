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

const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9
const HASH = 35
const EQUALS = 61
const COLON = 58
const SQUOTE = 39
const DQUOTE = 34
const BACKSLASH = 92

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === CR || code === 12 || code === 11
}

/** Characters that end a key: whitespace, `=`, `#` and quotes (python-dotenv's `[^=\#\s]+`, plus `:` for compose). */
function isKeyChar(code: number): boolean {
  return !(isBlank(code) || code === LF || code === EQUALS || code === HASH || code === SQUOTE || code === DQUOTE || code === COLON)
}

/** Keys docker compose and python-dotenv both accept without complaint. */
const PORTABLE_KEY = /^[A-Za-z_.][A-Za-z0-9_.-]*$/

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", $: '$' }

/** Decodes `\n`, `\t`, `\r`, `\"`, `\'`, `\\` and `\$`; any other backslash sequence is kept as written. */
function decodeDoubleQuoted(raw: string): string {
  let index = raw.indexOf('\\')
  if (index === -1) return raw
  const parts: string[] = []
  let from = 0
  while (index !== -1 && index + 1 < raw.length) {
    const decoded = DOUBLE_QUOTE_ESCAPES[raw[index + 1]]
    if (decoded !== undefined) {
      parts.push(raw.slice(from, index), decoded)
      from = index + 2
      index = raw.indexOf('\\', from)
    } else {
      index = raw.indexOf('\\', index + 2)
    }
  }
  parts.push(raw.slice(from))
  return parts.join('')
}

function lineEnd(text: string, from: number): number {
  const index = text.indexOf('\n', from)
  return index === -1 ? text.length : index
}

/**
 * Parses a dotenv file (docker compose / python-dotenv syntax). Never throws.
 *
 * - `KEY=value`, `export KEY=value`, blanks around `=`; `KEY: value` (compose's YAML-ish form) is accepted too.
 * - Unquoted values end at ` #` (a `#` after a blank starts a comment) and are right-trimmed; a value that is
 *   only a comment (`KEY= # note`) is ''. `KEY=#x` keeps `#x`, as both tools do.
 * - Single quotes are literal; double quotes decode `\n \t \r \" \' \\ \$`. Both may span lines.
 * - A bare `KEY` (or `export KEY`) line is an entry with value '' and an empty value span after the key, without
 *   a problem (python-dotenv reads it as a key without a value, compose as "take it from the environment").
 * - Keys with characters outside `[A-Za-z0-9_.-]` (or starting with a digit/dash) are reported but still
 *   recorded, so a credential under an odd key is not lost.
 */
export function parseEnvFile(text: string): EnvFile {
  const entries: EnvEntry[] = []
  const problems: ParseProblem[] = []
  const length = text.length
  const state: ScanState = { entries, problems, noCloseAfter: [Infinity, Infinity] }
  let pos = 0
  while (pos < length) {
    const end = lineEnd(text, pos)
    pos = parseLine(text, pos, end, state)
  }
  return { entries, problems }
}

/** Parses the line starting at `start` (ending at `end`); returns the offset of the next line. */
function parseLine(text: string, start: number, end: number, state: ScanState): number {
  const { entries, problems } = state
  let i = start
  while (i < end && isBlank(text.charCodeAt(i))) i++
  if (i >= end || text.charCodeAt(i) === HASH) return end + 1

  const entryStart = i
  let exported = false
  if (text.startsWith('export', i) && i + 6 < end && isBlank(text.charCodeAt(i + 6))) {
    let j = i + 6
    while (j < end && isBlank(text.charCodeAt(j))) j++
    if (j < end && isKeyChar(text.charCodeAt(j))) {
      exported = true
      i = j
    }
  }

  const keyStart = i
  while (i < end && isKeyChar(text.charCodeAt(i))) i++
  const keyEnd = i
  if (keyEnd === keyStart) {
    problems.push({ message: 'Expected a variable name', span: { start: keyStart, end: trimEnd(text, keyStart, end) } })
    return end + 1
  }
  const key = text.slice(keyStart, keyEnd)
  const keySpan = { start: keyStart, end: keyEnd }

  while (i < end && isBlank(text.charCodeAt(i))) i++
  const separator = i < end ? text.charCodeAt(i) : -1
  const isColon = separator === COLON && (i + 1 >= end || isBlank(text.charCodeAt(i + 1)))
  if (separator !== EQUALS && !isColon) {
    if (i >= end || separator === HASH) {
      // A bare `KEY` line.
      checkKey(key, keySpan, problems)
      const at = { start: keyEnd, end: keyEnd }
      entries.push({ key, keySpan, value: '', valueSpan: at, quote: undefined, exported, span: { start: entryStart, end: keyEnd } })
      return end + 1
    }
    problems.push({
      message: `Expected '=' after '${key}'`,
      span: { start: keyStart, end: trimEnd(text, keyStart, end) },
    })
    return end + 1
  }
  checkKey(key, keySpan, problems)
  i++
  const afterSeparator = i
  while (i < end && isBlank(text.charCodeAt(i))) i++

  const first = i < end ? text.charCodeAt(i) : -1
  if (first === SQUOTE || first === DQUOTE) {
    return parseQuoted(text, i, end, { key, keySpan, exported, entryStart }, state)
  }

  // Unquoted: up to a `#` preceded by a blank, right-trimmed.
  let valueEnd = end
  const hadBlank = i > afterSeparator
  if (first === HASH && hadBlank) {
    valueEnd = i
  } else {
    for (let j = i + 1; j < end; j++) {
      if (text.charCodeAt(j) === HASH && isBlank(text.charCodeAt(j - 1))) {
        valueEnd = j
        break
      }
    }
  }
  valueEnd = trimEnd(text, i, valueEnd)
  const valueSpan = valueEnd === i ? { start: afterSeparator, end: afterSeparator } : { start: i, end: valueEnd }
  entries.push({
    key,
    keySpan,
    value: text.slice(valueSpan.start, valueSpan.end),
    valueSpan,
    quote: undefined,
    exported,
    span: { start: entryStart, end: valueSpan.end },
  })
  return end + 1
}

interface ScanState {
  entries: EnvEntry[]
  problems: ParseProblem[]
  /** For `'` and `"`: an offset after which a search found no closing quote (so later searches need not look). */
  noCloseAfter: [number, number]
}

interface PendingEntry {
  key: string
  keySpan: Span
  exported: boolean
  entryStart: number
}

function parseQuoted(
  text: string,
  open: number,
  lineEndOffset: number,
  entry: PendingEntry,
  state: ScanState,
): number {
  const { entries, problems } = state
  const quoteCode = text.charCodeAt(open)
  const quote = quoteCode === DQUOTE ? '"' : "'"
  const which = quoteCode === DQUOTE ? 1 : 0
  const length = text.length
  let close = -1
  if (open >= state.noCloseAfter[which]) {
    close = -1
  } else if (quoteCode === SQUOTE) {
    close = text.indexOf("'", open + 1)
  } else {
    for (let j = open + 1; j < length; j++) {
      const code = text.charCodeAt(j)
      if (code === BACKSLASH) j++
      else if (code === DQUOTE) {
        close = j
        break
      }
    }
  }
  if (close === -1) {
    state.noCloseAfter[which] = Math.min(state.noCloseAfter[which], open)
    // Unterminated: take the rest of the line literally so the value is still visible to rules.
    const valueEnd = trimEnd(text, open, lineEndOffset)
    problems.push({ message: `Unterminated ${quote}-quoted value for '${entry.key}'`, span: { start: open, end: valueEnd } })
    const raw = text.slice(open + 1, valueEnd)
    entries.push({
      key: entry.key,
      keySpan: entry.keySpan,
      value: quoteCode === DQUOTE ? decodeDoubleQuoted(raw) : raw,
      valueSpan: { start: open, end: valueEnd },
      quote,
      exported: entry.exported,
      span: { start: entry.entryStart, end: valueEnd },
    })
    return lineEndOffset + 1
  }
  const raw = text.slice(open + 1, close)
  entries.push({
    key: entry.key,
    keySpan: entry.keySpan,
    value: quoteCode === DQUOTE ? decodeDoubleQuoted(raw) : raw,
    valueSpan: { start: open, end: close + 1 },
    quote,
    exported: entry.exported,
    span: { start: entry.entryStart, end: close + 1 },
  })
  // The rest of the closing line may hold only blanks and a comment.
  const end = lineEnd(text, close + 1)
  let j = close + 1
  while (j < end && isBlank(text.charCodeAt(j))) j++
  if (j < end && text.charCodeAt(j) !== HASH) {
    problems.push({
      message: `Unexpected text after the quoted value of '${entry.key}'`,
      span: { start: j, end: trimEnd(text, j, end) },
    })
  }
  return end + 1
}

function checkKey(key: string, keySpan: Span, problems: ParseProblem[]): void {
  if (!PORTABLE_KEY.test(key)) {
    problems.push({ message: `Invalid variable name '${key}'`, span: keySpan })
  }
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--
  return end
}
