import { describe, expect, it } from 'vitest'
import { decodeText, SourceText } from '../../src/engine/source-text.js'

describe('decodeText', () => {
  it('strips a UTF-8 BOM and folds CRLF to LF', () => {
    const decoded = decodeText(Buffer.from('\uFEFFa=1\r\nb=2\r\n'), true)
    expect(decoded).toEqual({ text: 'a=1\nb=2\n', hadBom: true, hadCrlf: true, invalidUtf8: false })
  })

  it('replaces invalid UTF-8 instead of failing', () => {
    const decoded = decodeText(Buffer.from([0x61, 0xff, 0x62]), false)
    expect(decoded.text).toBe('a\uFFFDb')
    expect(decoded.invalidUtf8).toBe(true)
  })
})

describe('SourceText', () => {
  const source = new SourceText('first\nsecond line\n\nlast')

  it('maps offsets to 1-based lines and columns', () => {
    expect(source.position(0)).toEqual({ line: 1, column: 1 })
    expect(source.position(6)).toEqual({ line: 2, column: 1 })
    expect(source.position(13)).toEqual({ line: 2, column: 8 })
    expect(source.position(19)).toEqual({ line: 4, column: 1 })
    expect(source.position(1000)).toEqual({ line: 4, column: 5 })
  })

  it('gives ranges with an exclusive end column', () => {
    expect(source.range({ start: 6, end: 12 })).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 7 })
  })

  it('returns line text and line starts', () => {
    expect(source.lineText(2)).toBe('second line')
    expect(source.lineText(3)).toBe('')
    expect(source.lineText(4)).toBe('last')
    expect(source.lineText(9)).toBe('')
    expect(source.lineStart(4)).toBe(19)
    expect(source.lineCount).toBe(4)
  })
})
