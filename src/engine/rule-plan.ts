import type { FileKind } from './file-kind.js'
import type { AnyRule, FileRule, ProjectRule } from './rule.js'

interface KindPlan {
  /** Rules that run on every file of the kind. */
  always: FileRule[]
  /** Rules gated by keywords, and one case-insensitive regex that finds any of their keywords in one pass. */
  gated: FileRule[]
  keywordPattern: RegExp | undefined
  rulesByKeyword: Map<string, FileRule[]>
  /** Every rule of the kind in run order. */
  ordered: FileRule[]
  gatedSet: Set<FileRule>
}

function isMetaRule(rule: FileRule): boolean {
  return rule.id.startsWith('AG0')
}

/**
 * Which rules can run on which files, decided once per scan: rules are grouped by file kind, and keyworded
 * rules share one alternation so a file is searched once for all of them (gitleaks' prefilter idea).
 */
export class RulePlan {
  private readonly byKind = new Map<FileKind, KindPlan>()
  readonly projectRules: ProjectRule[]
  readonly unreadableRules: FileRule[]

  constructor(readonly rules: readonly AnyRule[]) {
    this.projectRules = rules.filter((rule): rule is ProjectRule => rule.scope === 'project')
    const fileRules = rules.filter((rule): rule is FileRule => rule.scope === 'file')
    this.unreadableRules = fileRules.filter((rule) => rule.includeUnreadable)
    const kinds = new Set(fileRules.flatMap((rule) => rule.kinds))
    for (const kind of kinds) {
      // The scanner's own rules (AG0xx) run after the others on each file, so they can report on what those did
      // (AG001 reports the parse errors of views other rules built).
      const forKind = [
        ...fileRules.filter((rule) => rule.kinds.includes(kind) && !isMetaRule(rule)),
        ...fileRules.filter((rule) => rule.kinds.includes(kind) && isMetaRule(rule)),
      ]
      const always = forKind.filter((rule) => !rule.keywords || rule.keywords.length === 0)
      const gated = forKind.filter((rule) => rule.keywords && rule.keywords.length > 0)
      const rulesByKeyword = new Map<string, FileRule[]>()
      for (const rule of gated) {
        for (const keyword of rule.keywords ?? []) {
          const key = keyword.toLowerCase()
          const list = rulesByKeyword.get(key) ?? []
          list.push(rule)
          rulesByKeyword.set(key, list)
        }
      }
      const alternation = [...rulesByKeyword.keys()]
        .sort((a, b) => b.length - a.length)
        .map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|')
      this.byKind.set(kind, {
        always,
        gated,
        keywordPattern: alternation ? new RegExp(alternation, 'gi') : undefined,
        rulesByKeyword,
        ordered: forKind,
        gatedSet: new Set(gated),
      })
    }
  }

  /** The rules to run on a file: the always-on ones plus those whose keywords occur in the text. */
  rulesFor(kind: FileKind, text: string): FileRule[] {
    const plan = this.byKind.get(kind)
    if (!plan) return []
    if (!plan.keywordPattern || plan.gated.length === 0) return plan.always
    const hit = new Set<FileRule>()
    const pattern = plan.keywordPattern
    pattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = pattern.exec(text)) !== null) {
      for (const rule of plan.rulesByKeyword.get(match[0].toLowerCase()) ?? []) hit.add(rule)
      if (hit.size === plan.gated.length) break
    }
    if (hit.size === 0) return plan.always
    // Keep registry order (meta rules last) so findings come out in a stable order.
    return plan.ordered.filter((rule) => !plan.gatedSet.has(rule) || hit.has(rule))
  }

  hasRulesFor(kind: FileKind): boolean {
    return this.byKind.has(kind)
  }
}
