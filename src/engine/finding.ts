import { createHash } from 'node:crypto'
import type { Fix, RuleId } from './rule.js'
import type { Responsibility } from './responsibility.js'
import type { Severity } from './severity.js'
import type { Range } from './source-text.js'

/** A fix in output form: replace `range` with `replacement`. */
export interface FindingFix {
  range: Range
  replacement: string
  description: string
}

/**
 * One located problem. This is the documented JSON shape (see README "JSON output"). It never carries a
 * secret's value: messages name the carrier, and `fingerprint` is a hash.
 */
export interface Finding {
  ruleId: RuleId
  ruleName: string
  title: string
  severity: Severity
  responsibility: Responsibility
  messageId: string
  message: string
  /** POSIX path relative to the scan root. */
  path: string
  range: Range
  /**
   * Stable identity: a hash of rule id, path and the offending content (the secret for credentials, the
   * whitespace-folded offending text otherwise), never the line number, so it survives moved lines.
   */
  fingerprint: string
  fix?: FindingFix
  /**
   * The finding is a hardcoded credential. Its fingerprint is bound to the secret, so a suppression must quote
   * the fingerprint's first 8 characters (`ignore[AG201:3fa9c2d1]`), which text output prints after the rule id.
   */
  credential?: true
  /** Set by the baseline: the finding is known and does not gate. */
  baselined?: boolean
  /** Set by the scope filter: the finding lies outside the changed files/lines and does not gate. */
  outOfScope?: boolean
}

/** A finding before it leaves the engine: it may still hold the secret that produced it (never serialized). */
export interface InternalFinding extends Finding {
  secret?: string
}

export function hashContent(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) {
    hash.update(part)
    hash.update('\0')
  }
  return hash.digest('hex').slice(0, 32)
}

export function fingerprintOf(ruleId: RuleId, path: string, content: string): string {
  return hashContent(ruleId, path, content.replace(/\s+/g, ' ').trim())
}

export function toFindingFix(fix: Fix, range: Range): FindingFix {
  return { range, replacement: fix.replacement, description: fix.description }
}

/** Most severe first, then by path and position: the order every reporter uses. */
export function compareFindings(a: Finding, b: Finding): number {
  const rank = { error: 0, warning: 1, notice: 2 } as const
  return (
    rank[a.severity] - rank[b.severity] ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.range.startLine - b.range.startLine ||
    a.range.startColumn - b.range.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
}

/** Position order within a file (for grouped text output). */
export function compareByLocation(a: Finding, b: Finding): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.range.startLine - b.range.startLine ||
    a.range.startColumn - b.range.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
}
