import type { InternalFinding } from './finding.js'

/** Secrets shorter than this are not searched for in output: they would mask ordinary words in messages. */
const MIN_REDACTED_LENGTH = 6

/**
 * The last line of defence before any output: every secret value a rule found is replaced wherever it appears
 * in rendered text, whatever path it took there (a message, a parser error, a file name).
 */
export class Redactor {
  private readonly pattern: RegExp | undefined

  constructor(secrets: Iterable<string>) {
    const unique = [...new Set([...secrets].filter((secret) => secret.length >= MIN_REDACTED_LENGTH))]
    unique.sort((a, b) => b.length - a.length)
    this.pattern = unique.length
      ? new RegExp(unique.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
      : undefined
  }

  static fromFindings(findings: readonly InternalFinding[]): Redactor {
    return new Redactor(findings.flatMap((finding) => (finding.secret ? [finding.secret] : [])))
  }

  apply(text: string): string {
    if (!this.pattern) return text
    return text.replace(this.pattern, (secret) => `[REDACTED ${secret.length} chars]`)
  }
}

/** A finding without engine-only fields: what may be serialized. */
export function publicFinding(finding: InternalFinding): Omit<InternalFinding, 'secret'> {
  const { secret: _secret, ...rest } = finding
  return rest
}
