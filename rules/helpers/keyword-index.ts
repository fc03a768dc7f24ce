/**
 * Finds which of a fixed set of lower-case ASCII keywords occur in a text, in one pass and without regular
 * expressions: an Aho-Corasick automaton compiled to a dense transition table (gitleaks' prefilter idea;
 * ../shared/research/peers-and-github-platform.md §B1), walked once per file. Overlapping keywords are all found.
 * The credential rules ask it instead of calling `includes` once per keyword.
 */
/** ASCII; the scan divides states by it with `>>> 7`. */
const ALPHABET = 128

export class KeywordIndex {
  readonly keywords: ReadonlySet<string>
  /** transitions[state * ALPHABET + code] = next state (failure links folded in). */
  private readonly transitions: Int32Array
  /** For each state, the keywords that end there (its own and those of its failure chain). */
  private readonly outputs: (readonly string[] | undefined)[]
  private readonly hasOutput: Uint8Array

  constructor(keywords: Iterable<string>) {
    const unique = [...new Set(keywords)].filter((keyword) => keyword !== '')
    for (const keyword of unique) {
      for (let i = 0; i < keyword.length; i++) {
        const code = keyword.charCodeAt(i)
        if (code >= ALPHABET || (code >= 65 && code <= 90)) throw new Error(`keyword '${keyword}' must be lower-case ASCII`)
      }
    }
    this.keywords = new Set(unique)
    // Trie.
    const goto: Map<number, number>[] = [new Map()]
    const own: string[][] = [[]]
    for (const keyword of unique) {
      let state = 0
      for (let i = 0; i < keyword.length; i++) {
        const code = keyword.charCodeAt(i)
        let next = goto[state].get(code)
        if (next === undefined) {
          next = goto.length
          goto.push(new Map())
          own.push([])
          goto[state].set(code, next)
        }
        state = next
      }
      own[state].push(keyword)
    }
    // Breadth-first: failure links, then the dense table.
    const states = goto.length
    const transitions = new Int32Array(states * ALPHABET)
    const fail = new Int32Array(states)
    const outputs: (string[] | undefined)[] = new Array(states)
    const queue: number[] = []
    for (let code = 0; code < ALPHABET; code++) {
      const next = goto[0].get(code)
      transitions[code] = next ?? 0
      if (next !== undefined) queue.push(next)
    }
    outputs[0] = own[0].length ? own[0] : undefined
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]
      const merged = [...own[state], ...(outputs[fail[state]] ?? [])]
      outputs[state] = merged.length ? merged : undefined
      for (let code = 0; code < ALPHABET; code++) {
        const next = goto[state].get(code)
        if (next === undefined) {
          transitions[state * ALPHABET + code] = transitions[fail[state] * ALPHABET + code]
        } else {
          fail[next] = transitions[fail[state] * ALPHABET + code]
          transitions[state * ALPHABET + code] = next
          queue.push(next)
        }
      }
    }
    // Premultiplied next states (state * ALPHABET) save a multiplication per character.
    for (let i = 0; i < transitions.length; i++) transitions[i] *= ALPHABET
    this.transitions = transitions
    this.hasOutput = new Uint8Array(states)
    for (let state = 0; state < states; state++) if (outputs[state]) this.hasOutput[state] = 1
    this.outputs = outputs
  }

  /** The keywords that occur in `text` (ASCII letters compared case-insensitively). */
  scan(text: string): Set<string> {
    const hits = new Set<string>()
    const transitions = this.transitions
    const hasOutput = this.hasOutput
    let state = 0
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i)
      if (code >= 65 && code <= 90) code += 32
      else if (code >= ALPHABET) code = 0
      state = transitions[state + code]
      if (hasOutput[state >>> 7] === 1) for (const keyword of this.outputs[state >>> 7] as readonly string[]) hits.add(keyword)
    }
    return hits
  }
}
