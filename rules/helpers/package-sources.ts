import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import type { RequirementOption } from '../../src/parsers/requirements.js'
import { pipInstalls } from './pip-command.js'
import { ownedFiles } from './requirements-files.js'
import { hostName } from './url-host.js'
import { dockerRunCommands } from './shell-commands.js'

/**
 * Every pip option that says where packages come from or how they are trusted (`--index-url`,
 * `--extra-index-url`, `--find-links`, `--trusted-host`, `--pre`), wherever it is written: in a requirements file
 * (and the files it includes) or in a Dockerfile `RUN pip install`. The package-source rules share this view.
 */
export interface PipSourceOption {
  file: ScannedFile
  /** Canonical long name. */
  name: string
  value: string | undefined
  /** The whole option as written. */
  span: Span
  /** The value as written, when it can be located. */
  valueSpan: Span | undefined
  /** `file.text.slice(valueSpan)` is exactly `value`, so offsets inside the value are exact too. */
  exact: boolean
  /** The value contains a variable expansion (`${PIP_INDEX}`, `$TOKEN`). */
  dynamic: boolean
  where: 'requirements' | 'dockerfile'
}

const SOURCE_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links', '--trusted-host', '--pre', '--prerelease'])

function fromRequirements(file: ScannedFile, option: RequirementOption, out: PipSourceOption[]): void {
  if (!SOURCE_OPTIONS.has(option.name)) return
  const value = option.value
  out.push({
    file,
    name: option.name,
    value,
    span: option.span,
    valueSpan: option.valueSpan,
    exact: value !== undefined && option.valueSpan !== undefined && file.text.slice(option.valueSpan.start, option.valueSpan.end) === value,
    dynamic: value?.includes('$') ?? false,
    where: 'requirements',
  })
}

const cache = new WeakMap<ScannedFile, PipSourceOption[]>()

export function pipSourceOptions(
  file: ScannedFile,
  getFile: (path: string) => ScannedFile | undefined,
): PipSourceOption[] {
  const cached = cache.get(file)
  if (cached) return cached
  const out: PipSourceOption[] = []
  cache.set(file, out)
  if (file.kind === 'requirements') {
    for (const node of ownedFiles(file, getFile)) {
      for (const line of node.file.requirements().lines) {
        if (line.kind === 'option') fromRequirements(node.file, line.option, out)
        else if (line.kind === 'requirement') for (const option of line.options) fromRequirements(node.file, option, out)
      }
    }
    return out
  }
  for (const { commands } of dockerRunCommands(file)) {
    for (const install of pipInstalls(commands)) {
      for (const option of install.options) {
        if (!SOURCE_OPTIONS.has(option.name)) continue
        if (option.name === '--prerelease' && option.value !== 'allow') continue
        const valueSpan = option.valueSpan
        out.push({
          file,
          name: option.name === '--prerelease' ? '--pre' : option.name,
          value: option.name === '--prerelease' ? undefined : option.value,
          span: { start: option.word.start, end: valueSpan ? Math.max(valueSpan.end, option.word.end) : option.word.end },
          valueSpan,
          exact: option.value !== undefined && valueSpan !== undefined && file.text.slice(valueSpan.start, valueSpan.end) === option.value,
          dynamic: option.valueDynamic,
          where: 'dockerfile',
        })
      }
    }
  }
  return out
}

/** `http://` and not a loopback address (a local mirror's traffic never leaves the machine). */
export function isPlainHttp(url: string): boolean {
  if (!/^http:\/\//i.test(url)) return false
  const host = hostName(url)
  return !(host === 'localhost' || host.startsWith('127.') || host === '[::1]')
}
