import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/engine/source-text.js'
import { parseEnvFile } from '../../src/parsers/env-file.js'

function at(text: string, span: Span): string {
  return text.slice(span.start, span.end)
}

/** key, value, raw value text, quote, exported, whole entry text */
function rows(text: string): [string, string, string, string | undefined, boolean, string][] {
  return parseEnvFile(text).entries.map((entry) => [
    entry.key,
    entry.value,
    at(text, entry.valueSpan),
    entry.quote,
    entry.exported,
    at(text, entry.span),
  ])
}

describe('parseEnvFile', () => {
  it('reads unquoted, exported, spaced and empty values', () => {
    const text = [
      '# comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = around  ',
      'EMPTY=',
      'COMMENTED=abc # trailing comment',
      'HASH_INSIDE=abc#def',
      'ONLY_COMMENT= # nothing here',
      'HASH_FIRST=#kept',
      '   INDENTED=1',
      'URL=postgres://user:p@ss@host:5432/db?x=1',
    ].join('\n')
    expect(rows(text)).toEqual([
      ['PLAIN', 'value', 'value', undefined, false, 'PLAIN=value'],
      ['EXPORTED', 'yes', 'yes', undefined, true, 'export EXPORTED=yes'],
      ['SPACED', 'around', 'around', undefined, false, 'SPACED = around'],
      ['EMPTY', '', '', undefined, false, 'EMPTY='],
      ['COMMENTED', 'abc', 'abc', undefined, false, 'COMMENTED=abc'],
      ['HASH_INSIDE', 'abc#def', 'abc#def', undefined, false, 'HASH_INSIDE=abc#def'],
      ['ONLY_COMMENT', '', '', undefined, false, 'ONLY_COMMENT='],
      ['HASH_FIRST', '#kept', '#kept', undefined, false, 'HASH_FIRST=#kept'],
      ['INDENTED', '1', '1', undefined, false, 'INDENTED=1'],
      ['URL', 'postgres://user:p@ss@host:5432/db?x=1', 'postgres://user:p@ss@host:5432/db?x=1', undefined, false, 'URL=postgres://user:p@ss@host:5432/db?x=1'],
    ])
    expect(parseEnvFile(text).problems).toEqual([])
  })

  it('puts the value span of an empty value right after the separator', () => {
    const text = 'EMPTY=\nNEXT=1'
    const [entry] = parseEnvFile(text).entries
    expect(entry.valueSpan).toEqual({ start: 6, end: 6 })
    expect(entry.keySpan).toEqual({ start: 0, end: 5 })
  })

  it('reads single-quoted values literally and decodes double-quoted escapes', () => {
    const text = [
      "SINGLE='a \\n $b # not a comment'",
      'DOUBLE="line1\\nline2 \\"q\\" \\\\ \\t \\x"  # comment',
      "EMPTY_QUOTES=''",
      'export QUOTED_EXPORT="v"',
    ].join('\n')
    expect(rows(text)).toEqual([
      ['SINGLE', 'a \\n $b # not a comment', "'a \\n $b # not a comment'", "'", false, "SINGLE='a \\n $b # not a comment'"],
      ['DOUBLE', 'line1\nline2 "q" \\ \t \\x', '"line1\\nline2 \\"q\\" \\\\ \\t \\x"', '"', false, 'DOUBLE="line1\\nline2 \\"q\\" \\\\ \\t \\x"'],
      ['EMPTY_QUOTES', '', "''", "'", false, "EMPTY_QUOTES=''"],
      ['QUOTED_EXPORT', 'v', '"v"', '"', true, 'export QUOTED_EXPORT="v"'],
    ])
    expect(parseEnvFile(text).problems).toEqual([])
  })

  it('reads multi-line quoted values', () => {
    const text = 'CERT="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\nKEY=\'x\ny\'\n'
    const file = parseEnvFile(text)
    expect(file.entries.map((entry) => [entry.key, entry.value])).toEqual([
      ['CERT', '-----BEGIN-----\nabc\n-----END-----'],
      ['NEXT', '1'],
      ['KEY', 'x\ny'],
    ])
    expect(at(text, file.entries[0].valueSpan)).toBe('"-----BEGIN-----\nabc\n-----END-----"')
    expect(file.problems).toEqual([])
  })

  it('treats a bare key as an entry with an empty value', () => {
    const text = 'BARE\nexport ALSO_BARE # comment\n'
    const file = parseEnvFile(text)
    expect(file.entries.map((entry) => [entry.key, entry.value, entry.exported, entry.valueSpan])).toEqual([
      ['BARE', '', false, { start: 4, end: 4 }],
      ['ALSO_BARE', '', true, { start: 21, end: 21 }],
    ])
    expect(file.problems).toEqual([])
  })

  it('accepts the compose `KEY: value` form', () => {
    const text = 'KEY: value\nURLISH:notasep=1\n'
    const file = parseEnvFile(text)
    expect(file.entries.map((entry) => [entry.key, entry.value])).toEqual([['KEY', 'value']])
    expect(file.problems.map((problem) => at(text, problem.span))).toEqual(['URLISH:notasep=1'])
  })

  it('reports bad lines and keys but keeps going', () => {
    const text = [
      'not a valid line',
      '=novalue',
      '1BAD=x',
      'my-key=ok',
      'UNTERMINATED="abc',
      'AFTER=\'v\' junk',
      'GOOD=1',
    ].join('\n')
    const file = parseEnvFile(text)
    expect(file.problems.map((problem) => [problem.message, at(text, problem.span)])).toEqual([
      ["Expected '=' after 'not'", 'not a valid line'],
      ['Expected a variable name', '=novalue'],
      ["Invalid variable name '1BAD'", '1BAD'],
      ["Unterminated \"-quoted value for 'UNTERMINATED'", '"abc'],
      ["Unexpected text after the quoted value of 'AFTER'", 'junk'],
    ])
    expect(file.entries.map((entry) => [entry.key, entry.value])).toEqual([
      ['1BAD', 'x'],
      ['my-key', 'ok'],
      ['UNTERMINATED', 'abc'],
      ['AFTER', 'v'],
      ['GOOD', '1'],
    ])
  })

  it('reports text after a closing quote', () => {
    const text = "A='v' junk\nB=2\n"
    const file = parseEnvFile(text)
    expect(file.entries.map((entry) => [entry.key, entry.value])).toEqual([
      ['A', 'v'],
      ['B', '2'],
    ])
    expect(file.problems.map((problem) => at(text, problem.span))).toEqual(['junk'])
  })

  it('tolerates carriage returns', () => {
    const text = 'A=1\r\nB="2"\r\n'
    expect(parseEnvFile(text).entries.map((entry) => [entry.key, entry.value])).toEqual([
      ['A', '1'],
      ['B', '2'],
    ])
    expect(parseEnvFile(text).problems).toEqual([])
  })

  it('pairs quotes across lines like python-dotenv, and stays linear when one is never closed', () => {
    expect(parseEnvFile('A="x\nB="y"\n').entries.map((entry) => [entry.key, entry.value])).toEqual([['A', 'x\nB=']])
    const text = `A="x\n${'B=y # don\'t\n'.repeat(100_000)}`
    const file = parseEnvFile(text)
    expect(file.entries).toHaveLength(100_001)
    expect(file.problems).toHaveLength(1)
  })

  it('is fast on large files', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `KEY_${i}="value ${i}" # c`).join('\n')
    const file = parseEnvFile(text)
    expect(file.entries).toHaveLength(100_000)
  })
})
