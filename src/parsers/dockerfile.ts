import type { ParseProblem, Span } from '../engine/source-text.js'
import { fileSpan, type JoinedSegments } from './joined-line.js'

/** A `--name=value` flag of an instruction (`--platform`, `--from`, `--checksum`, `--chown`, ...). */
export interface DockerFlag {
  /** The name without its dashes, as written: `platform`, `from`, `mount`. */
  name: string
  /** The value with quotes removed; '' for a bare flag such as `--link`. */
  value: string
  /** The whole flag as written, dashes and value included. */
  span: Span
}

/** A `key=value` (or legacy `ENV key value`) pair of ENV, ARG or LABEL. */
export interface DockerKeyValue {
  key: string
  keySpan: Span
  /** The value with quotes removed and escapes applied, before variable substitution; undefined for `ARG NAME`. */
  value: string | undefined
  /** Span of the raw value text (including quotes) in the file; for `ARG NAME` an empty span after the key. */
  valueSpan: Span
}

export interface DockerHeredoc {
  /** The delimiter with quotes removed (`EOF` for `<<"EOF"`). */
  delimiter: string
  /**
   * The lines between the instruction and the delimiter line, each with its newline, exactly as in the file
   * (`text.slice(bodySpan)`): for `<<-` the leading tabs Docker strips are still there.
   */
  body: string
  bodySpan: Span
}

export interface DockerInstruction {
  /** Upper-case keyword: FROM, RUN, ENV, ARG, USER, ADD, COPY, ... */
  keyword: string
  /** The whole instruction, from keyword to the end of its last continuation line (and heredoc bodies). */
  span: Span
  keywordSpan: Span
  /** The arguments after the flags, continuation backslash-newlines and interleaved comment lines removed. */
  args: string
  /** Span of the arguments in the file (from the first argument character to the end of the instruction). */
  argsSpan: Span
  flags: DockerFlag[]
  /** For ENV, ARG and LABEL: the pairs. Empty for other instructions. */
  pairs: DockerKeyValue[]
  heredocs: DockerHeredoc[]
  /** Index into `Dockerfile.stages` of the stage it belongs to; -1 for instructions before the first FROM. */
  stage: number
}

export interface DockerFrom {
  /** The image reference as written (`${RUNTIME_IMAGE}`, `quay.io/astronomer/astro-runtime:13.11.0`). */
  image: string
  imageSpan: Span
  /** The reference after substituting global ARG defaults (those before the first FROM). */
  resolvedImage: string
  /** Names of variables that had no value to substitute. */
  unresolved: string[]
  alias: string | undefined
  platform: string | undefined
}

export interface DockerStage {
  index: number
  from: DockerFrom
  /** The FROM instruction's index into `instructions`. */
  instruction: number
  /**
   * Names of earlier stages (alias or index as string) this stage copies from (`COPY --from=`, `RUN --mount=from=`)
   * or builds FROM. A reference by name gives the alias as the stage declared it; references to images or to later
   * stages are not included.
   */
  dependsOn: string[]
}

export interface Dockerfile {
  instructions: DockerInstruction[]
  stages: DockerStage[]
  /** ARGs declared before the first FROM (usable in FROM lines). */
  globalArgs: DockerKeyValue[]
  /** The escape character from a `# escape=` parser directive (default backslash). */
  escapeChar: '\\' | '`'
  problems: ParseProblem[]
}

/** Instructions BuildKit knows; anything else is reported (and still kept, so rules see the line). */
const INSTRUCTIONS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
])

/** Only these read heredoc bodies (BuildKit `heredocDirectives`); ONBUILD counts when it wraps one of them. */
const HEREDOC_INSTRUCTIONS = new Set(['ADD', 'COPY', 'RUN'])

/** Parser directives BuildKit recognises; an unknown `# key=value` line ends the directive block like any comment. */
const DIRECTIVES = new Set(['syntax', 'escape', 'check'])

/** BuildKit's `reDirective`; `(.*)` runs to the end of a newline-free line, so it cannot backtrack. */
const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*)$/

const STAGE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/

/** Deeper `${a:-${b:-...}}` nesting than this is kept literally, so hostile input cannot exhaust the stack. */
const MAX_SUBSTITUTION_DEPTH = 32

/** Space, tab, vertical tab, form feed and a stray carriage return: BuildKit's `[\t\v\f\r ]`. */
function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13)
}

function skipBlanks(text: string, index: number, end: number): number {
  while (index < end && isBlank(text.charCodeAt(index))) index++
  return index
}

/** `indexOf` bounded to `[start, end)`, so scanning many words never rescans the rest of a long line. */
function findIn(text: string, char: string, start: number, end: number): number {
  for (let index = start; index < end; index++) if (text[index] === char) return index
  return -1
}

function trimBlanksEnd(text: string, start: number, end: number): number {
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--
  return end
}

interface PhysicalLine {
  start: number
  /** End of the content: before the newline and any carriage return in front of it. */
  end: number
}

/** Hands out the physical lines of the text one at a time, so every phase of the parser shares one cursor. */
class LineReader {
  private position = 0

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length
  }

  get offset(): number {
    return this.position
  }

  peek(): PhysicalLine {
    const text = this.text
    let newline = text.indexOf('\n', this.position)
    if (newline === -1) newline = text.length
    let end = newline
    if (end > this.position && text.charCodeAt(end - 1) === 13) end--
    return { start: this.position, end }
  }

  next(): PhysicalLine {
    const line = this.peek()
    const newline = this.text.indexOf('\n', line.end)
    this.position = newline === -1 ? this.text.length : newline + 1
    return line
  }
}

/**
 * An instruction's physical lines joined the way Docker joins them (continuation characters and interleaved
 * comment lines dropped, nothing inserted between lines), with a segment table mapping joined offsets back to the
 * file so every span points at the original text.
 */
interface JoinedLine extends JoinedSegments {
  /** File offset just after the last content character of the last physical line (blanks trimmed). */
  end: number
}

/** Offset of the escape character that continues this line (it may be followed by blanks), or -1. */
function continuationAt(text: string, start: number, end: number, escape: string): number {
  const last = trimBlanksEnd(text, start, end)
  return last > start && text[last - 1] === escape ? last - 1 : -1
}

/**
 * Reads one instruction's physical lines from `first` on. Like BuildKit, comment lines and blank lines inside a
 * continuation are skipped without ending it, and continuation lines keep their leading whitespace.
 */
function readJoinedLine(
  text: string,
  reader: LineReader,
  first: PhysicalLine,
  firstChar: number,
  escape: string,
  problems: ParseProblem[],
): JoinedLine {
  const parts: string[] = []
  const at: number[] = []
  const from: number[] = []
  let length = 0
  const push = (start: number, end: number): void => {
    at.push(length)
    from.push(start)
    parts.push(text.slice(start, end))
    length += end - start
  }
  let continued = continuationAt(text, firstChar, first.end, escape)
  push(firstChar, continued === -1 ? first.end : continued)
  let lastEnd = first.end
  while (continued !== -1) {
    if (reader.done) {
      problems.push({
        message: `Line continuation '${escape}' at the end of the file`,
        span: { start: continued, end: continued + 1 },
      })
      break
    }
    const line = reader.next()
    const content = skipBlanks(text, line.start, line.end)
    if (content === line.end || text[content] === '#') continue
    continued = continuationAt(text, line.start, line.end, escape)
    push(line.start, continued === -1 ? line.end : continued)
    lastEnd = line.end
  }
  const joined = parts.length === 1 ? parts[0] : parts.join('')
  return { text: joined, at, from, end: trimBlanksEnd(text, firstChar, lastEnd) }
}

/** Reads the parser directives at the very top of the file; the first line that is not one ends them. */
function readDirectives(text: string, reader: LineReader, problems: ParseProblem[]): '\\' | '`' {
  let escapeChar: '\\' | '`' = '\\'
  const seen = new Set<string>()
  while (!reader.done) {
    const line = reader.peek()
    const content = skipBlanks(text, line.start, line.end)
    const match = DIRECTIVE.exec(text.slice(content, line.end))
    if (!match || !DIRECTIVES.has(match[1].toLowerCase())) break
    reader.next()
    const key = match[1].toLowerCase()
    const value = match[2].replace(/[ \t]+$/, '')
    const span = { start: content, end: trimBlanksEnd(text, content, line.end) }
    if (seen.has(key)) {
      problems.push({ message: `Only one '${key}' parser directive can be used`, span })
      continue
    }
    seen.add(key)
    if (key !== 'escape') continue
    if (value === '\\' || value === '`') escapeChar = value
    else problems.push({ message: `Invalid escape character '${value}': it must be '\\' or '\`'`, span })
  }
  return escapeChar
}

/** A whitespace-separated word of a joined line, in joined offsets. */
interface Word {
  start: number
  end: number
}

/**
 * Reads the word at `start` (not a blank) as BuildKit's `parseWords` does: quotes group and the escape character
 * protects the next character. The word keeps its quotes and escapes (see `unquote`).
 */
function readWord(text: string, start: number, end: number, escape: string): Word {
  let index = start
  let quote = ''
  while (index < end) {
    const char = text[index]
    if (quote) {
      if (char === quote) quote = ''
      else if (char === escape && quote !== "'") index++
    } else if (isBlank(text.charCodeAt(index))) {
      break
    } else if (char === '"' || char === "'") {
      quote = char
    } else if (char === escape) {
      index++
    }
    index++
  }
  return { start, end: Math.min(index, end) }
}

function splitWords(text: string, start: number, end: number, escape: string): Word[] {
  const words: Word[] = []
  let index = skipBlanks(text, start, end)
  while (index < end) {
    const word = readWord(text, index, end, escape)
    words.push(word)
    index = skipBlanks(text, word.end, end)
  }
  return words
}

/** Splits `[start, end)` at blanks with no quote handling (BuildKit's `parseStringsWhitespaceDelimited`). */
function splitPlain(text: string, start: number, end: number): Word[] {
  const words: Word[] = []
  let index = skipBlanks(text, start, end)
  while (index < end) {
    const wordStart = index
    while (index < end && !isBlank(text.charCodeAt(index))) index++
    words.push({ start: wordStart, end: index })
    index = skipBlanks(text, index, end)
  }
  return words
}

/**
 * Removes quotes and applies escapes the way Docker's shell lexer does, without expanding variables: inside double
 * quotes only `"`, `$` and the escape character itself can be escaped; single quotes are literal.
 */
function unquote(text: string, start: number, end: number, escape: string): { value: string; unterminated: boolean } {
  const parts: string[] = []
  let run = start
  let index = start
  let unterminated = false
  while (index < end) {
    const char = text[index]
    if (char === escape) {
      parts.push(text.slice(run, index))
      if (index + 1 < end) parts.push(text[index + 1])
      index += 2
      run = index
    } else if (char === "'") {
      parts.push(text.slice(run, index))
      let close = index + 1
      while (close < end && text[close] !== "'") close++
      parts.push(text.slice(index + 1, close))
      if (close >= end) unterminated = true
      index = close + 1
      run = index
    } else if (char === '"') {
      parts.push(text.slice(run, index))
      index++
      run = index
      while (index < end && text[index] !== '"') {
        const next = text[index + 1]
        if (text[index] === escape && index + 1 < end && (next === '"' || next === '$' || next === escape)) {
          parts.push(text.slice(run, index), next)
          index += 2
          run = index
        } else {
          index++
        }
      }
      parts.push(text.slice(run, Math.min(index, end)))
      if (index >= end) unterminated = true
      index++
      run = index
    } else {
      index++
    }
  }
  if (run === start) return { value: text.slice(start, end), unterminated } // nothing to remove: the common case
  if (run < end) parts.push(text.slice(run, end))
  return { value: parts.join(''), unterminated }
}

interface RawFlag {
  name: string
  value: string
  start: number
  end: number
}

/**
 * Takes the leading `--name[=value]` words off an instruction's arguments (BuildKit's `extractBuilderFlags`, which
 * always escapes with a backslash). A bare `--` ends the flags. Returns the flags and where the arguments start.
 */
function extractFlags(text: string, start: number, end: number): { flags: RawFlag[]; rest: number } {
  const flags: RawFlag[] = []
  let index = skipBlanks(text, start, end)
  while (index + 1 < end && text[index] === '-' && text[index + 1] === '-') {
    const word = readWord(text, index, end, '\\')
    if (word.end - word.start === 2) return { flags, rest: skipBlanks(text, word.end, end) }
    const { value: flag } = unquote(text, word.start + 2, word.end, '\\')
    const equals = flag.indexOf('=')
    flags.push({
      name: equals === -1 ? flag : flag.slice(0, equals),
      value: equals === -1 ? '' : flag.slice(equals + 1),
      start: word.start,
      end: word.end,
    })
    index = skipBlanks(text, word.end, end)
  }
  return { flags, rest: index }
}

/** Parses ENV and LABEL arguments: `k=v ...` pairs, or the legacy `ENV key value with spaces` form. */
function parseNameValues(
  keyword: string,
  line: JoinedLine,
  start: number,
  end: number,
  escape: string,
  problems: ParseProblem[],
): DockerKeyValue[] {
  const text = line.text
  const words = splitWords(text, start, end, escape)
  if (words.length === 0) {
    problems.push({ message: `${keyword} requires at least one argument`, span: fileSpan(line, start, end) })
    return []
  }
  // BuildKit decides the form by whether the first word contains '=' anywhere, quotes included.
  if (findIn(text, '=', words[0].start, words[0].end) === -1) {
    let keyEnd = start
    while (keyEnd < end && !isBlank(text.charCodeAt(keyEnd))) keyEnd++
    const valueStart = skipBlanks(text, keyEnd, end)
    if (valueStart >= end) {
      const key = unquote(text, start, keyEnd, escape).value
      problems.push({ message: `${keyword} ${key} has no value`, span: fileSpan(line, start, end) })
    }
    return [pair(keyword, line, start, keyEnd, valueStart, end, escape, problems)]
  }
  const pairs: DockerKeyValue[] = []
  for (const word of words) {
    const equals = findIn(text, '=', word.start, word.end)
    if (equals === -1) {
      // The word is not quoted in the message: it may well be a secret value that lost its key.
      problems.push({
        message: `${keyword} arguments must be of the form name=value`,
        span: fileSpan(line, word.start, word.end),
      })
      continue
    }
    pairs.push(pair(keyword, line, word.start, equals, equals + 1, word.end, escape, problems))
  }
  return pairs
}

/** Parses ARG arguments: `NAME` or `NAME=default`, possibly several. */
function parseArgs(
  line: JoinedLine,
  start: number,
  end: number,
  escape: string,
  problems: ParseProblem[],
): DockerKeyValue[] {
  const text = line.text
  const words = splitWords(text, start, end, escape)
  if (words.length === 0) {
    problems.push({ message: 'ARG requires at least one argument', span: fileSpan(line, start, end) })
    return []
  }
  const pairs: DockerKeyValue[] = []
  for (const word of words) {
    const equals = findIn(text, '=', word.start, word.end)
    if (equals !== -1) {
      pairs.push(pair('ARG', line, word.start, equals, equals + 1, word.end, escape, problems))
      continue
    }
    const keySpan = fileSpan(line, word.start, word.end)
    const key = unquote(text, word.start, word.end, escape).value
    pairs.push({ key, keySpan, value: undefined, valueSpan: { start: keySpan.end, end: keySpan.end } })
  }
  return pairs
}

function pair(
  keyword: string,
  line: JoinedLine,
  keyStart: number,
  keyEnd: number,
  valueStart: number,
  valueEnd: number,
  escape: string,
  problems: ParseProblem[],
): DockerKeyValue {
  const text = line.text
  const keySpan = fileSpan(line, keyStart, keyEnd)
  const key = unquote(text, keyStart, keyEnd, escape).value
  const valueSpan = fileSpan(line, valueStart, valueEnd)
  const { value, unterminated } = unquote(text, valueStart, valueEnd, escape)
  if (key === '') {
    problems.push({ message: `${keyword} names cannot be blank`, span: fileSpan(line, keyStart, valueEnd) })
  }
  if (unterminated) problems.push({ message: `Unterminated quote in the value of ${keyword} ${key}`, span: valueSpan })
  return { key, keySpan, value, valueSpan }
}

/** `RUN ["a", "b"]`: the exec form, where `<<` is an argument and not a heredoc. */
function isJsonArray(args: string): boolean {
  if (!args.startsWith('[')) return false
  try {
    const parsed: unknown = JSON.parse(args)
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')
  } catch {
    return false
  }
}

interface HeredocMarker {
  delimiter: string
  chomp: boolean
  start: number
  end: number
}

/** Finds `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF` words (BuildKit's `^(\d*)<<(-?)([^<]*)$` on each raw word). */
function heredocMarkers(text: string, start: number, end: number): HeredocMarker[] {
  if (text.indexOf('<<', start) === -1) return []
  const markers: HeredocMarker[] = []
  for (const word of splitWords(text, start, end, '\\')) {
    let index = word.start
    while (index < word.end && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57) index++
    if (text[index] !== '<' || text[index + 1] !== '<' || index + 2 > word.end) continue
    index += 2
    const chomp = text[index] === '-'
    if (chomp) index++
    if (index >= word.end) continue
    if (findIn(text, '<', index, word.end) !== -1) continue
    const { value: delimiter, unterminated } = unquote(text, index, word.end, '\\')
    if (delimiter === '' || unterminated) continue
    markers.push({ delimiter, chomp, start: word.start, end: word.end })
  }
  return markers
}

/** Reads heredoc bodies, one after another, from the lines after the instruction. Returns the end of the last. */
function readHeredocs(
  text: string,
  reader: LineReader,
  line: JoinedLine,
  markers: HeredocMarker[],
  heredocs: DockerHeredoc[],
  problems: ParseProblem[],
): number {
  let end = line.end
  for (const marker of markers) {
    const bodyStart = reader.offset
    let bodyEnd = text.length
    let terminated = false
    while (!reader.done) {
      const candidate = reader.next()
      let start = candidate.start
      if (marker.chomp) while (start < candidate.end && text[start] === '\t') start++
      if (candidate.end - start === marker.delimiter.length && text.startsWith(marker.delimiter, start)) {
        bodyEnd = candidate.start
        end = candidate.end
        terminated = true
        break
      }
    }
    if (!terminated) {
      end = text.length
      problems.push({
        message: `Unterminated heredoc: no line '${marker.delimiter}' closes it`,
        span: fileSpan(line, marker.start, marker.end),
      })
    }
    heredocs.push({
      delimiter: marker.delimiter,
      body: text.slice(bodyStart, bodyEnd),
      bodySpan: { start: bodyStart, end: bodyEnd },
    })
  }
  return end
}

/** An instruction with the joined line it came from, for the stage bookkeeping that needs exact word spans. */
interface BuiltInstruction {
  instruction: DockerInstruction
  line: JoinedLine
  /** Joined offsets of the arguments after the flags. */
  rest: number
  end: number
}

/** Builds one instruction from its joined line, reading any heredoc bodies that follow it. */
function buildInstruction(
  text: string,
  reader: LineReader,
  line: JoinedLine,
  escape: string,
  stage: number,
  problems: ParseProblem[],
): BuiltInstruction {
  const joined = line.text
  // Usually 0; not when the first line was only a continuation character and the next one is indented.
  const keywordStart = skipBlanks(joined, 0, joined.length)
  let keywordEnd = keywordStart
  while (keywordEnd < joined.length && !isBlank(joined.charCodeAt(keywordEnd))) keywordEnd++
  const keyword = joined.slice(keywordStart, keywordEnd).toUpperCase()
  const keywordSpan = fileSpan(line, keywordStart, keywordEnd)
  const end = trimBlanksEnd(joined, keywordEnd, joined.length)
  // ONBUILD's arguments are another instruction, whose flags belong to it.
  const { flags, rest } =
    keyword === 'ONBUILD'
      ? { flags: [], rest: skipBlanks(joined, keywordEnd, end) }
      : extractFlags(joined, keywordEnd, end)
  if (!INSTRUCTIONS.has(keyword)) {
    problems.push({ message: `Unknown instruction '${joined.slice(keywordStart, keywordEnd)}'`, span: keywordSpan })
  }
  let pairs: DockerKeyValue[] = []
  if (keyword === 'ENV' || keyword === 'LABEL') pairs = parseNameValues(keyword, line, rest, end, escape, problems)
  else if (keyword === 'ARG') pairs = parseArgs(line, rest, end, escape, problems)

  const args = joined.slice(rest, end)
  const heredocs: DockerHeredoc[] = []
  let instructionEnd = line.end
  let heredocStart = -1
  if (HEREDOC_INSTRUCTIONS.has(keyword)) {
    heredocStart = rest
  } else if (keyword === 'ONBUILD') {
    let innerEnd = rest
    while (innerEnd < end && !isBlank(joined.charCodeAt(innerEnd))) innerEnd++
    if (HEREDOC_INSTRUCTIONS.has(joined.slice(rest, innerEnd).toUpperCase())) heredocStart = innerEnd
  }
  if (heredocStart !== -1 && !isJsonArray(joined.slice(skipBlanks(joined, heredocStart, end), end))) {
    const markers = heredocMarkers(joined, heredocStart, end)
    if (markers.length > 0) instructionEnd = readHeredocs(text, reader, line, markers, heredocs, problems)
  }
  const instruction: DockerInstruction = {
    keyword,
    span: { start: keywordSpan.start, end: instructionEnd },
    keywordSpan,
    args,
    argsSpan: fileSpan(line, rest, end),
    flags: flags.map((flag) => ({ name: flag.name, value: flag.value, span: fileSpan(line, flag.start, flag.end) })),
    pairs,
    heredocs,
    stage,
  }
  return { instruction, line, rest, end }
}

/** Stage aliases, case-insensitive as BuildKit's, each with the stages that declared it (duplicates are errors). */
class StageAliases {
  private readonly byName = new Map<string, number[]>()

  add(alias: string, index: number): void {
    const key = alias.toLowerCase()
    const indices = this.byName.get(key)
    if (indices) indices.push(index)
    else this.byName.set(key, [index])
  }

  /** The latest stage before `before` with this alias. */
  find(name: string, before: number): number | undefined {
    const indices = this.byName.get(name.toLowerCase())
    if (!indices) return undefined
    for (let position = indices.length - 1; position >= 0; position--) {
      if (indices[position] < before) return indices[position]
    }
    return undefined
  }
}

/** Tracks stages while instructions are built: global ARGs, aliases and the references between stages. */
class StageTracker {
  readonly stages: DockerStage[] = []
  readonly globalArgs: DockerKeyValue[] = []
  private readonly globals = new Map<string, string>()
  private readonly aliases = new StageAliases()

  constructor(private readonly problems: ParseProblem[]) {}

  get current(): number {
    return this.stages.length - 1
  }

  addGlobalArgs(pairs: DockerKeyValue[]): void {
    for (const arg of pairs) {
      this.globalArgs.push(arg)
      // Later global ARG defaults may use earlier ones (`ARG TAG=${BASE}-python-3.12`).
      if (arg.value !== undefined) this.globals.set(arg.key, substituteVariables(arg.value, this.globals).value)
    }
  }

  addStage({ instruction, line, rest, end }: BuiltInstruction, index: number): void {
    const words = splitPlain(line.text, rest, end)
    const wordText = (word: Word): string => line.text.slice(word.start, word.end)
    let image = ''
    let imageSpan = instruction.argsSpan
    let alias: string | undefined
    if (words.length === 0) {
      this.problems.push({ message: 'FROM requires an image', span: instruction.span })
    } else {
      image = wordText(words[0])
      imageSpan = fileSpan(line, words[0].start, words[0].end)
      const hasAlias = words.length >= 3 && wordText(words[1]).toLowerCase() === 'as'
      if (hasAlias) {
        alias = wordText(words[2])
        this.checkAlias(alias, fileSpan(line, words[2].start, words[2].end))
      }
      if (words.length !== 1 && !(words.length === 3 && hasAlias)) {
        this.problems.push({ message: 'FROM takes an image and optionally AS <name>', span: instruction.argsSpan })
      }
    }
    const { value: resolvedImage, unresolved } = substituteVariables(image, this.globals)
    if (image !== '' && resolvedImage === '') {
      this.problems.push({ message: `FROM image '${image}' resolves to an empty name`, span: imageSpan })
    }
    const dependsOn: string[] = []
    const parent = this.byName(resolvedImage, this.stages.length)
    if (parent !== undefined) dependsOn.push(this.stages[parent].from.alias ?? String(parent))
    const platform = instruction.flags.find((flag) => flag.name === 'platform')?.value
    if (alias !== undefined) this.aliases.add(alias, this.stages.length)
    this.stages.push({
      index: this.stages.length,
      from: { image, imageSpan, resolvedImage, unresolved, alias, platform },
      instruction: index,
      dependsOn,
    })
  }

  /** Records `COPY --from=` and `RUN --mount=from=` references to earlier stages. */
  addReferences(instruction: DockerInstruction): void {
    const stage = this.stages[this.current]
    if (!stage) return
    for (const flag of instruction.flags) {
      if (flag.name === 'from' && instruction.keyword === 'COPY') this.addReference(stage, flag.value)
      if (flag.name === 'mount' && instruction.keyword === 'RUN') {
        for (const option of flag.value.split(',')) {
          const equals = option.indexOf('=')
          if (equals !== -1 && option.slice(0, equals).trim().toLowerCase() === 'from') {
            this.addReference(stage, option.slice(equals + 1).trim())
          }
        }
      }
    }
  }

  private addReference(stage: DockerStage, reference: string): void {
    const resolved = reference.includes('$') ? substituteVariables(reference, this.globals).value : reference
    let name: string | undefined
    if (/^\d+$/.test(resolved)) {
      if (Number(resolved) < stage.index) name = String(Number(resolved))
    } else {
      const parent = this.byName(resolved, stage.index)
      if (parent !== undefined) name = this.stages[parent].from.alias
    }
    if (name !== undefined && !stage.dependsOn.includes(name)) stage.dependsOn.push(name)
  }

  private byName(name: string, before: number): number | undefined {
    return this.aliases.find(name, before)
  }

  private checkAlias(alias: string, span: Span): void {
    if (!STAGE_NAME.test(alias)) {
      this.problems.push({ message: `Invalid stage name '${alias}'`, span })
    } else if (this.byName(alias, this.stages.length) !== undefined) {
      this.problems.push({ message: `Duplicate stage name '${alias}'`, span })
    }
  }
}

interface SubstitutionState {
  text: string
  index: number
  variables: ReadonlyMap<string, string>
  unresolved: string[]
  /** The names in `unresolved`, for constant-time de-duplication. */
  seen: Set<string>
}

function isNameStart(code: number): boolean {
  return code === 95 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57)
}

/** Expands text up to the end (or, inside `${...:-word}`, up to the closing brace) without consuming the brace. */
function expandWord(state: SubstitutionState, inBraces: boolean, record: boolean, depth: number): string {
  const { text } = state
  const parts: string[] = []
  let run = state.index
  while (state.index < text.length) {
    const char = text[state.index]
    if (inBraces && char === '}') break
    if (char === '\\' && text[state.index + 1] === '$') {
      parts.push(text.slice(run, state.index), '$')
      state.index += 2
      run = state.index
    } else if (char === '$') {
      parts.push(text.slice(run, state.index), expandDollar(state, record, depth))
      run = state.index
    } else {
      state.index++
    }
  }
  parts.push(text.slice(run, state.index))
  return parts.join('')
}

function addUnresolved(state: SubstitutionState, name: string): void {
  if (state.seen.has(name)) return
  state.seen.add(name)
  state.unresolved.push(name)
}

function lookup(state: SubstitutionState, name: string, record: boolean): string {
  const value = state.variables.get(name)
  if (value === undefined && record) addUnresolved(state, name)
  return value ?? ''
}

/** Expands the `$` at `state.index`; anything that is not a well-formed reference stays literal. */
function expandDollar(state: SubstitutionState, record: boolean, depth: number): string {
  const { text } = state
  const start = state.index
  let index = start + 1
  if (text[index] !== '{') {
    while (index < text.length && isNameChar(text.charCodeAt(index))) index++
    if (index === start + 1 || !isNameStart(text.charCodeAt(start + 1))) {
      state.index = start + 1
      return '$'
    }
    state.index = index
    return lookup(state, text.slice(start + 1, index), record)
  }
  index++
  const nameStart = index
  if (isNameStart(text.charCodeAt(index))) while (index < text.length && isNameChar(text.charCodeAt(index))) index++
  const name = text.slice(nameStart, index)
  if (name === '' || depth >= MAX_SUBSTITUTION_DEPTH || index >= text.length) {
    state.index = start + 1
    return '$'
  }
  if (text[index] === '}') {
    state.index = index + 1
    return lookup(state, name, record)
  }
  let modifier = text[index]
  if (modifier === ':' && '-+?'.includes(text[index + 1] ?? '#')) modifier += text[++index]
  else if (!'-+?#%/'.includes(modifier)) {
    state.index = start + 1
    return '$'
  }
  state.index = index + 1
  const value = state.variables.get(name)
  const set = value !== undefined
  const nonEmpty = set && value !== ''
  const usesWord =
    modifier === ':-' ? !nonEmpty : modifier === '-' ? !set : modifier === ':+' ? nonEmpty : modifier === '+' && set
  const word = expandWord(state, true, record && usesWord, depth + 1)
  if (text[state.index] !== '}') return text.slice(start, state.index) // unterminated: keep it as written
  state.index++
  if (!set && record && modifier !== ':-' && modifier !== '-') addUnresolved(state, name)
  switch (modifier) {
    case ':-':
      return nonEmpty ? value : word
    case '-':
      return set ? value : word
    case ':+':
    case '+':
      return usesWord ? word : ''
    default:
      // `?` forms fail the build when unset; `#`, `%` and `/` (pattern edits) are approximated by the plain value.
      return value ?? ''
  }
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and `${VAR+alt}` as Docker does.
 * Unknown variables expand to '' and are listed in `unresolved`, except where a `-` default supplies the value.
 * Words may nest (`${A:-${B}}`); `\$` is a literal dollar; malformed references are kept as written.
 */
export function substituteVariables(
  text: string,
  variables: ReadonlyMap<string, string>,
): { value: string; unresolved: string[] } {
  const state: SubstitutionState = { text, index: 0, variables, unresolved: [], seen: new Set() }
  const value = expandWord(state, false, true, 0)
  return { value, unresolved: state.unresolved }
}

/** Parses a Dockerfile. Never throws: malformed input yields `problems` and a best-effort result. */
export function parseDockerfile(text: string): Dockerfile {
  const problems: ParseProblem[] = []
  const reader = new LineReader(text)
  const escapeChar = readDirectives(text, reader, problems)
  const instructions: DockerInstruction[] = []
  const stages = new StageTracker(problems)
  while (!reader.done) {
    const physical = reader.next()
    const first = skipBlanks(text, physical.start, physical.end)
    if (first === physical.end || text[first] === '#') continue
    const line = readJoinedLine(text, reader, physical, first, escapeChar, problems)
    if (skipBlanks(line.text, 0, line.text.length) === line.text.length) continue // e.g. a lone '\\' line
    const built = buildInstruction(text, reader, line, escapeChar, stages.current, problems)
    const { instruction } = built
    if (instruction.keyword === 'FROM') {
      stages.addStage(built, instructions.length)
      instruction.stage = stages.current
    } else if (stages.current === -1) {
      if (instruction.keyword === 'ARG') stages.addGlobalArgs(instruction.pairs)
      else problems.push({ message: `${instruction.keyword} before the first FROM`, span: instruction.keywordSpan })
    } else {
      stages.addReferences(instruction)
    }
    instructions.push(instruction)
  }
  return { instructions, stages: stages.stages, globalArgs: stages.globalArgs, escapeChar, problems }
}

/** Indices of the stages that end up in the final image: the last stage and, transitively, the stages it copies from or builds on. */
export function stagesInFinalImage(dockerfile: Dockerfile): number[] {
  const { stages } = dockerfile
  if (stages.length === 0) return []
  const aliases = new StageAliases()
  for (const stage of stages) if (stage.from.alias !== undefined) aliases.add(stage.from.alias, stage.index)
  const resolve = (reference: string, before: number): number | undefined => {
    if (/^\d+$/.test(reference)) return Number(reference) < before ? Number(reference) : undefined
    return aliases.find(reference, before)
  }
  const included = new Set<number>([stages.length - 1])
  const queue = [stages.length - 1]
  while (queue.length > 0) {
    const stage = stages[queue.pop() as number]
    for (const reference of stage.dependsOn) {
      const index = resolve(reference, stage.index)
      if (index !== undefined && !included.has(index)) {
        included.add(index)
        queue.push(index)
      }
    }
  }
  return [...included].sort((a, b) => a - b)
}
