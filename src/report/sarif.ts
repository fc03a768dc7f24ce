import type { Log, ReportingDescriptor, Result } from 'sarif'
import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import { securitySeverityOf } from '../engine/rule.js'
import type { Severity } from '../engine/severity.js'
import type { ReportInput } from './report-input.js'
import { ruleHelpMarkdown, ruleHelpText } from './rule-help.js'

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', notice: 'note' }

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

/**
 * SARIF 2.1.0 for `github/codeql-action/upload-sarif`: every rule with its docs, results with regions and a
 * content-based `primaryLocationLineHash` (so alerts follow moved lines), and `security-severity` on rules.
 */
export function toSarif(input: ReportInput, category?: string): Log {
  const usedRuleIds = new Set(input.findings.map((finding) => finding.ruleId))
  const rules = input.rules.filter((rule) => usedRuleIds.has(rule.id) || !rule.engineReported)
  const index = new Map(rules.map((rule, i) => [rule.id as string, i]))
  const descriptors: ReportingDescriptor[] = rules.map((rule) => {
    const area = RESPONSIBILITY_INFO[rule.responsibility]
    return {
      id: rule.id,
      name: rule.name,
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.docs.what },
      help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: {
        tags: ['security', rule.responsibility, `customer-responsibility-${area.number}`, ...(rule.tags ?? [])],
        'security-severity': securitySeverityOf(rule).toFixed(1),
        precision: 'high',
        problem: { severity: rule.severity === 'notice' ? 'recommendation' : rule.severity },
      },
    }
  })
  const occurrences = new Map<string, number>()
  const results: Result[] = input.findings.map((finding) => {
    const key = `${finding.path}\0${finding.fingerprint}`
    const occurrence = (occurrences.get(key) ?? 0) + 1
    occurrences.set(key, occurrence)
    const result: Result = {
      ruleId: finding.ruleId,
      ruleIndex: index.get(finding.ruleId),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(finding.path) },
            region: {
              startLine: finding.range.startLine,
              startColumn: finding.range.startColumn,
              endLine: finding.range.endLine,
              endColumn: Math.max(finding.range.endColumn, finding.range.startColumn),
            },
          },
        },
      ],
      partialFingerprints: {
        primaryLocationLineHash: `${finding.fingerprint}:${occurrence}`,
        'astroGuard/v1': finding.fingerprint,
      },
      properties: { responsibility: finding.responsibility, messageId: finding.messageId },
    }
    if (finding.baselined || finding.outOfScope) {
      result.baselineState = finding.baselined ? 'unchanged' : undefined
      result.properties = { ...result.properties, gating: false }
    }
    if (finding.fix) {
      result.fixes = [
        {
          description: { text: finding.fix.description },
          artifactChanges: [
            {
              artifactLocation: { uri: encodeURI(finding.path) },
              replacements: [
                {
                  deletedRegion: {
                    startLine: finding.fix.range.startLine,
                    startColumn: finding.fix.range.startColumn,
                    endLine: finding.fix.range.endLine,
                    endColumn: finding.fix.range.endColumn,
                  },
                  insertedContent: { text: finding.fix.replacement },
                },
              ],
            },
          ],
        },
      ]
    }
    return result
  })
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'astro-guard',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: 'https://github.com/astro-guard/astro-guard',
            rules: descriptors,
          },
        },
        ...(category ? { automationDetails: { id: category.endsWith('/') ? category : `${category}/` } } : {}),
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  }
}

export function renderSarif(input: ReportInput, category?: string): string {
  return `${JSON.stringify(toSarif(input, category), null, 2)}\n`
}
