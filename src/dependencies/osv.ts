import { z } from 'zod'
import { normalizePackageName } from '../parsers/requirements.js'
import { type Advisory, type AdvisoryIndex, type AdvisoryStatus, createAdvisoryIndex } from './advisories.js'
import { compareVersions, parseVersion, type Version } from './pep440.js'

/**
 * The OSV vulnerability check: which exactly pinned PyPI releases have known vulnerabilities. It runs before the
 * scan (rules stay pure) and degrades to notes, never to an exception: a check that was asked for and could not
 * run says so in the report.
 *
 * API shapes (google/osv.dev docs/api/post-v1-querybatch.md, get-v1-vulns.md, post-v1-query.md):
 * - POST /v1/querybatch `{queries: [{package: {name, ecosystem}, version, page_token?}]}` answers
 *   `{results: [{vulns?: [{id, modified}], next_page_token?}]}`, one result per query in order. A result with
 *   `next_page_token` has more ids: ask again for that query with `page_token`.
 * - GET /v1/vulns/{id} answers the OSV record: `id, summary, aliases, withdrawn, affected[].package{name,
 *   ecosystem}, affected[].ranges[]{type, events[]{introduced|fixed|last_affected|limit}}`.
 */

export const DEFAULT_OSV_ENDPOINT = 'https://api.osv.dev'

/** OSV answers at most this many queries per querybatch request (osv-scanner batches the same way). */
export const MAX_QUERIES_PER_BATCH = 1000

export interface PinnedPackage {
  /** The name as written. */
  name: string
  /** The exact version as written after `==`/`===`. */
  version: string
}

export interface OsvOptions {
  endpoint?: string
  /** Per request. Default 15 s. */
  timeoutMs?: number
  /** For the whole check. Default 90 s. */
  deadlineMs?: number
  /** Rounds of `next_page_token` follow-ups before giving up (a misbehaving server cannot loop us). Default 20. */
  maxPages?: number
  /** Parallel `/v1/vulns/{id}` requests. Default 8. */
  concurrency?: number
  fetch?: typeof fetch
}

export interface OsvCheck {
  index: AdvisoryIndex
  status: AdvisoryStatus
  /** Distinct package versions asked about. */
  packages: number
  /** Advisories found (one per package version and advisory id). */
  vulnerabilities: number
  /** Why the check is partial or failed, one sentence each, without credentials. */
  problems: string[]
  /** The endpoint as shown to users (origin without credentials). */
  endpoint: string
}

const BatchResponseSchema = z.object({
  results: z.array(
    z.object({
      vulns: z.array(z.object({ id: z.string().min(1) })).optional(),
      next_page_token: z.string().optional(),
    }),
  ),
})

const EventSchema = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
})

const VulnerabilitySchema = z.object({
  id: z.string(),
  summary: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  withdrawn: z.string().optional(),
  affected: z
    .array(
      z.object({
        package: z.object({ name: z.string().optional(), ecosystem: z.string().optional() }).optional(),
        ranges: z.array(z.object({ type: z.string().optional(), events: z.array(EventSchema).optional() })).optional(),
      }),
    )
    .optional(),
})
export type OsvVulnerability = z.infer<typeof VulnerabilitySchema>

/** A request that failed, with a reason fit for a note. */
class RequestError extends Error {
  constructor(
    message: string,
    readonly rateLimited = false,
  ) {
    super(message)
  }
}

/** The endpoint as shown in notes: scheme, host and path, never userinfo. */
export function displayEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint)
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`
  } catch {
    return 'the configured endpoint'
  }
}

function errorReason(error: unknown, timeoutMs: number): string {
  if (error instanceof RequestError) return error.message
  const name = (error as { name?: string } | undefined)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 100) / 10} s`
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause
  if (cause?.code) return `network error ${cause.code}`
  return 'network error'
}

/**
 * The first fixed version for `version` in the advisory's PyPI ranges: the `fixed` event that closes the
 * interval containing it, else the lowest `fixed` above it (OSV schema: events are evaluated in version order).
 */
export function firstFixedVersion(vulnerability: OsvVulnerability, packageName: string, versionText: string): string | undefined {
  const version = parseVersion(versionText)
  const wanted = normalizePackageName(packageName)
  let fallback: { text: string; version: Version } | undefined
  for (const affected of vulnerability.affected ?? []) {
    if (affected.package?.ecosystem !== 'PyPI') continue
    if (normalizePackageName(affected.package.name ?? '') !== wanted) continue
    for (const range of affected.ranges ?? []) {
      if (range.type !== 'ECOSYSTEM') continue
      const events = (range.events ?? [])
        .map((event) => {
          const text = event.introduced ?? event.fixed ?? event.last_affected ?? event.limit ?? ''
          return { event, text, parsed: text === '0' ? parseVersion('0') : parseVersion(text) }
        })
        .filter((entry) => entry.parsed !== undefined) as { event: z.infer<typeof EventSchema>; text: string; parsed: Version }[]
      events.sort((a, b) => compareVersions(a.parsed, b.parsed))
      let inside = false
      for (const { event, text, parsed } of events) {
        if (event.introduced !== undefined) {
          if (version && compareVersions(parsed, version) <= 0) inside = true
        } else if (event.fixed !== undefined) {
          if (version && inside && compareVersions(version, parsed) < 0) return text
          if (version && compareVersions(parsed, version) > 0 && (!fallback || compareVersions(parsed, fallback.version) < 0)) {
            fallback = { text, version: parsed }
          }
          if (version && compareVersions(parsed, version) <= 0) inside = false
        } else if (event.last_affected !== undefined) {
          if (version && compareVersions(parsed, version) < 0) inside = false
        }
      }
    }
  }
  return fallback?.text
}

/** Runs `tasks` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]
      await task(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Asks OSV about every pinned package. Never throws; failures end up in `problems` and `status`. */
export async function checkOsv(packages: readonly PinnedPackage[], options: OsvOptions = {}): Promise<OsvCheck> {
  const endpoint = (options.endpoint ?? DEFAULT_OSV_ENDPOINT).replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 15_000
  const deadline = Date.now() + (options.deadlineMs ?? 90_000)
  const maxPages = options.maxPages ?? 20
  const doFetch = options.fetch ?? fetch
  const problems = new Set<string>()

  const request = async (path: string, body?: unknown): Promise<unknown> => {
    const remaining = deadline - Date.now()
    if (remaining <= 0) throw new RequestError('the check ran out of time')
    const wait = Math.min(timeoutMs, remaining)
    let response: Response
    try {
      response = await doFetch(`${endpoint}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(wait),
      })
    } catch (error) {
      throw new RequestError(errorReason(error, wait))
    }
    if (response.status === 429) throw new RequestError('rate limited (HTTP 429)', true)
    if (!response.ok) throw new RequestError(`HTTP ${response.status}`)
    try {
      return await response.json()
    } catch (error) {
      const name = (error as { name?: string }).name
      throw new RequestError(name === 'TimeoutError' || name === 'AbortError' ? errorReason(error, wait) : 'an answer that is not JSON')
    }
  }

  // One query per distinct package version.
  const queries = new Map<string, PinnedPackage & { normalized: string }>()
  for (const pinned of packages) {
    const normalized = normalizePackageName(pinned.name)
    const key = `${normalized}\0${pinned.version.toLowerCase()}`
    if (!queries.has(key)) queries.set(key, { ...pinned, normalized })
  }
  const list = [...queries.values()]
  const idsOf = list.map(() => new Set<string>())
  let answered = 0

  for (let start = 0; start < list.length; start += MAX_QUERIES_PER_BATCH) {
    const batch = list.slice(start, start + MAX_QUERIES_PER_BATCH).map((_, offset) => start + offset)
    let pending = batch.map((index) => ({ index, token: undefined as string | undefined }))
    let complete = true
    for (let round = 0; pending.length > 0; round++) {
      if (round > maxPages) {
        problems.add(`OSV kept paginating after ${maxPages} follow-up requests`)
        complete = false
        break
      }
      let parsed: z.infer<typeof BatchResponseSchema>
      try {
        const body = {
          queries: pending.map(({ index, token }) => ({
            package: { name: list[index].name, ecosystem: 'PyPI' },
            version: list[index].version,
            ...(token ? { page_token: token } : {}),
          })),
        }
        const result = BatchResponseSchema.safeParse(await request('/v1/querybatch', body))
        if (!result.success || result.data.results.length !== pending.length) {
          throw new RequestError('an answer that does not have the querybatch shape')
        }
        parsed = result.data
      } catch (error) {
        problems.add(`querybatch failed: ${errorReason(error, timeoutMs)}`)
        complete = false
        break
      }
      const next: typeof pending = []
      parsed.results.forEach((result, position) => {
        const { index } = pending[position]
        for (const vuln of result.vulns ?? []) idsOf[index].add(vuln.id)
        if (result.next_page_token) next.push({ index, token: result.next_page_token })
      })
      pending = next
    }
    if (complete) answered += batch.length
  }

  // Details, once per advisory id (cached for the run).
  const details = new Map<string, OsvVulnerability | undefined>()
  const allIds = [...new Set(idsOf.flatMap((ids) => [...ids]))].sort()
  let rateLimited = false
  let failedDetails = 0
  let detailReason = ''
  await inParallel(allIds, options.concurrency ?? 8, async (id) => {
    if (rateLimited) {
      details.set(id, undefined)
      failedDetails++
      return
    }
    try {
      const result = VulnerabilitySchema.safeParse(await request(`/v1/vulns/${encodeURIComponent(id)}`))
      if (!result.success) throw new RequestError('an answer that is not an OSV record')
      details.set(id, result.data)
    } catch (error) {
      if (error instanceof RequestError && error.rateLimited) rateLimited = true
      details.set(id, undefined)
      failedDetails++
      detailReason ||= errorReason(error, timeoutMs)
    }
  })
  if (failedDetails > 0) {
    problems.add(`details of ${failedDetails} of ${allIds.length} advisories could not be fetched (${detailReason}); they are reported by id only`)
  }

  const advisories: Advisory[] = []
  list.forEach((query, index) => {
    for (const id of idsOf[index]) {
      const record = details.get(id)
      if (record?.withdrawn) continue
      advisories.push({
        id,
        aliases: (record?.aliases ?? []).filter((alias) => alias !== id),
        summary: record?.summary?.trim() || undefined,
        package: query.normalized,
        version: query.version,
        fixed: record ? firstFixedVersion(record, query.name, query.version) : undefined,
        detailsAvailable: record !== undefined,
      })
    }
  })

  const status: AdvisoryStatus = answered === list.length && problems.size === 0 ? 'complete' : answered === 0 && list.length > 0 ? 'failed' : 'partial'
  return {
    index: createAdvisoryIndex(advisories, status),
    status,
    packages: list.length,
    vulnerabilities: advisories.length,
    problems: [...problems],
    endpoint: displayEndpoint(endpoint),
  }
}

/** The note a report carries about the check: always one, so a requested check is never silently absent. */
export function osvNote(check: OsvCheck): string {
  const where = `OSV at ${check.endpoint}`
  const found = `${check.vulnerabilities} known ${check.vulnerabilities === 1 ? 'vulnerability' : 'vulnerabilities'}`
  if (check.status === 'complete') {
    return check.packages === 0
      ? `Vulnerability check (${where}): no exactly pinned PyPI requirement to check.`
      : `Vulnerability check (${where}): ${check.packages} pinned package versions checked, ${found}.`
  }
  const why = check.problems.join('; ')
  if (check.status === 'failed') {
    return `Vulnerability check (${where}) was requested but FAILED: ${why}. None of the ${check.packages} pinned package versions was checked; this is not a clean result.`
  }
  return `Vulnerability check (${where}) is INCOMPLETE: ${why}. ${found} reported from what was checked.`
}
