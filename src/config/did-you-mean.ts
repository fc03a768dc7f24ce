export function levenshtein(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]
}

/**
 * The candidate closest to `word` (case-insensitively), when it is close enough to be a likely typo. Rule ids
 * differ from each other by one digit, so callers matching ids pass `maxDistance` 1.
 */
export function closest(word: string, candidates: readonly string[], maxDistance?: number): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  const lower = word.toLowerCase()
  for (const candidate of candidates) {
    const distance = levenshtein(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= (maxDistance ?? Math.max(2, Math.floor(word.length / 3))) ? best : undefined
}

/** `; did you mean 'x'?` or ''. */
export function didYouMean(word: string, candidates: readonly string[], maxDistance?: number): string {
  const suggestion = closest(word, candidates, maxDistance)
  return suggestion ? `; did you mean '${suggestion}'?` : ''
}
