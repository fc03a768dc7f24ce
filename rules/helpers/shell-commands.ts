import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { DockerInstruction } from '../../src/parsers/dockerfile.js'

/**
 * A small POSIX shell word splitter for Dockerfile `RUN` commands: enough to find which commands run with which
 * arguments (`pip install`, `apt-get install`, `curl … | sh`), with every word located in the file. It is a
 * single left-to-right pass with no backtracking; what it cannot know (expansions) it marks `dynamic`.
 */

export interface ShellWord {
  /** The word with quotes removed and escapes applied (expansions are kept as written). */
  value: string
  /** File offsets of the word as written (quotes included). */
  start: number
  end: number
  /** Contains `$…`, `$(…)`, `${…}` or backquotes: its runtime value is unknown. */
  dynamic: boolean
  /** The word as written. */
  raw: string
}

export type ShellOperator = '|' | '&&' | '||' | ';' | '&' | ''

export interface ShellCommand {
  words: ShellWord[]
  /** The operator after the command (`|` means its output feeds the next command). */
  next: ShellOperator
}

interface Options {
  /** The Dockerfile escape character: with `dockerContinuations`, escape + newline joins lines. */
  escape: string
  /** RUN text as written: Docker removes continuations and the comment lines inside them before the shell runs. */
  dockerContinuations: boolean
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\v'
}

/** Splits `text[start, end)` into simple commands. Never throws; unbalanced quotes end at `end`. */
export function parseShell(text: string, start: number, end: number, options: Options): ShellCommand[] {
  const commands: ShellCommand[] = []
  let words: ShellWord[] = []
  let skipNextWord = false
  let index = start

  /** If a Docker line continuation starts at `at`, the offset after it (and after any comment lines); else -1. */
  const continuation = (at: number): number => {
    if (!options.dockerContinuations || text[at] !== options.escape) return -1
    let next = at + 1
    while (next < end && isBlank(text[next])) next++
    if (next < end && text[next] !== '\n') return -1
    next++
    // Comment lines and empty lines inside a continuation are dropped by Docker.
    for (;;) {
      let first = next
      while (first < end && isBlank(text[first])) first++
      if (first < end && text[first] === '#') {
        const newline = text.indexOf('\n', first)
        next = newline === -1 || newline >= end ? end : newline + 1
      } else if (first < end && text[first] === '\n') {
        next = first + 1
      } else {
        return next
      }
    }
  }

  const endCommand = (operator: ShellOperator): void => {
    skipNextWord = false
    if (words.length > 0) commands.push({ words, next: operator })
    else if (operator === '|' && commands.length > 0) commands[commands.length - 1].next = '|'
    words = []
  }

  /** Skips a balanced `(…)`/`{…}` group starting at `at` (the opening character); returns the offset after it. */
  const skipGroup = (at: number, open: string, close: string): number => {
    let depth = 0
    let position = at
    while (position < end) {
      const char = text[position]
      if (char === '\\') {
        position += 2
        continue
      }
      if (char === "'") {
        const quote = text.indexOf("'", position + 1)
        position = quote === -1 || quote >= end ? end : quote + 1
        continue
      }
      if (char === open) depth++
      else if (char === close) {
        depth--
        if (depth === 0) return position + 1
      }
      position++
    }
    return end
  }

  /** Reads one word from `index`; returns it with the offset after it. */
  const readWord = (): ShellWord => {
    const wordStart = index
    let value = ''
    let dynamic = false
    while (index < end) {
      const char = text[index]
      const joined = continuation(index)
      if (joined !== -1) {
        index = joined
        continue
      }
      if (isBlank(char) || char === '\n' || ';&|()<>'.includes(char)) {
        // `<(` / `>(` inside a word is process substitution, part of the word.
        if ((char === '<' || char === '>') && text[index + 1] === '(' && index === wordStart) {
          index = skipGroup(index + 1, '(', ')')
          value += text.slice(wordStart, index)
          dynamic = true
          continue
        }
        break
      }
      if (char === '\\') {
        if (text[index + 1] === '\n') index += 2
        else {
          if (index + 1 < end) value += text[index + 1]
          index += 2
        }
        continue
      }
      if (char === "'") {
        const close = text.indexOf("'", index + 1)
        const stop = close === -1 || close >= end ? end : close
        value += text.slice(index + 1, stop)
        index = stop + 1
        continue
      }
      if (char === '"') {
        index++
        while (index < end && text[index] !== '"') {
          const inner = text[index]
          const joinedInner = continuation(index)
          if (joinedInner !== -1) {
            index = joinedInner
            continue
          }
          if (inner === '\\' && index + 1 < end && '$`"\\\n'.includes(text[index + 1])) {
            if (text[index + 1] !== '\n') value += text[index + 1]
            index += 2
          } else if (inner === '$' || inner === '`') {
            dynamic = true
            const from = index
            index = inner === '`' ? skipBackquote(index) : skipExpansion(index)
            value += text.slice(from, index)
          } else {
            value += inner
            index++
          }
        }
        index++
        continue
      }
      if (char === '$' || char === '`') {
        dynamic = true
        const from = index
        index = char === '`' ? skipBackquote(index) : skipExpansion(index)
        value += text.slice(from, index)
        continue
      }
      value += char
      index++
    }
    index = Math.min(index, end)
    return { value, start: wordStart, end: index, dynamic, raw: text.slice(wordStart, index) }
  }

  const skipBackquote = (at: number): number => {
    let position = at + 1
    while (position < end && text[position] !== '`') position += text[position] === '\\' ? 2 : 1
    return Math.min(position + 1, end)
  }

  /** `$(…)`, `$((…))`, `${…}`, `$NAME`, `$1`, `$?`: the offset after the expansion starting at `at`. */
  const skipExpansion = (at: number): number => {
    const next = text[at + 1]
    if (next === '(') return skipGroup(at + 1, '(', ')')
    if (next === '{') return skipGroup(at + 1, '{', '}')
    let position = at + 1
    if (position < end && /[0-9?#$!*@-]/.test(text[position])) return position + 1
    while (position < end && /[A-Za-z0-9_]/.test(text[position])) position++
    return position
  }

  while (index < end) {
    const char = text[index]
    const joined = continuation(index)
    if (joined !== -1) {
      index = joined
      continue
    }
    if (isBlank(char)) {
      index++
      continue
    }
    if (char === '\n') {
      endCommand(';')
      index++
      continue
    }
    if (char === '\\' && text[index + 1] === '\n') {
      index += 2 // the shell's own line continuation (heredoc scripts, exec-form scripts)
      continue
    }
    if (char === '#') {
      const newline = text.indexOf('\n', index)
      index = newline === -1 || newline >= end ? end : newline
      continue
    }
    const two = text.slice(index, index + 2)
    if (two === '&&' || two === '||') {
      endCommand(two)
      index += 2
      continue
    }
    if (char === '|') {
      endCommand('|')
      index += text[index + 1] === '&' ? 2 : 1
      continue
    }
    if (char === ';' || char === '(' || char === ')') {
      endCommand(';')
      index += two === ';;' ? 2 : 1
      continue
    }
    if (char === '&' && text[index + 1] !== '>') {
      endCommand('&')
      index++
      continue
    }
    // Redirections: `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `&>`, `2>`, ...; the word after them is a target.
    let digits = index
    while (digits < end && text[digits] >= '0' && text[digits] <= '9') digits++
    const redirect = text[digits]
    if ((redirect === '<' || redirect === '>' || (char === '&' && text[index + 1] === '>')) && text[digits + 1] !== '(') {
      index = digits
      while (index < end && '<>&-|'.includes(text[index])) index++
      // `2>&1`: the target follows at once; `<<EOF`, `> file`: a word follows, maybe after blanks.
      skipNextWord = true
      continue
    }
    const word = readWord()
    if (word.end === word.start) {
      index++ // a lone character no rule above consumed: never loop in place
      continue
    }
    if (skipNextWord) {
      skipNextWord = false
      continue
    }
    words.push(word)
  }
  endCommand('')
  return commands
}

/** The commands a RUN instruction runs: its shell-form text, or its exec form, plus heredoc scripts fed to a shell. */
export function runCommands(instruction: DockerInstruction, text: string, escape: string): ShellCommand[] {
  const { argsSpan } = instruction
  const args = instruction.args.trim()
  const commands: ShellCommand[] = []
  if (args.startsWith('[')) {
    const exec = execForm(args)
    if (exec) {
      // Exec form: the words are JSON strings; locate them all at the arguments (offsets inside JSON are not kept).
      const at = (value: string): ShellWord => ({ value, start: argsSpan.start, end: argsSpan.end, dynamic: false, raw: value })
      if (exec.length >= 3 && SHELLS.has(basename(exec[0])) && exec[1] === '-c') {
        for (const command of parseShell(exec[2], 0, exec[2].length, { escape, dockerContinuations: false })) {
          commands.push({ next: command.next, words: command.words.map((word) => ({ ...at(word.value), dynamic: word.dynamic, raw: word.raw })) })
        }
      } else {
        commands.push({ words: exec.map(at), next: '' })
      }
      return commands
    }
  }
  const shellForm = parseShell(text, argsSpan.start, argsSpan.end, { escape, dockerContinuations: true })
  commands.push(...shellForm)
  if (instruction.heredocs.length > 0) {
    // `RUN <<EOF` runs the body as a script; so does `RUN bash <<EOF` (or sh, with options). Other programs
    // (`python3 <<EOF`) read it as their own input.
    const first = shellForm[0]?.words ?? []
    const program = first.length === 0 ? '' : basename(first[0].value)
    if (program === '' || (SHELLS.has(program) && first.slice(1).every((word) => word.value.startsWith('-')))) {
      for (const heredoc of instruction.heredocs) {
        commands.push(...parseShell(text, heredoc.bodySpan.start, heredoc.bodySpan.end, { escape: '\\', dockerContinuations: false }))
      }
    }
  }
  return commands
}

function execForm(args: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(args)
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? (parsed as string[]) : undefined
  } catch {
    return undefined
  }
}

export const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh'])

export function basename(value: string): string {
  const slash = value.lastIndexOf('/')
  return slash === -1 ? value : value.slice(slash + 1)
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}'])
const WRAPPERS = new Set(['sudo', 'env', 'nice', 'nohup', 'time', 'exec', 'command', 'timeout', 'stdbuf'])
/** Wrapper options that take a separate value (`sudo -u astro`, `nice -n 10`, `env -u NAME`). */
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-R', '-T', '-U']),
  env: new Set(['-u', '-C', '-S']),
  nice: new Set(['-n']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '-k']),
}
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/

/**
 * Index of the word that names the program a command runs, past variable assignments, reserved words and
 * wrappers (`sudo`, `env`, `nice`, ...); -1 when there is none or the command is a `for`/`case` header.
 */
export function programIndex(words: readonly ShellWord[]): number {
  let index = 0
  let inWrapper: string | undefined
  while (index < words.length) {
    const value = words[index].value
    if (index === 0 && (value === 'for' || value === 'case' || value === 'function' || value === 'select')) return -1
    if (RESERVED.has(value) || ASSIGNMENT.test(value)) {
      index++
      continue
    }
    if (inWrapper && value.startsWith('-')) {
      index += WRAPPER_VALUE_OPTIONS[inWrapper]?.has(value) ? 2 : 1
      continue
    }
    if (inWrapper === 'timeout' && /^[0-9.]+[smhd]?$/.test(value)) {
      inWrapper = undefined
      index++
      continue
    }
    if (WRAPPERS.has(basename(value))) {
      inWrapper = basename(value)
      index++
      continue
    }
    return index
  }
  return -1
}

/** The pipelines of a command list: runs of commands joined by `|`. */
export function pipelines(commands: readonly ShellCommand[]): ShellCommand[][] {
  const result: ShellCommand[][] = []
  let current: ShellCommand[] = []
  for (const command of commands) {
    current.push(command)
    if (command.next !== '|') {
      result.push(current)
      current = []
    }
  }
  if (current.length > 0) result.push(current)
  return result
}

export interface RunCommands {
  instruction: DockerInstruction
  commands: ShellCommand[]
}

const runCache = new WeakMap<ScannedFile, RunCommands[]>()

/** Every RUN instruction of a Dockerfile with its commands, split once per file and shared by the rules. */
export function dockerRunCommands(file: ScannedFile): RunCommands[] {
  const cached = runCache.get(file)
  if (cached) return cached
  const dockerfile = file.dockerfile()
  const result: RunCommands[] = []
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === 'RUN') {
      result.push({ instruction, commands: runCommands(instruction, file.text, dockerfile.escapeChar) })
    }
  }
  runCache.set(file, result)
  return result
}
