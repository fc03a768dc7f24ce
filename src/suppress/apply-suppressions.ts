import { rule as invalidSuppression } from '../../rules/AG004-invalid-suppression.js'
import { rule as unusedSuppression } from '../../rules/AG005-unused-suppression.js'
import { closest } from '../config/did-you-mean.js'
import type { ResolvedConfig } from '../config/resolve-config.js'
import type { InternalFinding } from '../engine/finding.js'
import type { LazyFile } from '../engine/lazy-file.js'
import type { AnyRule } from '../engine/rule.js'
import type { Range } from '../engine/source-text.js'
import { metaFinding } from './meta-finding.js'
import { parseSuppressionComments, SUPPRESSION_MARKER, type SuppressionComment } from './suppression-comments.js'

/** Characters of a fingerprint that a suppression quotes and `astro-guard scan` prints. */
export const FINGERPRINT_PREFIX_LENGTH = 8

interface LocatedComment extends SuppressionComment {
  range: Range
  /** The comment's own text, for the fingerprint of findings about it. */
  text: string
}

export interface SuppressionOutcome {
  /** The findings that remain, plus findings about suppression comments (AG004, AG005). */
  findings: InternalFinding[]
  /** How many findings a suppression silenced. */
  suppressed: number
}

/**
 * Inline suppressions: `astro-guard: ignore[RULE-ID] reason` on the offending line or the line above.
 * `collect` is the engine's per-file hook; it only parses files that contain the marker. `apply` then runs over
 * the findings of the whole scan (project rules report after the per-file pass, so they are covered too).
 */
export class SuppressionCollector {
  private readonly byPath = new Map<string, LocatedComment[]>()

  readonly collect = (file: LazyFile, findings: InternalFinding[]): InternalFinding[] => {
    if (file.unreadable || !file.text.includes(SUPPRESSION_MARKER)) return findings
    const comments = parseSuppressionComments(file.text, file.kind)
    if (comments.length > 0) {
      this.byPath.set(
        file.path,
        comments.map((comment) => ({ ...comment, range: file.source.range(comment.span), text: file.source.slice(comment.span) })),
      )
    }
    return findings
  }

  /** Paths with at least one suppression comment (for tests and debugging). */
  get paths(): string[] {
    return [...this.byPath.keys()]
  }

  apply(findings: readonly InternalFinding[], rules: readonly AnyRule[], config: ResolvedConfig): SuppressionOutcome {
    if (this.byPath.size === 0) return { findings: [...findings], suppressed: 0 }
    const known = new Map<string, AnyRule>(rules.map((rule) => [rule.id, rule]))
    const byName = new Map<string, string>(rules.map((rule) => [rule.name, rule.id]))
    const ids = [...known.keys()]
    const suppressed = new Set<InternalFinding>()
    const reports: InternalFinding[] = []
    const report = (finding: InternalFinding | undefined) => {
      if (finding) reports.push(finding)
    }
    // path → start line → findings, so each suppression looks only at the lines it covers.
    const onPath = new Map<string, Map<number, InternalFinding[]>>()
    for (const finding of findings) {
      if (!this.byPath.has(finding.path)) continue
      let byLine = onPath.get(finding.path)
      if (!byLine) onPath.set(finding.path, (byLine = new Map()))
      const list = byLine.get(finding.range.startLine) ?? []
      list.push(finding)
      byLine.set(finding.range.startLine, list)
    }
    const runsOn = (id: string, path: string) => {
      const rule = known.get(id)
      return (
        rule !== undefined &&
        config.enabledRules.some((enabled) => enabled.id === id) &&
        config.severityFor(rule.id, path, rule.severity) !== 'off'
      )
    }

    // Stacked comments share their `covers` array: collect the findings of those lines once per stack.
    const below = new Map<readonly number[], InternalFinding[]>()
    const findingsBelow = (lines: readonly number[], byLine: Map<number, InternalFinding[]> | undefined) => {
      if (lines.length === 0 || !byLine) return []
      let found = below.get(lines)
      if (!found) below.set(lines, (found = lines.flatMap((line) => byLine.get(line) ?? [])))
      return found
    }

    for (const [path, comments] of this.byPath) {
      const byLine = onPath.get(path)
      for (const comment of comments) {
        const at = { path, range: comment.range, content: comment.text }
        if (comment.malformed) {
          report(metaFinding(invalidSuppression, config, at, 'MALFORMED', {}))
          continue
        }
        for (const token of comment.invalid) {
          const named = byName.get(token.toLowerCase())
          const suggestion = named ?? closest(token, ids, 1)
          report(metaFinding(invalidSuppression, config, at, 'UNKNOWN_RULE', { token, hint: suggestion ? ` (did you mean ${suggestion}?)` : '' }))
        }
        const valid = comment.rules.filter((entry) => {
          if (known.has(entry.id)) return true
          const suggestion = closest(entry.id, ids, 1)
          report(metaFinding(invalidSuppression, config, at, 'UNKNOWN_RULE', { token: entry.id, hint: suggestion ? ` (did you mean ${suggestion}?)` : '' }))
          return false
        })
        if (valid.length === 0) continue
        if (!comment.reason) {
          report(metaFinding(invalidSuppression, config, at, 'MISSING_REASON', { ids: valid.map((entry) => entry.id).join(', ') }))
          continue
        }
        for (const entry of valid) {
          const candidates = [...(byLine?.get(comment.line) ?? []), ...findingsBelow(comment.covers, byLine)].filter(
            (finding) => finding.ruleId === entry.id,
          )
          let used = false
          let unbound = false
          for (const finding of candidates) {
            if (entry.fingerprint !== undefined) {
              if (finding.fingerprint.startsWith(entry.fingerprint)) {
                suppressed.add(finding)
                used = true
              }
            } else if (finding.secret !== undefined) {
              // A credential suppression must name the credential, or a new secret on this line would hide too.
              unbound = true
              report(
                metaFinding(invalidSuppression, config, at, 'MISSING_FINGERPRINT', {
                  id: entry.id,
                  fingerprint: finding.fingerprint.slice(0, FINGERPRINT_PREFIX_LENGTH),
                }),
              )
            } else {
              suppressed.add(finding)
              used = true
            }
          }
          if (used || unbound) continue
          if (entry.fingerprint !== undefined && candidates.length > 0) {
            report(metaFinding(unusedSuppression, config, at, 'CHANGED', { id: entry.id, fingerprint: entry.fingerprint }))
          } else if (runsOn(entry.id, path)) {
            const { covers } = comment
            const where =
              covers.length === 0
                ? 'this line'
                : covers.length === 1
                  ? `this line or line ${covers[0]}`
                  : `this line or lines ${covers[0]}-${covers[covers.length - 1]}`
            report(metaFinding(unusedSuppression, config, at, 'UNUSED', { id: entry.id, where }))
          }
        }
      }
    }
    return { findings: [...findings.filter((finding) => !suppressed.has(finding)), ...reports], suppressed: suppressed.size }
  }
}
