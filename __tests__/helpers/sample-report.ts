import { RULES } from '../../rules/index.js'
import type { Finding } from '../../src/engine/finding.js'
import type { Severity } from '../../src/engine/severity.js'
import type { ReportInput } from '../../src/report/report-input.js'

/** A finding of a real rule at a given place, for reporter tests. */
export function sampleFinding(index: number, severity: Severity = 'error', overrides: Partial<Finding> = {}): Finding {
  const rule = RULES.find((r) => r.id === 'AG201') ?? RULES[0]
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    title: rule.title,
    severity,
    responsibility: rule.responsibility,
    messageId: 'CONN_PASSWORD',
    message: `Connection 'conn_${index}' has a literal conn_password in airflow_settings.yaml.`,
    path: `projects/p${index % 7}/airflow_settings.yaml`,
    range: { startLine: index + 1, startColumn: 22, endLine: index + 1, endColumn: 40 },
    fingerprint: index.toString(16).padStart(32, '0'),
    ...overrides,
  }
}

export function sampleReport(findings: Finding[], overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    findings,
    rules: RULES,
    projects: [],
    stats: { files: 10, bytes: 1000, binaryFiles: 0, projects: 1, durationMs: 12 },
    failOn: 'error',
    root: '.',
    toolVersion: '0.0.0-test',
    runtimeData: { takenAt: '2026-09-25', source: 'test data' },
    notes: [],
    ...overrides,
  }
}
