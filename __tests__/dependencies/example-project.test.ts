import { describe, expect, it } from 'vitest'
import { renderJson } from '../../src/report/json.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderText } from '../../src/report/text.js'
import { runScan } from '../../src/run-scan.js'

// The example project holds one violation of each dependency rule (AG419 needs the opt-in network check) and
// decoys next to them that must stay clean.
describe('dependency rules on example-project', async () => {
  const scanned = await runScan({ root: 'example-project', today: '2026-11-22', runtimeFeed: 'embedded' })
  const mine = scanned.report.findings
    // Files at the project root; other issues' examples (include/, ci/) have their own tests.
    .filter((finding) => /^AG4(0[1-9]|1\d)$/.test(finding.ruleId) && !finding.path.includes('/'))
    .map((finding) => `${finding.ruleId} ${finding.path}:${finding.range.startLine}`)
    .sort()

  it('finds each violation where the comments say', () => {
    expect(mine).toEqual([
      'AG401 requirements.txt:3',
      'AG401 requirements.txt:4',
      'AG402 requirements.txt:9',
      'AG403 requirements-dev.txt:11',
      'AG404 requirements-dev.txt:9',
      'AG405 requirements-dev.txt:13',
      'AG406 requirements-private.txt:6',
      'AG407 Dockerfile:21',
      'AG408 requirements-dev.txt:4',
      'AG409 requirements-private.txt:4',
      'AG410 requirements-private.txt:3',
      'AG411 requirements-docs.txt:5',
      'AG412 requirements.txt:13',
      'AG413 packages.txt:3',
      'AG414 Dockerfile:20',
      'AG415 Dockerfile:13',
      'AG416 Dockerfile:18',
      'AG417 Dockerfile:16',
      'AG418 Dockerfile:10',
    ])
  })

  it('names the fully hashed file in the notes', () => {
    expect(scanned.report.hashCheckedFiles).toEqual(['requirements-ci.txt'])
  })

  it('never prints the index password, in any format', () => {
    const { report, redactor, gating } = scanned
    for (const output of [renderJson(report, gating), renderSarif(report), renderText(report, false), renderSummary(report, { blobBase: undefined, fullReport: 'See the SARIF file.' }, gating)]) {
      expect(output).not.toContain('Idx-Reader-2025!')
      expect(redactor.apply(output)).not.toContain('Idx-Reader-2025!')
    }
  })
})
