import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { annotationCommand, selectAnnotations } from '../src/report/annotations.js'
import { renderJson } from '../src/report/json.js'
import { renderSarif } from '../src/report/sarif.js'
import { renderSummary } from '../src/report/summary.js'
import { renderText } from '../src/report/text.js'
import { type RunScanResult, runScan } from '../src/run-scan.js'
import { loadCorpus } from './helpers/credential-corpus.js'

/**
 * No output of a scan of the credential corpus contains a planted secret: not the messages the rules render (before
 * the redactor), not text, JSON, SARIF, annotations or the job summary (rendered as the reporters render them, then
 * also after the CLI's final redaction pass). The corpus is written to a temporary git repository and scanned
 * through runScan, the facade the CLI and the action share.
 */
const corpus = loadCorpus()
const root = mkdtempSync(join(tmpdir(), 'ag-leak-'))
let scan: RunScanResult

function gitAvailable(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  for (const [path, content] of Object.entries(corpus.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  if (gitAvailable()) {
    execFileSync('git', ['init', '-q'], { cwd: root })
    const tracked = Object.keys(corpus.files).filter((file) => !corpus.untracked.includes(file))
    execFileSync('git', ['add', '--', ...tracked], { cwd: root })
  }
  scan = await runScan({ root, today: '2026-11-22', failOn: 'error' })
}, 60_000)

afterAll(() => rmSync(root, { recursive: true, force: true }))

function leaks(text: string): string[] {
  return corpus.secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 3)}…(${secret.length})`)
}

describe('no planted secret in any output', () => {
  it('plants many secrets and finds them', () => {
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(150)
    // the detector itself works: the corpus contains the planted values (all but the plain text of base64 ones)
    expect(leaks(Object.values(corpus.files).join('\n')).length).toBeGreaterThanOrEqual(corpus.secrets.length - 3)
    expect(scan.result.findings.filter((finding) => finding.secret !== undefined).length).toBeGreaterThanOrEqual(150)
  })

  it('rule messages, before any redaction', () => {
    expect(leaks(scan.result.findings.map((finding) => `${finding.message}\n${finding.fix?.replacement ?? ''}`).join('\n'))).toEqual([])
  })

  const outputs: [string, () => string][] = [
    ['text', () => renderText(scan.report, false)],
    ['JSON', () => renderJson(scan.report, scan.gating)],
    ['SARIF', () => renderSarif(scan.report)],
    ['annotations', () => selectAnnotations(scan.report.findings, scan.failOn, 'see the SARIF report').map(annotationCommand).join('\n')],
    ['summary', () => renderSummary(scan.report, { blobBase: 'https://github.com/acme/analytics/blob/0123456/', fullReport: 'the SARIF artifact' }, scan.gating)],
  ]
  it.each(outputs)('%s', (_, render) => {
    const output = render()
    expect(output.length).toBeGreaterThan(100)
    expect(leaks(output)).toEqual([])
    expect(leaks(scan.redactor.apply(output))).toEqual([])
  })

  it('every annotation, not just the ten GitHub shows', () => {
    const all = scan.report.findings.map((finding) => annotationCommand({ type: finding.severity, message: finding.message, properties: { title: finding.title, file: finding.path, line: finding.range.startLine } }))
    expect(all.length).toBeGreaterThanOrEqual(150)
    expect(leaks(all.join('\n'))).toEqual([])
  })
})
