import { catalogFromFeed, type RuntimeCatalog, RuntimeFeedSchema } from './catalog.js'
import { embeddedRuntimeCatalog } from './embedded-catalog.js'

/**
 * Where the Astro Runtime lifecycle data comes from at run time:
 * - `auto` (default): Astronomer's live feed with a short timeout, else the embedded table (with a note);
 * - `embedded`: the committed table only, never the network;
 * - an http(s) URL: that feed (a mirror, a pinned copy), else the embedded table (with a note).
 */
export type RuntimeFeedSetting = 'auto' | 'embedded' | URL

/** The feed the Astro CLI, the in-image version check and Astronomer's upgrade action read (research §3.1). */
export const RUNTIME_FEED_URL = 'https://updates.astronomer.io/astronomer-runtime'
export const RUNTIME_FEED_TIMEOUT_MS = 2_500
/** The real feed is ~100 KB; anything far larger is not it. */
const MAX_FEED_BYTES = 8 * 1024 * 1024

export const RUNTIME_FEED_EXPECTED = "'auto', 'embedded', or an http(s) URL (without credentials) of an Astro Runtime versions feed"

/** Parses the `runtime-feed` input / `--runtime-feed` option; undefined when the value is none of the three forms. */
export function parseRuntimeFeedSetting(value: string): RuntimeFeedSetting | undefined {
  const trimmed = value.trim()
  if (trimmed === 'auto' || trimmed === 'embedded') return trimmed
  try {
    const url = new URL(trimmed)
    // fetch refuses URLs with credentials, and a URL is logged and shown in reports: keep secrets out of it.
    if (url.username || url.password) return undefined
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/** A rejected `runtime-feed` value as error messages may quote it: URL credentials are masked. */
export function quotableFeedValue(value: string): string {
  try {
    const url = new URL(value.trim())
    if (!url.username && !url.password) return value
    url.username = '***'
    url.password = ''
    return url.href
  } catch {
    return value
  }
}

export interface LoadedRuntimeCatalog {
  catalog: RuntimeCatalog
  /** Set when the feed could not be used and the embedded table stands in: one sentence for the report's notes. */
  note?: string
}

export interface LoadFeedOptions {
  /** YYYY-MM-DD: the date a live feed's data is taken. */
  today: string
  timeoutMs?: number
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch
}

class FeedError extends Error {}

function describeError(error: unknown): string {
  if (error instanceof FeedError) return error.message
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'did not answer in time'
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return `could not be reached (${cause?.code ?? cause?.message ?? error.message})`
  }
  return `could not be read (${String(error)})`
}

/** Reads the body up to MAX_FEED_BYTES; the request's timeout signal also bounds the time this takes. */
async function readBody(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > MAX_FEED_BYTES) throw new FeedError(`sent ${declared} bytes, more than a versions feed`)
  if (!response.body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body) {
    size += chunk.byteLength
    if (size > MAX_FEED_BYTES) throw new FeedError('sent more bytes than a versions feed')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function fetchCatalog(url: URL, options: LoadFeedOptions): Promise<RuntimeCatalog> {
  const doFetch = options.fetch ?? fetch
  const signal = AbortSignal.timeout(options.timeoutMs ?? RUNTIME_FEED_TIMEOUT_MS)
  const response = await doFetch(url, { headers: { Accept: 'application/json' }, signal, redirect: 'follow' })
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined)
    throw new FeedError(`answered HTTP ${response.status}`)
  }
  const text = await readBody(response)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new FeedError('did not send valid JSON')
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new FeedError('did not send a JSON object')
  const parsed = RuntimeFeedSchema.safeParse(json)
  if (!parsed.success) throw new FeedError('did not send runtimeVersions / runtimeVersionsV3 maps')
  // The live feed carries neither field; a pinned copy written by update-runtime-data may, and they win.
  const catalog = catalogFromFeed(parsed.data, url.href, options.today)
  if (catalog.releases.length === 0) throw new FeedError('listed no Astro Runtime versions')
  return catalog
}

/**
 * The lifecycle data for a scan. Never throws and never hangs past the timeout: any failure (unreachable, slow,
 * HTTP error, malformed JSON, no versions) falls back to the embedded table and says so in `note`.
 */
export async function loadRuntimeCatalog(setting: RuntimeFeedSetting, options: LoadFeedOptions): Promise<LoadedRuntimeCatalog> {
  const embedded = embeddedRuntimeCatalog()
  if (setting === 'embedded') return { catalog: embedded }
  const url = setting === 'auto' ? new URL(RUNTIME_FEED_URL) : setting
  try {
    return { catalog: await fetchCatalog(url, options) }
  } catch (error) {
    return {
      catalog: embedded,
      note: `The Astro Runtime versions feed ${url.href} ${describeError(error)}; Runtime verdicts use the embedded lifecycle data taken ${embedded.takenAt} instead.`,
    }
  }
}
