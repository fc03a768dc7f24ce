import { z } from 'zod'
import {
  airflowMajorOfVersion,
  compareRuntimeVersions,
  parseRuntimeVersion,
  type RuntimeScheme,
  type RuntimeVersion,
  seriesOf,
} from './runtime-version.js'

/**
 * The Astro Runtime lifecycle table. Its input shape is the versions feed's own
 * (`https://updates.astronomer.io/astronomer-runtime`: `runtimeVersions` keyed by semver tags and
 * `runtimeVersionsV3` keyed by `A.B-N` tags; ../shared/research/astro-runtime.md §3), so the embedded copy and
 * the live feed go through one parser. Unknown fields are tolerated, as the feed's consumers must be
 * (astro-cli pkg/runtimeversions/testdata/catalog.json), and one malformed field drops only that field.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/
// `.optional()`: zod 4 treats a missing key as an error for a bare `unknown().transform()`.
const lenientDate = z
  .unknown()
  .transform((value) => (typeof value === 'string' && DATE.test(value) ? value : undefined))
  .optional()
const lenientString = z
  .unknown()
  .transform((value) => (typeof value === 'string' && value !== '' ? value : undefined))
  .optional()
const lenientBoolean = z
  .unknown()
  .transform((value) => (typeof value === 'boolean' ? value : undefined))
  .optional()
const lenientStrings = z
  .unknown()
  .transform((value) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []))
  .optional()

const MetadataSchema = z
  .object({
    airflowVersion: lenientString,
    channel: lenientString,
    releaseDate: lenientDate,
    endOfMaintenance: lenientDate,
    endOfBasicSupport: lenientDate,
    endOfSupport: lenientDate,
    LTS: lenientBoolean,
    lts: lenientBoolean,
    yanked: lenientBoolean,
    yankedReason: lenientString,
    pythonVersions: lenientStrings,
    defaultPythonVersion: lenientString,
  })
  .passthrough()

const EntrySchema = z.object({ metadata: MetadataSchema, source: lenientString }).passthrough()
type Entry = z.infer<typeof EntrySchema>

/** Entries that are not objects with a `metadata` object are dropped one by one, not the whole feed. */
const EntriesSchema = z
  .record(z.string(), z.unknown())
  .transform((entries) => {
    const kept: Record<string, Entry> = {}
    for (const [key, value] of Object.entries(entries)) {
      const parsed = EntrySchema.safeParse(value)
      if (parsed.success) kept[key] = parsed.data
    }
    return kept
  })

export const RuntimeFeedSchema = z
  .object({
    takenAt: lenientDate,
    source: lenientString,
    runtimeVersions: EntriesSchema.default({}),
    runtimeVersionsV3: EntriesSchema.default({}),
  })
  .passthrough()
export type RuntimeFeed = z.infer<typeof RuntimeFeedSchema>

export interface RuntimeRelease {
  /** The feed key, e.g. `13.11.0`, `3.1-12`. */
  version: string
  parsed: RuntimeVersion
  scheme: RuntimeScheme
  /** Support unit: the Runtime major (`13`) or the Airflow-3 series (`3.1`). */
  series: string
  /** Airflow major the release ships (2 for every semver release). */
  airflowMajor: number
  airflowVersion: string | undefined
  channel: string | undefined
  releaseDate: string | undefined
  /** The release date, or for an entry without one the date the data was taken (it existed by then). */
  availableBy: string
  /** End of maintenance (`endOfMaintenance`, else the older `endOfSupport`). */
  endOfMaintenance: string | undefined
  /** End of basic support, when the feed gives it (Airflow 3 series). */
  endOfBasicSupport: string | undefined
  /**
   * The last day Astronomer supports the release: end of basic support where the feed gives it, otherwise end of
   * support (VCHECK PR #86 reads the same pair; research §3.3).
   */
  lastSupportedDay: string | undefined
  lts: boolean | undefined
  /** True when yanked, false when the data says it is not, undefined when the data does not say. */
  yanked: boolean | undefined
  yankedReason: string | undefined
  pythonVersions: string[]
  defaultPythonVersion: string | undefined
  /** Provenance of this entry when the data records one (the embedded table does). */
  source: string | undefined
}

/** Channels of pre-release builds; only `stable` (and the retired `deprecated`) are GA (research §3.2). */
const GA_CHANNELS = new Set(['stable', 'deprecated'])

export function isPreRelease(release: RuntimeRelease): boolean {
  return release.parsed.prerelease !== undefined || (release.channel !== undefined && !GA_CHANNELS.has(release.channel))
}

/** Out on or before `today`: by its release date, or (without one) by the day the data vouched for it. */
export function isReleasedBy(release: RuntimeRelease, today: string): boolean {
  return release.availableBy <= today
}

export interface RuntimeCatalog {
  /** The date the data was taken (YYYY-MM-DD). */
  takenAt: string
  /** Where it came from: the feed URL, or the embedded table's provenance. */
  source: string
  /** Every release, oldest first (Airflow-3 tags after all semver tags). */
  releases: readonly RuntimeRelease[]
  get(version: string): RuntimeRelease | undefined
}

export function catalogFromFeed(feed: RuntimeFeed, fallbackSource: string, fallbackTakenAt: string): RuntimeCatalog {
  const releases: RuntimeRelease[] = []
  const add = (expected: RuntimeScheme, map: Record<string, Entry>) => {
    for (const [version, entry] of Object.entries(map)) {
      const parsed = parseRuntimeVersion(version)
      // A key of the other scheme (or none) in a map is malformed data: skip it rather than misfile it.
      if (!parsed || parsed.scheme !== expected) continue
      const m = entry.metadata
      const endOfMaintenance = m.endOfMaintenance ?? m.endOfSupport
      releases.push({
        version,
        parsed,
        scheme: parsed.scheme,
        series: seriesOf(parsed),
        airflowMajor: airflowMajorOfVersion(parsed),
        airflowVersion: m.airflowVersion,
        channel: m.channel,
        releaseDate: m.releaseDate,
        availableBy: m.releaseDate ?? '',
        endOfMaintenance,
        endOfBasicSupport: m.endOfBasicSupport,
        lastSupportedDay: m.endOfBasicSupport ?? m.endOfSupport ?? endOfMaintenance,
        lts: m.LTS ?? m.lts,
        yanked: m.yanked,
        yankedReason: m.yankedReason,
        pythonVersions: m.pythonVersions ?? [],
        defaultPythonVersion: m.defaultPythonVersion,
        source: entry.source,
      })
    }
  }
  add('semver', feed.runtimeVersions)
  add('airflow3', feed.runtimeVersionsV3)
  const takenAt = feed.takenAt ?? fallbackTakenAt
  for (const release of releases) release.availableBy ||= takenAt
  releases.sort((a, b) => compareRuntimeVersions(a.parsed, b.parsed))
  const byVersion = new Map(releases.map((release) => [release.version, release]))
  return {
    takenAt,
    source: feed.source ?? fallbackSource,
    releases,
    get: (version) => byVersion.get(version),
  }
}

/** The newest release matching `accept`, or undefined. */
export function newestRelease(catalog: RuntimeCatalog, accept: (release: RuntimeRelease) => boolean): RuntimeRelease | undefined {
  for (let index = catalog.releases.length - 1; index >= 0; index--) {
    if (accept(catalog.releases[index])) return catalog.releases[index]
  }
  return undefined
}

/** A GA build that was not yanked and is out by `today`: what a moving tag can point to and what we suggest. */
export function isUsableBuild(release: RuntimeRelease, today: string): boolean {
  return release.yanked !== true && !isPreRelease(release) && isReleasedBy(release, today)
}

/**
 * The build a moving tag points to today: the newest non-yanked GA build of the series (astro-cli
 * `ResolveFloatingTag`/`pickLatestMatchingRuntimeVersion`). `prefix` is `3.1`, `3`, `13` or '' (for `latest`
 * or a missing tag, which follow the repository's own line: `preferScheme`).
 */
export function resolveMovingTag(
  catalog: RuntimeCatalog,
  prefix: string,
  preferScheme: RuntimeScheme,
  today: string,
): RuntimeRelease | undefined {
  const parts = prefix === '' ? [] : prefix.split('.').map(Number)
  const matches = (release: RuntimeRelease, scheme: RuntimeScheme) =>
    release.scheme === scheme && parts.every((part, index) => release.parsed.numbers[index] === part) && isUsableBuild(release, today)
  const order: RuntimeScheme[] = preferScheme === 'airflow3' ? ['airflow3', 'semver'] : ['semver', 'airflow3']
  for (const scheme of order) {
    const found = newestRelease(catalog, (release) => matches(release, scheme))
    if (found) return found
    if (prefix === '') break // `latest` never crosses from one repository's line to the other's
  }
  return undefined
}
