/**
 * Finds which of many keywords occur in a text, ASCII case-insensitively, in one pass: an Aho-Corasick automaton
 * compiled to a dense transition table (uppercase letters folded into the table, so the loop does one lookup per
 * character). Overlapping keywords are all found (`_pass` and `passw` in `db_password`), which one regular-expression
 * alternation does not do: it resumes after each match. On the bench tree's Python files (42 MB, 115 credential
 * keywords) this took 230 ms against 540 ms for a case-insensitive alternation (npm run bench).
 *
 * Keywords with characters outside ASCII are checked with `includes` on the lower-cased text instead.
 */
export class KeywordMatcher {
  private readonly table: Uint16Array | Uint32Array
  /** Per state: the indices of the keywords that end there (through failure links too), or undefined. */
  private readonly outputs: (number[] | undefined)[]
  private readonly wide: { index: number; keyword: string }[] = []
  /** Per keyword: the states whose outputs include it. */
  private readonly statesOfKeyword: number[][]
  /** Per state: how many keywords end there (copied per search, then counted down as keywords are found). */
  private readonly outputCounts: Int32Array
  /** Keywords searched by the automaton (not empty, ASCII). */
  private inAutomaton = 0

  constructor(readonly keywords: readonly string[]) {
    const next: Map<number, number>[] = [new Map()]
    const ends: number[][] = [[]]
    keywords.forEach((raw, index) => {
      const keyword = raw.toLowerCase()
      if (keyword.length === 0) return
      if (!/^[\x00-\x7f]*$/.test(keyword)) {
        this.wide.push({ index, keyword })
        return
      }
      let state = 0
      for (let i = 0; i < keyword.length; i++) {
        const code = keyword.charCodeAt(i)
        let target = next[state].get(code)
        if (target === undefined) {
          target = next.length
          next.push(new Map())
          ends.push([])
          next[state].set(code, target)
        }
        state = target
      }
      ends[state].push(index)
      this.inAutomaton++
    })
    const states = next.length
    const fail = new Array<number>(states).fill(0)
    // Breadth-first, so a state's failure target (shallower) is complete before the state itself.
    const order: number[] = [0]
    for (let head = 0; head < order.length; head++) {
      const state = order[head]
      for (const [code, target] of next[state]) {
        if (state !== 0) {
          let f = fail[state]
          while (f !== 0 && !next[f].has(code)) f = fail[f]
          const candidate = next[f].get(code)
          fail[target] = candidate !== undefined && candidate !== target ? candidate : 0
        }
        order.push(target)
      }
    }
    this.table = states < 0xffff ? new Uint16Array(states * 128) : new Uint32Array(states * 128)
    this.outputs = new Array<number[] | undefined>(states).fill(undefined)
    for (const state of order) {
      for (let code = 0; code < 128; code++) {
        const lower = code >= 65 && code <= 90 ? code + 32 : code
        const target = next[state].get(lower)
        this.table[state * 128 + code] = target ?? (state === 0 ? 0 : this.table[fail[state] * 128 + code])
      }
      const own = ends[state]
      const inherited = state === 0 ? undefined : this.outputs[fail[state]]
      if (own.length > 0 || inherited) this.outputs[state] = [...own, ...(inherited ?? [])]
    }
    this.statesOfKeyword = keywords.map(() => [])
    this.outputCounts = new Int32Array(states)
    this.outputs.forEach((found, state) => {
      if (!found) return
      this.outputCounts[state] = found.length
      for (const index of found) this.statesOfKeyword[index].push(state)
    })
  }

  /**
   * The indices of the keywords that occur in `text`, in keyword order. Once a keyword is found, the states where
   * it ends stop reporting it, so frequent short keywords (`:`, `sk`) cost no more than rare ones.
   */
  matches(text: string): number[] {
    const table = this.table
    const pending = this.outputCounts.slice()
    const seen = new Uint8Array(this.keywords.length)
    let left = this.inAutomaton
    let state = 0
    // The hot loop: one table lookup and one test per character; the rare work is in found().
    for (let i = 0, n = text.length; i < n; i++) {
      const code = text.charCodeAt(i)
      state = code < 128 ? table[(state << 7) | code] : 0
      if (pending[state] !== 0) {
        left -= this.found(state, pending, seen)
        if (left === 0) break
      }
    }
    if (this.wide.length > 0) {
      const lower = text.toLowerCase()
      for (const { index, keyword } of this.wide) if (lower.includes(keyword)) seen[index] = 1
    }
    const out: number[] = []
    for (let index = 0; index < seen.length; index++) if (seen[index] === 1) out.push(index)
    return out
  }

  /** Marks the keywords ending at `state` found; returns how many were new. */
  private found(state: number, pending: Int32Array, seen: Uint8Array): number {
    let fresh = 0
    for (const index of this.outputs[state] as number[]) {
      if (seen[index] === 1) continue
      seen[index] = 1
      fresh++
      for (const other of this.statesOfKeyword[index]) pending[other]--
    }
    return fresh
  }
}
