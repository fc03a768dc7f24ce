import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/engine/source-text.js'
import {
  type IncludeLine,
  normalizePackageName,
  type OptionLine,
  parseRequirements,
  type Requirement,
  type RequirementsFile,
} from '../../src/parsers/requirements.js'

function sliceOf(text: string): (span: Span | undefined) => string | undefined {
  return (span) => (span ? text.slice(span.start, span.end) : undefined)
}

function requirements(file: RequirementsFile): Requirement[] {
  return file.lines.filter((line): line is Requirement => line.kind === 'requirement')
}

function only(text: string): Requirement {
  const file = parseRequirements(text)
  expect(file.problems).toEqual([])
  expect(file.lines).toHaveLength(1)
  expect(file.lines[0].kind).toBe('requirement')
  return file.lines[0] as Requirement
}

function messages(file: RequirementsFile): string[] {
  return file.problems.map((problem) => problem.message)
}

describe('normalizePackageName', () => {
  it('folds case and runs of - _ .', () => {
    expect(normalizePackageName('Apache_Airflow.Providers--Amazon')).toBe('apache-airflow-providers-amazon')
  })
})

describe('parseRequirements: named requirements', () => {
  it('reads name, extras, specifiers and marker with spans', () => {
    const text = 'apache-airflow[celery, postgres] >= 2.8.1, <3.0 ; python_version >= "3.8"\n'
    const slice = sliceOf(text)
    const requirement = only(text)
    expect(requirement).toMatchObject({
      kind: 'requirement',
      name: 'apache-airflow',
      normalizedName: 'apache-airflow',
      extras: ['celery', 'postgres'],
      marker: 'python_version >= "3.8"',
      url: undefined,
      urlSpan: undefined,
      vcs: undefined,
      vcsRef: undefined,
      isLocalPath: false,
      editable: false,
      hashes: [],
      options: [],
    })
    expect(slice(requirement.span)).toBe(text.trimEnd())
    expect(slice(requirement.nameSpan)).toBe('apache-airflow')
    expect(requirement.specifiers.map((s) => [s.operator, s.version, slice(s.span)])).toEqual([
      ['>=', '2.8.1', '>= 2.8.1'],
      ['<', '3.0', '<3.0'],
    ])
    expect(slice(requirement.specifierSpan)).toBe('>= 2.8.1, <3.0')
  })

  it.each([
    ['foo==1.0', [['==', '1.0']]],
    ['foo===1.0-weird+stuff', [['===', '1.0-weird+stuff']]],
    ['foo!=1.5', [['!=', '1.5']]],
    ['foo<=2', [['<=', '2']]],
    ['foo>=1.0rc1', [['>=', '1.0rc1']]],
    ['foo<2.0.post1', [['<', '2.0.post1']]],
    ['foo>1!2.0.dev3', [['>', '1!2.0.dev3']]],
    ['foo~=1.4.5', [['~=', '1.4.5']]],
    ['foo==1.*', [['==', '1.*']]],
    ['foo!=2.1.*', [['!=', '2.1.*']]],
    ['foo==1.0+local.7', [['==', '1.0+local.7']]],
    ['foo==v1.0', [['==', 'v1.0']]],
    ['foo (>=1.0, !=1.3)', [['>=', '1.0'], ['!=', '1.3']]],
    ['foo(==1.0)', [['==', '1.0']]],
    ['foo', []],
    ['foo[bar]', []],
    ['foo[]', []],
  ])('reads %s', (text, specifiers) => {
    const requirement = only(text)
    expect(requirement.name).toBe('foo')
    expect(requirement.specifiers.map((s) => [s.operator, s.version])).toEqual(specifiers)
    if (specifiers.length === 0) expect(requirement.specifierSpan).toBeUndefined()
  })

  it('normalises names', () => {
    const requirement = only('Flask_SQLAlchemy.Extra==3.0')
    expect(requirement.name).toBe('Flask_SQLAlchemy.Extra')
    expect(requirement.normalizedName).toBe('flask-sqlalchemy-extra')
  })

  it('splits a marker at the first semicolon, even without spaces, and drops an empty one', () => {
    expect(only('foo==1.0;python_version<"3.8"').marker).toBe('python_version<"3.8"')
    expect(only('foo ; sys_platform == "win32" and python_version < "3"').marker).toBe(
      'sys_platform == "win32" and python_version < "3"',
    )
    expect(only('foo ;').marker).toBeUndefined()
  })
})

describe('parseRequirements: comments, blank lines and continuations', () => {
  it('drops full-line and trailing comments but keeps # inside URLs', () => {
    const digest = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae'
    const text = [
      '# full line',
      '   # indented',
      '',
      'requests==2.31.0  # pinned for CVE-2023-32681',
      `pkg @ https://example.com/pkg-1.0.tar.gz#sha256=${digest}`,
      'git+https://github.com/org/repo.git@v1.2#egg=repo  # from git',
      '\t',
    ].join('\n')
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    const [requests, pkg, repo] = requirements(file)
    expect(slice(requests.span)).toBe('requests==2.31.0')
    expect(pkg.url).toBe(`https://example.com/pkg-1.0.tar.gz#sha256=${digest}`)
    expect(slice(pkg.urlSpan)).toBe(pkg.url)
    expect(repo.name).toBe('repo')
    expect(slice(repo.span)).toBe('git+https://github.com/org/repo.git@v1.2#egg=repo')
  })

  it('joins backslash continuations, with --hash options on their own lines', () => {
    const text = [
      'requests==2.31.0 \\',
      '    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f \\',
      '    --hash sha256:942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1',
      'idna==3.4',
    ].join('\n')
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    const [requests, idna] = requirements(file)
    expect(requests.hashes).toEqual([
      'sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
      'sha256:942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1',
    ])
    expect(requests.options).toEqual([])
    expect(slice(requests.span)).toBe(text.slice(0, text.indexOf('\nidna')))
    expect(slice(requests.nameSpan)).toBe('requests')
    expect(idna.name).toBe('idna')
  })

  it('maps spans through a continuation inside a requirement', () => {
    const text = 'apache-airflow\\\n[celery]==2.8.1\n'
    const requirement = only(text)
    const slice = sliceOf(text)
    expect(requirement.extras).toEqual(['celery'])
    expect(slice(requirement.nameSpan)).toBe('apache-airflow')
    expect(slice(requirement.specifierSpan)).toBe('==2.8.1')
    expect(slice(requirement.span)).toBe('apache-airflow\\\n[celery]==2.8.1')
  })

  it('ends a continuation at a comment line, as pip does', () => {
    const file = parseRequirements('foo==1.0 \\\n# comment \\\nbar==2.0\n')
    expect(file.problems).toEqual([])
    expect(requirements(file).map((r) => r.name)).toEqual(['foo', 'bar'])
  })

  it('lets a trailing comment swallow the line it continues into, as pip does', () => {
    const file = parseRequirements('foo==1.0 # pinned \\\nbar==2.0\nbaz\n')
    expect(requirements(file).map((r) => r.name)).toEqual(['foo', 'baz'])
  })

  it('does not continue a line whose backslash is followed by spaces', () => {
    const file = parseRequirements('foo==1.0 \\ \nbar\n')
    // pip keeps the backslash in the requirement, which makes it invalid.
    expect(messages(file)).toEqual(['Unexpected text after the requirement'])
    expect(requirements(file).map((r) => r.name)).toEqual(['bar'])
  })

  it('tolerates a carriage return before each newline', () => {
    const text = 'foo==1.0 \\\r\n  --hash=sha256:abc\r\n-r base.txt\r\n'
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    expect((file.lines[0] as Requirement).hashes).toEqual(['sha256:abc'])
    expect(slice((file.lines[1] as IncludeLine).pathSpan)).toBe('base.txt')
  })
})

describe('parseRequirements: options', () => {
  it('reads options on their own lines and canonicalises short names', () => {
    const text = [
      '-i https://pypi.org/simple',
      '--index-url=https://mirror.example.com/simple',
      '--extra-index-url https://pypi.example.com/simple/',
      '--trusted-host pypi.example.com',
      '-f ./wheels',
      '--find-links=https://example.com/links',
      '--pre',
      '--no-index',
      '--require-hashes',
      '--only-binary=:all:',
      '--no-binary :none:',
      '--prefer-binary',
      '--use-feature=truststore',
    ].join('\n')
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    const options = file.lines.map((line) => {
      expect(line.kind).toBe('option')
      const { option } = line as OptionLine
      return [option.name, option.value, slice(option.span), slice(option.valueSpan), slice(line.span)]
    })
    expect(options).toEqual([
      [
        '--index-url',
        'https://pypi.org/simple',
        '-i https://pypi.org/simple',
        'https://pypi.org/simple',
        '-i https://pypi.org/simple',
      ],
      [
        '--index-url',
        'https://mirror.example.com/simple',
        '--index-url=https://mirror.example.com/simple',
        'https://mirror.example.com/simple',
        '--index-url=https://mirror.example.com/simple',
      ],
      [
        '--extra-index-url',
        'https://pypi.example.com/simple/',
        '--extra-index-url https://pypi.example.com/simple/',
        'https://pypi.example.com/simple/',
        '--extra-index-url https://pypi.example.com/simple/',
      ],
      [
        '--trusted-host',
        'pypi.example.com',
        '--trusted-host pypi.example.com',
        'pypi.example.com',
        '--trusted-host pypi.example.com',
      ],
      ['--find-links', './wheels', '-f ./wheels', './wheels', '-f ./wheels'],
      [
        '--find-links',
        'https://example.com/links',
        '--find-links=https://example.com/links',
        'https://example.com/links',
        '--find-links=https://example.com/links',
      ],
      ['--pre', undefined, '--pre', undefined, '--pre'],
      ['--no-index', undefined, '--no-index', undefined, '--no-index'],
      ['--require-hashes', undefined, '--require-hashes', undefined, '--require-hashes'],
      ['--only-binary', ':all:', '--only-binary=:all:', ':all:', '--only-binary=:all:'],
      ['--no-binary', ':none:', '--no-binary :none:', ':none:', '--no-binary :none:'],
      ['--prefer-binary', undefined, '--prefer-binary', undefined, '--prefer-binary'],
      ['--use-feature', 'truststore', '--use-feature=truststore', 'truststore', '--use-feature=truststore'],
    ])
  })

  it('reads attached short values, unambiguous abbreviations, quotes and several options on a line', () => {
    const text = [
      '-ihttps://a.example/simple',
      '--extra-index https://b.example/simple --pre',
      '--trusted-host "c.example"',
    ].join('\n')
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    const lines = file.lines as OptionLine[]
    expect(lines.map((line) => [line.option.name, line.option.value, slice(line.option.valueSpan)])).toEqual([
      ['--index-url', 'https://a.example/simple', 'https://a.example/simple'],
      ['--extra-index-url', 'https://b.example/simple', 'https://b.example/simple'],
      ['--pre', undefined, undefined],
      ['--trusted-host', 'c.example', '"c.example"'],
    ])
    expect(slice(lines[1].span)).toBe('--extra-index https://b.example/simple --pre')
    expect(slice(lines[2].option.span)).toBe('--pre')
  })

  it('reads -r, --requirement, -c and --constraint as includes', () => {
    const text = '-r base.txt\n--requirement=dev.txt\n-c constraints.txt\n--constraint ../c2.txt\n-rother.txt\n'
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    expect(file.lines.map((line) => {
      const include = line as IncludeLine
      return [include.kind, include.constraint, include.path, slice(include.pathSpan), slice(include.span)]
    })).toEqual([
      ['include', false, 'base.txt', 'base.txt', '-r base.txt'],
      ['include', false, 'dev.txt', 'dev.txt', '--requirement=dev.txt'],
      ['include', true, 'constraints.txt', 'constraints.txt', '-c constraints.txt'],
      ['include', true, '../c2.txt', '../c2.txt', '--constraint ../c2.txt'],
      ['include', false, 'other.txt', 'other.txt', '-rother.txt'],
    ])
  })

  it('keeps per-requirement options other than --hash in options', () => {
    const text = 'foo==1.0 --config-settings="--build-option=--fast" --global-option=--no-ext --hash=sha384:abc\n'
    const requirement = only(text)
    const slice = sliceOf(text)
    expect(requirement.hashes).toEqual(['sha384:abc'])
    expect(requirement.options.map((o) => [o.name, o.value, slice(o.span), slice(o.valueSpan)])).toEqual([
      [
        '--config-settings',
        '--build-option=--fast',
        '--config-settings="--build-option=--fast"',
        '"--build-option=--fast"',
      ],
      ['--global-option', '--no-ext', '--global-option=--no-ext', '--no-ext'],
    ])
    expect(slice(requirement.span)).toBe(text.trimEnd())
  })

  it('only splits off options at a space followed by a dash', () => {
    const requirement = only('my-package==1.0-1 --hash=sha256:abc')
    expect(requirement.name).toBe('my-package')
    expect(requirement.specifiers[0].version).toBe('1.0-1')
    expect(requirement.hashes).toEqual(['sha256:abc'])
  })

  it('reports bad options', () => {
    const text = [
      '--frobnicate',
      '-x',
      '-r',
      '--pre=yes',
      '--hash=sha256:abc',
      '--index-url "https://unterminated',
      '-r a.txt b.txt',
      'foo==1.0 --hash=md5:abc --hash=deadbeef',
    ].join('\n')
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(messages(file)).toEqual([
      "Unknown option '--frobnicate'",
      "Unknown option '-x'",
      'Option --requirement requires a value',
      'Option --pre does not take a value',
      '--hash has no requirement on its line, so pip ignores it',
      'Could not split the options: no closing " quote',
      'Unexpected argument among the options (pip ignores it)',
      "--hash algorithm 'md5' is not one of sha256, sha384, sha512",
      '--hash must be an algorithm and a digest, like sha256:<hex>',
    ])
    expect(file.problems.map((p) => slice(p.span))).toEqual([
      '--frobnicate',
      '-x',
      '-r',
      '--pre=yes',
      '--hash=sha256:abc',
      '--index-url "https://unterminated',
      'b.txt',
      '--hash=md5:abc',
      '--hash=deadbeef',
    ])
    // Best effort: what could be read is still there.
    expect(file.lines.map((line) => line.kind)).toEqual(['option', 'option', 'option', 'include', 'requirement'])
    expect((file.lines[2] as OptionLine).option.value).toBe('https://unterminated')
  })
})

describe('parseRequirements: URLs, VCS and paths', () => {
  it('reads a direct reference', () => {
    const text = 'urllib3 @ https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip ; python_version < "3.12"'
    const requirement = only(text)
    const slice = sliceOf(text)
    expect(requirement).toMatchObject({
      name: 'urllib3',
      url: 'https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip',
      vcs: undefined,
      vcsRef: undefined,
      isLocalPath: false,
      marker: 'python_version < "3.12"',
      specifiers: [],
    })
    expect(slice(requirement.urlSpan)).toBe(requirement.url)
    expect(slice(requirement.nameSpan)).toBe('urllib3')
  })

  it('reads a VCS direct reference with extras and a ref', () => {
    const requirement = only('my-lib[aws]@ git+https://github.com/org/my-lib.git@7f3c2a1d9e')
    expect(requirement).toMatchObject({
      name: 'my-lib',
      extras: ['aws'],
      url: 'git+https://github.com/org/my-lib.git@7f3c2a1d9e',
      vcs: 'git',
      vcsRef: '7f3c2a1d9e',
    })
  })

  it.each([
    ['git+https://github.com/org/repo.git@4e1243bd22c66e76#egg=repo', 'repo', 'git', '4e1243bd22c66e76'],
    ['git+ssh://git@github.com/org/repo.git#egg=repo', 'repo', 'git', undefined],
    ['git+ssh://git@github.com/org/repo.git@v2.0#egg=repo&subdirectory=src', 'repo', 'git', 'v2.0'],
    ['git+https://user@example.com/repo@main', '', 'git', 'main'],
    ['git://github.com/org/repo.git@release/1.x#egg=Repo_Name', 'Repo_Name', 'git', 'release/1.x'],
    ['hg+https://hg.example.com/repo@tip#egg=repo', 'repo', 'hg', 'tip'],
    ['svn+svn://svn.example.com/repo/trunk@2019#egg=repo', 'repo', 'svn', '2019'],
    ['bzr+lp:repo#egg=repo', 'repo', 'bzr', undefined],
    ['https://example.com/pkg-1.0-py3-none-any.whl', '', undefined, undefined],
  ])('reads the bare URL %s', (text, name, vcs, vcsRef) => {
    const requirement = only(text)
    const slice = sliceOf(text)
    expect(requirement).toMatchObject({ name, vcs, vcsRef, url: text, isLocalPath: false, editable: false })
    expect(slice(requirement.urlSpan)).toBe(text)
    if (name) expect(slice(requirement.nameSpan)).toBe(name)
    else expect(requirement.nameSpan).toEqual({ start: 0, end: 0 })
    expect(requirement.normalizedName).toBe(normalizePackageName(name))
  })

  it('leaves ${VAR} references in URLs as written', () => {
    const gitUrl = 'git+https://${GITHUB_TOKEN}@github.com/org/private.git@v1.0#egg=private'
    const text = `${gitUrl}\nhttps://\${USER}:\${PASS}@pypi.example.com/pkg-1.0.tar.gz\n\${WHEEL_DIR}/pkg.whl\n`
    const [git, https, wheel] = requirements(parseRequirements(text))
    expect(git).toMatchObject({ name: 'private', url: gitUrl, vcsRef: 'v1.0' })
    expect(https).toMatchObject({ url: 'https://${USER}:${PASS}@pypi.example.com/pkg-1.0.tar.gz', isLocalPath: false })
    expect(wheel).toMatchObject({ url: '${WHEEL_DIR}/pkg.whl', isLocalPath: false })
  })

  it('splits a marker off a bare URL only at "; "', () => {
    expect(only('https://example.com/x.whl ; python_version < "3.9"')).toMatchObject({
      url: 'https://example.com/x.whl',
      marker: 'python_version < "3.9"',
    })
  })

  it.each([
    ['./pkg', './pkg', []],
    ['../dist/x-1.0-py3-none-any.whl', '../dist/x-1.0-py3-none-any.whl', []],
    ['/abs/x-1.0.tar.gz', '/abs/x-1.0.tar.gz', []],
    ['file:///opt/wheels/x-1.0.whl', 'file:///opt/wheels/x-1.0.whl', []],
    ['x-1.0-py3-none-any.whl', 'x-1.0-py3-none-any.whl', []],
    ['./plugins/my plugin', './plugins/my plugin', []],
    ['./pkg[dev,test]', './pkg', ['dev', 'test']],
    ['C:\\wheels\\x-1.0.whl', 'C:\\wheels\\x-1.0.whl', []],
  ])('reads the local path %s', (text, url, extras) => {
    const requirement = only(text)
    expect(requirement).toMatchObject({ name: '', normalizedName: '', url, extras, isLocalPath: true, specifiers: [] })
    expect(sliceOf(text)(requirement.urlSpan)).toBe(url)
  })

  it('reads -foo as -f oo, as optparse does', () => {
    const file = parseRequirements('-foo\n')
    expect(file.lines).toEqual([
      {
        kind: 'option',
        span: { start: 0, end: 4 },
        option: { name: '--find-links', value: 'oo', span: { start: 0, end: 4 }, valueSpan: { start: 2, end: 4 } },
      },
    ])
  })

  it('treats an unknown scheme with // as a URL and a drive letter as a path', () => {
    expect(only('s3://bucket/pkg-1.0.whl')).toMatchObject({ url: 's3://bucket/pkg-1.0.whl', isLocalPath: false })
    expect(only('D:/wheels/pkg-1.0.whl')).toMatchObject({ url: 'D:/wheels/pkg-1.0.whl', isLocalPath: true })
  })

  it('reads the project name of a path from #egg=', () => {
    const requirement = only('./vendor/pkg#egg=pkg')
    expect(requirement).toMatchObject({ name: 'pkg', url: './vendor/pkg#egg=pkg', isLocalPath: true })
  })

  it('marks file: direct references as local', () => {
    expect(only('pkg @ file:///tmp/pkg-1.0.tar.gz').isLocalPath).toBe(true)
  })
})

describe('parseRequirements: editables', () => {
  it('reads -e and --editable requirements', () => {
    const text = [
      '-e .',
      '-e ./plugins/my_plugin[dev]',
      '--editable=git+https://github.com/org/repo.git@main#egg=repo[extra]',
      '-e git+ssh://git@github.com/org/tool.git#egg=tool --config-settings editable_mode=compat',
    ].join('\n')
    const file = parseRequirements(text)
    const slice = sliceOf(text)
    expect(file.problems).toEqual([])
    const [dot, plugin, repo, tool] = requirements(file)
    expect(dot).toMatchObject({ editable: true, name: '', url: '.', isLocalPath: true })
    expect(slice(dot.span)).toBe('-e .')
    expect(slice(dot.urlSpan)).toBe('.')
    expect(plugin).toMatchObject({ editable: true, url: './plugins/my_plugin', extras: ['dev'], isLocalPath: true })
    expect(slice(plugin.urlSpan)).toBe('./plugins/my_plugin')
    expect(repo).toMatchObject({ editable: true, name: 'repo', extras: ['extra'], vcs: 'git', vcsRef: 'main' })
    expect(slice(repo.nameSpan)).toBe('repo')
    expect(tool).toMatchObject({ name: 'tool', vcs: 'git', vcsRef: undefined })
    expect(tool.options.map((o) => [o.name, o.value])).toEqual([['--config-settings', 'editable_mode=compat']])
  })

  it('maps parts of a quoted editable value to the whole value as written', () => {
    const text = '-e "./my pkg"\n'
    const file = parseRequirements(text)
    const [requirement] = requirements(file)
    expect(requirement.url).toBe('./my pkg')
    expect(sliceOf(text)(requirement.urlSpan)).toBe('"./my pkg"')
  })

  it('rejects an editable plain download URL', () => {
    const file = parseRequirements('-e https://example.com/x-1.0.tar.gz\n')
    expect(messages(file)).toEqual(['An editable requirement must be a local path or a VCS URL'])
    expect(file.lines).toEqual([])
  })
})

describe('parseRequirements: invalid requirements', () => {
  it.each([
    ['foo==', "Missing version after '=='", '=='],
    ['==1.0', 'Expected a project name', '==1.0'],
    ['foo bar', 'Unexpected text after the requirement', 'bar'],
    ['foo>=1.0,', 'Expected a version operator (==, !=, <=, >=, <, >, ~= or ===)', ''],
    ['foo[bar', 'Malformed extras: expected [name, ...]', '[bar'],
    ['foo (>=1.0', "Expected ')' after the version specifiers", ''],
    ['foo==1.0.x', "Invalid version after '=='", '==1.0.x'],
    ['foo~=1', "Invalid version after '~='", '~=1'],
    ['foo>=1.*', "Invalid version after '>='", '>=1.*'],
    ['foo==1.0#note', "Invalid version after '=='", '==1.0#note'],
    ['foo-', "Invalid project name 'foo-'", 'foo-'],
    ['foo @', "Missing URL after '@'", '@'],
    ['foo @ https://x/y.whl extra', 'Unexpected text after the requirement', 'extra'],
    ['https://x/y.whl extra', 'Unexpected whitespace in a URL requirement', 'https://x/y.whl extra'],
    ['git+https://github.com/org/repo.git@#egg=repo', "The URL has an empty revision after '@'", '@'],
    ['git+https://github.com/org/repo.git#egg=-bad-', 'Invalid #egg= fragment: expected a project name', '#egg=-bad-'],
    ['git+git@github.com:org/repo.git', 'Unexpected text after the requirement', '+git@github.com:org/repo.git'],
  ])('reports %s', (text, message, offending) => {
    const file = parseRequirements(`${text}\nafter==1.0\n`)
    expect(messages(file)).toEqual([message])
    expect(sliceOf(`${text}\nafter==1.0\n`)(file.problems[0].span)).toBe(offending)
    // The bad line is dropped; parsing goes on.
    expect(file.lines.map((line) => (line as Requirement).name)).toEqual(['after'])
  })
})

/** A small deterministic PRNG (mulberry32), so the fuzz cases are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function expectSpansInside(value: unknown, length: number): void {
  if (Array.isArray(value)) {
    for (const item of value) expectSpansInside(item, length)
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.start === 'number' && typeof record.end === 'number') {
      expect(record.start).toBeGreaterThanOrEqual(0)
      expect(record.end).toBeGreaterThanOrEqual(record.start)
      expect(record.end).toBeLessThanOrEqual(length)
    }
    for (const item of Object.values(record)) expectSpansInside(item, length)
  }
}

describe('parseRequirements: size and pathological input', () => {
  it('parses a file of 110,000 lines (100,000 entries, 10,000 of them continued)', () => {
    const lines: string[] = []
    for (let index = 0; index < 100_000; index++) {
      if (index % 10 === 0) lines.push(`# group ${index}`)
      else if (index % 10 === 1) lines.push(`pkg-${index}[x]>=1.${index},<2 ; os_name == "nt" \\\n  --hash=sha256:0`)
      else lines.push(`package_${index}==${index}.0.0`)
    }
    const text = lines.join('\n')
    expect(text.split('\n')).toHaveLength(110_000)
    const file = parseRequirements(text)
    expect(file.problems).toEqual([])
    expect(file.lines).toHaveLength(90_000)
    expect((file.lines[89_999] as Requirement).normalizedName).toBe('package-99999')
    expect(text.slice((file.lines[89_999] as Requirement).span.start)).toBe('package_99999==99999.0.0')
    expect((file.lines[0] as Requirement).hashes).toEqual(['sha256:0'])
  })

  it('parses a very long line', () => {
    const long = `${'a'.repeat(1_000_000)}==1.0`
    expect(requirements(parseRequirements(long))[0].name).toHaveLength(1_000_000)
    const manyOptions = `foo ${'--hash=sha256:0 '.repeat(50_000)}`
    expect(requirements(parseRequirements(manyOptions))[0].hashes).toHaveLength(50_000)
    const manyHashes = `${'x #'.repeat(100_000)}`
    expect(parseRequirements(manyHashes).lines).toHaveLength(1)
    const manyDashes = `foo${' -'.repeat(100_000)}`
    expect(parseRequirements(manyDashes).problems.length).toBeGreaterThan(0)
  })

  it('survives unterminated quotes, lone backslashes and other junk', () => {
    for (const text of [
      '\\',
      'foo==1.0 \\',
      '\\\\\\\n\\',
      '--index-url "x',
      "-r 'a",
      '--hash=\\',
      'foo[',
      'foo (',
      'foo @ ',
      '-e',
      '-e "',
      '#',
      ';',
      '@',
      '\r',
      '',
    ]) {
      const file = parseRequirements(text)
      expectSpansInside(file, text.length)
    }
    expect(parseRequirements('\\')).toEqual({ lines: [], problems: [] })
  })

  it('never throws and keeps spans inside the text on random input', () => {
    const next = random(42)
    const alphabet = ['foo', '==', '1.0', ' ', '\\', '\n', '#', '@', ';', '[', ']', ',', '(', ')', '-e ', '-r']
    alphabet.push('--hash=', 'sha256:', '"', "'", 'git+https://', '/', '.', '*', '~=', '${X}', '=', '-', '\r', '&')
    for (let round = 0; round < 2_000; round++) {
      const parts: string[] = []
      const length = Math.floor(next() * 40)
      for (let index = 0; index < length; index++) parts.push(alphabet[Math.floor(next() * alphabet.length)])
      const text = parts.join('')
      expectSpansInside(parseRequirements(text), text.length)
    }
  })
})
