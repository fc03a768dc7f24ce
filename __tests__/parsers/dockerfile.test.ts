import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/engine/source-text.js'
import {
  type Dockerfile,
  parseDockerfile,
  stagesInFinalImage,
  substituteVariables,
} from '../../src/parsers/dockerfile.js'

/** Parses and returns a `slice(span)` helper over the same text, so spans are checked against the file itself. */
function parse(text: string): Dockerfile & { slice: (span: Span | undefined) => string | undefined } {
  const dockerfile = parseDockerfile(text)
  return { ...dockerfile, slice: (span) => (span ? text.slice(span.start, span.end) : undefined) }
}

function messages(dockerfile: Dockerfile): string[] {
  return dockerfile.problems.map((problem) => problem.message)
}

describe('parseDockerfile: instructions', () => {
  it('upper-cases keywords, finds arguments and skips comments and blank lines', () => {
    const df = parse('# a comment\n\nfrom python:3.12\n  run echo hi # not a comment\nUser airflow\n')
    expect(df.problems).toEqual([])
    expect(df.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER'])
    const [from, run, user] = df.instructions
    expect(df.slice(from.span)).toBe('from python:3.12')
    expect(df.slice(from.keywordSpan)).toBe('from')
    expect(from.args).toBe('python:3.12')
    expect(df.slice(from.argsSpan)).toBe('python:3.12')
    expect(df.slice(run.span)).toBe('run echo hi # not a comment')
    expect(df.slice(run.keywordSpan)).toBe('run')
    expect(run.args).toBe('echo hi # not a comment')
    expect(user.args).toBe('airflow')
    expect(df.instructions.map((i) => i.stage)).toEqual([0, 0, 0])
    expect(df.escapeChar).toBe('\\')
  })

  it('joins continuation lines, dropping comment lines and blank lines inside them', () => {
    const text = [
      'FROM base',
      'RUN apt-get update && \\',
      '    # install curl',
      '',
      '    apt-get install -y curl \\   ',
      '    && rm -rf /var/lib/apt/lists/*',
      'USER astro',
    ].join('\n')
    const df = parse(text)
    expect(df.problems).toEqual([])
    const run = df.instructions[1]
    expect(run.args).toBe('apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*')
    expect(df.slice(run.span)).toBe(text.slice(text.indexOf('RUN'), text.indexOf('\nUSER')))
    expect(df.slice(run.argsSpan)).toBe(text.slice(text.indexOf('apt-get update'), text.indexOf('\nUSER')))
    expect(df.instructions[2].keyword).toBe('USER')
  })

  it('tolerates a carriage return before each newline', () => {
    const text = 'FROM base\r\nRUN a \\\r\n  b\r\nENV K=v\r\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    expect(df.instructions.map((i) => i.args)).toEqual(['base', 'a   b', 'K=v'])
    expect(df.slice(df.instructions[1].span)).toBe('RUN a \\\r\n  b')
    expect(df.slice(df.instructions[2].pairs[0].valueSpan)).toBe('v')
  })

  it('keeps JSON (exec) form arguments raw', () => {
    const df = parse('FROM base\nCMD ["airflow", "webserver"]\nRUN ["sh", "-c", "cat <<EOF"]\nEOF\n')
    expect(df.instructions[1].args).toBe('["airflow", "webserver"]')
    expect(df.instructions[2].args).toBe('["sh", "-c", "cat <<EOF"]')
    // In exec form `<<EOF` is an argument, so the next line is an (unknown) instruction, not a heredoc body.
    expect(df.instructions[2].heredocs).toEqual([])
    expect(df.instructions[3].keyword).toBe('EOF')
    expect(messages(df)).toEqual(["Unknown instruction 'EOF'"])
  })

  it('gives an instruction without arguments an empty argsSpan after the keyword', () => {
    const df = parse('FROM base\nHEALTHCHECK\n')
    const healthcheck = df.instructions[1]
    expect(healthcheck.args).toBe('')
    expect(healthcheck.argsSpan).toEqual({ start: healthcheck.keywordSpan.end, end: healthcheck.keywordSpan.end })
  })

  it('keeps ONBUILD arguments whole', () => {
    const df = parse('FROM base\nONBUILD COPY --from=x . /app\n')
    expect(df.instructions[1].keyword).toBe('ONBUILD')
    expect(df.instructions[1].flags).toEqual([])
    expect(df.instructions[1].args).toBe('COPY --from=x . /app')
  })
})

describe('parseDockerfile: parser directives', () => {
  it('switches the escape character to a backtick', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n    /b\nCOPY c:\\src\\ c:\\dst\\\n'
    const df = parse(text)
    expect(df.escapeChar).toBe('`')
    expect(df.problems).toEqual([])
    expect(df.instructions.map((i) => i.args)).toEqual([
      'mcr.microsoft.com/windows',
      'dir c:\\     /b',
      'c:\\src\\ c:\\dst\\',
    ])
  })

  it('reads several directives, case-insensitively and with spaces', () => {
    const df = parse('# syntax=docker/dockerfile:1\n#  ESCAPE = `  \nFROM base\n')
    expect(df.escapeChar).toBe('`')
    expect(df.instructions).toHaveLength(1)
  })

  it('ignores directives after a comment, a blank line or an instruction', () => {
    expect(parse('# a comment\n# escape=`\nFROM base\n').escapeChar).toBe('\\')
    expect(parse('\n# escape=`\nFROM base\n').escapeChar).toBe('\\')
    expect(parse('FROM base\n# escape=`\nRUN a `\n').escapeChar).toBe('\\')
    // An unknown directive is a plain comment, so it ends the directive block too.
    expect(parse('# foo=bar\n# escape=`\nFROM base\n').escapeChar).toBe('\\')
  })

  it('reports an invalid or repeated escape directive', () => {
    const df = parse('# escape=x\n# escape=`\nFROM base\n')
    expect(df.escapeChar).toBe('\\')
    expect(messages(df)).toEqual([
      "Invalid escape character 'x': it must be '\\' or '`'",
      "Only one 'escape' parser directive can be used",
    ])
    expect(df.slice(df.problems[0].span)).toBe('# escape=x')
  })
})

describe('parseDockerfile: flags', () => {
  it('reads flags with spans and leaves the rest as arguments', () => {
    const checksum = 'sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d'
    const text = [
      'FROM --platform=linux/amd64 python:3.12 AS build',
      'COPY --from=build --chown=astro:0 --link /src /dst',
      `ADD --checksum=${checksum} https://example.com/x.tgz /x`,
      'RUN --mount=type=secret,id=token --network=none make',
      'RUN --mount="type=cache,target=/root/.cache" pip install -r requirements.txt',
    ].join('\n')
    const df = parse(text)
    expect(df.problems).toEqual([])
    const flags = df.instructions.map((i) => i.flags.map((f) => [f.name, f.value, df.slice(f.span)]))
    expect(flags).toEqual([
      [['platform', 'linux/amd64', '--platform=linux/amd64']],
      [
        ['from', 'build', '--from=build'],
        ['chown', 'astro:0', '--chown=astro:0'],
        ['link', '', '--link'],
      ],
      [['checksum', checksum, `--checksum=${checksum}`]],
      [
        ['mount', 'type=secret,id=token', '--mount=type=secret,id=token'],
        ['network', 'none', '--network=none'],
      ],
      [['mount', 'type=cache,target=/root/.cache', '--mount="type=cache,target=/root/.cache"']],
    ])
    expect(df.instructions.map((i) => i.args)).toEqual([
      'python:3.12 AS build',
      '/src /dst',
      'https://example.com/x.tgz /x',
      'make',
      'pip install -r requirements.txt',
    ])
    expect(df.slice(df.instructions[1].argsSpan)).toBe('/src /dst')
  })

  it('reads flags split over continuation lines', () => {
    const text = 'FROM base\nCOPY \\\n  --from=base \\\n  --chown=1:1 \\\n  a b\n'
    const df = parse(text)
    expect(df.instructions[1].flags.map((f) => df.slice(f.span))).toEqual(['--from=base', '--chown=1:1'])
    expect(df.instructions[1].args).toBe('a b')
    expect(df.slice(df.instructions[1].argsSpan)).toBe('a b')
  })

  it('ends the flags at a bare --', () => {
    const df = parse('FROM base\nRUN --network=none -- --not-a-flag\n')
    expect(df.instructions[1].flags.map((f) => f.name)).toEqual(['network'])
    expect(df.instructions[1].args).toBe('--not-a-flag')
  })
})

describe('parseDockerfile: ENV, ARG and LABEL pairs', () => {
  it('reads key=value pairs with quotes and escapes', () => {
    const text = 'FROM base\nENV A=1 B="x y" C=\'$HOME z\' D=a\\ b E="say \\"hi\\"" F= G=${A}\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    const pairs = df.instructions[1].pairs.map((p) => [p.key, df.slice(p.keySpan), p.value, df.slice(p.valueSpan)])
    expect(pairs).toEqual([
      ['A', 'A', '1', '1'],
      ['B', 'B', 'x y', '"x y"'],
      ['C', 'C', '$HOME z', "'$HOME z'"],
      ['D', 'D', 'a b', 'a\\ b'],
      ['E', 'E', 'say "hi"', '"say \\"hi\\""'],
      ['F', 'F', '', ''],
      ['G', 'G', '${A}', '${A}'],
    ])
  })

  it('keeps a backslash that escapes nothing special inside double quotes', () => {
    const df = parse('FROM base\nENV P="C:\\path\\n" Q="a\\\\b"\n')
    expect(df.instructions[1].pairs.map((p) => p.value)).toEqual(['C:\\path\\n', 'a\\b'])
  })

  it('reads the legacy ENV key value form', () => {
    const text = 'FROM base\nENV AIRFLOW__CORE__LOAD_EXAMPLES  False and more   \nENV QUOTED "a b"\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    const [legacy] = df.instructions[1].pairs
    expect(legacy.key).toBe('AIRFLOW__CORE__LOAD_EXAMPLES')
    expect(legacy.value).toBe('False and more')
    expect(df.slice(legacy.keySpan)).toBe('AIRFLOW__CORE__LOAD_EXAMPLES')
    expect(df.slice(legacy.valueSpan)).toBe('False and more')
    expect(df.instructions[2].pairs[0].value).toBe('a b')
  })

  it('reads pairs over continuation lines with interleaved comments', () => {
    const text = 'FROM base\nENV A=1 \\\n    # the second one\n    B="two \\\n  words"\n'
    const df = parse(text)
    const [a, b] = df.instructions[1].pairs
    expect(a.value).toBe('1')
    expect(b.key).toBe('B')
    expect(b.value).toBe('two   words')
    expect(df.slice(b.keySpan)).toBe('B')
    expect(df.slice(b.valueSpan)).toBe('"two \\\n  words"')
  })

  it('reads ARG with and without defaults', () => {
    const text = 'ARG NAME\nARG TAG=13.0.0 OTHER="x y"\nFROM base:${TAG}\nARG IN_STAGE=1\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    const [name] = df.instructions[0].pairs
    expect(name).toEqual({
      key: 'NAME',
      keySpan: { start: 4, end: 8 },
      value: undefined,
      valueSpan: { start: 8, end: 8 },
    })
    expect(df.instructions[1].pairs.map((p) => [p.key, p.value, df.slice(p.valueSpan)])).toEqual([
      ['TAG', '13.0.0', '13.0.0'],
      ['OTHER', 'x y', '"x y"'],
    ])
    expect(df.globalArgs.map((a) => a.key)).toEqual(['NAME', 'TAG', 'OTHER'])
    expect(df.instructions[3].pairs[0].key).toBe('IN_STAGE')
  })

  it('reads LABEL pairs with quoted keys', () => {
    const df = parse('FROM base\nLABEL "com.example.vendor"="ACME Inc" version=1.0\n')
    expect(df.instructions[1].pairs.map((p) => [p.key, p.value, df.slice(p.keySpan)])).toEqual([
      ['com.example.vendor', 'ACME Inc', '"com.example.vendor"'],
      ['version', '1.0', 'version'],
    ])
  })

  it('leaves pairs empty for other instructions', () => {
    expect(parse('FROM base\nRUN A=1 make\n').instructions[1].pairs).toEqual([])
  })

  it('reports malformed pairs without quoting their values', () => {
    const df = parse('FROM base\nENV A=1 hunter2\nENV\nARG\nENV LONELY\nENV Q="open\nENV =x\n')
    expect(messages(df)).toEqual([
      'ENV arguments must be of the form name=value',
      'ENV requires at least one argument',
      'ARG requires at least one argument',
      'ENV LONELY has no value',
      'Unterminated quote in the value of ENV Q',
      'ENV names cannot be blank',
    ])
    expect(df.slice(df.problems[0].span)).toBe('hunter2')
    expect(df.instructions[1].pairs.map((p) => p.key)).toEqual(['A'])
    expect(df.instructions[4].pairs).toEqual([
      expect.objectContaining({ key: 'LONELY', value: '' }),
    ])
    expect(df.instructions[5].pairs[0].value).toBe('open')
  })
})

describe('parseDockerfile: heredocs', () => {
  it('reads a RUN heredoc body and continues after the terminator', () => {
    const text = 'FROM base\nRUN <<EOF\nset -e\n# not a comment here\nFROM not-an-instruction\nEOF\nUSER astro\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    const run = df.instructions[1]
    expect(run.args).toBe('<<EOF')
    expect(run.heredocs).toEqual([
      {
        delimiter: 'EOF',
        body: 'set -e\n# not a comment here\nFROM not-an-instruction\n',
        bodySpan: { start: 20, end: 72 },
      },
    ])
    expect(df.slice(run.heredocs[0].bodySpan)).toBe(run.heredocs[0].body)
    expect(df.slice(run.span)).toBe('RUN <<EOF\nset -e\n# not a comment here\nFROM not-an-instruction\nEOF')
    expect(df.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER'])
    expect(df.stages).toHaveLength(1)
  })

  it('reads <<- (leading tabs before the terminator), quoted delimiters and several heredocs on one line', () => {
    const text = 'FROM base\nRUN <<-"A" cat - <<\'B\' > /x\n\techo a\n\tA\nb body\nB\nRUN 2<<C\nc\nC\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    const [a, b] = df.instructions[1].heredocs
    expect(a.delimiter).toBe('A')
    expect(a.body).toBe('\techo a\n')
    expect(b.delimiter).toBe('B')
    expect(b.body).toBe('b body\n')
    expect(df.slice(b.bodySpan)).toBe('b body\n')
    expect(df.instructions[2].heredocs.map((h) => [h.delimiter, h.body])).toEqual([['C', 'c\n']])
  })

  it('reads COPY heredocs and an empty body', () => {
    const text = 'FROM base\nCOPY <<EOF /etc/airflow.cfg\nEOF\nCOPY --chmod=600 <<conf /x\n[core]\nconf\n'
    const df = parse(text)
    expect(df.problems).toEqual([])
    expect(df.instructions[1].heredocs).toEqual([{ delimiter: 'EOF', body: '', bodySpan: { start: 38, end: 38 } }])
    expect(df.instructions[2].heredocs.map((h) => h.body)).toEqual(['[core]\n'])
    expect(df.instructions[2].flags.map((f) => f.name)).toEqual(['chmod'])
  })

  it('does not take `<< EOF`, `<<<word` or a quoted "<<EOF" as heredocs', () => {
    const df = parse('FROM base\nRUN cat << EOF\nRUN cat <<<word\nRUN echo "<<EOF"\nUSER x\n')
    expect(df.instructions.map((i) => i.heredocs.length)).toEqual([0, 0, 0, 0, 0])
    expect(df.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'RUN', 'RUN', 'USER'])
  })

  it('reads heredocs of an ONBUILD RUN but not of other instructions', () => {
    const df = parse('FROM base\nONBUILD RUN <<EOF\nx\nEOF\nENV A=<<EOF\nUSER x\n')
    expect(df.instructions[1].heredocs.map((h) => h.body)).toEqual(['x\n'])
    expect(df.instructions[2].heredocs).toEqual([])
    expect(df.instructions.map((i) => i.keyword)).toEqual(['FROM', 'ONBUILD', 'ENV', 'USER'])
  })

  it('reads a heredoc after a continued line', () => {
    const df = parse('FROM base\nRUN \\\n  <<EOF bash\necho hi\nEOF\n')
    expect(df.instructions[1].heredocs.map((h) => h.body)).toEqual(['echo hi\n'])
  })

  it('reports an unterminated heredoc and keeps the rest of the file as its body', () => {
    const text = 'FROM base\nRUN <<EOF\necho hi\n EOF\n'
    const df = parse(text)
    expect(messages(df)).toEqual(["Unterminated heredoc: no line 'EOF' closes it"])
    expect(df.slice(df.problems[0].span)).toBe('<<EOF')
    expect(df.instructions[1].heredocs[0].body).toBe('echo hi\n EOF\n')
    expect(df.instructions[1].span.end).toBe(text.length)
  })
})

describe('parseDockerfile: stages', () => {
  it('numbers stages and records aliases, platforms and dependencies', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM python:3.12 AS Builder',
      'RUN pip wheel -w /wheels .',
      'FROM node:20 as assets',
      'FROM quay.io/astronomer/astro-runtime:12.1.0 AS final',
      'COPY --from=builder /wheels /wheels',
      'COPY --from=1 /dist /dist',
      'COPY --from=python:3.11 /usr/lib /usr/lib',
      'COPY --from=final /x /y',
      'RUN --mount=type=bind,from=builder,source=/wheels,target=/w pip install /w/*',
    ].join('\n')
    const df = parse(text)
    expect(df.problems).toEqual([])
    const stages = df.stages.map((s) => [s.index, s.from.image, s.from.alias, s.from.platform, s.instruction])
    expect(stages).toEqual([
      [0, 'python:3.12', 'Builder', '$BUILDPLATFORM', 0],
      [1, 'node:20', 'assets', undefined, 2],
      [2, 'quay.io/astronomer/astro-runtime:12.1.0', 'final', undefined, 3],
    ])
    expect(df.stages.map((s) => s.dependsOn)).toEqual([[], [], ['Builder', '1']])
    expect(df.instructions.map((i) => i.stage)).toEqual([0, 0, 1, 2, 2, 2, 2, 2, 2])
    expect(df.slice(df.stages[2].from.imageSpan)).toBe('quay.io/astronomer/astro-runtime:12.1.0')
    expect(stagesInFinalImage(df)).toEqual([0, 1, 2])
  })

  it('follows FROM <earlier stage> and leaves unused stages out of the final image', () => {
    const text = [
      'FROM python:3.12 AS base',
      'FROM base AS tests',
      'FROM alpine AS unused',
      'FROM base AS deps',
      'RUN --mount=from=tests,target=/t true',
      'FROM deps',
    ].join('\n')
    const df = parse(text)
    expect(df.stages.map((s) => s.dependsOn)).toEqual([[], ['base'], [], ['base', 'tests'], ['deps']])
    expect(stagesInFinalImage(df)).toEqual([0, 1, 3, 4])
  })

  it('does not count references to the same or later stages', () => {
    const df = parse('FROM a AS one\nCOPY --from=two /x /x\nCOPY --from=0 /y /y\nFROM b AS two\n')
    expect(df.stages.map((s) => s.dependsOn)).toEqual([[], []])
    expect(stagesInFinalImage(df)).toEqual([1])
  })

  it('returns no stages for a file without FROM', () => {
    expect(stagesInFinalImage(parse('ARG A=1\n'))).toEqual([])
  })

  it('reports duplicate and invalid stage names and FROM lines of the wrong shape', () => {
    const df = parse('FROM a AS x\nFROM b AS X\nFROM c AS 1bad\nFROM d e\nFROM\nFROM e AS\n')
    expect(messages(df)).toEqual([
      "Duplicate stage name 'X'",
      "Invalid stage name '1bad'",
      'FROM takes an image and optionally AS <name>',
      'FROM requires an image',
      'FROM takes an image and optionally AS <name>',
    ])
    expect(df.stages.map((s) => s.from.image)).toEqual(['a', 'b', 'c', 'd', '', 'e'])
    expect(df.slice(df.problems[0].span)).toBe('X')
    expect(df.slice(df.problems[3].span)).toBe('FROM')
  })
})

describe('parseDockerfile: global ARGs in FROM', () => {
  it('resolves FROM images from global ARG defaults', () => {
    const text = [
      'ARG RUNTIME_IMAGE=quay.io/astronomer/astro-runtime:12.1.0',
      'ARG REGISTRY=quay.io',
      'ARG TAG=13.0.0',
      'ARG VARIANT=${TAG}-python-3.12',
      'ARG NO_DEFAULT',
      'FROM ${RUNTIME_IMAGE}',
      'FROM $REGISTRY/astronomer/astro-runtime:${VARIANT}',
      'FROM quay.io/astronomer/astro-runtime:${PINNED:-11.0.0}',
      'FROM ${NO_DEFAULT}/x:${MISSING}',
      'ARG STAGE_ONLY=1',
      'FROM x:${STAGE_ONLY}',
    ].join('\n')
    const df = parse(text)
    expect(df.problems).toEqual([])
    expect(df.stages.map((s) => [s.from.image, s.from.resolvedImage, s.from.unresolved])).toEqual([
      ['${RUNTIME_IMAGE}', 'quay.io/astronomer/astro-runtime:12.1.0', []],
      ['$REGISTRY/astronomer/astro-runtime:${VARIANT}', 'quay.io/astronomer/astro-runtime:13.0.0-python-3.12', []],
      ['quay.io/astronomer/astro-runtime:${PINNED:-11.0.0}', 'quay.io/astronomer/astro-runtime:11.0.0', []],
      ['${NO_DEFAULT}/x:${MISSING}', '/x:', ['NO_DEFAULT', 'MISSING']],
      // ARGs after the first FROM are stage-scoped: FROM cannot see them.
      ['x:${STAGE_ONLY}', 'x:', ['STAGE_ONLY']],
    ])
    expect(df.globalArgs.map((a) => a.key)).toEqual(['RUNTIME_IMAGE', 'REGISTRY', 'TAG', 'VARIANT', 'NO_DEFAULT'])
    expect(df.slice(df.stages[0].from.imageSpan)).toBe('${RUNTIME_IMAGE}')
  })

  it('reports a FROM image that resolves to nothing', () => {
    const df = parse('ARG IMAGE\nFROM ${IMAGE}\n')
    expect(messages(df)).toEqual(["FROM image '${IMAGE}' resolves to an empty name"])
    expect(df.stages[0].from.unresolved).toEqual(['IMAGE'])
  })

  it('resolves COPY --from through a global ARG', () => {
    const df = parse('ARG BUILDER=build\nFROM a AS build\nFROM b\nCOPY --from=${BUILDER} /x /x\n')
    expect(df.stages[1].dependsOn).toEqual(['build'])
  })
})

describe('parseDockerfile: problems', () => {
  it('reports an unknown instruction and goes on', () => {
    const df = parse('FROM base\nRUNN make\nUSER x\n')
    expect(messages(df)).toEqual(["Unknown instruction 'RUNN'"])
    expect(df.slice(df.problems[0].span)).toBe('RUNN')
    expect(df.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUNN', 'USER'])
  })

  it('reports instructions before the first FROM', () => {
    const df = parse('ENV A=1\nARG B\nFROM base\n')
    expect(messages(df)).toEqual(['ENV before the first FROM'])
    expect(df.instructions.map((i) => i.stage)).toEqual([-1, -1, 0])
    expect(df.globalArgs.map((a) => a.key)).toEqual(['B'])
  })

  it('reports a line continuation at the end of the file', () => {
    const text = 'FROM base\nRUN make \\\n'
    const df = parse(text)
    expect(messages(df)).toEqual(["Line continuation '\\' at the end of the file"])
    expect(df.problems[0].span).toEqual({ start: text.length - 2, end: text.length - 1 })
    expect(df.instructions[1].args).toBe('make')
  })

  it('reports a continuation followed only by comments and blank lines', () => {
    const df = parse('FROM base\nRUN make \\\n# trailing\n\n')
    expect(messages(df)).toEqual(["Line continuation '\\' at the end of the file"])
    expect(df.instructions[1].args).toBe('make')
  })
})

describe('substituteVariables', () => {
  const variables = new Map([
    ['TAG', '13.0.0'],
    ['EMPTY', ''],
    ['IMAGE', 'quay.io/astronomer/astro-runtime'],
  ])

  it.each([
    ['$IMAGE:$TAG', 'quay.io/astronomer/astro-runtime:13.0.0', []],
    ['${IMAGE}:${TAG}-base', 'quay.io/astronomer/astro-runtime:13.0.0-base', []],
    ['${MISSING:-default}', 'default', []],
    ['${EMPTY:-default}', 'default', []],
    ['${EMPTY-default}', '', []],
    ['${MISSING-default}', 'default', []],
    ['${TAG:+set}', 'set', []],
    ['${EMPTY:+set}', '', []],
    ['${EMPTY+set}', 'set', []],
    ['${MISSING+set}', '', ['MISSING']],
    ['${MISSING:-${TAG}}', '13.0.0', []],
    ['${TAG:-${MISSING}}', '13.0.0', []],
    ['${MISSING:-${ALSO_MISSING}}', '', ['ALSO_MISSING']],
    ['$MISSING/$MISSING/${OTHER}', '//', ['MISSING', 'OTHER']],
    ['${TAG:?required}', '13.0.0', []],
    ['${MISSING?required}', '', ['MISSING']],
    ['cost: $5 and $ and \\$TAG', 'cost: $5 and $ and $TAG', []],
    ['${}', '${}', []],
    ['${TAG', '${TAG', []],
    ['${MISSING:-open', '${MISSING:-open', []],
    ['${1abc}', '${1abc}', []],
    ['plain', 'plain', []],
  ])('%s → %s', (text, value, unresolved) => {
    expect(substituteVariables(text, variables)).toEqual({ value, unresolved })
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

describe('parseDockerfile: pathological input', () => {
  it('parses a very long line', () => {
    const text = `FROM base\nRUN echo ${'a'.repeat(1_000_000)}\nENV K=${'"x '.repeat(100_000)}\n`
    const df = parseDockerfile(text)
    expect(df.instructions).toHaveLength(3)
    expect(df.instructions[1].args).toHaveLength(1_000_005)
  })

  it('parses many flags, words and variables on one line without slowing down', () => {
    const flags = '--a=1 '.repeat(50_000)
    const text = `FROM base\nRUN ${flags}x\nENV A=1 ${'b '.repeat(50_000)}\nFROM ${'$V'.repeat(50_000)}\n`
    const df = parseDockerfile(text)
    expect(df.instructions[1].flags).toHaveLength(50_000)
    expect(df.instructions[2].pairs).toHaveLength(1)
    expect(df.stages[1].from.unresolved).toEqual(['V'])
  })

  it('survives deeply nested substitutions', () => {
    const nested = `${'${A:-'.repeat(10_000)}x${'}'.repeat(10_000)}`
    expect(substituteVariables(nested, new Map()).value.length).toBeGreaterThan(0)
    expect(parseDockerfile(`FROM ${nested}\n`).stages).toHaveLength(1)
  })

  it('survives unterminated quotes, heredocs and a lone backslash at EOF', () => {
    for (const text of [
      'FROM base\nENV A="unterminated\nRUN echo \'open',
      'FROM base\nRUN <<EOF <<EOT\nbody',
      'FROM base\nRUN <<EOF',
      '\\',
      'FROM base\nRUN x \\',
      '# escape=`\n`',
      'FROM base\nLABEL "a=b',
      '\n\n\n',
      '',
    ]) {
      const df = parseDockerfile(text)
      expectSpansInside(df, text.length)
    }
    expect(messages(parseDockerfile('\\'))).toEqual(["Line continuation '\\' at the end of the file"])
    expect(parseDockerfile('\\').instructions).toEqual([])
  })

  it('never throws and keeps spans inside the text on random input', () => {
    const next = random(20240601)
    const alphabet = ['FROM ', 'RUN ', 'ENV ', 'ARG ', 'COPY ', 'as ', '--from=', '=', '"', "'", '\\', '`', '\n', '\r',
      ' ', '\t', '#', '<<', '-', 'EOF', '$', '{', '}', ':-', 'a', '0', '[', ']', ',']
    for (let round = 0; round < 2_000; round++) {
      const parts: string[] = []
      const length = Math.floor(next() * 60)
      for (let index = 0; index < length; index++) parts.push(alphabet[Math.floor(next() * alphabet.length)])
      const text = parts.join('')
      const dockerfile = parseDockerfile(text)
      expectSpansInside(dockerfile, text.length)
      expect(stagesInFinalImage(dockerfile).length).toBeLessThanOrEqual(dockerfile.stages.length)
    }
  })
})
