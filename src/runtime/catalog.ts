import { z } from 'zod'
import type { RuntimeScheme } from './image-ref.js'

/**
 * The Astro Runtime lifecycle table. Its input shape is the versions feed's own
 * (`https://updates.astronomer.io/astronomer-runtime`: `runtimeVersions` keyed by semver tags and
 * `runtimeVersionsV3` keyed by `X.Y-N` tags; ../shared/research/astro-runtime.md §3), so the embedded copy and
 * the live feed go through one parser. Unknown fields are tolerated, as the feed's consumers must.
 */
const MetadataSchema = z
  .object({
    airflowVersion: z.string().nullish(),
    channel: z.string().nullish(),
    releaseDate: z.string().nullish(),
    endOfMaintenance: z.string().nullish(),
    endOfBasicSupport: z.string().nullish(),
    endOfSupport: z.string().nullish(),
    LTS: z.boolean().nullish(),
    lts: z.boolean().nullish(),
    yanked: z.boolean().nullish(),
    yankedReason: z.string().nullish(),
    pythonVersions: z.array(z.string()).nullish(),
    defaultPythonVersion: z.string().nullish(),
  })
  .passthrough()

const EntrySchema = z.object({ metadata: MetadataSchema }).passthrough()

export const RuntimeFeedSchema = z
  .object({
    takenAt: z.string().optional(),
    source: z.string().optional(),
    runtimeVersions: z.record(z.string(), EntrySchema).default({}),
    runtimeVersionsV3: z.record(z.string(), EntrySchema).default({}),
  })
  .passthrough()
export type RuntimeFeed = z.infer<typeof RuntimeFeedSchema>

export interface RuntimeRelease {
  version: string
  scheme: RuntimeScheme
  airflowVersion: string | undefined
  channel: string | undefined
  releaseDate: string | undefined
  /** End of maintenance (`endOfMaintenance`, else the older `endOfSupport`). */
  endOfMaintenance: string | undefined
  /** End of basic support, when the feed gives it (Airflow 3 lines). */
  endOfBasicSupport: string | undefined
  lts: boolean | undefined
  yanked: boolean
  yankedReason: string | undefined
  pythonVersions: string[]
}

export interface RuntimeCatalog {
  /** The date the data was taken (YYYY-MM-DD). */
  takenAt: string
  /** Where it came from: the feed URL, or the embedded table's provenance. */
  source: string
  releases: readonly RuntimeRelease[]
  get(version: string): RuntimeRelease | undefined
}

export function catalogFromFeed(feed: RuntimeFeed, fallbackSource: string, fallbackTakenAt: string): RuntimeCatalog {
  const releases: RuntimeRelease[] = []
  const add = (scheme: RuntimeScheme, map: Record<string, z.infer<typeof EntrySchema>>) => {
    for (const [version, entry] of Object.entries(map)) {
      const m = entry.metadata
      releases.push({
        version,
        scheme,
        airflowVersion: m.airflowVersion ?? undefined,
        channel: m.channel ?? undefined,
        releaseDate: m.releaseDate ?? undefined,
        endOfMaintenance: m.endOfMaintenance ?? m.endOfSupport ?? undefined,
        endOfBasicSupport: m.endOfBasicSupport ?? undefined,
        lts: m.LTS ?? m.lts ?? undefined,
        yanked: m.yanked ?? false,
        yankedReason: m.yankedReason ?? undefined,
        pythonVersions: m.pythonVersions ?? [],
      })
    }
  }
  add('semver', feed.runtimeVersions)
  add('airflow3', feed.runtimeVersionsV3)
  const byVersion = new Map(releases.map((release) => [release.version, release]))
  return {
    takenAt: feed.takenAt ?? fallbackTakenAt,
    source: feed.source ?? fallbackSource,
    releases,
    get: (version) => byVersion.get(version),
  }
}
