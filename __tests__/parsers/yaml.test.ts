import { isAlias, isMap, isSeq, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/engine/source-text.js'
import { MAX_YAML_NESTING, nodeSpan, parseYaml, yamlEntries, yamlToJs, type YamlEntry } from '../../src/parsers/yaml.js'

function at(text: string, span: Span): string {
  return text.slice(span.start, span.end)
}

/** path, key text, scalar, value text */
function rows(text: string, entries: YamlEntry[] = yamlEntries(parseYaml(text))): [string, string, string | undefined, string][] {
  return entries.map((entry) => [entry.path.join('/'), at(text, entry.keySpan), entry.scalar, at(text, entry.valueSpan)])
}

describe('parseYaml', () => {
  it('walks every mapping entry depth first in source order', () => {
    const text = [
      'version: 2',
      'services:',
      '  web:',
      '    image: "postgres:16"',
      '    environment:',
      '      - name: POSTGRES_PASSWORD',
      '        value: s3cr3t',
      '      - plain item',
      '      - [a, {nested: yes}]',
      '    ports: [5432]',
      'empty:',
      'nothing: ~',
      'float: 1.0',
      'octal: 0123',
      'flag: true',
      "quoted: 'it''s'",
    ].join('\n')
    const file = parseYaml(text)
    expect(file.problems).toEqual([])
    expect(rows(text, yamlEntries(file))).toEqual([
      ['version', 'version', '2', '2'],
      ['services', 'services', undefined, text.slice(text.indexOf('web:'), text.indexOf('empty:'))],
      ['services/web', 'web', undefined, text.slice(text.indexOf('image:'), text.indexOf('empty:'))],
      ['services/web/image', 'image', 'postgres:16', '"postgres:16"'],
      ['services/web/environment', 'environment', undefined, text.slice(text.indexOf('- name'), text.indexOf('    ports:'))],
      ['services/web/environment/0/name', 'name', 'POSTGRES_PASSWORD', 'POSTGRES_PASSWORD'],
      ['services/web/environment/0/value', 'value', 's3cr3t', 's3cr3t'],
      ['services/web/environment/2/1/nested', 'nested', 'yes', 'yes'],
      ['services/web/ports', 'ports', undefined, '[5432]'],
      ['empty', 'empty', undefined, ''],
      ['nothing', 'nothing', undefined, '~'],
      ['float', 'float', '1.0', '1.0'],
      ['octal', 'octal', '0123', '0123'],
      ['flag', 'flag', 'true', 'true'],
      ['quoted', 'quoted', "it's", "'it''s'"],
    ])
  })

  it('gives an empty value an empty span at the end of the key and no node', () => {
    const text = 'a:\nb: 1\n'
    const [entry] = yamlEntries(parseYaml(text))
    expect(entry.valueNode).toBeUndefined()
    expect(entry.valueSpan).toEqual({ start: 1, end: 1 })
    expect(entry.keySpan).toEqual({ start: 0, end: 1 })
  })

  it('gives block scalars their content and a span from the indicator', () => {
    const text = 'script: |\n  echo hi\n  echo there\nnext: >-\n  folded\n  text\n'
    expect(rows(text)).toEqual([
      ['script', 'script', 'echo hi\necho there\n', '|\n  echo hi\n  echo there\n'],
      ['next', 'next', 'folded text', '>-\n  folded\n  text\n'],
    ])
  })

  it('stringifies scalar keys and skips complex ones', () => {
    const text = '1: one\ntrue: yes\nnull: x\n? [a, b]\n: complex\n"k": v\n'
    const file = parseYaml(text)
    expect(yamlEntries(file).map((entry) => [entry.key, entry.scalar])).toEqual([
      ['1', 'one'],
      ['true', 'yes'],
      ['null', 'x'],
      ['k', 'v'],
    ])
  })

  it('reads every document of a stream and numbers them', () => {
    const text = 'a: 1\n---\nb: 2\n---\n- c: 3\n'
    const file = parseYaml(text)
    expect(file.documents).toHaveLength(3)
    expect(yamlEntries(file).map((entry) => [entry.document, entry.path])).toEqual([
      [0, ['a']],
      [1, ['b']],
      [2, [0, 'c']],
    ])
  })

  it('parses JSON with exact spans', () => {
    const text = '{"airflow": {"connections": [{"conn_id": "db", "password": "hunter2", "port": 5432}], "empty": {}}}'
    const file = parseYaml(text)
    expect(file.problems).toEqual([])
    expect(rows(text, yamlEntries(file))).toEqual([
      ['airflow', '"airflow"', undefined, text.slice(12, text.length - 1)],
      ['airflow/connections', '"connections"', undefined, text.slice(text.indexOf('[{'), text.indexOf('}]') + 2)],
      ['airflow/connections/0/conn_id', '"conn_id"', 'db', '"db"'],
      ['airflow/connections/0/password', '"password"', 'hunter2', '"hunter2"'],
      ['airflow/connections/0/port', '"port"', '5432', '5432'],
      ['airflow/empty', '"empty"', undefined, '{}'],
    ])
    expect(yamlToJs(file.documents[0])).toEqual({
      airflow: { connections: [{ conn_id: 'db', password: 'hunter2', port: 5432 }], empty: {} },
    })
  })

  it('gives strict JSON the same entries, spans and values as the yaml parser would', () => {
    const text = ' {"a": [1, -2.50e+3, 2.50, 7.0, 0.5, "x\\ny\\u00e9", true, false, null, [], {}], "b" : {"c": {"d": "\\"q\\""}},\n "": 0}  \n'
    const fast = parseYaml(text)
    const slow = { documents: parseAllDocuments(text) as never[], problems: [] }
    expect(fast.problems).toEqual([])
    const strip = (entries: YamlEntry[]) => entries.map(({ valueNode, ...rest }) => ({ ...rest, type: valueNode?.constructor.name }))
    expect(strip(yamlEntries(fast))).toEqual(strip(yamlEntries(slow)))
    expect(yamlEntries(fast)).toHaveLength(5)
    expect(yamlToJs(fast.documents[0])).toEqual(yamlToJs(slow.documents[0]))
    expect(String(fast.documents[0])).toBe(String(slow.documents[0]))
  })

  it.each([
    ['duplicate keys', '{"a": 1, "a": 2}', 1],
    ['trailing comma', '{"a": [1, 2,]}', 0],
    ['yaml flow', '{a: 1, b: [c]}', 0],
    ['comment', '{"a": 1} # note', 0],
    ['unterminated', '{"a": [1, 2}', 1],
  ])('falls back to the yaml parser for non-strict JSON: %s', (_, text, problems) => {
    const file = parseYaml(text)
    expect(file.documents).toHaveLength(1)
    expect(file.problems.length > 0).toBe(problems > 0)
    expect(yamlEntries(file).length).toBeGreaterThan(0)
  })

  it('parses a 1 MB single-line JSON document quickly', () => {
    const items = Array.from({ length: 12_000 }, (_, i) => `{"id":${i},"name":"item-${i}","tags":["a","b"],"cfg":{"k":"v${i}"}}`)
    const text = `{"items":[${items.join(',')}],"padding":"${'x'.repeat(200_000)}"}`
    expect(text.length).toBeGreaterThan(1_000_000)
    const file = parseYaml(text)
    const entries = yamlEntries(file)
    // The yaml parser itself takes about 2 s for this; the strict-JSON fast path about 0.3 s (limits are loose: they
    // catch quadratic blow-ups, not a busy CI machine).
    expect(file.problems).toEqual([])
    expect(entries).toHaveLength(2 + 12_000 * 5)
    const last = entries[entries.length - 2]
    expect(last.path).toEqual(['items', 11_999, 'cfg', 'k'])
    expect(at(text, last.valueSpan)).toBe('"v11999"')
  })

  it('reports errors with spans and still returns the documents', () => {
    const text = 'a: 1\na: 2\nb: [unclosed\n'
    const file = parseYaml(text)
    expect(file.documents).toHaveLength(1)
    expect(file.problems.length).toBeGreaterThanOrEqual(2)
    expect(file.problems.some((problem) => problem.message.includes('unique') && at(text, problem.span) === 'a')).toBe(true)
    for (const problem of file.problems) expect(problem.span.end).toBeLessThanOrEqual(text.length)
  })

  it('never throws on garbage', () => {
    for (const text of ['', '\t', ':', '- - -', '{', '[', '"', '&a *a', '*x', '!!binary x', '%YAML 9\n---\n', '? \n: x', '\0\u0001']) {
      const file = parseYaml(text)
      for (const document of file.documents) yamlToJs(document)
      yamlEntries(file)
    }
  })

  it('does not expand aliases (billion laughs)', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i)
      const previous = String.fromCharCode(96 + i)
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`)
    }
    lines.push('password: *i', 'merge:\n  <<: *a')
    const text = lines.join('\n')
    const file = parseYaml(text)
    const entries = yamlEntries(file)
    expect(yamlToJs(file.documents[0])).toBeUndefined()
    expect(entries.map((entry) => entry.key)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'password', 'merge', '<<'])
    const password = entries[9]
    expect(password.scalar).toBeUndefined()
    expect(password.valueNode !== undefined && isAlias(password.valueNode)).toBe(true)
    expect(at(text, password.valueSpan)).toBe('*i')
  })

  it('converts to plain JS', () => {
    const file = parseYaml('a: [1, {b: c}]\nd: &x 1\ne: *x\n')
    expect(yamlToJs(file.documents[0])).toEqual({ a: [1, { b: 'c' }], d: 1, e: 1 })
  })

  it.each([
    ['flow sequences', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['flow mappings', (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`],
    ['block mappings', (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['compact sequences', (n: number) => `${'- '.repeat(n)}x`],
  ])('refuses 10,000 nested %s without crashing', (_, build) => {
    const text = build(10_000)
    const file = parseYaml(text)
    expect(file.documents).toEqual([])
    expect(file.problems.map((problem) => problem.message)).toEqual([
      `Nesting deeper than ${MAX_YAML_NESTING} levels; the file was not parsed`,
    ])
  })

  it('parses nesting just under the limit', () => {
    const depth = MAX_YAML_NESTING - 10
    const text = `root: ${'['.repeat(depth)}"deep"${']'.repeat(depth)}\n`
    const file = parseYaml(text)
    expect(file.problems).toEqual([])
    expect(yamlEntries(file)).toHaveLength(1)
  })

  it('does not count brackets in quoted scalars or comments', () => {
    const text = `a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\n# ${'['.repeat(1000)}\nc: x # ${'['.repeat(1000)}\n`
    const file = parseYaml(text)
    expect(file.problems).toEqual([])
    expect(yamlEntries(file).map((entry) => entry.key)).toEqual(['a', 'b', 'c'])
  })
})

describe('nodeSpan', () => {
  it('spans from the range start to the value end', () => {
    const text = 'list:\n  - one\n  - two # comment\n'
    const [entry] = yamlEntries(parseYaml(text))
    const node = entry.valueNode
    expect(node !== undefined && isSeq(node)).toBe(true)
    if (node === undefined || !isSeq(node)) return
    expect(at(text, nodeSpan(node))).toBe('- one\n  - two # comment\n')
    const items = node.items.map((item) => at(text, nodeSpan(item as never)))
    expect(items).toEqual(['one', 'two'])
    expect(isMap(parseYaml('a: 1').documents[0].contents)).toBe(true)
  })
})
