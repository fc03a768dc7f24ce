/** A half-open range of offsets [start, end) into a file's normalized text. Parsers and rules speak in spans. */
export interface Span {
  start: number
  end: number
}

/** 1-based line and column; `endColumn` is exclusive (the column after the last character), as in SARIF. */
export interface Range {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

/** A parser's complaint about its input: located, never thrown. */
export interface ParseProblem {
  message: string
  span: Span
}

export interface DecodedText {
  text: string
  hadBom: boolean
  hadCrlf: boolean
  invalidUtf8: boolean
}

const BOM = 0xfeff

/**
 * Decodes a file's bytes once for every parser and rule: strips a UTF-8 BOM, folds CRLF to LF (line and column
 * numbers are unchanged by this, so locations stay exact), and replaces invalid UTF-8 with U+FFFD rather than
 * failing, so one bad byte never hides the rest of the file.
 */
export function decodeText(bytes: Uint8Array, isValidUtf8: boolean): DecodedText {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  let hadBom = false
  if (text.charCodeAt(0) === BOM) {
    text = text.slice(1)
    hadBom = true
  }
  const hadCrlf = text.includes('\r\n')
  if (hadCrlf) text = text.replace(/\r\n/g, '\n')
  return { text, hadBom, hadCrlf, invalidUtf8: !isValidUtf8 }
}

/** Offset to line/column conversion over one file's normalized text, with the line table built on first use. */
export class SourceText {
  private lineStarts: number[] | undefined

  constructor(readonly text: string) {}

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts
    const starts = [0]
    const text = this.text
    let index = text.indexOf('\n')
    while (index !== -1) {
      starts.push(index + 1)
      index = text.indexOf('\n', index + 1)
    }
    this.lineStarts = starts
    return starts
  }

  get lineCount(): number {
    return this.starts().length
  }

  /** 1-based line and column of an offset (clamped to the text). */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts()
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid] <= clamped) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: clamped - starts[low] + 1 }
  }

  range(span: Span): Range {
    const start = this.position(span.start)
    const end = this.position(Math.max(span.start, span.end))
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column }
  }

  /** The text of 1-based line `line`, without its newline. */
  lineText(line: number): string {
    const starts = this.starts()
    if (line < 1 || line > starts.length) return ''
    const start = starts[line - 1]
    const next = line < starts.length ? starts[line] - 1 : this.text.length
    return this.text.slice(start, next)
  }

  /** Offset of the first character of 1-based line `line`. */
  lineStart(line: number): number {
    const starts = this.starts()
    return starts[Math.max(0, Math.min(line - 1, starts.length - 1))]
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end)
  }
}
