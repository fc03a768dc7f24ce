import type { Span } from '../../src/engine/source-text.js'
import { basename, programIndex, type ShellCommand, type ShellWord } from './shell-commands.js'

/**
 * `pip install` (and `pip3`, `python -m pip`, `uv pip install`) in a RUN command: what it installs and with which
 * options. Option names are canonicalised to pip's long names so rules share one vocabulary with requirements files.
 */

export interface PipOption {
  /** Canonical long name: `--index-url`, `--extra-index-url`, `--trusted-host`, `--find-links`, `--pre`, ... */
  name: string
  word: ShellWord
  /** The value (unquoted), for options that take one. */
  value: string | undefined
  /** Where the value is written; the whole option word when it cannot be located exactly. */
  valueSpan: Span | undefined
  valueDynamic: boolean
}

export interface PipInstall {
  /** Requirement specifiers, URLs and paths given as arguments. */
  targets: ShellWord[]
  options: PipOption[]
  /** The command's words from the program on, for spans. */
  words: ShellWord[]
}

/** Long options (pip and uv) that take a value; the others are flags. */
const VALUE_OPTIONS = new Set([
  '--requirement',
  '--constraint',
  '--editable',
  '--target',
  '--platform',
  '--python-version',
  '--python-platform',
  '--implementation',
  '--abi',
  '--root',
  '--prefix',
  '--src',
  '--upgrade-strategy',
  '--config-settings',
  '--config-setting',
  '--global-option',
  '--install-option',
  '--no-binary',
  '--only-binary',
  '--progress-bar',
  '--report',
  '--index-url',
  '--extra-index-url',
  '--index',
  '--default-index',
  '--find-links',
  '--trusted-host',
  '--allow-insecure-host',
  '--cache-dir',
  '--log',
  '--log-file',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--python',
  '--use-feature',
  '--use-deprecated',
  '--root-user-action',
  '--keyring-provider',
  '--group',
  '--override',
  '--build-constraint',
  '--build-constraints',
  '--extra',
  '--index-strategy',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--link-mode',
  '--reinstall-package',
  '--upgrade-package',
  '--no-build-package',
  '--config-file',
  '--directory',
  '--project',
  '--color',
  '--resume-retries',
  '--torch-backend',
])

/** Short options that take a value, and their long names. */
const SHORT_VALUE_OPTIONS: Record<string, string> = {
  r: '--requirement',
  c: '--constraint',
  e: '--editable',
  i: '--index-url',
  f: '--find-links',
  t: '--target',
  C: '--config-settings',
  p: '--python',
  P: '--upgrade-package',
}

/** uv's spellings of pip's options. */
const ALIASES: Record<string, string> = {
  '--index': '--extra-index-url',
  '--default-index': '--index-url',
  '--allow-insecure-host': '--trusted-host',
  '--config-setting': '--config-settings',
  '--build-constraints': '--build-constraint',
}

/** Where `[pip, install, ...]` starts in a command (`pip3.11`, `/usr/bin/pip`, `python3 -m pip`, `uv pip`). */
function pipArguments(words: readonly ShellWord[], program: number): number {
  const name = basename(words[program].value)
  if (/^pip[0-9.]*$/.test(name)) return program + 1
  if (name === 'uv' && words[program + 1]?.value === 'pip') return program + 2
  if (/^python[0-9.]*$/.test(name)) {
    for (let index = program + 1; index < words.length; index++) {
      const value = words[index].value
      if (value === '-m') return words[index + 1]?.value === 'pip' ? index + 2 : -1
      if (value === '-mpip') return index + 1
      if (value === '-X' || value === '-W') index++
      else if (!value.startsWith('-')) return -1
    }
  }
  return -1
}

function option(word: ShellWord, name: string, value: ShellWord | string | undefined, valueOffset?: number): PipOption {
  if (value === undefined) return { name, word, value: undefined, valueSpan: undefined, valueDynamic: false }
  if (typeof value !== 'string') {
    return { name, word, value: value.value, valueSpan: { start: value.start, end: value.end }, valueDynamic: value.dynamic }
  }
  // An inline value (`--index-url=URL`, `-iURL`) is located exactly when the word was written without quoting.
  const exact = word.raw === word.value && valueOffset !== undefined
  const valueSpan = exact ? { start: word.start + (valueOffset as number), end: word.end } : { start: word.start, end: word.end }
  return { name, word, value, valueSpan, valueDynamic: word.dynamic }
}

/** The `pip install` invocation of a command, if it is one. */
export function pipInstall(command: ShellCommand): PipInstall | undefined {
  const words = command.words
  const program = programIndex(words)
  if (program === -1) return undefined
  const start = pipArguments(words, program)
  if (start === -1) return undefined
  const options: PipOption[] = []
  const targets: ShellWord[] = []
  let subcommand: string | undefined
  let onlyArguments = false
  for (let index = start; index < words.length; index++) {
    const word = words[index]
    const value = word.value
    if (onlyArguments || !value.startsWith('-') || value === '-') {
      if (subcommand === undefined) {
        subcommand = value
        if (subcommand !== 'install') return undefined
      } else {
        targets.push(word)
      }
      continue
    }
    if (value === '--') {
      onlyArguments = true
      continue
    }
    if (value.startsWith('--')) {
      const equals = value.indexOf('=')
      const written = equals === -1 ? value : value.slice(0, equals)
      const name = ALIASES[written] ?? written
      if (equals !== -1) {
        options.push(option(word, name, value.slice(equals + 1), word.raw.indexOf('=') + 1))
      } else if (VALUE_OPTIONS.has(written) && index + 1 < words.length) {
        options.push(option(word, name, words[++index]))
      } else {
        options.push(option(word, name, undefined))
      }
      continue
    }
    // A cluster of short flags, possibly ending in one that takes a value (`-qU`, `-Ur requirements.txt`).
    for (let position = 1; position < value.length; position++) {
      const long = SHORT_VALUE_OPTIONS[value[position]]
      if (long === undefined) {
        options.push(option(word, `-${value[position]}`, undefined))
        continue
      }
      if (position + 1 < value.length) options.push(option(word, long, value.slice(position + 1), position + 1))
      else if (index + 1 < words.length) options.push(option(word, long, words[++index]))
      break
    }
  }
  if (subcommand !== 'install') return undefined
  return { targets, options, words: words.slice(program) }
}

/** Every `pip install` among commands. */
export function pipInstalls(commands: readonly ShellCommand[]): PipInstall[] {
  const result: PipInstall[] = []
  for (const command of commands) {
    const install = pipInstall(command)
    if (install) result.push(install)
  }
  return result
}
