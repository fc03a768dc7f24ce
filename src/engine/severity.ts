import { z } from 'zod'

/** How bad a finding is. `notice` maps to SARIF `note` and to GitHub's `::notice`. */
export const SEVERITIES = ['error', 'warning', 'notice'] as const
export const SeveritySchema = z.enum(SEVERITIES)
export type Severity = z.infer<typeof SeveritySchema>

/** The `fail-on` threshold: a severity, or `never` to report without failing. */
export const FAIL_ON_VALUES = [...SEVERITIES, 'never'] as const
export const FailOnSchema = z.enum(FAIL_ON_VALUES)
export type FailOn = z.infer<typeof FailOnSchema>

const RANK: Record<Severity, number> = { error: 3, warning: 2, notice: 1 }

/** Higher is more severe; usable as a sort key. */
export function severityRank(severity: Severity): number {
  return RANK[severity]
}

/** True when a finding of `severity` reaches the `failOn` threshold. */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false
  return RANK[severity] >= RANK[failOn]
}
