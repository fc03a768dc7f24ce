import type { DiscoveredFile } from './file-source.js'
import { type Finding, fingerprintOf, type InternalFinding, toFindingFix } from './finding.js'
import type { AnyRule, FileRule, MessageTable, ProjectRule, Report, RuleContextBase } from './rule.js'
import type { ProjectInfo, RuleEnvironment, ScannedFile } from './scanned-file.js'

/** What every rule invocation shares within one scan. */
export interface RunContext {
  env: RuleEnvironment
  /** Resolved options per rule id (defaults merged with config). */
  optionsFor(rule: AnyRule): unknown
  getFile(path: string): ScannedFile | undefined
}

/** Turns a rule's report into a located finding: the engine, not the rule, does line/column math and hashing. */
export function createFinding(rule: AnyRule, file: ScannedFile, report: Report<MessageTable>): InternalFinding {
  const render = rule.messages[report.messageId] as ((data: unknown) => string) | undefined
  if (!render) throw new Error(`rule ${rule.id} reported unknown messageId '${report.messageId}'`)
  const range = file.source.range(report.span)
  const content = (report.secret ?? file.source.slice(report.span)) + (report.key ? `\0${report.key}` : '')
  const finding: InternalFinding = {
    ruleId: rule.id,
    ruleName: rule.name,
    title: rule.title,
    severity: report.severity ?? rule.severity,
    responsibility: rule.responsibility,
    messageId: report.messageId,
    message: render(report.data),
    path: file.path,
    range,
    fingerprint: fingerprintOf(rule.id, file.path, content || `${range.startLine}`),
  }
  if (report.fix) finding.fix = toFindingFix(report.fix, file.source.range(report.fix.span))
  if (report.secret) finding.secret = report.secret
  return finding
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A rule that threw: its findings for this file are dropped and the failure itself becomes a finding. */
export interface RuleFailure {
  rule: AnyRule
  path: string
  message: string
}

function contextBase(
  rule: AnyRule,
  run: RunContext,
  defaultFile: ScannedFile | undefined,
  out: InternalFinding[],
): RuleContextBase<MessageTable, unknown> {
  return {
    env: run.env,
    options: run.optionsFor(rule),
    getFile: run.getFile,
    report(report) {
      const file = report.file ?? defaultFile
      if (!file) throw new Error(`rule ${rule.id} reported without a file`)
      out.push(createFinding(rule, file, report as Report<MessageTable>))
    },
  }
}

export function runFileRules(
  file: ScannedFile,
  rules: readonly FileRule[],
  run: RunContext,
  findings: InternalFinding[],
  failures: RuleFailure[],
): void {
  for (const rule of rules) {
    const out: InternalFinding[] = []
    try {
      rule.check({ ...contextBase(rule, run, file, out), file, project: file.project })
      for (const finding of out) findings.push(finding)
    } catch (error) {
      failures.push({ rule, path: file.path, message: errorText(error) })
    }
  }
}

export function runProjectRules(
  project: ProjectInfo,
  files: readonly DiscoveredFile[],
  rules: readonly ProjectRule[],
  run: RunContext,
  findings: InternalFinding[],
  failures: RuleFailure[],
): void {
  for (const rule of rules) {
    const out: InternalFinding[] = []
    try {
      rule.check({ ...contextBase(rule, run, undefined, out), project, files })
      for (const finding of out) findings.push(finding)
    } catch (error) {
      failures.push({ rule, path: project.dockerfilePath ?? (project.root || '.'), message: errorText(error) })
    }
  }
}

export type { Finding }
