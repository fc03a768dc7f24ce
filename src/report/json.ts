import type { Finding } from '../engine/finding.js'
import type { ReportInput, VulnerabilityCheckReport } from './report-input.js'

/** The documented JSON shape (README "JSON output"); `version` changes only when a field changes meaning. */
export interface JsonReport {
  version: 1
  tool: { name: 'astro-guard'; version: string }
  root: string
  failOn: string
  summary: {
    findings: number
    errors: number
    warnings: number
    notices: number
    gating: number
    files: number
    projects: number
    durationMs: number
  }
  projects: { root: string; dockerfile: string | null; image: string | null; airflowVersion: string | null }[]
  findings: Finding[]
  notes: string[]
  /** Requirements files fully in pip's hash-checking mode. */
  hashCheckedFiles: string[]
  /** Present when the vulnerability check was requested (`--vulnerability-check osv`). */
  vulnerabilityCheck?: VulnerabilityCheckReport
}

export function toJsonReport(input: ReportInput, gating: number): JsonReport {
  const count = (severity: string) => input.findings.filter((finding) => finding.severity === severity).length
  return {
    version: 1,
    tool: { name: 'astro-guard', version: input.toolVersion },
    root: input.root,
    failOn: input.failOn,
    summary: {
      findings: input.findings.length,
      errors: count('error'),
      warnings: count('warning'),
      notices: count('notice'),
      gating,
      files: input.stats.files,
      projects: input.stats.projects,
      durationMs: Math.round(input.stats.durationMs),
    },
    projects: input.projects.map((project) => ({
      root: project.root || '.',
      dockerfile: project.dockerfilePath ?? null,
      image: project.baseImage?.reference ?? null,
      airflowVersion: project.airflowVersion ?? null,
    })),
    findings: input.findings,
    notes: input.notes,
    hashCheckedFiles: input.hashCheckedFiles ?? [],
    ...(input.vulnerabilityCheck ? { vulnerabilityCheck: input.vulnerabilityCheck } : {}),
  }
}

export function renderJson(input: ReportInput, gating: number): string {
  return `${JSON.stringify(toJsonReport(input, gating), null, 2)}\n`
}
