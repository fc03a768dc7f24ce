import type { Finding } from '../engine/finding.js'
import { RESPONSIBILITIES, RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import { meetsThreshold, type Severity } from '../engine/severity.js'
import type { ReportInput } from './report-input.js'

/** GitHub rejects step summaries over 1 MiB; stay well below so the footer always fits. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', notice: '🔵' }

export interface SummaryLinks {
  /** `https://github.com/owner/repo/blob/<sha>/` or undefined outside GitHub. */
  blobBase: string | undefined
  /** Where the full report is (check run, SARIF artifact), for the truncation note. */
  fullReport: string
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;')
}

function location(finding: Finding, links: SummaryLinks): string {
  const text = `${finding.path}:${finding.range.startLine}`
  if (!links.blobBase) return `\`${cell(text)}\``
  const anchor =
    finding.range.endLine > finding.range.startLine
      ? `#L${finding.range.startLine}-L${finding.range.endLine}`
      : `#L${finding.range.startLine}`
  return `[\`${cell(text)}\`](${links.blobBase}${finding.path.split('/').map(encodeURIComponent).join('/')}${anchor})`
}

/**
 * The job summary (and the check run's summary and the PR summary comment): verdict, counts per responsibility
 * area, and the findings table, cut to fit `limitBytes` (1 MiB for a job summary, 65,535 characters for a check
 * run's text, 65,536 for a comment; a UTF-8 byte count is never below the character count).
 */
export function renderSummary(input: ReportInput, links: SummaryLinks, gating: number, limitBytes = SUMMARY_LIMIT_BYTES): string {
  const head: string[] = []
  const verdict =
    input.failOn === 'never'
      ? 'Reporting only (`fail-on: never`).'
      : gating > 0
        ? `❌ **${gating} finding${gating === 1 ? '' : 's'} at or above \`${input.failOn}\`**: the check fails.`
        : `✅ No finding at or above \`${input.failOn}\`.`
  head.push('## astro-guard', '', verdict, '')
  head.push(
    `Scanned ${input.stats.files} files in ${input.stats.projects} Astro project${input.stats.projects === 1 ? '' : 's'} in ${(input.stats.durationMs / 1000).toFixed(2)}s.`,
    '',
  )
  head.push('| Customer responsibility | 🔴 Errors | 🟠 Warnings | 🔵 Notices |', '|---|---:|---:|---:|')
  for (const area of RESPONSIBILITIES) {
    const info = RESPONSIBILITY_INFO[area]
    const of = (severity: Severity) =>
      input.findings.filter((finding) => finding.responsibility === area && finding.severity === severity).length
    head.push(`| ${info.number}. ${info.label} | ${of('error')} | ${of('warning')} | ${of('notice')} |`)
  }
  const baselined = input.findings.filter((finding) => finding.baselined).length
  const outOfScope = input.findings.filter((finding) => finding.outOfScope).length
  if (baselined || outOfScope) {
    head.push(
      '',
      `${baselined ? `${baselined} baselined` : ''}${baselined && outOfScope ? ' and ' : ''}${outOfScope ? `${outOfScope} outside the changed lines` : ''}: counted, not gating.`,
    )
  }
  head.push('')

  const foot: string[] = []
  for (const note of input.notes) foot.push(`> ${cell(note)}`)
  foot.push(
    '',
    `<sub>astro-guard ${input.toolVersion} · Astro Runtime data from ${cell(input.runtimeData.source)}, taken ${input.runtimeData.takenAt}</sub>`,
    '',
  )

  const rows: string[] = []
  if (input.findings.length) {
    rows.push('| | Rule | Location | Finding |', '|---|---|---|---|')
    for (const finding of input.findings) {
      const state = finding.baselined ? ' (baselined)' : finding.outOfScope ? ' (outside the change)' : ''
      rows.push(
        `| ${ICON[finding.severity]} | ${finding.ruleId} ${cell(finding.ruleName)} | ${location(finding, links)} | ${cell(finding.message)}${state} |`,
      )
    }
    rows.push('')
  }

  let body = `${head.join('\n')}\n`
  let used = Buffer.byteLength(body) + Buffer.byteLength(foot.join('\n'))
  let shown = 0
  const truncationNote = (left: number) =>
    `\n_${left} more findings are not listed here (GitHub limits ${limitBytes >= SUMMARY_LIMIT_BYTES ? 'a job summary to 1 MiB' : 'the size of this text'}); ${links.fullReport}_\n`
  for (const row of rows) {
    const size = Buffer.byteLength(row) + 1
    if (used + size + 512 > limitBytes) {
      const left = input.findings.length - Math.max(0, shown - 2)
      body += truncationNote(left)
      break
    }
    body += `${row}\n`
    used += size
    shown++
  }
  return `${body}${foot.join('\n')}`
}

export function countGating(findings: readonly Finding[], failOn: ReportInput['failOn']): number {
  return findings.filter(
    (finding) => !finding.baselined && !finding.outOfScope && meetsThreshold(finding.severity, failOn),
  ).length
}
