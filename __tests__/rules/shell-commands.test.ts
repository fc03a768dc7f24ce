import { describe, expect, it } from 'vitest'
import { pipInstall } from '../../rules/helpers/pip-command.js'
import { parseShell, pipelines, programIndex } from '../../rules/helpers/shell-commands.js'

const docker = { escape: '\\', dockerContinuations: true }

function words(text: string, options = docker): string[][] {
  return parseShell(text, 0, text.length, options).map((command) => command.words.map((word) => word.value))
}

describe('parseShell', () => {
  it('splits commands at operators and newlines, and keeps the pipe', () => {
    const text = 'a x && b "y z" || c; d | e & f\ng'
    const commands = parseShell(text, 0, text.length, docker)
    expect(commands.map((command) => [command.words.map((word) => word.value), command.next])).toEqual([
      [['a', 'x'], '&&'],
      [['b', 'y z'], '||'],
      [['c'], ';'],
      [['d'], '|'],
      [['e'], '&'],
      [['f'], ';'],
      [['g'], ''],
    ])
  })

  it('joins Docker continuations and drops the comment lines inside them, keeping file offsets', () => {
    const text = 'pip install \\\n  # a comment\n\n  pandas==2.2.3'
    const [command] = parseShell(text, 0, text.length, docker)
    expect(command.words.map((word) => word.value)).toEqual(['pip', 'install', 'pandas==2.2.3'])
    const last = command.words[2]
    expect(text.slice(last.start, last.end)).toBe('pandas==2.2.3')
  })

  it('removes quotes, applies escapes, and marks expansions as dynamic', () => {
    const text = `echo 'a b' "c\\"d" e\\ f $HOME "\${X:-y}" $(date) \`id\``
    const [command] = parseShell(text, 0, text.length, docker)
    expect(command.words.map((word) => [word.value, word.dynamic])).toEqual([
      ['echo', false],
      ['a b', false],
      ['c"d', false],
      ['e f', false],
      ['$HOME', true],
      ['${X:-y}', true],
      ['$(date)', true],
      ['`id`', true],
    ])
  })

  it('drops redirections and their targets, and comments', () => {
    expect(words('pip install x 2>&1 > /tmp/log # trailing comment\ncat <<EOF')).toEqual([['pip', 'install', 'x'], ['cat']])
  })

  it('keeps command and process substitutions whole, even with operators inside', () => {
    expect(words('sh -c "$(curl -fsSL https://x | tr a b)" && bash <(wget -qO- https://y)')).toEqual([
      ['sh', '-c', '$(curl -fsSL https://x | tr a b)'],
      ['bash', '<(wget -qO- https://y)'],
    ])
  })

  it('never loops on stray or unbalanced input', () => {
    for (const text of ['"unterminated', "'open", '$(never closed', '`tick', '\\', '((((', '>>>', '&', '|||']) {
      expect(Array.isArray(parseShell(text, 0, text.length, docker))).toBe(true)
    }
  })

  it('groups pipelines and finds the program past wrappers and assignments', () => {
    const text = 'curl -s x | tr a b | sudo -u root env A=1 bash -s; ls'
    const commands = parseShell(text, 0, text.length, docker)
    expect(pipelines(commands).map((pipeline) => pipeline.length)).toEqual([3, 1])
    const shell = commands[2]
    expect(shell.words[programIndex(shell.words)].value).toBe('bash')
  })
})

describe('pipInstall', () => {
  const install = (text: string) => {
    const [command] = parseShell(text, 0, text.length, docker)
    const found = pipInstall(command)
    return found && { targets: found.targets.map((word) => word.value), options: found.options.map((option) => [option.name, option.value ?? null]) }
  }

  it('recognises pip, pip3.11, python -m pip and uv pip', () => {
    expect(install('pip install a')?.targets).toEqual(['a'])
    expect(install('/usr/local/bin/pip3.11 install a')?.targets).toEqual(['a'])
    expect(install('python3 -u -m pip install a')?.targets).toEqual(['a'])
    expect(install('uv pip install --system a')?.targets).toEqual(['a'])
    expect(install('pip download a')).toBeUndefined()
    expect(install('python3 script.py -m pip install a')).toBeUndefined()
  })

  it('canonicalises options, values inline or separate, and short clusters', () => {
    expect(install('pip --timeout 60 install -qU -i https://a --extra-index-url=https://b -rreq.txt --trusted-host h x')).toEqual({
      targets: ['x'],
      options: [
        ['--timeout', '60'],
        ['-q', null],
        ['-U', null],
        ['--index-url', 'https://a'],
        ['--extra-index-url', 'https://b'],
        ['--requirement', 'req.txt'],
        ['--trusted-host', 'h'],
      ],
    })
    expect(install('uv pip install --index https://c --allow-insecure-host h y')?.options).toEqual([
      ['--extra-index-url', 'https://c'],
      ['--trusted-host', 'h'],
    ])
  })
})
