import type { FileKind } from './file-kind.js'
import { KeywordMatcher } from './keyword-matcher.js'
import type { AnyRule, FileRule, ProjectRule } from './rule.js'

interface KindPlan {
  /** Rules that run on every file of the kind. */
  always: FileRule[]
  /** Rules gated by keywords, and one matcher that finds all of their keywords in one pass. */
  gated: FileRule[]
  matcher: KeywordMatcher | undefined
  /** Per keyword of the matcher: the indices (into `gated`) of the rules it lets run. */
  rulesOfKeyword: number[][]
  /** Every rule of the kind in run order. */
  ordered: FileRule[]
  gatedSet: Set<FileRule>
}

function isMetaRule(rule: FileRule): boolean {
  return rule.id.startsWith('AG0')
}

/**
 * Which rules can run on which files, decided once per scan: rules are grouped by file kind, and keyworded
 * rules share one keyword matcher so a file is searched once for all of them (gitleaks' prefilter idea).
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
      const rulesByKeyword = new Map<string, number[]>()
      gated.forEach((rule, index) => {
        for (const keyword of rule.keywords ?? []) {
          const key = keyword.toLowerCase()
          const list = rulesByKeyword.get(key) ?? []
          if (!list.includes(index)) list.push(index)
          rulesByKeyword.set(key, list)
        }
      })
      this.byKind.set(kind, {
        always,
        gated,
        matcher: rulesByKeyword.size > 0 ? new KeywordMatcher([...rulesByKeyword.keys()]) : undefined,
        rulesOfKeyword: [...rulesByKeyword.values()],
        ordered: forKind,
        gatedSet: new Set(gated),
      })
    }
  }

  /** The rules to run on a file: the always-on ones plus those whose keywords occur in the text. */
  rulesFor(kind: FileKind, text: string): FileRule[] {
    const plan = this.byKind.get(kind)
    if (!plan) return []
    if (!plan.matcher || plan.gated.length === 0) return plan.always
    const hitIndex = new Uint8Array(plan.gated.length)
    let hits = 0
    plan.matcher.scan(text, (keyword) => {
      for (const index of plan.rulesOfKeyword[keyword]) {
        if (hitIndex[index] === 0) {
          hitIndex[index] = 1
          hits++
        }
      }
      return hits === plan.gated.length
    })
    if (hits === 0) return plan.always
    const hit = new Set(plan.gated.filter((_, index) => hitIndex[index] === 1))
    // Keep registry order (meta rules last) so findings come out in a stable order.
    return plan.ordered.filter((rule) => !plan.gatedSet.has(rule) || hit.has(rule))
  }

  hasRulesFor(kind: FileKind): boolean {
    return this.byKind.has(kind)
  }
}
