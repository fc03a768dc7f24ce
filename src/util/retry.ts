/**
 * Retries GitHub API calls the way GitHub asks clients to (docs.github.com, "Rate limits for the REST API",
 * github/docs content/rest/using-the-rest-api/rate-limits-for-the-rest-api.md, "Exceeding the rate limit"):
 * - primary limit (403/429 with `x-ratelimit-remaining: 0`): wait until `x-ratelimit-reset`;
 * - secondary limit (403/429 whose message says so, or any 429): wait `retry-after` seconds when given, else at
 *   least one minute, and back off exponentially when it keeps failing;
 * - server errors (5xx, and network failures, which Octokit reports as 500): exponential back-off.
 * Everything else (400, 401, 403 "Resource not accessible", 404, 422, …) is final. An action must not sit out an
 * hour-long primary reset, so a wait longer than `maxWaitMs` gives up instead.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number
  /** First back-off for server errors; doubled on each retry. */
  baseDelayMs: number
  /** Wait used for a secondary rate limit without `retry-after`. */
  secondaryFallbackMs: number
  /** The longest single wait accepted; a longer one ends the retries. */
  maxWaitMs: number
  sleep(ms: number): Promise<void>
  now(): number
  onRetry?(retry: RetryNotice): void
}

export interface RetryNotice {
  attempt: number
  delayMs: number
  reason: RetryReason
  status: number
}

export type RetryReason = 'server error' | 'secondary rate limit' | 'primary rate limit'

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1000,
  secondaryFallbackMs: 60_000,
  maxWaitMs: 90_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
}

/** The parts of an Octokit `RequestError` the policy looks at. */
interface HttpFailure {
  status: number
  message: string
  headers: Record<string, string | number | undefined>
}

function asHttpFailure(error: unknown): HttpFailure | undefined {
  if (error === null || typeof error !== 'object') return undefined
  const { status, message, response } = error as { status?: unknown; message?: unknown; response?: { headers?: unknown } }
  if (typeof status !== 'number' || status === 0) return undefined
  const headers = (response?.headers ?? {}) as HttpFailure['headers']
  return { status, message: typeof message === 'string' ? message : '', headers }
}

function header(failure: HttpFailure, name: string): string | undefined {
  const value = failure.headers[name]
  return value === undefined ? undefined : String(value)
}

/** How long to wait before retry number `attempt` (1-based), or undefined when the failure is final. */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'secondaryFallbackMs' | 'now'>,
): { delayMs: number; reason: RetryReason; status: number } | undefined {
  const failure = asHttpFailure(error)
  if (!failure) return undefined
  const { status } = failure
  const backoff = 2 ** (attempt - 1)
  if (status === 403 || status === 429) {
    const retryAfter = Number(header(failure, 'retry-after'))
    const secondary = status === 429 || /secondary rate limit|abuse/i.test(failure.message) || header(failure, 'retry-after') !== undefined
    if (header(failure, 'x-ratelimit-remaining') === '0' && !(retryAfter > 0)) {
      const resetMs = Number(header(failure, 'x-ratelimit-reset')) * 1000
      if (!Number.isFinite(resetMs) || resetMs <= 0) return undefined
      return { delayMs: Math.max(0, resetMs - policy.now()) + 1000, reason: 'primary rate limit', status }
    }
    if (!secondary) return undefined
    // retry-after is GitHub's own answer for this request; without it, back off from the one-minute floor.
    const delayMs = retryAfter > 0 ? retryAfter * 1000 : policy.secondaryFallbackMs * backoff
    return { delayMs, reason: 'secondary rate limit', status }
  }
  if (status >= 500) return { delayMs: policy.baseDelayMs * backoff, reason: 'server error', status }
  return undefined
}

/** Runs `operation`, retrying per the policy; the last failure is re-thrown unchanged. */
export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      const next = attempt <= policy.retries ? retryDelay(error, attempt, policy) : undefined
      if (!next || next.delayMs > policy.maxWaitMs) throw error
      policy.onRetry?.({ attempt, ...next })
      await policy.sleep(next.delayMs)
    }
  }
}
