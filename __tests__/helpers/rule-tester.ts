import { describe, expect, it } from 'vitest'
import type { InternalFinding } from '../../src/engine/finding.js'
import type { AnyRule, CaseBase, FileSet } from '../../src/engine/rule.js'
import { scanMemory } from '../../src/testing/scan-memory.js'

/** Runs one rule alone (plus nothing else) over a case's files, with the case's date, options and git status. */
export function runRule(rule: AnyRule, testCase: CaseBase<unknown>): InternalFinding[] {
  const options = testCase.options as Record<string, unknown> | undefined
  return scanMemory(testCase.files, {
    rules: [rule],
    today: testCase.today,
    tracked: testCase.tracked,
    config: options ? { rules: { [rule.id]: { options } } } : undefined,
    advisories: testCase.advisories,
  }).findings.filter((finding) => finding.ruleId === rule.id)
}

function brief(findings: InternalFinding[]): { file: string; line: number; messageId: string }[] {
  return findings
    .map((finding) => ({ file: finding.path, line: finding.range.startLine, messageId: finding.messageId }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.messageId < b.messageId ? -1 : 1)))
}

function sortExpected<T extends { file: string; line: number; messageId: string }>(expected: T[]): T[] {
  return [...expected].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.messageId < b.messageId ? -1 : 1),
  )
}

/** Every value in the files that a finding marked as a secret must not appear in what the finding says. */
function expectNoSecretInMessages(findings: InternalFinding[]): void {
  for (const finding of findings) {
    if (!finding.secret) continue
    expect(finding.message, `${finding.ruleId} message leaks the secret`).not.toContain(finding.secret)
    if (finding.fix) expect(finding.fix.replacement).not.toContain(finding.secret)
  }
}

function nonEmpty(files: FileSet): boolean {
  return Object.keys(files).length > 0
}

/**
 * The shared tester (ESLint's RuleTester in spirit): each flag case must produce exactly its findings (file,
 * line, messageId, and severity where given), each pass case none, and the doc examples must behave as documented.
 */
export function testRule(rule: AnyRule): void {
  describe(`${rule.id} ${rule.name}`, () => {
    const passCases = rule.cases.pass.map((c) => [c.name, c] as const)
    const flagCases = rule.cases.flag.map((c) => [c.name, c] as const)
    if (passCases.length) {
      it.each(passCases)('does not flag: %s', (_, testCase) => {
        expect(brief(runRule(rule, testCase))).toEqual([])
      })
    }
    if (flagCases.length) {
      it.each(flagCases)('flags: %s', (_, testCase) => {
        const findings = runRule(rule, testCase)
        const expected = sortExpected(testCase.findings)
        expect(brief(findings)).toEqual(expected.map(({ file, line, messageId }) => ({ file, line, messageId })))
        const sorted = [...findings].sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.startLine - b.range.startLine || (a.messageId < b.messageId ? -1 : 1),
        )
        expected.forEach((want, index) => {
          if (want.severity) expect(sorted[index].severity, `${want.file}:${want.line} severity`).toBe(want.severity)
        })
        expectNoSecretInMessages(findings)
      })
    }
    it('doc examples behave as documented', () => {
      const { bad, good, advisories } = rule.docs.examples
      if (!rule.engineReported) {
        expect(nonEmpty(bad), 'docs.examples.bad is empty').toBe(true)
        expect(runRule(rule, { name: 'bad example', files: bad, advisories }).length, 'docs.examples.bad flags nothing').toBeGreaterThan(0)
      }
      expect(brief(runRule(rule, { name: 'good example', files: good, advisories }))).toEqual([])
    })
  })
}
