import type { FileKind } from './file-kind.js'
import { KeywordMatcher } from './keyword-matcher.js'
import type { AnyRule, FileRule, ProjectRule } from './rule.js'

interface KindPlan {
  /** Rules that run on every file of the kind. */
  always: FileRule[]
  /** Rules gated by keywords, and one matcher that finds all of their keywords in one pass. */
  gated: FileRule[]
  /** Built on the first file of the kind (kinds without files cost nothing); kinds with the same keywords share one. */
  matcher: () => KeywordMatcher | undefined
  /** Per keyword of the matcher: the indices (into `gated`) of the rules it lets run. */
  rulesOfKeyword: number[][]
  /** Every rule of the kind in run order. */
  ordered: FileRule[]
  /** Position of each gated rule in `gated`. */
  gatedIndex: Map<FileRule, number>
  /** Every keyword the matcher looks for. */
  searched: ReadonlySet<string>
}

const NONE: ReadonlySet<string> = new Set()

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
        matcher: this.matcherFor([...rulesByKeyword.keys()]),
        rulesOfKeyword: [...rulesByKeyword.values()],
        ordered: forKind,
        gatedIndex: new Map(gated.map((rule, index) => [rule, index])),
        searched: new Set(rulesByKeyword.keys()),
      })
    }
  }

  /** The rules to run on a file: the always-on ones plus those whose keywords occur in the text. */
  rulesFor(kind: FileKind, text: string): FileRule[] {
    return this.match(kind, text).rules
  }

  /**
   * The rules to run on a file, and every keyword of the kind's rules that occurs in it (one full pass, so rules
   * can ask the file about keywords without searching again: ScannedFile.hasKeyword).
   */
  match(kind: FileKind, text: string): { rules: FileRule[]; searched: ReadonlySet<string>; found: ReadonlySet<string> } {
    const plan = this.byKind.get(kind)
    if (!plan) return { rules: [], searched: NONE, found: NONE }
    const matcher = plan.matcher()
    if (!matcher || plan.gated.length === 0) return { rules: plan.always, searched: NONE, found: NONE }
    const found = new Set<string>()
    const hitIndex = new Uint8Array(plan.gated.length)
    let hits = 0
    for (const keyword of matcher.matches(text)) {
      found.add(matcher.keywords[keyword])
      for (const index of plan.rulesOfKeyword[keyword]) {
        if (hitIndex[index] === 0) {
          hitIndex[index] = 1
          hits++
        }
      }
    }
    if (hits === 0) return { rules: plan.always, searched: plan.searched, found }
    // Keep registry order (meta rules last) so findings come out in a stable order.
    const rules = plan.ordered.filter((rule) => {
      const index = plan.gatedIndex.get(rule)
      return index === undefined || hitIndex[index] === 1
    })
    return { rules, searched: plan.searched, found }
  }

  private readonly matchers = new Map<string, KeywordMatcher>()

  private matcherFor(keywords: string[]): () => KeywordMatcher | undefined {
    if (keywords.length === 0) return () => undefined
    const key = keywords.join('\0')
    return () => {
      let matcher = this.matchers.get(key)
      if (!matcher) {
        matcher = new KeywordMatcher(keywords)
        this.matchers.set(key, matcher)
      }
      return matcher
    }
  }

  hasRulesFor(kind: FileKind): boolean {
    return this.byKind.has(kind)
  }
}
