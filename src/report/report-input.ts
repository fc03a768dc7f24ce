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
  /** Requirements files in which every requirement carries `--hash` (pip's hash-checking mode, the gold standard). */
  hashCheckedFiles?: string[]
  /** The opt-in vulnerability check, when it was requested: how it went. */
  vulnerabilityCheck?: VulnerabilityCheckReport
}

/** The outcome of `vulnerability-check: osv`, stated in the JSON report so a failed check is never a silent pass. */
export interface VulnerabilityCheckReport {
  source: 'osv'
  /** The endpoint without credentials. */
  endpoint: string
  /** `complete`; `partial` (some queries or details failed); `failed` (nothing was checked). */
  status: 'complete' | 'partial' | 'failed'
  /** Distinct pinned package versions asked about. */
  packages: number
  /** Advisories found. */
  vulnerabilities: number
  /** Why the check is partial or failed. */
  problems: string[]
}
