import type { Finding } from '../engine/finding.js'
import type { AnyRule } from '../engine/rule.js'
import type { ScanStats } from '../engine/scan.js'
import type { ProjectInfo } from '../engine/scanned-file.js'
import type { FailOn } from '../engine/severity.js'

/** Everything a reporter renders. Findings here are already public (no secret values). */
export interface ReportInput {
  findings: Finding[]
  rules: readonly AnyRule[]
  projects: ProjectInfo[]
  stats: ScanStats
  failOn: FailOn
  /** Display name of the scanned root (relative path or '.'). */
  root: string
  toolVersion: string
  /** Date the Runtime lifecycle data was taken and where from, for the summary footer. */
  runtimeData: { takenAt: string; source: string }
  /** Notices about the scan itself (feed fallback, skipped binaries). */
  notes: string[]
}
