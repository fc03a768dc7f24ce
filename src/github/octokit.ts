import { getOctokit } from '@actions/github'
import { DEFAULT_RETRY_POLICY, type RetryNotice, type RetryPolicy, withRetry } from '../util/retry.js'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface ClientOptions {
  token: string
  /** `GITHUB_API_URL` (GitHub Enterprise Server, or the tests' local peer); default https://api.github.com. */
  baseUrl?: string
  /**
   * Pause between two writes (POST, PATCH, PUT, DELETE). GitHub: "If you are making a large number of POST, PATCH,
   * PUT, or DELETE requests … wait at least one second between each request" (docs.github.com, "Best practices
   * for using the REST API", github/docs content/rest/using-the-rest-api/best-practices-for-using-the-rest-api.md).
   */
  writeIntervalMs?: number
  /** Each attempt is abandoned after this long (then retried like a server error); default 30 s. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /**
   * Applied to every string parameter of every request (bodies, titles, annotations) before it leaves: the
   * scan's Redactor, so a secret a rule found can never reach GitHub whatever path it took into a body.
   */
  redact?(text: string): string
  /** Called before each retry (the action logs it with core.info). */
  onRetry?(retry: RetryNotice, route: string): void
}

/**
 * An Octokit for the action: `@actions/github`'s (proxy-aware), pointed at `baseUrl`, with every request retried
 * per src/util/retry.ts and writes paced. The token goes only into the Authorization header; Octokit's own
 * logger is silenced so no request is printed.
 */
export function createGitHubClient(options: ClientOptions): GitHubClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const interval = options.writeIntervalMs ?? 1000
  const timeoutMs = options.timeoutMs ?? 30_000
  const silent = () => undefined
  const octokit = getOctokit(options.token, {
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    log: { debug: silent, info: silent, warn: silent, error: silent },
  })
  let lastWrite = Number.NEGATIVE_INFINITY
  octokit.hook.wrap('request', async (request, requestOptions) => {
    if (options.redact) redactParameters(requestOptions, options.redact)
    const method = String(requestOptions.method ?? 'GET').toUpperCase()
    const route = `${method} ${String(requestOptions.url)}`
    return withRetry(
      async () => {
        if (method !== 'GET' && method !== 'HEAD') {
          const wait = lastWrite + interval - policy.now()
          if (wait > 0) await policy.sleep(wait)
          lastWrite = policy.now()
        }
        // The options are bound already (see redactParameters): set this attempt's deadline on them in place.
        requestOptions.request = { ...requestOptions.request, signal: AbortSignal.timeout(timeoutMs) }
        return request(requestOptions)
      },
      { ...policy, onRetry: (notice) => options.onRetry?.(notice, route) },
    )
  })
  return octokit
}

/** Endpoint options that are not request parameters, and parameters that address rather than carry content. */
const NOT_CONTENT = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType', 'owner', 'repo'])

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map((inner) => redactValue(inner, redact))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner, redact)]))
  }
  return value
}

/**
 * Redacts in place: before-after-hook binds the same options object to every hook and to the request itself, so
 * a wrap hook cannot hand a copy on. Nested values are rebuilt, never mutated, so the caller's objects stay intact.
 */
function redactParameters(requestOptions: object, redact: (text: string) => string): void {
  const target = requestOptions as Record<string, unknown>
  for (const [key, value] of Object.entries(target)) {
    if (!NOT_CONTENT.has(key)) target[key] = redactValue(value, redact)
  }
}

/** The HTTP status of a failed API call, or undefined for anything else (a bug, a network failure). */
export function httpStatus(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined
  const status = (error as { status?: unknown }).status
  return typeof status === 'number' && status > 0 ? status : undefined
}
