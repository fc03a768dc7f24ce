import type { ParseProblem, Span } from '../engine/source-text.js'

/** A `--name=value` flag of an instruction (`--platform`, `--from`, `--checksum`, `--chown`, ...). */
export interface DockerFlag {
  name: string
  value: string
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
  delimiter: string
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
  /** Names of earlier stages (alias or index as string) this stage copies from (`COPY --from=`) or builds FROM. */
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

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and `${VAR+alt}` as Docker does.
 * Unknown variables expand to '' and are listed in `unresolved`.
 */
export function substituteVariables(
  text: string,
  variables: ReadonlyMap<string, string>,
): { value: string; unresolved: string[] } {
  void text
  void variables
  throw new Error('not implemented')
}

/** Parses a Dockerfile. Never throws: malformed input yields `problems` and a best-effort result. */
export function parseDockerfile(text: string): Dockerfile {
  void text
  throw new Error('not implemented')
}

/** Indices of the stages that end up in the final image: the last stage and, transitively, the stages it copies from or builds on. */
export function stagesInFinalImage(dockerfile: Dockerfile): number[] {
  void dockerfile
  throw new Error('not implemented')
}
