import { describe, expect, it } from 'vitest'
import { RULES } from '../rules/index.js'
import { CREDENTIAL_RULE_SCOPE } from '../rules/helpers/credential-scan.js'
import { scanMemory } from '../src/testing/scan-memory.js'
import { type LineFinding, loadCorpus, renderScoreTable, scoreCorpus } from './helpers/credential-corpus.js'

/** The rules the corpus measures: the credential family (responsibilities 1-3 of issue 3). */
// with the Airflow-settings rules that report secrets in AIRFLOW__* options and airflow.cfg (AG250, AG252): the corpus
// measures every credential finding, and that no secret is reported twice across the two families
export const CREDENTIAL_RULE_IDS = new Set<string>([...Object.keys(CREDENTIAL_RULE_SCOPE), 'AG214', 'AG302', 'AG250', 'AG252'])

const corpus = loadCorpus()
const tracked = Object.keys(corpus.files).filter((file) => !corpus.untracked.includes(file))
const result = scanMemory(corpus.files, { rules: RULES, tracked })
const findings: LineFinding[] = result.findings
  .filter((finding) => CREDENTIAL_RULE_IDS.has(finding.ruleId))
  .map((finding) => ({ file: finding.path, line: finding.range.startLine, ruleId: finding.ruleId, severity: finding.severity }))
const { scores, misses } = scoreCorpus(corpus, findings)

describe('credential corpus', () => {
  it('is big enough to mean something and covers every carrier', () => {
    const all = scores.find((s) => s.carrier === 'all')
    expect(Object.keys(corpus.files).length).toBeGreaterThanOrEqual(50)
    expect(all?.flagged).toBeGreaterThanOrEqual(150)
    expect(all?.clean).toBeGreaterThanOrEqual(300)
    expect(scores.map((s) => s.carrier)).toEqual([
      'airflow-cfg',
      'airflow-settings',
      'committed-files',
      'config-files',
      'dbt',
      'dockerfile',
      'dotenv',
      'gcp-service-account',
      'kubernetes',
      'local-users',
      'private-keys',
      'provider-tokens',
      'python',
      'shell',
      'tool-configs',
      'uris',
      'workflow',
      'all',
    ])
  })

  it('reaches precision >= 0.98 and recall >= 0.95 overall (the table is printed)', () => {
    console.log(`${renderScoreTable(scores)}\n${misses.length ? `\n${misses.join('\n')}` : ''}`)
    const all = scores.find((s) => s.carrier === 'all')
    expect(all?.precision).toBeGreaterThanOrEqual(0.98)
    expect(all?.recall).toBeGreaterThanOrEqual(0.95)
  })

  it('has every flagged rule of the family represented and no finding on an unlabelled line', () => {
    const expectedRules = new Set(corpus.lines.flatMap((line) => (line.rule ? [line.rule] : [])))
    for (const id of CREDENTIAL_RULE_IDS) expect(expectedRules, `no corpus line expects ${id}`).toContain(id)
    expect(misses.filter((miss) => miss.startsWith('finding on an unknown line'))).toEqual([])
  })

  it('reports each secret location once', () => {
    const seen = new Map<string, string>()
    const duplicates: string[] = []
    for (const finding of result.findings.filter((f) => CREDENTIAL_RULE_IDS.has(f.ruleId) && f.ruleId !== 'AG214')) {
      const key = `${finding.path}:${finding.range.startLine}:${finding.range.startColumn}:${finding.range.endLine}:${finding.range.endColumn}`
      const previous = seen.get(key)
      if (previous) duplicates.push(`${key} ${previous}+${finding.ruleId}`)
      seen.set(key, finding.ruleId)
    }
    expect(duplicates).toEqual([])
  })

  it('never runs a rule that fails', () => {
    expect(result.ruleFailures.map((failure) => `${failure.rule.id} ${failure.path}: ${failure.message}`)).toEqual([])
  })
})
