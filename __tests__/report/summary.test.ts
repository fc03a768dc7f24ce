import { describe, expect, it } from 'vitest'
import { countGating, renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { sampleFinding, sampleReport } from '../helpers/sample-report.js'

const links = { blobBase: 'https://github.com/acme/data/blob/abc123/', fullReport: 'See the SARIF.' }

describe('renderSummary', () => {
  it('shows the verdict, counts per responsibility area and a linked table of findings', () => {
    const findings = [sampleFinding(0), sampleFinding(1, 'warning', { baselined: true })]
    const markdown = renderSummary(sampleReport(findings), links, countGating(findings, 'error'))
    expect(markdown).toContain('❌ **1 finding at or above `error`**: the check fails.')
    expect(markdown).toContain('| 2. Secrets storage | 1 | 1 | 0 |')
    expect(markdown).toContain('| 7. Network security | 0 | 0 | 0 |')
    expect(markdown).toContain('[`projects/p0/airflow_settings.yaml:1`](https://github.com/acme/data/blob/abc123/projects/p0/airflow_settings.yaml#L1)')
    expect(markdown).toContain('1 baselined: counted, not gating.')
    expect(markdown).toContain('(baselined)')
  })

  it('passes when nothing gates, and escapes table cells', () => {
    const finding = sampleFinding(0, 'notice', { message: 'a | b\nc' })
    const markdown = renderSummary(sampleReport([finding]), { blobBase: undefined, fullReport: '' }, 0)
    expect(markdown).toContain('✅ No finding at or above `error`.')
    expect(markdown).toContain('a \\| b c')
    expect(markdown).toContain('`projects/p0/airflow_settings.yaml:1`')
  })

  it('stays under GitHub\'s 1 MiB step summary limit and says how many findings it left out', () => {
    const findings = Array.from({ length: 12_000 }, (_, i) => sampleFinding(i, 'error', { message: `${'x'.repeat(60)} ${i}` }))
    const markdown = renderSummary(sampleReport(findings), links, findings.length)
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    expect(markdown).toMatch(/_\d+ more findings are not listed here \(GitHub limits a job summary to 1 MiB\); See the SARIF\._/)
    expect(markdown).toContain('astro-guard 0.0.0-test')
  })
})
