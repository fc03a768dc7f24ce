import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/engine/source-text.js'
import {
  MAX_PYTHON_NESTING,
  parsePython,
  type PyCall,
  type PyExpr,
  type PythonModule,
  type PyStringToken,
} from '../../src/parsers/python.js'

function at(text: string, span: Span): string {
  return text.slice(span.start, span.end)
}

function onlyCall(module: PythonModule, callee: string): PyCall {
  const calls = module.calls.filter((call) => call.callee === callee)
  expect(calls).toHaveLength(1)
  return calls[0]
}

function keyword(call: PyCall, name: string): PyExpr {
  const found = call.keywords.find((kw) => kw.name === name)
  if (!found) throw new Error(`no keyword ${name}`)
  return found.value
}

function stringToken(source: string): PyStringToken {
  const module = parsePython(source)
  expect(module.strings).toHaveLength(1)
  return module.strings[0]
}

/** Every span inside the text and well formed. */
function expectSaneSpans(text: string, module: PythonModule): void {
  const spans: Span[] = [
    ...module.tokens,
    ...module.problems.map((problem) => problem.span),
    ...module.calls.flatMap((call) => [call.span, call.calleeSpan]),
    ...module.assignments.flatMap((assignment) => [assignment.span, assignment.targetSpan, assignment.value.span]),
    ...module.dictEntries.map((entry) => entry.span),
  ]
  const bad = spans.filter((span) => !(span.start >= 0 && span.end >= span.start && span.end <= text.length))
  expect(bad).toEqual([])
}

describe('parsePython tokenizer', () => {
  it('produces names, numbers, operators, comments and logical newlines', () => {
    const text = 'x **= 2  # power\ny: int = 0x_1F + 1.5e-3j\ndef f() -> None: return (a := b) == c\n'
    const module = parsePython(text)
    expect(module.problems).toEqual([])
    expect(module.tokens.map((token) => [token.type, token.text])).toEqual([
      ['name', 'x'], ['op', '**='], ['number', '2'], ['comment', '# power'], ['newline', '\n'],
      ['name', 'y'], ['op', ':'], ['name', 'int'], ['op', '='], ['number', '0x_1F'], ['op', '+'], ['number', '1.5e-3j'], ['newline', '\n'],
      ['name', 'def'], ['name', 'f'], ['op', '('], ['op', ')'], ['op', '->'], ['name', 'None'], ['op', ':'],
      ['name', 'return'], ['op', '('], ['name', 'a'], ['op', ':='], ['name', 'b'], ['op', ')'], ['op', '=='], ['name', 'c'], ['newline', '\n'],
    ])
    for (const token of module.tokens) expect(at(text, token)).toBe(token.text)
    expect(module.comments.map((comment) => comment.text)).toEqual(['# power'])
  })

  it('joins lines inside brackets and after a backslash, and skips blank lines', () => {
    const text = 'x = f(\n  1,\n\n  2)\ny = 1 + \\\n  2\n\n\n'
    const module = parsePython(text)
    expect(module.tokens.filter((token) => token.type === 'newline').map((token) => token.start)).toEqual([
      text.indexOf(')\n') + 1,
      text.lastIndexOf('2\n') + 1,
    ])
    expect(module.problems).toEqual([])
  })

  it('accepts unicode identifiers', () => {
    const text = 'pässwort = "x"\n名前 = "y"\n'
    const module = parsePython(text)
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['pässwort', '名前'])
    expect(module.problems).toEqual([])
  })

  it('tolerates stray carriage returns', () => {
    const text = 'a = "x"\r\nb = f(\r\n 1)\r\n'
    const module = parsePython(text)
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['a', 'b'])
    expect(module.problems).toEqual([])
  })

  it('reports unexpected characters without stopping', () => {
    const text = 'a = "x" $\nb = "ok"\n'
    const module = parsePython(text)
    expect(module.problems.map((problem) => at(text, problem.span))).toEqual(['$'])
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['a', 'b'])
  })
})

describe('parsePython strings', () => {
  it.each([
    ['"a\\tb"', '', 'a\tb'],
    ["'it\\'s'", '', "it's"],
    ['r"a\\tb"', 'r', 'a\\tb'],
    ['R"a\\tb"', 'r', 'a\\tb'],
    ['b"\\x41\\n"', 'b', 'A\n'],
    ['Rb"\\x41"', 'rb', '\\x41'],
    ['bR"\\x41"', 'br', '\\x41'],
    ['u"\\u00e9\\U0001F600"', 'u', 'é😀'],
    ['"\\101\\0"', '', 'A\0'],
    ['"\\N{DASH} \\q"', '', '\\N{DASH} \\q'],
    ['b"\\u00e9"', 'b', '\\u00e9'],
    ['"a\\\nb"', '', 'ab'],
    ['"""one\n"two"\n"""', '', 'one\n"two"\n'],
    ["'''x\\'''y'''", '', "x'''y"],
  ])('decodes %s', (source, prefix, value) => {
    const token = stringToken(source)
    expect(token.prefix).toBe(prefix)
    expect(token.value).toBe(value)
    expect(token.text).toBe(source)
    expect(token.terminated).toBe(true)
  })

  it('sets the flags', () => {
    const token = stringToken('Rb"""x"""')
    expect([token.isRaw, token.isBytes, token.isTriple, token.isFString]).toEqual([true, true, true, false])
  })

  it.each([
    ['f"{x}"', true, '{x}'],
    ['f"{{x}}"', false, '{{x}}'],
    ['F"plain"', false, 'plain'],
    ['rf"\\d{n}"', true, '\\d{n}'],
    ['fR"{{ {a!r:>{w}} }}"', true, '{{ {a!r:>{w}} }}'],
    ['t"{name}"', true, '{name}'],
    ['f"\\N{BULLET} x"', false, '\\N{BULLET} x'],
    ['f"{x["key"]}"', true, '{x["key"]}'],
    ['f"{f"{f"{deep}"}"}"', true, '{f"{f"{deep}"}"}'],
    ["f'{\"}\"}'", true, '{"}"}'],
    ['f"""{a\n+ b}"""', true, '{a\n+ b}'],
  ])('scans the f-string %s', (source, interpolated, value) => {
    const token = stringToken(source)
    expect(token.isFString).toBe(true)
    expect(token.hasInterpolation).toBe(interpolated)
    expect(token.value).toBe(value)
    expect(token.text).toBe(source)
  })

  it('merges implicitly concatenated literals', () => {
    const text = 'x = ("a" \'b\'\n     f"{c}" "d")\n'
    const [assignment] = parsePython(text).assignments
    expect(assignment.value).toEqual({
      kind: 'string',
      value: 'ab{c}d',
      span: { start: 5, end: text.indexOf(')') },
      isFString: true,
      hasInterpolation: true,
      isBytes: false,
    })
  })

  it('ends an unterminated single-quoted string at the line end and carries on', () => {
    const text = 'a = "open\nb = "closed"\n'
    const module = parsePython(text)
    expect(module.strings.map((token) => [token.text, token.terminated])).toEqual([
      ['"open', false],
      ['"closed"', true],
    ])
    expect(module.problems).toHaveLength(1)
    expect(at(text, module.problems[0].span)).toBe('"open')
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['a', 'b'])
  })

  it('runs an unterminated triple-quoted string to the end of the file', () => {
    const body = 'x = "y"\n'.repeat(20_000)
    const text = `a = 1\ns = """never closed\n${body}`
    const module = parsePython(text)
    expect(module.strings).toHaveLength(1)
    expect(module.strings[0].end).toBe(text.length)
    expect(module.strings[0].terminated).toBe(false)
    expect(module.problems.map((problem) => problem.message)).toEqual(['Unterminated triple-quoted string literal'])
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['a', 's'])
  })

  it('reports an unterminated f-string', () => {
    const text = 'a = f"{x\nb = 1\n'
    const module = parsePython(text)
    expect(module.strings[0].terminated).toBe(false)
    expect(module.strings[0].end).toBe(text.indexOf('\n'))
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['a', 'b'])
  })
})

describe('parsePython expressions', () => {
  it('tells literal credentials from lookups', () => {
    const text = [
      'a = Connection(conn_id="x", password="lit")',
      'b = Connection(conn_id="x", password=Variable.get("pw"))',
      'c = Connection(conn_id="x", password=os.environ["PW"])',
      'd = Connection(conn_id="x", password=f"{secret}")',
      'e = Connection(conn_id="x", password=f"{{literal}}")',
      'requests.get(url, auth=("user", "lit"), headers={"Authorization": "Bearer lit"})',
    ].join('\n')
    const module = parsePython(text)
    const connections = module.calls.filter((call) => call.callee === 'Connection')
    expect(connections.map((call) => keyword(call, 'password').kind)).toEqual(['string', 'call', 'subscript', 'string', 'string'])
    expect(keyword(connections[0], 'password')).toMatchObject({ kind: 'string', value: 'lit', isFString: false })
    const lookup = keyword(connections[1], 'password')
    expect(lookup.kind === 'call' && lookup.call.callee).toBe('Variable.get')
    const environ = keyword(connections[2], 'password')
    expect(environ).toMatchObject({ kind: 'subscript', target: 'os.environ', key: { kind: 'string', value: 'PW' } })
    expect(keyword(connections[3], 'password')).toMatchObject({ isFString: true, hasInterpolation: true, value: '{secret}' })
    expect(keyword(connections[4], 'password')).toMatchObject({ isFString: true, hasInterpolation: false })

    const get = onlyCall(module, 'requests.get')
    expect(get.args.map((arg) => arg.kind)).toEqual(['name'])
    const auth = keyword(get, 'auth')
    expect(auth.kind).toBe('tuple')
    expect(auth.kind === 'tuple' && auth.items.map((item) => item.kind === 'string' && item.value)).toEqual(['user', 'lit'])
    const headers = keyword(get, 'headers')
    expect(headers.kind === 'dict' && headers.entries.map((entry) => [at(text, entry.key.span), at(text, entry.value.span)])).toEqual([
      ['"Authorization"', '"Bearer lit"'],
    ])
  })

  it('records call spans, callee spans and keyword name spans', () => {
    const text = 'airflow.models.Connection(\n    "pos", conn_id="c", *args, **kwargs)\n'
    const call = onlyCall(parsePython(text), 'airflow.models.Connection')
    expect(at(text, call.span)).toBe(text.trimEnd())
    expect(at(text, call.calleeSpan)).toBe('airflow.models.Connection')
    expect(call.args.map((arg) => [arg.kind, at(text, arg.span)])).toEqual([
      ['string', '"pos"'],
      ['other', '*args'],
      ['other', '**kwargs'],
    ])
    expect(call.keywords.map((kw) => [kw.name, at(text, kw.nameSpan), at(text, kw.value.span)])).toEqual([['conn_id', 'conn_id', '"c"']])
  })

  it('finds calls at every depth, in order of their opening parenthesis', () => {
    const text = [
      '@app.route("/x", methods=get_methods())',
      'def handler(token=default_token(), *, cb=lambda: make()):',
      '    config = {"a": {"b": build(inner(1))}}',
      '    return outer(x)(y), items[0](), Variable.get("x").strip()',
      'class A(Base, metaclass=meta(1)):',
      '    value = [f(i) for i in range(3)]',
    ].join('\n')
    const module = parsePython(text)
    expect(module.calls.map((call) => call.callee)).toEqual([
      'app.route', 'get_methods', 'default_token', 'make', 'build', 'inner', 'outer', '', '', 'Variable.get', '',
      'meta', 'f', 'range',
    ])
    expect(module.calls.map((call) => at(text, call.span))).toContain('Variable.get("x").strip()')
    expect(module.calls.map((call) => at(text, call.span))).toContain('items[0]()')
    expect(module.calls.map((call) => at(text, call.span))).toContain('outer(x)(y)')
    expectSaneSpans(text, module)
  })

  it('represents atoms and composites', () => {
    const text = [
      'a = None',
      'b = True',
      'c = 42',
      'd = some.dotted.name',
      'e = [1, "x"]',
      'f = {1, 2}',
      'g = (1,)',
      'h = {}',
      'i = x if y else z',
      'j = lambda k: k["x"]',
      'k = not flag',
      'l = [x for x in y]',
      'm = {k: v for k, v in d}',
      'n = (yield)',
      'o = matrix[1:2, ::3]',
      'p = table["a", "b"]',
      'q = get().attr',
      'r = a + b',
      's = -1',
      't = ...',
    ].join('\n')
    const module = parsePython(text)
    const kinds = Object.fromEntries(module.assignments.map((assignment) => [assignment.target, assignment.value]))
    expect(kinds.a).toEqual({ kind: 'constant', value: 'None', span: { start: 4, end: 8 } })
    expect(kinds.b).toMatchObject({ kind: 'constant', value: 'True' })
    expect(kinds.c).toMatchObject({ kind: 'number', text: '42' })
    expect(kinds.d).toMatchObject({ kind: 'name', name: 'some.dotted.name' })
    expect(at(text, kinds.d.span)).toBe('some.dotted.name')
    expect(kinds.e.kind === 'list' && kinds.e.items.map((item) => item.kind)).toEqual(['number', 'string'])
    expect(kinds.f.kind).toBe('set')
    expect(kinds.g.kind === 'tuple' && kinds.g.items).toHaveLength(1)
    expect(kinds.h).toMatchObject({ kind: 'dict', entries: [] })
    for (const name of ['i', 'j', 'k', 'l', 'm', 'n', 'q', 'r', 's', 't']) expect([name, kinds[name].kind]).toEqual([name, 'other'])
    expect(at(text, kinds.i.span)).toBe('x if y else z')
    expect(at(text, kinds.j.span)).toBe('lambda k: k["x"]')
    expect(at(text, kinds.m.span)).toBe('{k: v for k, v in d}')
    expect(kinds.o).toMatchObject({ kind: 'subscript', target: 'matrix', key: { kind: 'other' } })
    expect(kinds.o.kind === 'subscript' && at(text, kinds.o.key.span)).toBe('1:2, ::3')
    expect(kinds.p.kind === 'subscript' && kinds.p.key.kind).toBe('tuple')
    expect(module.dictEntries).toEqual([])
  })

  it('uses an empty subscript target when the target is not a dotted name', () => {
    const text = 'config["db"]["password"] = "x"\n'
    const [assignment] = parsePython(text).assignments
    expect(assignment).toMatchObject({ target: '', targetKind: 'subscript', subscriptKey: { kind: 'string', value: 'password' } })
    expect(at(text, assignment.targetSpan)).toBe('config["db"]["password"]')
  })
})

describe('parsePython assignments', () => {
  it('records simple, attribute, subscript, annotated, chained and unpacked assignments', () => {
    const text = [
      'password = "s3cr3t"',
      'self.token: str = "abc"',
      'os.environ["AWS_KEY"] = "AKIA"',
      'a = b = "x"',
      'user, pw = "admin", "hunter2"',
      'only: str',
      'count += 1',
      '(wrapped) = 1',
    ].join('\n')
    const module = parsePython(text)
    expect(
      module.assignments.map((assignment) => [
        assignment.target,
        assignment.targetKind,
        at(text, assignment.targetSpan),
        at(text, assignment.value.span),
        at(text, assignment.span),
      ]),
    ).toEqual([
      ['password', 'name', 'password', '"s3cr3t"', 'password = "s3cr3t"'],
      ['self.token', 'attribute', 'self.token', '"abc"', 'self.token: str = "abc"'],
      ['os.environ', 'subscript', 'os.environ["AWS_KEY"]', '"AKIA"', 'os.environ["AWS_KEY"] = "AKIA"'],
      ['a', 'name', 'a', '"x"', 'a = b = "x"'],
      ['b', 'name', 'b', '"x"', 'b = "x"'],
      ['user', 'name', 'user', '"admin"', 'user, pw = "admin", "hunter2"'],
      ['pw', 'name', 'pw', '"hunter2"', 'user, pw = "admin", "hunter2"'],
      ['wrapped', 'name', 'wrapped', '1', '(wrapped) = 1'],
    ])
    expect(module.assignments[2].subscriptKey).toMatchObject({ kind: 'string', value: 'AWS_KEY' })
    expect(module.assignments[0].subscriptKey).toBeUndefined()
  })

  it('does not mistake comparisons, keyword arguments, loops, with-targets or defaults for assignments', () => {
    const text = [
      'if password == "x": pass',
      'f(password="x")',
      'for secret in secrets: pass',
      'with open(p) as token: pass',
      'def g(password="x"): pass',
      'x = [y == 1 for y in z]',
    ].join('\n')
    expect(parsePython(text).assignments.map((assignment) => assignment.target)).toEqual(['x'])
  })

  it('finds assignments in nested bodies and after compound-statement colons', () => {
    const text = [
      'class Config:',
      '    secret_key = "abc"',
      '    def __init__(self):',
      '        if True:',
      '            self.password = "pw"',
      '        else: self.password = None',
      'try: token = "t"',
      'except Exception as error: token = None',
      'x = 1; y = "two"',
      'match command:',
      '    case {"action": a}: z = 3',
      'match = 5',
    ].join('\n')
    const module = parsePython(text)
    expect(module.assignments.map((assignment) => assignment.target)).toEqual([
      'secret_key', 'self.password', 'self.password', 'token', 'token', 'x', 'y', 'z', 'match',
    ])
    expect(module.dictEntries.map((entry) => at(text, entry.span))).toEqual(['"action": a'])
  })
})

describe('parsePython dict entries', () => {
  it('records every entry at every depth in source order, skipping ** and comprehensions', () => {
    const text = [
      'cfg = {"password": "x", **other, "nested": {"token": f"{t}"}}',
      'call(extra={"key": "v"})',
      'comp = {k: "v" for k in keys}',
      'd = dict(a={"inner": 1})[0]',
    ].join('\n')
    const module = parsePython(text)
    expect(module.dictEntries.map((entry) => [at(text, entry.key.span), entry.value.kind, at(text, entry.span)])).toEqual([
      ['"password"', 'string', '"password": "x"'],
      ['"nested"', 'dict', '"nested": {"token": f"{t}"}'],
      ['"token"', 'string', '"token": f"{t}"'],
      ['"key"', 'string', '"key": "v"'],
      ['"inner"', 'number', '"inner": 1'],
    ])
  })
})

describe('parsePython bad and pathological input', () => {
  it('never throws on malformed code', () => {
    const samples = [
      '', '(', ')', ']]]', 'x = = =', 'def', 'lambda', 'f(**)', '{:}', '[1, 2', 'a = {"k": }', 'x[', 'x.', '@',
      'match', 'case:', 'async', 'async async', 'yield from', 'f(a=)', 'class (', '"""', "'", 'f"{', 'f"{x:{y', '\\',
      'x = (1,\ndef f(): pass', 'print >>f, "x"', 'if (a := 1) and (b := f(2)): pass', '{**a, **b}', 'not not not x',
    ]
    for (const text of samples) {
      const module = parsePython(text)
      expectSaneSpans(text, module)
    }
  })

  it('survives random input', () => {
    let seed = 12345
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    const alphabet = 'ab=:()[]{},."\'f#\\\n *-lambda if for in x 1 @;'
    for (let round = 0; round < 300; round++) {
      let text = ''
      const length = Math.floor(random() * 200)
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
      expectSaneSpans(text, parsePython(text))
    }
  })

  it('recovers from an unclosed bracket at the next column-0 def', () => {
    const text = 'x = f(1,\n\ndef g():\n    password = "x"\n'
    const module = parsePython(text)
    expect(module.problems.map((problem) => [problem.message, at(text, problem.span)])).toEqual([["'(' was never closed", '(']])
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['x', 'password'])
  })

  it('reports unmatched and mismatched closing brackets', () => {
    const text = 'a = (1]\nb = 2)\n'
    const module = parsePython(text)
    expect(module.problems.map((problem) => at(text, problem.span))).toEqual([']', ')'])
    expect(module.assignments.map((assignment) => assignment.target)).toEqual(['a', 'b'])
  })

  it('handles 50,000 string literals quickly', () => {
    const lines: string[] = []
    for (let i = 0; i < 25_000; i++) lines.push(`k${i} = "value-${i}" 'more\\n'`)
    const text = `${lines.join('\n')}\n`
    const module = parsePython(text)
    expect(module.strings).toHaveLength(50_000)
    expect(module.assignments).toHaveLength(25_000)
    expect(module.assignments[24_999].value).toMatchObject({ kind: 'string', value: 'value-24999more\n' })
  })

  it('handles a dict display with 100,000 entries', () => {
    const text = `data = {${Array.from({ length: 100_000 }, (_, i) => `"k${i}": ${i}`).join(', ')}}\n`
    const module = parsePython(text)
    expect(module.dictEntries).toHaveLength(100_000)
  })

  it.each([
    ['brackets', (n: number) => `x = ${'['.repeat(n)}${']'.repeat(n)}\ny = "after"\n`],
    ['calls', (n: number) => `x = ${'f('.repeat(n)}${')'.repeat(n)}\ny = "after"\n`],
    ['dicts', (n: number) => `x = ${'{"a": '.repeat(n)}1${'}'.repeat(n)}\ny = "after"\n`],
    ['lambda defaults', (n: number) => `x = ${'lambda a=('.repeat(n)}1${'): 0'.repeat(n)}\ny = "after"\n`],
    ['unclosed', (n: number) => `x = ${'('.repeat(n)}\ny = "after"\n`],
  ])('does not overflow the stack on 10,000 nested %s', (_, build) => {
    const text = build(10_000)
    const module = parsePython(text)
    expect(module.problems.length).toBeGreaterThan(0)
    expectSaneSpans(text, module)
    if (!text.includes('(\ny')) expect(module.assignments.map((assignment) => assignment.target)).toEqual(['x', 'y'])
  })

  it('analyses nesting up to the cap', () => {
    const depth = MAX_PYTHON_NESTING - 5
    const text = `x = ${'f('.repeat(depth)}"deep"${')'.repeat(depth)}\n`
    const module = parsePython(text)
    expect(module.problems).toEqual([])
    expect(module.calls).toHaveLength(depth)
  })

  it('handles long flat chains without recursion', () => {
    const n = 50_000
    const text = `x = ${'not '.repeat(n)}a\ny = ${Array.from({ length: n }, () => 'a').join(' + ')}\nz = ${'a.'.repeat(n)}b\nw = ${'"s" '.repeat(n)}\n`
    const module = parsePython(text)
    expect(module.assignments.map((assignment) => assignment.value.kind)).toEqual(['other', 'other', 'name', 'string'])
  })

  it('handles deeply nested f-strings', () => {
    const n = 5_000
    const text = `x = ${'f"{'.repeat(n)}1${'}"'.repeat(n)}\n`
    const module = parsePython(text)
    expect(module.strings).toHaveLength(1)
    expect(module.strings[0].end).toBe(text.length - 1)
    expect(module.problems).toEqual([])
  })

  it('handles a 1 MB single line', () => {
    const text = `data = [${Array.from({ length: 90_000 }, (_, i) => `"item${i}"`).join(',')}]`
    expect(text.length).toBeGreaterThan(1_000_000)
    const module = parsePython(text)
    expect(module.strings).toHaveLength(90_000)
  })
})
