import { rule as staleEntry } from '../../rules/AG006-stale-baseline-entry.js'
import { rule as expiredEntry } from '../../rules/AG007-expired-baseline-entry.js'
import type { ResolvedConfig } from '../config/resolve-config.js'
import type { Finding, InternalFinding } from '../engine/finding.js'
import { metaFinding } from '../suppress/meta-finding.js'
import { type BaselineEntry, entryKey, type LoadedBaseline, type LocatedEntry } from './baseline-file.js'

/** Findings about suppressions and the baseline itself are never baselined: they are fixed in place. */
export const NEVER_BASELINED = new Set(['AG004', 'AG005', 'AG006', 'AG007'])

export interface BaselineOutcome {
  /** Every finding, those the baseline accepts marked `baselined`, plus findings about stale and expired entries. */
  findings: InternalFinding[]
  baselined: number
  staleEntries: number
  expiredEntries: number
}

/** An entry's findings in file order (the first `count` of them are the accepted ones). */
function groupFindings<F extends Finding>(findings: readonly F[]): Map<string, F[]> {
  const groups = new Map<string, F[]>()
  for (const finding of findings) {
    if (NEVER_BASELINED.has(finding.ruleId)) continue
    const key = entryKey({ rule: finding.ruleId, path: finding.path, fingerprint: finding.fingerprint })
    const group = groups.get(key) ?? []
    group.push(finding)
    groups.set(key, group)
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn)
  }
  return groups
}

/** Entries with the same key (a merge of two branches can produce them) are one entry whose counts add up. */
function mergeDuplicates(entries: readonly LocatedEntry[]): LocatedEntry[] {
  const byKey = new Map<string, LocatedEntry>()
  for (const entry of entries) {
    const key = entryKey(entry)
    const existing = byKey.get(key)
    if (existing) existing.count = (existing.count ?? 1) + (entry.count ?? 1)
    else byKey.set(key, { ...entry })
  }
  return [...byKey.values()]
}

export function isExpired(entry: BaselineEntry, today: string): boolean {
  return entry.expires !== undefined && today >= entry.expires
}

/**
 * Marks the findings the baseline accepts. An entry accepts up to `count` findings with its rule, path and
 * fingerprint wherever they are in the file; more occurrences than that are new. An entry whose `expires` date
 * has come accepts nothing (and is reported); an entry that accepts fewer findings than it counts is reported as
 * stale. `at` is the path findings about the baseline file itself are reported on.
 */
export function applyBaseline(
  findings: readonly InternalFinding[],
  baseline: LoadedBaseline,
  context: { today: string; config: ResolvedConfig; at: string },
): BaselineOutcome {
  const groups = groupFindings(findings)
  const accepted = new Set<InternalFinding>()
  const reports: InternalFinding[] = []
  let staleEntries = 0
  let expiredEntries = 0
  for (const entry of mergeDuplicates(baseline.entries)) {
    const count = entry.count ?? 1
    const group = groups.get(entryKey(entry)) ?? []
    const { line, col } = entry.position
    const at = { path: context.at, range: { startLine: line, startColumn: col, endLine: line, endColumn: col }, content: entryKey(entry) }
    if (group.length < count) {
      staleEntries++
      const finding =
        group.length === 0
          ? metaFinding(staleEntry, context.config, at, 'NO_MATCH', { rule: entry.rule, path: entry.path })
          : metaFinding(staleEntry, context.config, at, 'FEWER_MATCHES', {
              rule: entry.rule,
              path: entry.path,
              count,
              found: group.length,
            })
      if (finding) reports.push(finding)
    }
    if (isExpired(entry, context.today)) {
      if (group.length > 0) {
        expiredEntries++
        const finding = metaFinding(expiredEntry, context.config, at, 'EXPIRED', {
          rule: entry.rule,
          path: entry.path,
          expires: entry.expires ?? '',
          found: Math.min(count, group.length),
        })
        if (finding) reports.push(finding)
      }
      continue
    }
    for (const finding of group.slice(0, count)) accepted.add(finding)
  }
  const marked = findings.map((finding) => (accepted.has(finding) ? { ...finding, baselined: true } : finding))
  return { findings: [...marked, ...reports], baselined: accepted.size, staleEntries, expiredEntries }
}

/**
 * The baseline `astro-guard baseline` writes: every current finding (except those about suppressions and the
 * baseline), keeping the `reason` and `expires` people wrote on entries that still match. `messages` gives each
 * finding's message as it may be shown (already redacted), stored only to tell people what an entry is.
 */
export function baselineFromFindings(
  findings: readonly Finding[],
  previous: LoadedBaseline | undefined,
): BaselineEntry[] {
  const old = new Map((previous ? mergeDuplicates(previous.entries) : []).map((entry) => [entryKey(entry), entry]))
  const entries: BaselineEntry[] = []
  for (const [key, group] of groupFindings(findings)) {
    const first = group[0]
    const kept = old.get(key)
    entries.push({
      rule: first.ruleId,
      path: first.path,
      fingerprint: first.fingerprint,
      ...(group.length > 1 ? { count: group.length } : {}),
      ...(kept?.reason !== undefined ? { reason: kept.reason } : {}),
      ...(kept?.expires !== undefined ? { expires: kept.expires } : {}),
      message: first.message,
    })
  }
  return entries
}

export interface PruneOutcome {
  entries: BaselineEntry[]
  /** Entries removed because they match nothing. */
  removed: number
  /** Entries whose count was lowered. */
  lowered: number
}

/** `astro-guard baseline --prune`: drops entries that match nothing and lowers counts; never adds a finding. */
export function pruneBaseline(findings: readonly Finding[], baseline: LoadedBaseline): PruneOutcome {
  const groups = groupFindings(findings)
  const entries: BaselineEntry[] = []
  let removed = 0
  let lowered = 0
  for (const { position: _position, ...entry } of mergeDuplicates(baseline.entries)) {
    const found = groups.get(entryKey(entry))?.length ?? 0
    const count = entry.count ?? 1
    if (found === 0) {
      removed++
      continue
    }
    if (found < count) {
      lowered++
      entries.push({ ...entry, count: found })
    } else {
      entries.push(entry)
    }
  }
  return { entries, removed, lowered }
}
