import { describe, expect, it } from 'vitest'
import { runScan } from '../src/run-scan.js'

describe('the example project\'s suppression comments', () => {
  it('applies the reviewed one and reports the stale one and the one without a reason', async () => {
    const { report } = await runScan({ root: 'example-project', today: '2026-11-22', runtimeFeed: 'embedded' })
    const inFile = report.findings
      .filter((finding) => finding.path === 'include/requirements-reporting.txt')
      .map((finding) => `${finding.ruleId} ${finding.messageId} ${finding.range.startLine}`)
    expect(inFile).toEqual(['AG401 RANGE 8', 'AG005 UNUSED 6', 'AG004 MISSING_REASON 8'])
    expect(report.notes).toContain('1 finding was suppressed by astro-guard: ignore comments.')
  })
})
