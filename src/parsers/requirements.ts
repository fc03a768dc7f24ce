import type { ParseProblem, Span } from '../engine/source-text.js'
import { fileSpan, type JoinedSegments } from './joined-line.js'

export interface VersionSpecifier {
  /** `==`, `===`, `!=`, `<=`, `>=`, `<`, `>`, `~=` */
  operator: string
  version: string
  span: Span
}

/** A `--name value` / `--name=value` option on its own line or after a requirement. */
export interface RequirementOption {
  /** Canonical long name: `--index-url` for `-i`, `--extra-index-url`, `--trusted-host`, `--find-links` for `-f`, `--pre`, `--hash`, `--require-hashes`, `--no-binary`, `--only-binary`, ... */
  name: string
  value: string | undefined
  span: Span
  valueSpan: Span | undefined
}

export interface Requirement {
  kind: 'requirement'
  /** The whole logical line (continuations joined), without a trailing comment. */
  span: Span
  /** The project name as written; '' for a bare URL/path without `#egg=`. */
  name: string
  /** PEP 503 normalised name: lower case, runs of `-_.` folded to `-`. */
  normalizedName: string
  nameSpan: Span
  extras: string[]
  specifiers: VersionSpecifier[]
  /** Span covering all specifiers, when there are any. */
  specifierSpan: Span | undefined
  /** The environment marker after `;`, as written. */
  marker: string | undefined
  /**
   * `name @ url`, a bare URL, or a VCS URL (`git+https://...@ref#egg=name`), as written (`${VAR}` unexpanded). For a
   * local path requirement, the path as written, without trailing `[extras]`.
   */
  url: string | undefined
  urlSpan: Span | undefined
  /** `git`, `hg`, `svn` or `bzr` for VCS URLs. */
  vcs: string | undefined
  /** For VCS URLs: the ref after `@` (commit, tag or branch), if any. */
  vcsRef: string | undefined
  /** A local path requirement (`./pkg`, `/abs/pkg.whl`, `file:` URL). */
  isLocalPath: boolean
  editable: boolean
  /** `--hash=algo:digest` values attached to this requirement. */
  hashes: string[]
  /** Per-requirement options other than `--hash`. */
  options: RequirementOption[]
}

export interface OptionLine {
  kind: 'option'
  span: Span
  option: RequirementOption
}

export interface IncludeLine {
  kind: 'include'
  span: Span
  /** true for `-c`/`--constraint`, false for `-r`/`--requirement`. */
  constraint: boolean
  /** The path as written, relative to the including file's folder. */
  path: string
  pathSpan: Span
}

export type RequirementsLine = Requirement | OptionLine | IncludeLine

export interface RequirementsFile {
  lines: RequirementsLine[]
  problems: ParseProblem[]
}

/** Normalises a distribution name as pip does (PEP 503). */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

interface OptionSpec {
  takesValue: boolean
  /** Options pip scopes to the requirement on the same line (SUPPORTED_OPTIONS_REQ). */
  perRequirement: boolean
}

/** The options pip accepts in a requirements file (req_file.py SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ). */
const OPTIONS = new Map<string, OptionSpec>([
  ['--index-url', { takesValue: true, perRequirement: false }],
  ['--extra-index-url', { takesValue: true, perRequirement: false }],
  ['--no-index', { takesValue: false, perRequirement: false }],
  ['--constraint', { takesValue: true, perRequirement: false }],
  ['--requirement', { takesValue: true, perRequirement: false }],
  ['--editable', { takesValue: true, perRequirement: false }],
  ['--find-links', { takesValue: true, perRequirement: false }],
  ['--no-binary', { takesValue: true, perRequirement: false }],
  ['--only-binary', { takesValue: true, perRequirement: false }],
  ['--prefer-binary', { takesValue: false, perRequirement: false }],
  ['--require-hashes', { takesValue: false, perRequirement: false }],
  ['--pre', { takesValue: false, perRequirement: false }],
  ['--trusted-host', { takesValue: true, perRequirement: false }],
  ['--use-feature', { takesValue: true, perRequirement: false }],
  ['--global-option', { takesValue: true, perRequirement: true }],
  ['--install-option', { takesValue: true, perRequirement: true }], // removed in pip 23.1, still found in old files
  ['--hash', { takesValue: true, perRequirement: true }],
  ['--config-settings', { takesValue: true, perRequirement: true }],
])

const SHORT_OPTIONS = new Map([
  ['i', '--index-url'],
  ['c', '--constraint'],
  ['r', '--requirement'],
  ['e', '--editable'],
  ['f', '--find-links'],
])

/** pip's STRONG_HASHES: anything else on `--hash` is an error. */
const HASH_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512'])

const VCS_NAMES = new Set(['git', 'hg', 'svn', 'bzr'])

/** Schemes pip's `is_url` accepts: plain download schemes plus every VCS scheme. */
const URL_SCHEMES = new Set([
  'http',
  'https',
  'file',
  'ftp',
  'git',
  'git+http',
  'git+https',
  'git+ssh',
  'git+git',
  'git+file',
  'hg',
  'hg+file',
  'hg+http',
  'hg+https',
  'hg+ssh',
  'hg+static-http',
  'svn',
  'svn+ssh',
  'svn+http',
  'svn+https',
  'svn+svn',
  'svn+file',
  'bzr',
  'bzr+http',
  'bzr+https',
  'bzr+ssh',
  'bzr+sftp',
  'bzr+ftp',
  'bzr+lp',
  'bzr+file',
])

/** pip's archive extensions (wheels and sdists): a name ending in one is a file, not a project name. */
const ARCHIVE = /\.(?:whl|zip|tar|tgz|tbz|txz|tlz|tar\.(?:gz|bz2|xz|lz|lzma))$/i

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/

// PEP 440 versions as packaging's Specifier accepts them per operator. Every repetition is separated by a required
// delimiter, so matching is linear; the inputs are single whitespace-free tokens anyway.
const RELEASE = String.raw`v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*`
const PRE = String.raw`(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?`
const POST = String.raw`(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?`
const DEV = String.raw`(?:[-_.]?dev[-_.]?[0-9]*)?`
const LOCAL = String.raw`(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?`
const VERSION_EQUALITY = new RegExp(String.raw`^${RELEASE}(?:\.\*|${PRE}${POST}${DEV}${LOCAL})$`, 'i')
const VERSION_COMPATIBLE = new RegExp(String.raw`^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+${PRE}${POST}${DEV}$`, 'i')
const VERSION_ORDERED = new RegExp(`^${RELEASE}${PRE}${POST}${DEV}$`, 'i')

/** Python's `str.isspace` for the characters that occur in practice (ASCII whitespace, NBSP, Unicode spaces). */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true
  if (code < 0x85) return false
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

/** Characters of a PEP 508 name: letters, digits, `.`, `-`, `_`. */
function isNameChar(code: number): boolean {
  return isAlnum(code) || code === 46 || code === 45 || code === 95
}

/** `indexOf` bounded to `[start, end)`. */
function findIn(text: string, char: string, start: number, end: number): number {
  for (let index = start; index < end; index++) if (text[index] === char) return index
  return -1
}

function skipSpaces(text: string, index: number, end: number): number {
  while (index < end && isSpace(text.charCodeAt(index))) index++
  return index
}

function trimSpacesEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--
  return end
}

/**
 * One logical line: physical lines joined as pip's `join_lines` joins them, with a segment table mapping joined
 * offsets back to the file, so spans stay exact across continuations.
 */
type JoinedLine = JoinedSegments


/** A shell word of the options part (pip runs `shlex.split` on it), in joined offsets, with quotes removed. */
interface Token {
  value: string
  start: number
  end: number
}

/** POSIX `shlex.split`: blanks separate, quotes group, a backslash escapes outside single quotes. */
function shellSplit(text: string, start: number, end: number): { tokens: Token[]; error: string | undefined } {
  const tokens: Token[] = []
  let error: string | undefined
  let index = start
  while (index < end) {
    index = skipSpaces(text, index, end)
    if (index >= end) break
    const tokenStart = index
    const parts: string[] = []
    let run = index
    while (index < end && !isSpace(text.charCodeAt(index))) {
      const char = text[index]
      if (char === '\\') {
        parts.push(text.slice(run, index))
        if (index + 1 >= end) error ??= 'a backslash at the end of the options escapes nothing'
        else parts.push(text[index + 1])
        index += 2
        run = index
      } else if (char === "'" || char === '"') {
        parts.push(text.slice(run, index))
        index++
        run = index
        while (index < end && text[index] !== char) {
          if (char === '"' && text[index] === '\\' && (text[index + 1] === '"' || text[index + 1] === '\\')) {
            parts.push(text.slice(run, index), text[index + 1])
            index += 2
            run = index
          } else {
            index++
          }
        }
        parts.push(text.slice(run, Math.min(index, end)))
        if (index >= end) error ??= `no closing ${char} quote`
        index++
        run = index
      } else {
        index++
      }
    }
    index = Math.min(index, end)
    if (run < index) parts.push(text.slice(run, index))
    tokens.push({ value: parts.join(''), start: tokenStart, end: index })
  }
  return { tokens, error }
}

/** optparse matching: an exact long name, or an unambiguous prefix of one (`--extra-index` → `--extra-index-url`). */
function matchLongOption(name: string): string | undefined {
  if (OPTIONS.has(name)) return name
  let match: string | undefined
  for (const candidate of OPTIONS.keys()) {
    if (!candidate.startsWith(name)) continue
    if (match !== undefined) return undefined
    match = candidate
  }
  return match
}

/** An option in joined offsets; `toOption` maps it to the file. */
interface LineOption {
  name: string
  value: string | undefined
  start: number
  end: number
  valueStart: number
  valueEnd: number
}

function toOption(line: JoinedLine, option: LineOption): RequirementOption {
  return {
    name: option.name,
    value: option.value,
    span: fileSpan(line, option.start, option.end),
    valueSpan: option.value === undefined ? undefined : fileSpan(line, option.valueStart, option.valueEnd),
  }
}

/** Reads the options part of a line as pip's optparse parser would, canonicalising names. */
function parseOptions(line: JoinedLine, tokens: Token[], problems: ParseProblem[]): LineOption[] {
  const text = line.text
  const options: LineOption[] = []
  let onlyArguments = false
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]
    const value = token.value
    const tokenSpan = fileSpan(line, token.start, token.end)
    if (value === '--' && !onlyArguments) {
      onlyArguments = true
      continue
    }
    if (onlyArguments || !value.startsWith('-') || value === '-') {
      // Values are never quoted in messages: a stray token may be a credential that lost its option.
      problems.push({ message: 'Unexpected argument among the options (pip ignores it)', span: tokenSpan })
      continue
    }
    let name: string | undefined
    let inline: { value: string; start: number } | undefined
    if (value.startsWith('--')) {
      const equals = value.indexOf('=')
      const written = equals === -1 ? value : value.slice(0, equals)
      name = matchLongOption(written)
      if (name === undefined) {
        problems.push({ message: `Unknown option '${written}'`, span: tokenSpan })
        continue
      }
      if (equals !== -1) {
        const rawEquals = findIn(text, '=', token.start, token.end)
        const valueStart = rawEquals === -1 ? token.end : rawEquals + 1
        inline = { value: value.slice(equals + 1), start: valueStart }
      }
    } else {
      name = SHORT_OPTIONS.get(value[1])
      if (name === undefined) {
        problems.push({ message: `Unknown option '${value.slice(0, 2)}'`, span: tokenSpan })
        continue
      }
      if (value.length > 2) inline = { value: value.slice(2), start: Math.min(token.start + 2, token.end) }
    }
    const spec = OPTIONS.get(name) as OptionSpec
    const option: LineOption = {
      name,
      value: undefined,
      start: token.start,
      end: token.end,
      valueStart: token.end,
      valueEnd: token.end,
    }
    if (!spec.takesValue) {
      if (inline) problems.push({ message: `Option ${name} does not take a value`, span: tokenSpan })
    } else if (inline) {
      option.value = inline.value
      option.valueStart = inline.start
      option.valueEnd = token.end
    } else if (index + 1 < tokens.length) {
      const next = tokens[++index]
      option.value = next.value
      option.valueStart = next.start
      option.valueEnd = next.end
      option.end = next.end
    } else {
      problems.push({ message: `Option ${name} requires a value`, span: tokenSpan })
      continue
    }
    options.push(option)
  }
  return options
}

/** What a requirement's text says, with offsets relative to that text. */
interface RequirementParts {
  name: string
  nameStart: number
  nameEnd: number
  extras: string[]
  specifiers: { operator: string; version: string; start: number; end: number }[]
  marker: string | undefined
  url: { value: string; start: number; end: number } | undefined
  vcs: string | undefined
  vcsRef: string | undefined
  isLocalPath: boolean
}

/** A complaint about a requirement's text, relative to that text. */
interface PartProblem {
  message: string
  start: number
  end: number
}

function emptyParts(): RequirementParts {
  return {
    name: '',
    nameStart: 0,
    nameEnd: 0,
    extras: [],
    specifiers: [],
    marker: undefined,
    url: undefined,
    vcs: undefined,
    vcsRef: undefined,
    isLocalPath: false,
  }
}

/** The scheme of a URL: a known one, or any followed by `//` (`s3://`), but never a drive letter (`C:\\`). */
function urlScheme(text: string): string | undefined {
  const match = SCHEME.exec(text)
  if (!match) return undefined
  const scheme = match[1].toLowerCase()
  return URL_SCHEMES.has(scheme) || (scheme.length > 1 && text.startsWith('//', scheme.length + 1)) ? scheme : undefined
}

/** pip's `is_url`: a known download or VCS scheme. */
function isUrl(text: string): boolean {
  const match = SCHEME.exec(text)
  return match !== null && URL_SCHEMES.has(match[1].toLowerCase())
}

/**
 * pip's `_looks_like_path` on Linux, where images are built (a backslash is no separator there; a Windows path
 * still counts when it names an archive), plus `~`.
 */
function looksLikePath(text: string): boolean {
  return text.startsWith('.') || text.startsWith('~') || text.includes('/')
}

function isArchive(text: string): boolean {
  return ARCHIVE.test(text)
}

/** Reads a PEP 508 name at `index`; returns its end (== index when there is none). */
function readName(text: string, index: number, end: number): number {
  while (index < end && isNameChar(text.charCodeAt(index))) index++
  return index
}

function validName(text: string, start: number, end: number): boolean {
  return end > start && isAlnum(text.charCodeAt(start)) && isAlnum(text.charCodeAt(end - 1))
}

/** `[a, b]` at `index` (which holds '['); returns the index after ']', or -1 when malformed. */
function readExtras(text: string, index: number, end: number, extras: string[], problems: PartProblem[]): number {
  const open = index
  index = skipSpaces(text, index + 1, end)
  if (text[index] === ']') return index + 1
  while (index < end) {
    const nameEnd = readName(text, index, end)
    if (!validName(text, index, nameEnd)) break
    extras.push(text.slice(index, nameEnd))
    index = skipSpaces(text, nameEnd, end)
    if (text[index] === ']') return index + 1
    if (text[index] !== ',') break
    index = skipSpaces(text, index + 1, end)
  }
  problems.push({ message: 'Malformed extras: expected [name, ...]', start: open, end })
  return -1
}

function versionMatches(operator: string, version: string): boolean {
  if (operator === '===') return true
  if (operator === '==' || operator === '!=') return VERSION_EQUALITY.test(version)
  if (operator === '~=') return VERSION_COMPATIBLE.test(version)
  return VERSION_ORDERED.test(version)
}

const OPERATORS = ['===', '==', '!=', '<=', '>=', '~=', '<', '>']

/** Reads `op version (, op version)*`; returns the index after the last version, or -1 on an error. */
function readSpecifiers(
  text: string,
  index: number,
  end: number,
  parts: RequirementParts,
  problems: PartProblem[],
): number {
  for (;;) {
    index = skipSpaces(text, index, end)
    const start = index
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index))
    if (operator === undefined) {
      problems.push({ message: 'Expected a version operator (==, !=, <=, >=, <, >, ~= or ===)', start: index, end })
      return -1
    }
    index = skipSpaces(text, index + operator.length, end)
    const versionStart = index
    while (index < end && !isSpace(text.charCodeAt(index)) && text[index] !== ',' && text[index] !== ')') index++
    const version = text.slice(versionStart, index)
    if (version === '') {
      problems.push({ message: `Missing version after '${operator}'`, start, end: index })
      return -1
    }
    if (!versionMatches(operator, version)) {
      problems.push({ message: `Invalid version after '${operator}'`, start, end: index })
      return -1
    }
    parts.specifiers.push({ operator, version, start, end: index })
    const after = skipSpaces(text, index, end)
    if (text[after] !== ',') return index
    index = after + 1
  }
}

/** The `#egg=name[extras]` fragment pip reads a URL's project name from. */
function readEggName(url: string, urlStart: number, parts: RequirementParts, problems: PartProblem[]): void {
  let egg = url.indexOf('#egg=')
  const ampersand = url.indexOf('&egg=')
  if (egg === -1 || (ampersand !== -1 && ampersand < egg)) egg = ampersand
  if (egg === -1) return
  const start = egg + 5
  let end = url.indexOf('&', start)
  if (end === -1) end = url.length
  const nameEnd = readName(url, start, end)
  let after = nameEnd
  const extras: string[] = []
  if (validName(url, start, nameEnd) && url[nameEnd] === '[') after = readExtras(url, nameEnd, end, extras, [])
  if (!validName(url, start, nameEnd) || after !== end) {
    problems.push({
      message: 'Invalid #egg= fragment: expected a project name',
      start: urlStart + egg,
      end: urlStart + end,
    })
    return
  }
  parts.name = url.slice(start, nameEnd)
  parts.nameStart = urlStart + start
  parts.nameEnd = urlStart + nameEnd
  parts.extras.push(...extras)
}

/** Fills url, vcs, vcsRef and isLocalPath from a URL or path at `[start, end)` of `text`. */
function readUrl(text: string, start: number, end: number, parts: RequirementParts, problems: PartProblem[]): void {
  const url = text.slice(start, end)
  parts.url = { value: url, start, end }
  const scheme = urlScheme(url)
  parts.isLocalPath = scheme === undefined ? !url.startsWith('${') : scheme === 'file'
  if (scheme === undefined) return
  const plus = scheme.indexOf('+')
  const vcs = plus === -1 ? scheme : scheme.slice(0, plus)
  if (!VCS_NAMES.has(vcs)) return
  parts.vcs = vcs
  // The revision is after the last '@' of the path (pip's `rsplit('@', 1)`), not in user@host.
  let pathStart = scheme.length + 1
  if (url.startsWith('//', pathStart)) {
    pathStart += 2
    while (pathStart < url.length && !'/?#'.includes(url[pathStart])) pathStart++
  }
  let pathEnd = pathStart
  while (pathEnd < url.length && url[pathEnd] !== '?' && url[pathEnd] !== '#') pathEnd++
  const at = url.lastIndexOf('@', pathEnd - 1)
  if (at < pathStart) return
  if (at === pathEnd - 1) {
    problems.push({ message: `The URL has an empty revision after '@'`, start: start + at, end: start + at + 1 })
    return
  }
  parts.vcsRef = url.slice(at + 1, pathEnd)
}

/** `./pkg[dev]`: pip strips trailing extras from a path before looking at it. */
function stripPathExtras(text: string, start: number, end: number, parts: RequirementParts): number {
  if (text[end - 1] !== ']') return end
  const open = text.lastIndexOf('[', end - 1)
  if (open <= start) return end
  const inner = text.slice(open + 1, end - 1)
  if (inner === '' || inner.includes(']')) return end
  parts.extras.push(...inner.split(',').map((extra) => extra.trim()).filter(Boolean))
  return open
}

/** A URL or path requirement (bare, or the value of `-e`): name from `#egg=`, extras stripped from paths. */
function readLocation(
  text: string,
  start: number,
  end: number,
  parts: RequirementParts,
  problems: PartProblem[],
): void {
  const urlEnd = isUrl(text.slice(start, end)) ? end : stripPathExtras(text, start, end, parts)
  readUrl(text, start, urlEnd, parts, problems)
  readEggName(text.slice(start, urlEnd), start, parts, problems)
}

/** A PEP 508 requirement without its marker: `name [extras] (specifiers | @ url)`. */
function readNamed(
  text: string,
  start: number,
  end: number,
  parts: RequirementParts,
  problems: PartProblem[],
): boolean {
  const nameEnd = readName(text, start, end)
  if (!validName(text, start, nameEnd)) {
    const message =
      nameEnd === start ? 'Expected a project name' : `Invalid project name '${text.slice(start, nameEnd)}'`
    problems.push({ message, start, end })
    return false
  }
  parts.name = text.slice(start, nameEnd)
  parts.nameStart = start
  parts.nameEnd = nameEnd
  let index = skipSpaces(text, nameEnd, end)
  if (text[index] === '[') {
    index = readExtras(text, index, end, parts.extras, problems)
    if (index === -1) return false
    index = skipSpaces(text, index, end)
  }
  if (text[index] === '@') {
    const urlStart = skipSpaces(text, index + 1, end)
    let urlEnd = urlStart
    while (urlEnd < end && !isSpace(text.charCodeAt(urlEnd))) urlEnd++
    if (urlEnd === urlStart) {
      problems.push({ message: `Missing URL after '@'`, start: index, end })
      return false
    }
    readUrl(text, urlStart, urlEnd, parts, problems)
    index = urlEnd
  } else if (text[index] === '(') {
    index = readSpecifiers(text, index + 1, end, parts, problems)
    if (index === -1) return false
    index = skipSpaces(text, index, end)
    if (text[index] !== ')') {
      problems.push({ message: "Expected ')' after the version specifiers", start: index, end })
      return false
    }
    index++
  } else if (index < end && '<>=!~'.includes(text[index])) {
    index = readSpecifiers(text, index, end, parts, problems)
    if (index === -1) return false
  }
  index = skipSpaces(text, index, end)
  if (index < end) {
    problems.push({ message: 'Unexpected text after the requirement', start: index, end })
    return false
  }
  return true
}

/**
 * Reads a requirement the way pip's `parse_req_from_line` does: URLs split off a marker only at `'; '`, other
 * requirements at the first `;`; paths (a separator, a leading dot, an archive name) are local unless the text is a
 * PEP 508 `name @ url`. Returns undefined when the requirement is invalid (the reasons are in `problems`).
 */
function readRequirement(text: string, problems: PartProblem[]): RequirementParts | undefined {
  const parts = emptyParts()
  const end = text.length
  const url = isUrl(text)
  const markerAt = text.indexOf(url ? '; ' : ';')
  const specEnd = trimSpacesEnd(text, 0, markerAt === -1 ? end : markerAt)
  if (markerAt !== -1) {
    const markerStart = skipSpaces(text, markerAt + 1, end)
    if (markerStart < end) parts.marker = text.slice(markerStart, trimSpacesEnd(text, markerStart, end))
  }
  const spec = text.slice(0, specEnd)
  const at = spec.indexOf('@')
  const isReference = at !== -1 && !looksLikePath(spec.slice(0, at).trim())
  if (url || (!isReference && (looksLikePath(spec) || isArchive(spec) || spec.startsWith('${')))) {
    const before = problems.length
    readLocation(text, 0, specEnd, parts, problems)
    // Paths may contain spaces; a URL with one is a requirement and something else run together.
    if (!parts.isLocalPath && /\s/.test(spec)) {
      problems.push({ message: 'Unexpected whitespace in a URL requirement', start: 0, end: specEnd })
    }
    return problems.length === before ? parts : undefined
  }
  return readNamed(text, 0, specEnd, parts, problems) ? parts : undefined
}

/** pip's editable forms: a local project path (extras allowed) or a VCS URL; a plain http(s) URL is rejected. */
function readEditable(text: string, problems: PartProblem[]): RequirementParts | undefined {
  const parts = emptyParts()
  const before = problems.length
  readLocation(text, 0, text.length, parts, problems)
  if (isUrl(text) && parts.vcs === undefined && !parts.isLocalPath) {
    problems.push({ message: 'An editable requirement must be a local path or a VCS URL', start: 0, end: text.length })
  }
  return problems.length === before ? parts : undefined
}

/** Maps a range of the requirement text to a file span. */
type SpanMapper = (start: number, end: number) => Span

/** Builds the Requirement from parts whose offsets are relative to the requirement text. */
function toRequirement(parts: RequirementParts, span: SpanMapper, lineSpan: Span, editable: boolean): Requirement {
  const specifiers = parts.specifiers.map((specifier) => ({
    operator: specifier.operator,
    version: specifier.version,
    span: span(specifier.start, specifier.end),
  }))
  // A nameless URL or path gets an empty name span where the URL starts.
  const urlStart = parts.url?.start ?? 0
  const nameSpan = parts.name ? span(parts.nameStart, parts.nameEnd) : span(urlStart, urlStart)
  const last = specifiers[specifiers.length - 1]
  return {
    kind: 'requirement',
    span: lineSpan,
    name: parts.name,
    normalizedName: normalizePackageName(parts.name),
    nameSpan,
    extras: parts.extras,
    specifiers,
    specifierSpan: last ? { start: specifiers[0].span.start, end: last.span.end } : undefined,
    marker: parts.marker,
    url: parts.url?.value,
    urlSpan: parts.url ? span(parts.url.start, parts.url.end) : undefined,
    vcs: parts.vcs,
    vcsRef: parts.vcsRef,
    isLocalPath: parts.isLocalPath,
    editable,
    hashes: [],
    options: [],
  }
}

/** Attaches per-requirement options: `--hash` values to `hashes` (checked as pip does), the rest to `options`. */
function attachOptions(requirement: Requirement, options: RequirementOption[], problems: ParseProblem[]): void {
  for (const option of options) {
    if (option.name !== '--hash') {
      requirement.options.push(option)
      continue
    }
    const value = option.value ?? ''
    const colon = value.indexOf(':')
    if (colon === -1) {
      problems.push({ message: '--hash must be an algorithm and a digest, like sha256:<hex>', span: option.span })
    } else if (!HASH_ALGORITHMS.has(value.slice(0, colon))) {
      const message = `--hash algorithm '${value.slice(0, colon)}' is not one of sha256, sha384, sha512`
      problems.push({ message, span: option.span })
    }
    requirement.hashes.push(value)
  }
}

/** Parses one logical line (comment removed, trimmed to `[start, end)`) into requirements-file lines. */
function parseLogicalLine(
  line: JoinedLine,
  start: number,
  end: number,
  lines: RequirementsLine[],
  problems: ParseProblem[],
): void {
  const text = line.text
  const lineSpan = fileSpan(line, start, end)
  // pip's break_args_options: the requirement is every space-separated token before the first one starting with '-'.
  let optionsAt = start
  if (text[start] !== '-') {
    const dash = text.indexOf(' -', start)
    optionsAt = dash !== -1 && dash < end ? dash + 1 : -1
  }
  let options: LineOption[] = []
  if (optionsAt !== -1) {
    const { tokens, error } = shellSplit(text, optionsAt, end)
    if (error) problems.push({ message: `Could not split the options: ${error}`, span: fileSpan(line, optionsAt, end) })
    options = parseOptions(line, tokens, problems)
  }
  const partProblems: PartProblem[] = []
  const read = (
    source: string,
    span: SpanMapper,
    reader: (text: string, problems: PartProblem[]) => RequirementParts | undefined,
    editable: boolean,
  ): Requirement | undefined => {
    const parts = reader(source, partProblems)
    for (const problem of partProblems) {
      problems.push({ message: problem.message, span: span(problem.start, problem.end) })
    }
    partProblems.length = 0
    return parts && toRequirement(parts, span, lineSpan, editable)
  }

  const requirementEnd = trimSpacesEnd(text, start, optionsAt === -1 ? end : optionsAt)
  if (requirementEnd > start) {
    // Options other than the per-requirement ones are ignored by pip here; they are kept so rules can still see them.
    const span: SpanMapper = (from, to) => fileSpan(line, start + from, start + to)
    const requirement = read(text.slice(start, requirementEnd), span, readRequirement, false)
    if (!requirement) return
    attachOptions(requirement, options.map((option) => toOption(line, option)), problems)
    lines.push(requirement)
    return
  }

  let editable: Requirement | undefined
  const perRequirement: RequirementOption[] = []
  for (const option of options) {
    const parsed = toOption(line, option)
    if (option.name === '--requirement' || option.name === '--constraint') {
      lines.push({
        kind: 'include',
        span: lineSpan,
        constraint: option.name === '--constraint',
        path: option.value ?? '',
        pathSpan: parsed.valueSpan ?? parsed.span,
      })
    } else if (option.name === '--editable') {
      const value = option.value ?? ''
      // Offsets inside the value are exact only when it was written without quotes or escapes; otherwise every
      // non-empty part of it maps to the whole value as written.
      const exact = text.slice(option.valueStart, option.valueEnd) === value
      const { valueStart, valueEnd } = option
      const span: SpanMapper = exact
        ? (from, to) => fileSpan(line, valueStart + from, valueStart + to)
        : (from, to) => fileSpan(line, valueStart, to > from ? valueEnd : valueStart)
      const requirement = read(value, span, readEditable, true)
      if (!requirement) continue
      lines.push(requirement)
      editable ??= requirement
    } else if (OPTIONS.get(option.name)?.perRequirement) {
      perRequirement.push(parsed)
    } else {
      lines.push({ kind: 'option', span: lineSpan, option: parsed })
    }
  }
  if (editable) {
    attachOptions(editable, perRequirement, problems)
    return
  }
  for (const option of perRequirement) {
    problems.push({ message: `${option.name} has no requirement on its line, so pip ignores it`, span: option.span })
    lines.push({ kind: 'option', span: lineSpan, option })
  }
}

/** pip's COMMENT_RE `(^|\s+)#.*$`: a '#' at the start or after whitespace starts a comment (not `url#egg=`). */
function commentStart(text: string): number {
  let hash = text.indexOf('#')
  while (hash > 0 && !isSpace(text.charCodeAt(hash - 1))) hash = text.indexOf('#', hash + 1)
  return hash === -1 ? text.length : hash
}

/** Whether a physical line is a comment line (COMMENT_RE matching at its start): such lines end a continuation. */
function isCommentLine(text: string, start: number, end: number): boolean {
  const first = skipSpaces(text, start, end)
  return first < end && text[first] === '#'
}

/** Parses a pip requirements file. Never throws: malformed lines become `problems` and parsing goes on. */
export function parseRequirements(text: string): RequirementsFile {
  const lines: RequirementsLine[] = []
  const problems: ParseProblem[] = []
  const segments: number[] = [] // start, end pairs of the physical lines joined so far
  const flush = (): void => {
    let line: JoinedLine
    if (segments.length === 2) {
      line = { text: text.slice(segments[0], segments[1]), at: [0], from: [segments[0]] }
    } else {
      const at: number[] = []
      const from: number[] = []
      const parts: string[] = []
      let length = 0
      for (let index = 0; index < segments.length; index += 2) {
        at.push(length)
        from.push(segments[index])
        parts.push(text.slice(segments[index], segments[index + 1]))
        length += segments[index + 1] - segments[index]
      }
      line = { text: parts.join(''), at, from }
    }
    segments.length = 0
    const joined = line.text
    const end = trimSpacesEnd(joined, 0, commentStart(joined))
    const start = skipSpaces(joined, 0, end)
    if (start < end) parseLogicalLine(line, start, end, lines, problems)
  }
  let position = 0
  while (position < text.length) {
    let newline = text.indexOf('\n', position)
    if (newline === -1) newline = text.length
    let end = newline
    if (end > position && text.charCodeAt(end - 1) === 13) end--
    const comment = isCommentLine(text, position, end)
    // pip's join_lines: a line ending in a backslash continues unless it is a comment line, which ends the join.
    if (comment || end === position || text[end - 1] !== '\\') {
      if (!comment && (segments.length > 0 || skipSpaces(text, position, end) < end)) segments.push(position, end)
      if (segments.length > 0) flush()
    } else {
      // pip strips backslashes from both ends of a continued line (`line.strip("\\")`).
      let start = position
      while (start < end && text[start] === '\\') start++
      while (end > start && text[end - 1] === '\\') end--
      segments.push(start, end)
    }
    position = newline + 1
  }
  if (segments.length > 0) flush()
  return { lines, problems }
}
