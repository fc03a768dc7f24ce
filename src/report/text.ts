import { compareByLocation } from '../engine/finding.js'
import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import { meetsThreshold, type Severity } from '../engine/severity.js'
import type { ReportInput } from './report-input.js'

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', notice: '\x1b[36m' }
const DIM = '\x1b[2m'
const BOLD = '\x1b[1m'
const RESET = '\x1b[0m'

/** Human output, grouped by file; colour only when asked for (a TTY without NO_COLOR). */
export function renderText(input: ReportInput, colour: boolean): string {
  const paint = (code: string, text: string) => (colour ? `${code}${text}${RESET}` : text)
  const lines: string[] = []
  let currentPath: string | undefined
  for (const finding of [...input.findings].sort(compareByLocation)) {
    if (finding.path !== currentPath) {
      if (currentPath !== undefined) lines.push('')
      lines.push(paint(BOLD, finding.path))
      currentPath = finding.path
    }
    const where = `${finding.range.startLine}:${finding.range.startColumn}`.padEnd(8)
    const severity = paint(COLOURS[finding.severity], finding.severity.padEnd(7))
    const tags = [finding.baselined ? 'baselined' : '', finding.outOfScope ? 'outside the change' : ''].filter(Boolean)
    const suffix = tags.length ? paint(DIM, ` [${tags.join(', ')}]`) : ''
    // A credential's suppression must quote its fingerprint (`ignore[AG201:3fa9c2d1]`), so print it with the id.
    const id = finding.credential ? `${finding.ruleId}:${finding.fingerprint.slice(0, 8)}` : finding.ruleId
    lines.push(`  ${where}${severity} ${finding.message}  ${paint(DIM, `${id} ${finding.ruleName}`)}${suffix}`)
    if (finding.fix) lines.push(`  ${' '.repeat(16)}${paint(DIM, `fix: ${finding.fix.description}`)}`)
  }
  if (lines.length) lines.push('')

  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  let gating = 0
  for (const finding of input.findings) {
    counts[finding.severity]++
    if (!finding.baselined && !finding.outOfScope && meetsThreshold(finding.severity, input.failOn)) gating++
  }
  const { stats } = input
  const seconds = (stats.durationMs / 1000).toFixed(2)
  lines.push(
    `${input.findings.length} finding${input.findings.length === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.notice} notice) in ${stats.files} files, ${stats.projects} Astro project${stats.projects === 1 ? '' : 's'}, ${seconds}s.`,
  )
  const byArea = new Map<string, number>()
  for (const finding of input.findings) byArea.set(finding.responsibility, (byArea.get(finding.responsibility) ?? 0) + 1)
  for (const [area, count] of [...byArea.entries()].sort(
    (a, b) => RESPONSIBILITY_INFO[a[0] as keyof typeof RESPONSIBILITY_INFO].number - RESPONSIBILITY_INFO[b[0] as keyof typeof RESPONSIBILITY_INFO].number,
  )) {
    const info = RESPONSIBILITY_INFO[area as keyof typeof RESPONSIBILITY_INFO]
    lines.push(`  ${info.number}. ${info.label}: ${count}`)
  }
  for (const note of input.notes) lines.push(paint(DIM, `note: ${note}`))
  lines.push(
    input.failOn === 'never'
      ? 'fail-on is never: the run passes whatever was found.'
      : gating > 0
        ? paint(COLOURS.error, `${gating} finding${gating === 1 ? '' : 's'} at or above '${input.failOn}': failing.`)
        : `No finding at or above '${input.failOn}'.`,
  )
  return `${lines.join('\n')}\n`
}
