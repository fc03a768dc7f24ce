import { readFileSync } from 'node:fs'
import ajvDraft04 from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { toSarif } from '../../src/report/sarif.js'
import { sampleFinding, sampleReport } from '../helpers/sample-report.js'

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'))
// ajv-draft-04 is CommonJS: its class is the module's `default` export under NodeNext and under vitest.
const Ajv = ajvDraft04.default
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema)

describe('SARIF reporter', () => {
  const withFix = sampleFinding(2, 'warning', {
    fix: {
      range: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 },
      replacement: 'FROM x',
      description: 'Pin it',
    },
  })
  const log = toSarif(sampleReport([sampleFinding(0), sampleFinding(1, 'notice'), withFix]), 'astro/project-a')

  it('is valid SARIF 2.1.0 according to the OASIS schema', () => {
    const valid = validate(log)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('describes every rule with the fields code scanning reads', () => {
    const rules = log.runs[0].tool.driver.rules ?? []
    expect(rules.map((rule) => rule.id)).toEqual(RULES.filter((r) => !r.engineReported).map((r) => r.id))
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toBeTruthy()
      expect(rule.fullDescription?.text).toBeTruthy()
      expect(rule.help?.text).toBeTruthy()
      expect(rule.help?.markdown).toContain('### How to fix')
      expect(rule.defaultConfiguration?.level).toMatch(/^(error|warning|note)$/)
      expect(rule.properties?.tags).toContain('security')
      expect(Number(rule.properties?.['security-severity'])).toBeGreaterThan(0)
    }
  })

  it('maps severities, regions, fingerprints and fixes', () => {
    const [first, second, third] = log.runs[0].results ?? []
    expect(first.level).toBe('error')
    expect(second.level).toBe('note')
    expect(third.level).toBe('warning')
    expect(first.locations?.[0].physicalLocation?.region).toEqual({ startLine: 1, startColumn: 22, endLine: 1, endColumn: 40 })
    expect(first.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('projects/p0/airflow_settings.yaml')
    expect(first.partialFingerprints?.primaryLocationLineHash).toBe(`${'0'.repeat(32)}:1`)
    expect(third.fixes?.[0].artifactChanges[0].replacements[0].insertedContent?.text).toBe('FROM x')
    expect(log.runs[0].automationDetails?.id).toBe('astro/project-a/')
  })

  it('numbers repeated fingerprints in one file so each result stays distinct', () => {
    const twice = toSarif(sampleReport([sampleFinding(0), sampleFinding(0, 'error', { range: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 2 } })]))
    expect(twice.runs[0].results?.map((r) => r.partialFingerprints?.primaryLocationLineHash)).toEqual([
      `${'0'.repeat(32)}:1`,
      `${'0'.repeat(32)}:2`,
    ])
  })
})
