import type { Finding } from '../engine/finding.js'
import { meetsThreshold, type FailOn, type Severity } from '../engine/severity.js'

/** GitHub keeps at most this many annotations of each type per step (actions/runner ExecutionContext.cs). */
export const ANNOTATIONS_PER_TYPE = 10
/** The runner truncates annotation messages beyond this (actions/runner `_maxIssueMessageLength`). */
const MAX_MESSAGE_LENGTH = 4096

export interface Annotation {
  type: Severity
  message: string
  properties: {
    title: string
    file?: string
    line?: number
    endLine?: number
    col?: number
    endColumn?: number
  }
}

/** Findings that gate the run come first, then the most severe, then the rest in report order. */
function importance(finding: Finding, failOn: FailOn): number {
  const gating = !finding.baselined && !finding.outOfScope && meetsThreshold(finding.severity, failOn)
  return gating ? 0 : finding.outOfScope || finding.baselined ? 2 : 1
}

/**
 * Chooses the annotations to emit within GitHub's 10-per-type limit, most important first, and adds one notice
 * saying how many were left out and where to see them. Column ranges are only given on single-line findings,
 * as GitHub ignores them otherwise.
 */
export function selectAnnotations(findings: readonly Finding[], failOn: FailOn, whereToSeeAll: string): Annotation[] {
  const ordered = [...findings].sort((a, b) => importance(a, failOn) - importance(b, failOn))
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  const chosen: Annotation[] = []
  let omitted = 0
  const noticeBudget = () => ANNOTATIONS_PER_TYPE - (omitted > 0 || findingsNeedOverflow(findings) ? 1 : 0)
  for (const finding of ordered) {
    const limit = finding.severity === 'notice' ? noticeBudget() : ANNOTATIONS_PER_TYPE
    if (used[finding.severity] >= limit) {
      omitted++
      continue
    }
    used[finding.severity]++
    chosen.push(toAnnotation(finding))
  }
  if (omitted > 0) {
    chosen.push({
      type: 'notice',
      message: `astro-guard found ${findings.length} problems; ${omitted} more are not shown as annotations because GitHub keeps ${ANNOTATIONS_PER_TYPE} per type per step. ${whereToSeeAll}`,
      properties: { title: `astro-guard: ${omitted} more findings` },
    })
  }
  return chosen
}

function findingsNeedOverflow(findings: readonly Finding[]): boolean {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  for (const finding of findings) counts[finding.severity]++
  return (
    counts.error > ANNOTATIONS_PER_TYPE || counts.warning > ANNOTATIONS_PER_TYPE || counts.notice > ANNOTATIONS_PER_TYPE - 1
  )
}

export function toAnnotation(finding: Finding): Annotation {
  const { range } = finding
  const singleLine = range.startLine === range.endLine
  return {
    type: finding.severity,
    message: finding.message.slice(0, MAX_MESSAGE_LENGTH),
    properties: {
      title: `${finding.ruleId} ${finding.title}`,
      file: finding.path,
      line: range.startLine,
      endLine: range.endLine,
      ...(singleLine ? { col: range.startColumn, endColumn: Math.max(range.endColumn, range.startColumn) } : {}),
    },
  }
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** The workflow command for an annotation (`::error file=…,line=…::message`). */
export function annotationCommand(annotation: Annotation): string {
  const properties = Object.entries(annotation.properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',')
  return `::${annotation.type} ${properties}::${escapeData(annotation.message)}`
}
