import type { ParseProblem, Span } from '../engine/source-text.js'

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
  /** `name @ url`, a bare URL, or a VCS URL (`git+https://...@ref#egg=name`). */
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

/** Parses a pip requirements file. Never throws: malformed lines become `problems` and parsing goes on. */
export function parseRequirements(text: string): RequirementsFile {
  void text
  throw new Error('not implemented')
}
