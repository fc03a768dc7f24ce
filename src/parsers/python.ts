import type { ParseProblem, Span } from '../engine/source-text.js'

export type PyTokenType = 'name' | 'number' | 'string' | 'op' | 'comment' | 'newline'

export interface PyToken {
  type: PyTokenType
  /** The raw source text of the token. */
  text: string
  start: number
  end: number
}

export interface PyStringToken extends PyToken {
  type: 'string'
  /** The lower-cased prefix letters: '', 'r', 'b', 'rb', 'f', 'fr', 'u', 't', ... */
  prefix: string
  /** The content between the quotes; escape sequences decoded unless raw. */
  value: string
  isFString: boolean
  isBytes: boolean
  isRaw: boolean
  isTriple: boolean
  /** For f-strings (and t-strings): whether the string has a `{...}` replacement field (`{{` does not count). */
  hasInterpolation?: boolean
  /** False when the closing quote is missing (the token then ends at the line end, or the file end if triple-quoted). */
  terminated?: boolean
}

/** A small expression tree: enough to tell `password="s3cr3t"` from `password=Variable.get("x")`. */
export type PyExpr =
  | {
      kind: 'string'
      /** Implicitly concatenated literals are merged into one value. */
      value: string
      span: Span
      isFString: boolean
      /** An f-string with at least one `{...}` replacement field. */
      hasInterpolation: boolean
      isBytes: boolean
    }
  | { kind: 'number'; text: string; span: Span }
  | { kind: 'constant'; value: 'None' | 'True' | 'False'; span: Span }
  /** A name or dotted attribute chain: `x`, `os.environ`, `self.password`. */
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'call'; call: PyCall; span: Span }
  | { kind: 'tuple' | 'list' | 'set'; items: PyExpr[]; span: Span }
  | { kind: 'dict'; entries: PyDictEntry[]; span: Span }
  /** `target[key]`, e.g. `os.environ["X"]`; `target` is the dotted name or '' when not a simple name. */
  | { kind: 'subscript'; target: string; key: PyExpr; span: Span }
  /** Anything else (operators, lambdas, comprehensions, ...). */
  | { kind: 'other'; span: Span }

export interface PyKeywordArg {
  name: string
  nameSpan: Span
  value: PyExpr
}

export interface PyCall {
  /** Dotted callee name (`Connection`, `Variable.get`, `requests.get`); '' when the callee is not a simple name chain. */
  callee: string
  calleeSpan: Span
  args: PyExpr[]
  keywords: PyKeywordArg[]
  span: Span
}

export interface PyAssignment {
  /** For names and attributes the dotted name (`password`, `self.token`); for subscripts the target's dotted name (`os.environ`). */
  target: string
  targetKind: 'name' | 'attribute' | 'subscript'
  targetSpan: Span
  /** For subscript targets: the key expression (`"X"` in `os.environ["X"] = ...`). */
  subscriptKey: PyExpr | undefined
  value: PyExpr
  span: Span
}

export interface PyDictEntry {
  key: PyExpr
  value: PyExpr
  span: Span
}

export interface PythonModule {
  tokens: PyToken[]
  strings: PyStringToken[]
  comments: PyToken[]
  /** Every call in the file, nested ones included, in source order. */
  calls: PyCall[]
  /** Every simple (`=`, annotated `: T =`) assignment, at any depth; chained `a = b = "x"` yields one per target. */
  assignments: PyAssignment[]
  /** Every `key: value` of every dict display, at any depth. */
  dictEntries: PyDictEntry[]
  problems: ParseProblem[]
}

/** Expressions nested deeper than this are not descended into: the nested group becomes `other`, with a problem. */
export const MAX_PYTHON_NESTING = 200

const LF = 10
const CR = 13
const TAB = 9
const FF = 12
const SPACE = 32
const HASH = 35
const DQUOTE = 34
const SQUOTE = 39
const BACKSLASH = 92
const DOT = 46
const LPAREN = 40
const RPAREN = 41
const LBRACKET = 91
const RBRACKET = 93
const LBRACE = 123
const RBRACE = 125
const COLON = 58
const UPPER_N = 78

/** Hard keywords, except the constants None/True/False (which are atoms). */
const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
])
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt'])
const OPERATORS_3 = new Set(['**=', '//=', '>>=', '<<=', '...'])
const OPERATORS_2 = new Set([
  '**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
])
const OPERATOR_CHARS = new Uint8Array(128)
for (const char of '+-*/%@&|^~<>()[]{},:;.=!') OPERATOR_CHARS[char.charCodeAt(0)] = 1
const BINARY_OPERATORS = new Set([
  '+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^', '<', '>', '<=', '>=', '==', '!=', ':=',
])
const AUGMENTED_ASSIGNMENTS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<='])
/** Column-0 line starts that end an unclosed bracket (the bracket was surely never meant to run on). */
const STATEMENT_STARTS = ['def ', 'class ', 'import ', 'from ', 'async def ']

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102)
}

function isUnicodeSpace(code: number): boolean {
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  )
}

/** ASCII letters, `_`, and (approximately) any non-ASCII character that is not a space. */
function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 128 && !isUnicodeSpace(code))
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || isDigit(code)
}

function closerOf(open: number): number {
  return open === LPAREN ? RPAREN : open === LBRACKET ? RBRACKET : RBRACE
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
}

/** Decodes Python escape sequences; `\N{...}`, unknown escapes and (for bytes) `\u`/`\U` stay as written. */
function decodeEscapes(raw: string, isBytes: boolean): string {
  let index = raw.indexOf('\\')
  if (index === -1) return raw
  const parts: string[] = []
  let from = 0
  while (index !== -1 && index + 1 < raw.length) {
    const next = raw[index + 1]
    let replacement: string | undefined = SIMPLE_ESCAPES[next]
    let length = 2
    if (replacement === undefined) {
      const code = raw.charCodeAt(index + 1)
      if (code === CR) {
        replacement = ''
        if (raw.charCodeAt(index + 2) === LF) length = 3
      } else if (code >= 48 && code <= 55) {
        let value = 0
        let k = index + 1
        while (k < index + 4 && k < raw.length && raw.charCodeAt(k) >= 48 && raw.charCodeAt(k) <= 55) {
          value = value * 8 + raw.charCodeAt(k) - 48
          k++
        }
        replacement = String.fromCharCode(value)
        length = k - index
      } else {
        const digits = next === 'x' ? 2 : isBytes ? 0 : next === 'u' ? 4 : next === 'U' ? 8 : 0
        if (digits > 0 && index + 2 + digits <= raw.length) {
          let ok = true
          for (let k = index + 2; k < index + 2 + digits; k++) ok &&= isHex(raw.charCodeAt(k))
          const value = ok ? Number.parseInt(raw.slice(index + 2, index + 2 + digits), 16) : -1
          if (value >= 0 && value <= 0x10ffff) {
            replacement = String.fromCodePoint(value)
            length = 2 + digits
          }
        }
      }
    }
    if (replacement !== undefined) {
      parts.push(raw.slice(from, index), replacement)
      from = index + length
      index = raw.indexOf('\\', from)
    } else {
      index = raw.indexOf('\\', index + 2)
    }
  }
  parts.push(raw.slice(from))
  return parts.join('')
}

interface Tokenized {
  tokens: PyToken[]
  strings: PyStringToken[]
  comments: PyToken[]
  problems: ParseProblem[]
}

const LITERAL = 0
const FIELD = 1
const SPEC = 2

/** One level of an f-string scan: a literal part, a `{...}` replacement field, or a format spec after `:`. */
interface FStringFrame {
  kind: typeof LITERAL | typeof FIELD | typeof SPEC
  /** Quote character, tripleness and rawness of the (innermost enclosing) string literal. */
  quote: number
  triple: boolean
  raw: boolean
  /** Open brackets inside a replacement field. */
  depth: number
}

/** Where a string scan stopped: the content end and token end, and whether the closing quote was found. */
interface StringScan {
  contentEnd: number
  end: number
  terminated: boolean
  interpolated: boolean
}

/** A single pass over the text; brackets are tracked for implicit line joining. */
function tokenize(text: string): Tokenized {
  const length = text.length
  const tokens: PyToken[] = []
  const strings: PyStringToken[] = []
  const comments: PyToken[] = []
  const problems: ParseProblem[] = []
  const openers: number[] = []
  const scan: StringScan = { contentEnd: 0, end: 0, terminated: true, interpolated: false }
  let lineHasTokens = false

  /** Scans a non-f string body from `from` (after the opening quotes) into `scan`. */
  function scanPlain(from: number, quote: number, triple: boolean): void {
    let j = from
    if (triple) {
      while (j < length) {
        const c = text.charCodeAt(j)
        if (c === BACKSLASH) j += 2
        else if (c === quote && text.charCodeAt(j + 1) === quote && text.charCodeAt(j + 2) === quote) {
          scan.contentEnd = j
          scan.end = j + 3
          scan.terminated = true
          return
        } else j++
      }
    } else {
      while (j < length) {
        const c = text.charCodeAt(j)
        if (c === BACKSLASH) j += text.charCodeAt(j + 1) === CR && text.charCodeAt(j + 2) === LF ? 3 : 2
        else if (c === quote) {
          scan.contentEnd = j
          scan.end = j + 1
          scan.terminated = true
          return
        } else if (c === LF) {
          scan.contentEnd = scan.end = j
          scan.terminated = false
          return
        } else j++
      }
    }
    scan.contentEnd = scan.end = length
    scan.terminated = false
  }

  /** Scans an f-string (or t-string) body, PEP 701 style: nested quotes and f-strings inside fields are fine. */
  function scanFString(from: number, quote: number, triple: boolean, raw: boolean): void {
    const stack: FStringFrame[] = [{ kind: LITERAL, quote, triple, raw, depth: 0 }]
    scan.interpolated = false
    let j = from
    while (j < length) {
      const top = stack[stack.length - 1]
      const c = text.charCodeAt(j)
      if (top.kind === LITERAL) {
        if (c === BACKSLASH) {
          const d = text.charCodeAt(j + 1)
          if (!top.raw && d === UPPER_N && text.charCodeAt(j + 2) === LBRACE) {
            const close = text.indexOf('}', j + 3)
            const newline = text.indexOf('\n', j + 3)
            j = close === -1 || (newline !== -1 && newline < close) ? j + 2 : close + 1
          } else j += d === LBRACE || d === RBRACE ? 1 : 2
        } else if (c === top.quote && (!top.triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) {
          stack.pop()
          const next = j + (top.triple ? 3 : 1)
          if (stack.length === 0) {
            scan.contentEnd = j
            scan.end = next
            scan.terminated = true
            return
          }
          j = next
        } else if (c === LF && !top.triple) {
          break
        } else if (c === LBRACE) {
          if (text.charCodeAt(j + 1) === LBRACE) j += 2
          else {
            if (stack.length === 1) scan.interpolated = true
            stack.push({ kind: FIELD, quote: top.quote, triple: top.triple, raw: top.raw, depth: 0 })
            j++
          }
        } else if (c === RBRACE) {
          j += text.charCodeAt(j + 1) === RBRACE ? 2 : 1
        } else j++
      } else if (top.kind === SPEC) {
        if (c === LBRACE) {
          stack.push({ kind: FIELD, quote: top.quote, triple: top.triple, raw: top.raw, depth: 0 })
          j++
        } else if (c === RBRACE) {
          stack.length -= 2
          j++
        } else if (c === top.quote && (!top.triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) {
          stack.length -= 2 // the quote ends the string: let the literal frame see it
        } else if (c === LF && !top.triple) {
          break
        } else j += c === BACKSLASH ? 2 : 1
      } else {
        // A replacement field: Python code, possibly with strings of any quote.
        let quoteAt = -1
        let prefix = ''
        if (c === DQUOTE || c === SQUOTE) quoteAt = j
        else if (isNameStart(c)) {
          let k = j + 1
          while (k < length && isNameChar(text.charCodeAt(k))) k++
          const d = text.charCodeAt(k)
          if ((d === DQUOTE || d === SQUOTE) && k - j <= 2 && STRING_PREFIXES.has(text.slice(j, k).toLowerCase())) {
            quoteAt = k
            prefix = text.slice(j, k).toLowerCase()
          } else {
            j = k
            continue
          }
        }
        if (quoteAt !== -1) {
          const q = text.charCodeAt(quoteAt)
          const isTriple = text.charCodeAt(quoteAt + 1) === q && text.charCodeAt(quoteAt + 2) === q
          const bodyStart = quoteAt + (isTriple ? 3 : 1)
          if (prefix.includes('f') || prefix.includes('t')) {
            stack.push({ kind: LITERAL, quote: q, triple: isTriple, raw: prefix.includes('r'), depth: 0 })
            j = bodyStart
          } else {
            scanPlain(bodyStart, q, isTriple)
            j = scan.end
          }
        } else if (c === LPAREN || c === LBRACKET || c === LBRACE) {
          top.depth++
          j++
        } else if (c === RPAREN || c === RBRACKET) {
          if (top.depth > 0) top.depth--
          j++
        } else if (c === RBRACE) {
          if (top.depth > 0) top.depth--
          else stack.pop()
          j++
        } else if (c === COLON && top.depth === 0) {
          stack.push({ kind: SPEC, quote: top.quote, triple: top.triple, raw: top.raw, depth: 0 })
          j++
        } else if (c === LF && top.depth === 0 && !top.triple) {
          break
        } else j++
      }
    }
    scan.contentEnd = scan.end = Math.min(j, length)
    scan.terminated = false
  }

  function readString(start: number, quoteAt: number, prefix: string): number {
    const quote = text.charCodeAt(quoteAt)
    const triple = text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote
    const isRaw = prefix.includes('r')
    const isBytes = prefix.includes('b')
    const isFString = prefix.includes('f') || prefix.includes('t')
    const contentStart = quoteAt + (triple ? 3 : 1)
    scan.interpolated = false
    if (isFString) scanFString(contentStart, quote, triple, isRaw)
    else scanPlain(contentStart, quote, triple)
    const { contentEnd, end, terminated } = scan
    const content = text.slice(contentStart, Math.max(contentStart, contentEnd))
    const token: PyStringToken = {
      type: 'string',
      text: text.slice(start, end),
      start,
      end,
      prefix,
      value: isFString || isRaw ? content : decodeEscapes(content, isBytes),
      isFString,
      isBytes,
      isRaw,
      isTriple: triple,
      hasInterpolation: scan.interpolated,
      terminated,
    }
    if (!terminated) {
      problems.push({ message: `Unterminated ${triple ? 'triple-quoted ' : ''}string literal`, span: { start, end } })
    }
    tokens.push(token)
    strings.push(token)
    lineHasTokens = true
    return end
  }

  let i = 0
  while (i < length) {
    const c = text.charCodeAt(i)
    if (c === LF) {
      if (openers.length > 0 && startsStatement(text, i + 1)) {
        const open = openers[0]
        problems.push({ message: `'${text[open]}' was never closed`, span: { start: open, end: open + 1 } })
        openers.length = 0
      }
      if (openers.length === 0 && lineHasTokens) {
        tokens.push({ type: 'newline', text: '\n', start: i, end: i + 1 })
        lineHasTokens = false
      }
      i++
    } else if (c === SPACE || c === TAB || c === CR || c === FF || isUnicodeSpace(c)) {
      i++
    } else if (c === HASH) {
      let end = text.indexOf('\n', i)
      if (end === -1) end = length
      if (text.charCodeAt(end - 1) === CR) end--
      const token: PyToken = { type: 'comment', text: text.slice(i, end), start: i, end }
      tokens.push(token)
      comments.push(token)
      i = end
    } else if (c === BACKSLASH) {
      let j = i + 1
      if (text.charCodeAt(j) === CR) j++
      if (j >= length) i = length
      else if (text.charCodeAt(j) === LF) i = j + 1
      else {
        problems.push({ message: 'Unexpected character after line continuation character', span: { start: i, end: i + 1 } })
        i++
      }
    } else if (isNameStart(c)) {
      let j = i + 1
      while (j < length && isNameChar(text.charCodeAt(j))) j++
      const after = text.charCodeAt(j)
      if ((after === DQUOTE || after === SQUOTE) && j - i <= 2) {
        const prefix = text.slice(i, j).toLowerCase()
        if (STRING_PREFIXES.has(prefix)) {
          i = readString(i, j, prefix)
          continue
        }
      }
      tokens.push({ type: 'name', text: text.slice(i, j), start: i, end: j })
      lineHasTokens = true
      i = j
    } else if (isDigit(c) || (c === DOT && isDigit(text.charCodeAt(i + 1)))) {
      const end = scanNumber(text, i)
      tokens.push({ type: 'number', text: text.slice(i, end), start: i, end })
      lineHasTokens = true
      i = end
    } else if (c === DQUOTE || c === SQUOTE) {
      i = readString(i, i, '')
    } else if (c < 128 && OPERATOR_CHARS[c] === 1) {
      let op = text[i]
      const next = text.charCodeAt(i + 1)
      if (next < 128 && OPERATOR_CHARS[next] === 1) {
        const three = text.slice(i, i + 3)
        const two = text.slice(i, i + 2)
        if (OPERATORS_3.has(three)) op = three
        else if (OPERATORS_2.has(two)) op = two
      }
      tokens.push({ type: 'op', text: op, start: i, end: i + op.length })
      lineHasTokens = true
      if (c === LPAREN || c === LBRACKET || c === LBRACE) openers.push(i)
      else if (c === RPAREN || c === RBRACKET || c === RBRACE) {
        const open = openers.pop()
        if (open === undefined) {
          problems.push({ message: `Unmatched '${op}'`, span: { start: i, end: i + 1 } })
        } else if (closerOf(text.charCodeAt(open)) !== c) {
          problems.push({
            message: `Closing '${op}' does not match '${text[open]}' at offset ${open}`,
            span: { start: i, end: i + 1 },
          })
        }
      }
      i += op.length
    } else {
      problems.push({ message: `Unexpected character '${text[i]}'`, span: { start: i, end: i + 1 } })
      i++
    }
  }
  if (openers.length > 0) {
    const open = openers[0]
    problems.push({ message: `'${text[open]}' was never closed`, span: { start: open, end: open + 1 } })
  }
  return { tokens, strings, comments, problems }
}

function startsStatement(text: string, at: number): boolean {
  for (const start of STATEMENT_STARTS) if (text.startsWith(start, at)) return true
  return false
}

/** The end of a number literal: decimal, float, exponent, imaginary, hex/octal/binary, with underscores. */
function scanNumber(text: string, start: number): number {
  const length = text.length
  let j = start
  const second = text.charCodeAt(start + 1) | 0x20
  if (text.charCodeAt(start) === 48 && (second === 120 || second === 111 || second === 98)) {
    j += 2
    while (j < length && (isHex(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++
    return j
  }
  while (j < length && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++
  if (text.charCodeAt(j) === DOT) {
    j++
    while (j < length && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++
  }
  if ((text.charCodeAt(j) | 0x20) === 101) {
    let k = j + 1
    if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++
    if (isDigit(text.charCodeAt(k))) {
      j = k
      while (j < length && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++
    }
  }
  if ((text.charCodeAt(j) | 0x20) === 106) j++
  return j
}

function other(start: number, end: number): PyExpr {
  return { kind: 'other', span: { start, end: Math.max(start, end) } }
}

function isOp(token: PyToken | undefined, text: string): boolean {
  return token !== undefined && token.type === 'op' && token.text === text
}

/**
 * A tolerant recursive-descent parser over the significant tokens (comments dropped). Statements are found from
 * newline tokens and `;`, not from indentation, so assignments in any body are seen. Recursion happens only at
 * brackets and lambda parameters and is capped at {@link MAX_PYTHON_NESTING}; operator chains, prefixes,
 * attribute/call/subscript trailers and implicit string concatenation are loops.
 */
class Parser {
  readonly calls: PyCall[] = []
  readonly assignments: PyAssignment[] = []
  readonly dictEntries: PyDictEntry[] = []
  private pos = 0
  private depth = 0
  /** Set when a `for` is met in an operator chain: the enclosing display is a comprehension. */
  private comprehension = false
  private tooDeepReported = false
  /** Index of the matching closing bracket of each opening bracket token, or -1. */
  private readonly match: Int32Array

  constructor(
    private readonly t: PyToken[],
    private readonly problems: ParseProblem[],
  ) {
    this.match = new Int32Array(t.length).fill(-1)
    const open: number[] = []
    for (let i = 0; i < t.length; i++) {
      const token = t[i]
      if (token.type === 'newline') open.length = 0
      else if (token.type === 'op') {
        const text = token.text
        if (text === '(' || text === '[' || text === '{') open.push(i)
        else if (text === ')' || text === ']' || text === '}') {
          const at = open.pop()
          if (at !== undefined) this.match[at] = i
        }
      }
    }
  }

  parseModule(): void {
    const t = this.t
    while (this.pos < t.length) {
      const token = t[this.pos]
      if (token.type === 'newline' || isOp(token, ';')) {
        this.pos++
        continue
      }
      const before = this.pos
      this.statement()
      if (this.pos === before) this.pos++
    }
  }

  private lastEnd(): number {
    return this.pos > 0 ? this.t[Math.min(this.pos, this.t.length) - 1].end : 0
  }

  private atOp(text: string): boolean {
    return isOp(this.t[this.pos], text)
  }

  private statement(): void {
    let token = this.t[this.pos]
    while (token.type === 'name' && token.text === 'async') {
      token = this.t[++this.pos]
      if (token === undefined || token.type === 'newline') return
    }
    if (isOp(token, '@')) {
      this.pos++
      this.skim(false)
      return
    }
    if (token.type === 'name') {
      switch (token.text) {
        case 'if':
        case 'elif':
        case 'while':
        case 'for':
        case 'with':
        case 'except':
        case 'else':
        case 'try':
        case 'finally':
          this.pos++
          this.header()
          return
        case 'def':
        case 'class':
          this.pos++
          if (this.t[this.pos]?.type === 'name') this.pos++
          if (this.atOp('[')) this.skimGroup()
          if (this.atOp('(')) this.skimGroup()
          this.header()
          return
        case 'return':
        case 'raise':
        case 'assert':
        case 'del':
        case 'global':
        case 'nonlocal':
        case 'pass':
        case 'break':
        case 'continue':
          this.pos++
          this.skim(false)
          return
        case 'import':
        case 'from':
          while (this.pos < this.t.length && this.t[this.pos].type !== 'newline' && !this.atOp(';')) this.pos++
          return
        case 'match':
        case 'case':
          if (this.isSoftKeywordHeader()) {
            this.pos++
            this.header()
            return
          }
          break
      }
    }
    this.expressionStatement()
  }

  /** The rest of a compound statement header, up to and including its `:`; a same-line body is parsed next. */
  private header(): void {
    this.skim(true)
    if (this.atOp(':')) this.pos++
  }

  /** `match x:` / `case [a, b]:` rather than an expression using a variable named `match` or `case`. */
  private isSoftKeywordHeader(): boolean {
    const next = this.t[this.pos + 1]
    if (next === undefined || next.type === 'newline') return false
    if (next.type === 'op') {
      if (!['(', '[', '{', '-', '*'].includes(next.text)) return false
      return this.colonBeforeLineEnd(this.pos + 1)
    }
    if (next.type === 'name' && ['and', 'or', 'in', 'is', 'if', 'else', 'for', 'as', 'not'].includes(next.text)) return false
    return true
  }

  private colonBeforeLineEnd(from: number): boolean {
    const t = this.t
    for (let i = from; i < t.length; ) {
      const token = t[i]
      if (token.type === 'newline') return false
      if (token.type === 'op') {
        if (token.text === ':') return true
        if (token.text === ';') return false
        if (token.text === '(' || token.text === '[' || token.text === '{') {
          const close = this.match[i]
          if (close < 0) return false
          i = close + 1
          continue
        }
      }
      i++
    }
    return false
  }

  /** Parses expressions until the statement ends (or a top-level `:` when `stopAtColon`), recording what it meets. */
  private skim(stopAtColon: boolean): void {
    const t = this.t
    for (;;) {
      const token = t[this.pos]
      if (token === undefined || token.type === 'newline') return
      if (token.type === 'op' && (token.text === ';' || (stopAtColon && token.text === ':'))) return
      const before = this.pos
      this.test()
      if (this.pos === before) this.pos++
    }
  }

  /** Parameters, bases or type parameters in brackets: parsed only for the calls and dicts inside. */
  private skimGroup(): void {
    const open = this.t[this.pos]
    if (this.depth >= MAX_PYTHON_NESTING) {
      this.skipGroup()
      return
    }
    const close = open.text === '(' ? ')' : open.text === '[' ? ']' : '}'
    this.pos++
    this.depth++
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type === 'newline') break
      if (isOp(token, close)) {
        this.pos++
        break
      }
      const before = this.pos
      this.test()
      if (this.pos === before) this.pos++
    }
    this.depth--
  }

  /** Jumps over a bracketed group without looking inside (too deep). */
  private skipGroup(): void {
    const open = this.t[this.pos]
    if (!this.tooDeepReported) {
      this.tooDeepReported = true
      this.problems.push({
        message: `Expression nested deeper than ${MAX_PYTHON_NESTING} levels; its inner part was not analysed`,
        span: { start: open.start, end: open.end },
      })
    }
    const close = this.match[this.pos]
    if (close >= 0) {
      this.pos = close + 1
      return
    }
    while (this.pos < this.t.length && this.t[this.pos].type !== 'newline') this.pos++
  }

  private expressionStatement(): void {
    const start = this.t[this.pos].start
    const first = this.expressionList()
    if (first === undefined) {
      this.skim(false)
      return
    }
    const token = this.t[this.pos]
    if (token !== undefined && token.type === 'op') {
      if (token.text === ':' && (first.kind === 'name' || first.kind === 'subscript')) {
        this.pos++
        this.test()
        if (this.atOp('=')) {
          this.pos++
          const value = this.expressionList()
          if (value) this.record(first, value, { start, end: value.span.end })
        }
      } else if (token.text === '=') {
        const chain = [first]
        while (this.atOp('=')) {
          this.pos++
          const next = this.expressionList()
          if (next === undefined) break
          chain.push(next)
        }
        if (chain.length >= 2) {
          const value = chain[chain.length - 1]
          this.record(first, value, { start, end: value.span.end })
          for (let k = 1; k < chain.length - 1; k++) this.record(chain[k], value)
        }
      } else if (AUGMENTED_ASSIGNMENTS.has(token.text)) {
        this.pos++
        this.expressionList()
      }
    }
    this.skim(false)
  }

  /** Records `target = value` with span `outer` (default: target start to value end); unpacked elements share it. */
  private record(target: PyExpr, value: PyExpr, outer?: Span): void {
    const span = outer ?? { start: target.span.start, end: Math.max(target.span.start, value.span.end) }
    if (target.kind === 'name') {
      this.assignments.push({
        target: target.name,
        targetKind: target.name.includes('.') ? 'attribute' : 'name',
        targetSpan: target.span,
        subscriptKey: undefined,
        value,
        span,
      })
    } else if (target.kind === 'subscript') {
      this.assignments.push({
        target: target.target,
        targetKind: 'subscript',
        targetSpan: target.span,
        subscriptKey: target.key,
        value,
        span,
      })
    } else if (
      (target.kind === 'tuple' || target.kind === 'list') &&
      (value.kind === 'tuple' || value.kind === 'list') &&
      target.items.length === value.items.length
    ) {
      for (let k = 0; k < target.items.length; k++) this.record(target.items[k], value.items[k], span)
    }
  }

  /** `a`, or `a, b, *c` as a tuple. */
  private expressionList(): PyExpr | undefined {
    const first = this.test()
    if (first === undefined || !this.atOp(',')) return first
    const items = [first]
    while (this.atOp(',')) {
      this.pos++
      const next = this.test()
      if (next === undefined) break
      items.push(next)
    }
    return { kind: 'tuple', items, span: { start: first.span.start, end: this.lastEnd() } }
  }

  /**
   * One expression: operands joined by binary/boolean/comparison operators, conditional `if`/`else` and
   * comprehension `for`/`in`/`if` clauses. A lone operand keeps its kind; anything joined is `other`.
   */
  private test(): PyExpr | undefined {
    const first = this.t[this.pos]
    if (first === undefined) return undefined
    const expr = this.operand()
    if (expr === undefined) return undefined
    let joined = false
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined) break
      if (token.type === 'op') {
        if (!BINARY_OPERATORS.has(token.text)) break
        this.pos++
      } else if (token.type === 'name') {
        const text = token.text
        if (text === 'and' || text === 'or' || text === 'in' || text === 'is' || text === 'if' || text === 'else' || text === 'from') {
          this.pos++
        } else if (text === 'for') {
          this.pos++
          this.comprehension = true
        } else if (text === 'not' && this.t[this.pos + 1]?.text === 'in') {
          this.pos += 2
        } else if (text === 'async' && this.t[this.pos + 1]?.text === 'for') {
          this.pos += 2
          this.comprehension = true
        } else break
      } else break
      joined = true
      if (this.operand() === undefined) break
    }
    return joined ? other(first.start, this.lastEnd()) : expr
  }

  /** Prefix operators and keywords (`-`, `not`, `await`, `*`, `**`, `yield [from]`, `lambda ...:`) then a primary. */
  private operand(): PyExpr | undefined {
    const first = this.t[this.pos]
    let prefixed = false
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined) break
      if (token.type === 'op') {
        const text = token.text
        if (text !== '-' && text !== '+' && text !== '~' && text !== '*' && text !== '**') break
        this.pos++
      } else if (token.type === 'name') {
        const text = token.text
        if (text === 'not' || text === 'await') this.pos++
        else if (text === 'yield') {
          this.pos++
          if (this.t[this.pos]?.text === 'from') this.pos++
        } else if (text === 'lambda') {
          this.pos++
          this.lambdaParameters()
        } else break
      } else break
      prefixed = true
    }
    const primary = this.primary()
    if (!prefixed) return primary
    return other(first.start, this.lastEnd())
  }

  private lambdaParameters(): void {
    if (this.depth >= MAX_PYTHON_NESTING) {
      while (this.pos < this.t.length) {
        const token = this.t[this.pos]
        if (token.type === 'newline') return
        if (isOp(token, ':')) {
          this.pos++
          return
        }
        if (token.type === 'op' && (token.text === '(' || token.text === '[' || token.text === '{')) this.skipGroup()
        else this.pos++
      }
      return
    }
    this.depth++
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type === 'newline') break
      if (token.type === 'op') {
        const text = token.text
        if (text === ':') {
          this.pos++
          break
        }
        if (text === ')' || text === ']' || text === '}' || text === ';') break
        if (text === ',' || text === '=') {
          this.pos++
          continue
        }
      }
      const before = this.pos
      this.test()
      if (this.pos === before) this.pos++
    }
    this.depth--
  }

  /** An atom followed by any `.name`, `(...)` and `[...]` trailers. */
  private primary(): PyExpr | undefined {
    const token = this.t[this.pos]
    if (token === undefined) return undefined
    let expr: PyExpr
    const span = { start: token.start, end: token.end }
    if (token.type === 'name') {
      const text = token.text
      if (text === 'None' || text === 'True' || text === 'False') expr = { kind: 'constant', value: text, span }
      else if (KEYWORDS.has(text)) return undefined
      else expr = { kind: 'name', name: text, span }
      this.pos++
    } else if (token.type === 'number') {
      expr = { kind: 'number', text: token.text, span }
      this.pos++
    } else if (token.type === 'string') {
      expr = this.strings()
    } else if (token.type === 'op') {
      const text = token.text
      if (text === '(') expr = this.parenthesized()
      else if (text === '[') expr = this.list()
      else if (text === '{') expr = this.brace()
      else if (text === '...') {
        expr = other(token.start, token.end)
        this.pos++
      } else return undefined
    } else return undefined
    return this.trailers(expr)
  }

  private trailers(start: PyExpr): PyExpr {
    let expr = start
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type !== 'op') return expr
      if (token.text === '.') {
        const name = this.t[this.pos + 1]
        if (name !== undefined && name.type === 'name') {
          this.pos += 2
          const span = { start: expr.span.start, end: name.end }
          expr = expr.kind === 'name' ? { kind: 'name', name: `${expr.name}.${name.text}`, span } : { kind: 'other', span }
        } else {
          this.pos++
          expr = other(expr.span.start, token.end)
        }
      } else if (token.text === '(') {
        expr = this.call(expr)
      } else if (token.text === '[') {
        expr = this.subscript(expr)
      } else return expr
    }
  }

  /** Implicitly concatenated string literals, merged. */
  private strings(): PyExpr {
    const first = this.t[this.pos] as PyStringToken
    this.pos++
    let { value, isFString, isBytes } = first
    let hasInterpolation = first.hasInterpolation === true
    let end = first.end
    if (this.t[this.pos]?.type === 'string') {
      const parts = [value]
      for (let token = this.t[this.pos]; token?.type === 'string'; token = this.t[++this.pos]) {
        const part = token as PyStringToken
        parts.push(part.value)
        isFString ||= part.isFString
        isBytes ||= part.isBytes
        hasInterpolation ||= part.hasInterpolation === true
        end = part.end
      }
      value = parts.join('')
    }
    return { kind: 'string', value, span: { start: first.start, end }, isFString, hasInterpolation, isBytes }
  }

  private tooDeep(): PyExpr | undefined {
    if (this.depth < MAX_PYTHON_NESTING) return undefined
    const start = this.t[this.pos].start
    this.skipGroup()
    return other(start, this.lastEnd())
  }

  private call(callee: PyExpr): PyExpr {
    if (this.depth >= MAX_PYTHON_NESTING) {
      this.skipGroup()
      return other(callee.span.start, this.lastEnd())
    }
    const call: PyCall = {
      callee: callee.kind === 'name' ? callee.name : '',
      calleeSpan: callee.span,
      args: [],
      keywords: [],
      span: { start: callee.span.start, end: callee.span.end },
    }
    this.calls.push(call)
    this.pos++
    this.depth++
    const saved = this.comprehension
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type === 'newline') break
      if (token.type === 'op') {
        if (token.text === ')') {
          this.pos++
          break
        }
        if (token.text === ',') {
          this.pos++
          continue
        }
        if (token.text === '*' || token.text === '**') {
          this.pos++
          this.test()
          call.args.push(other(token.start, this.lastEnd()))
          continue
        }
      } else if (token.type === 'name' && !KEYWORDS.has(token.text) && isOp(this.t[this.pos + 1], '=')) {
        this.pos += 2
        const value = this.test() ?? other(this.lastEnd(), this.lastEnd())
        call.keywords.push({ name: token.text, nameSpan: { start: token.start, end: token.end }, value })
        continue
      }
      const before = this.pos
      const value = this.test()
      if (value !== undefined) call.args.push(value)
      else if (this.pos === before) this.pos++
    }
    this.comprehension = saved
    this.depth--
    call.span.end = this.lastEnd()
    return { kind: 'call', call, span: call.span }
  }

  private subscript(target: PyExpr): PyExpr {
    const deep = this.tooDeep()
    if (deep) return other(target.span.start, deep.span.end)
    const open = this.t[this.pos]
    this.pos++
    this.depth++
    const saved = this.comprehension
    const items: PyExpr[] = []
    let slice = false
    let comma = false
    const innerStart = this.t[this.pos]?.start ?? open.end
    let innerEnd = innerStart
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type === 'newline') break
      if (token.type === 'op') {
        if (token.text === ']') {
          this.pos++
          break
        }
        if (token.text === ',' || token.text === ':') {
          if (token.text === ',') comma = true
          else slice = true
          innerEnd = token.end
          this.pos++
          continue
        }
      }
      const before = this.pos
      const value = this.test()
      if (value !== undefined) items.push(value)
      else if (this.pos === before) this.pos++
      innerEnd = this.lastEnd()
    }
    this.comprehension = saved
    this.depth--
    let key: PyExpr
    if (!slice && !comma && items.length === 1) key = items[0]
    else if (!slice && comma && items.length > 0) key = { kind: 'tuple', items, span: { start: items[0].span.start, end: innerEnd } }
    else key = other(innerStart, innerEnd)
    return {
      kind: 'subscript',
      target: target.kind === 'name' ? target.name : '',
      key,
      span: { start: target.span.start, end: this.lastEnd() },
    }
  }

  /** The elements of a bracketed display up to `close`: whether a comma was seen and whether a `for` made it a comprehension. */
  private elements(close: string): { items: PyExpr[]; comma: boolean; comprehension: boolean } {
    this.pos++
    this.depth++
    const saved = this.comprehension
    this.comprehension = false
    const items: PyExpr[] = []
    let comma = false
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type === 'newline') break
      if (token.type === 'op') {
        if (token.text === close) {
          this.pos++
          break
        }
        if (token.text === ',') {
          comma = true
          this.pos++
          continue
        }
      }
      const before = this.pos
      const value = this.test()
      if (value !== undefined) items.push(value)
      else if (this.pos === before) this.pos++
    }
    const comprehension = this.comprehension
    this.comprehension = saved
    this.depth--
    return { items, comma, comprehension }
  }

  private parenthesized(): PyExpr {
    const deep = this.tooDeep()
    if (deep) return deep
    const start = this.t[this.pos].start
    const { items, comma, comprehension } = this.elements(')')
    const span = { start, end: this.lastEnd() }
    if (comprehension) return { kind: 'other', span }
    if (items.length === 1 && !comma) return items[0]
    return { kind: 'tuple', items, span }
  }

  private list(): PyExpr {
    const deep = this.tooDeep()
    if (deep) return deep
    const start = this.t[this.pos].start
    const { items, comprehension } = this.elements(']')
    const span = { start, end: this.lastEnd() }
    return comprehension ? { kind: 'other', span } : { kind: 'list', items, span }
  }

  /** A dict or set display (or comprehension). Dict entries are recorded once the display is known not to be a comprehension. */
  private brace(): PyExpr {
    const deep = this.tooDeep()
    if (deep) return deep
    const start = this.t[this.pos].start
    this.pos++
    this.depth++
    const saved = this.comprehension
    this.comprehension = false
    const entries: PyDictEntry[] = []
    const items: PyExpr[] = []
    let isDict = false
    for (;;) {
      const token = this.t[this.pos]
      if (token === undefined || token.type === 'newline') break
      if (token.type === 'op') {
        if (token.text === '}') {
          this.pos++
          break
        }
        if (token.text === ',') {
          this.pos++
          continue
        }
        if (token.text === '**') {
          isDict = true
          this.pos++
          this.test()
          continue
        }
      }
      const before = this.pos
      const key = this.test()
      if (key === undefined) {
        if (this.pos === before) this.pos++
        continue
      }
      if (this.atOp(':')) {
        isDict = true
        this.pos++
        const value = this.test() ?? other(this.lastEnd(), this.lastEnd())
        entries.push({ key, value, span: { start: key.span.start, end: Math.max(key.span.start, value.span.end) } })
      } else items.push(key)
    }
    const comprehension = this.comprehension
    this.comprehension = saved
    this.depth--
    const span = { start, end: this.lastEnd() }
    if (comprehension) return { kind: 'other', span }
    if (isDict || items.length === 0) {
      for (const entry of entries) this.dictEntries.push(entry)
      return { kind: 'dict', entries, span }
    }
    return { kind: 'set', items, span }
  }
}

/**
 * Tokenizes and lightly parses Python source. Never throws and never hangs: bad input gives `problems`.
 *
 * Choices where the contract is open:
 * - Strings: every prefix (case-insensitive); `t` (PEP 750 template) strings are treated like f-strings
 *   (`isFString` true). F-string values are the raw content; other non-raw strings have escapes decoded
 *   (`\N{...}` is left as written). Calls inside f-string replacement fields are not parsed.
 * - `calls` are in the order of their opening parenthesis (so `f(g())` lists `f` first, and `a(b)(c)` lists
 *   `a(b)` before the outer call).
 * - A call on something other than a dotted name (`Variable.get("x").strip()`, `foo()()`, `x[0]()`) is still a
 *   `call` expression, with callee ''. An attribute of a call or subscript (`get().password`) is `other`.
 * - `*args` and `**kwargs` arguments are `other` items of `args`. `**other` in a dict display is not an entry.
 * - A parenthesized single expression is the inner expression (span without the parentheses).
 * - Tuple unpacking `user, pw = "a", "b"` records one assignment per element when both sides have the same length;
 *   other tuple targets and augmented assignments (`+=`) are not recorded; walrus `:=` makes the expression `other`.
 * - Expressions nested deeper than {@link MAX_PYTHON_NESTING} brackets are skipped (with one problem).
 * - Unicode identifiers: any non-ASCII, non-space character is accepted as a name character.
 */
export function parsePython(text: string): PythonModule {
  let tokenized: Tokenized
  try {
    tokenized = tokenize(text)
  } catch (error) {
    return {
      tokens: [], strings: [], comments: [], calls: [], assignments: [], dictEntries: [],
      problems: [{ message: `Could not tokenize: ${error instanceof Error ? error.message : String(error)}`, span: { start: 0, end: 0 } }],
    }
  }
  const { tokens, strings, comments, problems } = tokenized
  const parser = new Parser(tokens.filter((token) => token.type !== 'comment'), problems)
  try {
    parser.parseModule()
  } catch (error) {
    problems.push({ message: `Could not parse: ${error instanceof Error ? error.message : String(error)}`, span: { start: 0, end: 0 } })
  }
  const dictEntries = parser.dictEntries.sort((a, b) => a.span.start - b.span.start)
  return { tokens, strings, comments, calls: parser.calls, assignments: parser.assignments, dictEntries, problems }
}
