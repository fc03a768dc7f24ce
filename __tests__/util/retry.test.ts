import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy, withRetry } from '../../src/util/retry.js'

/** What Octokit throws: a RequestError with status, message and response headers. */
function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { status, response: { headers } })
}

const NOW = 1_800_000_000_000
const policy = { ...DEFAULT_RETRY_POLICY, now: () => NOW }

describe('retryDelay', () => {
  it('backs off exponentially on server errors and network failures (Octokit reports those as 500)', () => {
    expect(retryDelay(httpError(502, 'Bad Gateway'), 1, policy)).toEqual({ delayMs: 1000, reason: 'server error', status: 502 })
    expect(retryDelay(httpError(500, 'fetch failed'), 3, policy)).toEqual({ delayMs: 4000, reason: 'server error', status: 500 })
  })

  it('waits exactly Retry-After on a secondary rate limit', () => {
    const error = httpError(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { 'retry-after': '7' })
    expect(retryDelay(error, 1, policy)).toEqual({ delayMs: 7000, reason: 'secondary rate limit', status: 403 })
    expect(retryDelay(error, 2, policy)?.delayMs).toBe(7000)
  })

  it('waits at least a minute, then longer, on a secondary rate limit without Retry-After', () => {
    const error = httpError(403, 'You have exceeded a secondary rate limit')
    expect(retryDelay(error, 1, policy)?.delayMs).toBe(60_000)
    expect(retryDelay(error, 2, policy)?.delayMs).toBe(120_000)
    expect(retryDelay(httpError(429, 'Too Many Requests'), 1, policy)).toEqual({ delayMs: 60_000, reason: 'secondary rate limit', status: 429 })
  })

  it('waits for the reset of an exhausted primary limit', () => {
    const reset = String(NOW / 1000 + 30)
    const error = httpError(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })
    expect(retryDelay(error, 1, policy)).toEqual({ delayMs: 31_000, reason: 'primary rate limit', status: 403 })
  })

  it('treats permission problems, validation errors and bugs as final', () => {
    expect(retryDelay(httpError(403, 'Resource not accessible by integration'), 1, policy)).toBeUndefined()
    expect(retryDelay(httpError(422, 'Unprocessable Entity'), 1, policy)).toBeUndefined()
    expect(retryDelay(httpError(404, 'Not Found'), 1, policy)).toBeUndefined()
    expect(retryDelay(new TypeError('x is undefined'), 1, policy)).toBeUndefined()
  })
})

describe('withRetry', () => {
  function recordingPolicy(overrides: Partial<RetryPolicy> = {}) {
    const waits: number[] = []
    return { waits, policy: { ...policy, sleep: async (ms: number) => void waits.push(ms), ...overrides } }
  }

  it('returns the first success after failures, having slept the planned delays', async () => {
    const { waits, policy: recording } = recordingPolicy()
    const outcomes = [httpError(500, 'boom'), httpError(503, 'busy')]
    let calls = 0
    const result = await withRetry(async () => {
      calls++
      const outcome = outcomes.shift()
      if (outcome) throw outcome
      return 'ok'
    }, recording)
    expect(result).toBe('ok')
    expect(calls).toBe(3)
    expect(waits).toEqual([1000, 2000])
  })

  it('gives up after the configured retries and rethrows the last failure unchanged', async () => {
    const { waits, policy: recording } = recordingPolicy({ retries: 2 })
    const last = httpError(500, 'third')
    const failures = [httpError(500, 'first'), httpError(500, 'second'), last]
    await expect(withRetry(async () => Promise.reject(failures.shift()), recording)).rejects.toBe(last)
    expect(waits).toEqual([1000, 2000])
  })

  it('does not sit out a wait longer than maxWaitMs', async () => {
    const { waits, policy: recording } = recordingPolicy({ maxWaitMs: 10_000 })
    const error = httpError(403, 'secondary rate limit', { 'retry-after': '3600' })
    await expect(withRetry(async () => Promise.reject(error), recording)).rejects.toBe(error)
    expect(waits).toEqual([])
  })
})
