import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/engine/source-text.js'
import { parseIni, unquote, type IniFile } from '../../src/parsers/ini.js'

function at(text: string, span: Span): string {
  return text.slice(span.start, span.end)
}

/** section, key, value, key text, value text, entry text */
function rows(text: string, file: IniFile = parseIni(text)): string[][] {
  return file.sections.flatMap((section) =>
    section.entries.map((entry) => [entry.section, entry.key, entry.value, at(text, entry.keySpan), at(text, entry.valueSpan), at(text, entry.span)]),
  )
}

describe('parseIni', () => {
  it('reads an airflow.cfg-like file', () => {
    const text = [
      '# Airflow config',
      '[core]',
      'dags_folder = /usr/local/airflow/dags',
      'fernet_key =',
      'Load_Examples: False',
      '; a comment',
      '',
      '[webserver]',
      '  # indented comment',
      'secret_key=temporary_key  ; inline comments are kept',
      'url = http://host:8080/#/x',
    ].join('\n')
    const file = parseIni(text)
    expect(file.problems).toEqual([])
    expect(file.sections.map((section) => [section.name, at(text, section.span)])).toEqual([
      ['core', '[core]'],
      ['webserver', '[webserver]'],
    ])
    expect(rows(text, file)).toEqual([
      ['core', 'dags_folder', '/usr/local/airflow/dags', 'dags_folder', '/usr/local/airflow/dags', 'dags_folder = /usr/local/airflow/dags'],
      ['core', 'fernet_key', '', 'fernet_key', '', 'fernet_key ='],
      ['core', 'Load_Examples', 'False', 'Load_Examples', 'False', 'Load_Examples: False'],
      ['webserver', 'secret_key', 'temporary_key  ; inline comments are kept', 'secret_key', 'temporary_key  ; inline comments are kept', 'secret_key=temporary_key  ; inline comments are kept'],
      ['webserver', 'url', 'http://host:8080/#/x', 'url', 'http://host:8080/#/x', 'url = http://host:8080/#/x'],
    ])
    const empty = file.sections[0].entries[1]
    expect(empty.valueSpan).toEqual({ start: text.indexOf('fernet_key =') + 12, end: text.indexOf('fernet_key =') + 12 })
  })

  it('splits the key at the first delimiter of either kind', () => {
    const text = '[s]\nurl: http://x?a=b\nk = v: w\n'
    expect(rows(text).map((row) => [row[1], row[2]])).toEqual([
      ['url', 'http://x?a=b'],
      ['k', 'v: w'],
    ])
  })

  it('joins indented continuation lines, keeping inner blank lines and skipping comments', () => {
    const text = [
      '[options]',
      'install_requires =',
      '    requests>=2',
      '',
      '    # a comment line',
      '    apache-airflow',
      '',
      'other = 1',
      '  more',
      '[next]',
    ].join('\n')
    const file = parseIni(text)
    expect(rows(text, file)).toEqual([
      ['options', 'install_requires', 'requests>=2\n\napache-airflow', 'install_requires', 'requests>=2\n\n    # a comment line\n    apache-airflow', 'install_requires =\n    requests>=2\n\n    # a comment line\n    apache-airflow'],
      ['options', 'other', '1\nmore', 'other', '1\n  more', 'other = 1\n  more'],
    ])
    expect(file.problems).toEqual([])
  })

  it('continues only lines indented deeper than the key', () => {
    const text = '[s]\n  a = 1\n  b = 2\n    c\n'
    expect(rows(text).map((row) => [row[1], row[2]])).toEqual([
      ['a', '1'],
      ['b', '2\nc'],
    ])
  })

  it("puts entries before the first section in section ''", () => {
    const text = 'index-url = https://user:pw@pypi.example.com/simple\n[global]\ntimeout = 60\n'
    const file = parseIni(text)
    expect(file.sections.map((section) => [section.name, section.span])).toEqual([
      ['', { start: 0, end: 0 }],
      ['global', { start: 52, end: 60 }],
    ])
    expect(rows(text, file).map((row) => [row[0], row[1]])).toEqual([
      ['', 'index-url'],
      ['global', 'timeout'],
    ])
  })

  it('reports bad lines and duplicate sections, merging the duplicate', () => {
    const text = '[a]\nx = 1\njust words\n= novalue\n[a]\ny = 2\n[broken\n[]\n'
    const file = parseIni(text)
    expect(file.problems.map((problem) => [problem.message, at(text, problem.span)])).toEqual([
      ["Expected 'key = value' or 'key: value'", 'just words'],
      ['Missing key before the delimiter', '='],
      ["Section 'a' is already defined", '[a]'],
      ["Section header is missing its closing ']'", '[broken'],
      ['Empty section name', '[]'],
    ])
    expect(file.sections.map((section) => [section.name, section.entries.map((entry) => entry.key)])).toEqual([
      ['a', ['x', 'y']],
      ['', []],
    ])
  })

  it('tolerates simple TOML', () => {
    const text = [
      'title = "astro"',
      '[tool.poetry]',
      'name = \'pkg\' # comment',
      'dependencies = [',
      '  "requests",',
      '  # note',
      '  "apache-airflow[celery]",',
      ']',
      'inline = { user = "u", password = "p" }',
      '"quoted:key" = 1',
      'text = """',
      '[not.a.section]',
      '"""',
      '[[tool.servers]]',
      'host = "a"',
      '[[tool.servers]]',
      'host = "b"',
    ].join('\n')
    const file = parseIni(text)
    expect(file.problems).toEqual([])
    expect(file.sections.map((section) => [section.name, section.isArrayTable === true, section.entries.map((entry) => entry.key)])).toEqual([
      ['', false, ['title']],
      ['tool.poetry', false, ['name', 'dependencies', 'inline', '"quoted:key"', 'text']],
      ['tool.servers', true, ['host']],
      ['tool.servers', true, ['host']],
    ])
    const poetry = file.sections[1].entries
    expect(poetry[1].value).toBe('[\n"requests",\n"apache-airflow[celery]",\n]')
    expect(at(text, poetry[1].valueSpan)).toBe('[\n  "requests",\n  # note\n  "apache-airflow[celery]",\n]')
    expect(poetry[4].value).toBe('"""\n[not.a.section]\n"""')
    expect(file.sections.flatMap((section) => section.entries.map((entry) => unquote(entry.value)))).toEqual([
      'astro', 'pkg', poetry[1].value, poetry[2].value, '1', '[not.a.section]\n', 'a', 'b',
    ])
  })

  it('stops a never-closed TOML array at the next table header', () => {
    const text = 'a = [\n  1,\n[table]\nb = 2\n'
    const file = parseIni(text)
    expect(file.problems.map((problem) => problem.message)).toEqual(["Unclosed bracket in the value of 'a'"])
    expect(rows(text, file).map((row) => [row[0], row[1]])).toEqual([
      ['', 'a'],
      ['table', 'b'],
    ])
  })

  it('tolerates carriage returns and an empty file', () => {
    expect(parseIni('')).toEqual({ sections: [], problems: [] })
    const text = '[s]\r\nk = v\r\n'
    expect(rows(text).map((row) => [row[1], row[2]])).toEqual([['k', 'v']])
  })

  it('is fast on large files', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `[s${i}]\nkey${i} = value${i}\n  continued`).join('\n')
    const file = parseIni(text)
    expect(file.sections).toHaveLength(50_000)
  })
})

describe('unquote', () => {
  it.each([
    ['"a\\tb\\u00e9"', 'a\tbé'],
    ["'C:\\path'", 'C:\\path'],
    ['"v" # comment', 'v'],
    ['"""\nmulti\n"""', 'multi\n'],
    ["'''raw\\n'''", 'raw\\n'],
    ['plain', 'plain'],
    ['"unterminated', '"unterminated'],
    ['"a" "b"', '"a" "b"'],
    ['"', '"'],
    ['', ''],
  ])('unquote(%s)', (value, expected) => {
    expect(unquote(value)).toBe(expected)
  })
})
