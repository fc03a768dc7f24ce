import type { z } from 'zod'
import type { Advisory } from '../dependencies/advisories.js'
import type { FileKind } from './file-kind.js'
import type { DiscoveredFile } from './file-source.js'
import type { Responsibility } from './responsibility.js'
import type { Severity } from './severity.js'
import type { Span } from './source-text.js'
import type { ProjectInfo, RuleEnvironment, ScannedFile } from './scanned-file.js'

/** `AG` and three digits; the hundreds digit is the responsibility number (AG0xx: the scanner's own checks). */
export type RuleId = `AG${number}`

/** messageId → a function of typed data that renders one sentence. Never interpolate a secret's value. */
export type MessageTable = Record<string, (data: never) => string>
export type MessageData<M extends MessageTable, K extends keyof M> = Parameters<M[K]>[0]

/** A set of files for cases and doc examples: repository-relative path → content. */
export type FileSet = Record<string, string>

export interface RuleDocs {
  /** What the rule flags (one or two sentences). */
  what: string
  /** Why it matters for the customer's side of the shared responsibility model. */
  why: string
  /** How to fix it, the Astro way. */
  fix: string
  /**
   * A project that the rule flags and one it leaves alone; both are run by the rule tester (with `advisories`, for
   * rules that read the opt-in vulnerability check's results).
   */
  examples: { bad: FileSet; good: FileSet; advisories?: Advisory[] }
  references?: { title: string; url: string }[]
}

export interface Fix {
  span: Span
  replacement: string
  /** Imperative, e.g. "Pin to 13.11.0". */
  description: string
}

export interface Report<M extends MessageTable, K extends keyof M & string = keyof M & string> {
  messageId: K
  data: MessageData<M, K>
  span: Span
  /** For project rules: the file the span is in. File rules report on their own file. */
  file?: ScannedFile
  fix?: Fix
  /**
   * The credential's value when the finding is a hardcoded secret. The fingerprint binds to it (so a different
   * secret on the same line is a new finding), and every reporter redacts it. It never leaves the engine.
   */
  secret?: string
  /** A finding-specific severity (for example a well-known local default is only a notice). Config still overrides. */
  severity?: Severity
  /**
   * Tells apart findings of one rule on the same text (for example one per advisory of a pinned package): it
   * becomes part of the fingerprint. Never a secret.
   */
  key?: string
}

export interface CaseBase<O> {
  name: string
  files: FileSet
  /** Paths git tracks. Default: every file of the case is tracked. */
  tracked?: string[]
  /** "Today" for the case (YYYY-MM-DD). Default: 2026-11-22, the date the embedded data was checked. */
  today?: string
  options?: Partial<O>
  /** Known vulnerabilities the case's run has (as if the opt-in vulnerability check had found them). */
  advisories?: Advisory[]
}

export interface ExpectedFinding<M extends MessageTable> {
  file: string
  line: number
  messageId: keyof M & string
  severity?: Severity
}

export interface FlagCase<M extends MessageTable, O> extends CaseBase<O> {
  findings: ExpectedFinding<M>[]
}

export interface RuleCases<M extends MessageTable, O> {
  flag: FlagCase<M, O>[]
  pass: CaseBase<O>[]
}

export interface RuleOptions<O> {
  schema: z.ZodType<O>
  defaults: O
}

interface RuleMeta<M extends MessageTable, O> {
  id: RuleId
  /** kebab-case, names the flagged pattern so it reads as "allow <name>". */
  name: string
  /** A noun phrase. */
  title: string
  severity: Severity
  responsibility: Responsibility
  docs: RuleDocs
  messages: M
  options?: RuleOptions<O>
  /** SARIF `security-severity` (0.1–10). Defaults from severity: error 8.0, warning 5.5, notice 3.0. */
  securitySeverity?: number
  tags?: string[]
  /**
   * The engine reports this rule's findings itself (a rule that threw, a symlink out of the root); its
   * flag cases live in the engine's tests instead of here.
   */
  engineReported?: true
  cases: RuleCases<M, O>
}

export interface RuleContextBase<M extends MessageTable, O> {
  env: RuleEnvironment
  options: O
  /** Another scanned file by repository-relative path (for example a `-r` include); the engine reads it. */
  getFile(path: string): ScannedFile | undefined
  report<K extends keyof M & string>(report: Report<M, K>): void
}

export interface FileRuleContext<M extends MessageTable, O> extends RuleContextBase<M, O> {
  file: ScannedFile
  project: ProjectInfo | undefined
}

export interface ProjectRuleContext<M extends MessageTable, O> extends RuleContextBase<M, O> {
  project: ProjectInfo
  /** The project's files in path order (path, kind, git status); read one with `getFile(path)`. */
  files: readonly DiscoveredFile[]
}

export interface FileRule<M extends MessageTable = MessageTable, O = unknown> extends RuleMeta<M, O> {
  scope: 'file'
  /** The file kinds the rule looks at. */
  kinds: readonly FileKind[]
  /**
   * Lower-case substrings of which at least one must occur in a file for the rule to run on it (a prefilter
   * decided in one pass per file). Omit to run on every file of the kinds.
   */
  keywords?: readonly string[]
  /** Also run on files whose content was not read (binary, too large): path-only rules such as committed key files. */
  includeUnreadable?: boolean
  check(ctx: FileRuleContext<M, O>): void
}

export interface ProjectRule<M extends MessageTable = MessageTable, O = unknown> extends RuleMeta<M, O> {
  scope: 'project'
  check(ctx: ProjectRuleContext<M, O>): void
}

export type Rule<M extends MessageTable = MessageTable, O = unknown> = FileRule<M, O> | ProjectRule<M, O>
// biome-ignore lint: the registry holds rules of every message table and option type
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any>

export function defineFileRule<const M extends MessageTable, O = Record<string, never>>(
  rule: Omit<FileRule<M, O>, 'scope'>,
): FileRule<M, O> {
  return { ...rule, scope: 'file' }
}

export function defineProjectRule<const M extends MessageTable, O = Record<string, never>>(
  rule: Omit<ProjectRule<M, O>, 'scope'>,
): ProjectRule<M, O> {
  return { ...rule, scope: 'project' }
}

const DEFAULT_SECURITY_SEVERITY: Record<Severity, number> = { error: 8.0, warning: 5.5, notice: 3.0 }

export function securitySeverityOf(rule: AnyRule): number {
  return rule.securitySeverity ?? DEFAULT_SECURITY_SEVERITY[rule.severity]
}
