import { normalizePackageName } from '../parsers/requirements.js'

/** One known vulnerability of one pinned release, as the vulnerable-requirement rule reports it. */
export interface Advisory {
  /** The advisory id as the database names it (`GHSA-…`, `PYSEC-…`). */
  id: string
  /** Other ids of the same vulnerability (`CVE-…`). */
  aliases: string[]
  /** One-line summary, when the database gives one. */
  summary: string | undefined
  /** PEP 503 normalised package name. */
  package: string
  /** The pinned version the advisory applies to, as written in the requirement. */
  version: string
  /** The first version that fixes it for this release line, when the advisory names one. */
  fixed: string | undefined
  /** false when only the id is known (the details request failed). */
  detailsAvailable: boolean
}

/**
 * How the vulnerability check went: `complete`, `partial` (some queries or details failed) or `failed` (nothing
 * could be checked). Rules report what the index holds either way; the run's notes say what is missing.
 */
export type AdvisoryStatus = 'complete' | 'partial' | 'failed'

/** Known vulnerabilities by package and pinned version, handed to rules through the rule environment. */
export interface AdvisoryIndex {
  source: 'osv'
  status: AdvisoryStatus
  /** Advisories for a package (any spelling) pinned to `version` (as written), in id order. */
  lookup(name: string, version: string): readonly Advisory[]
  /** Every advisory of the index (plain data: scan worker threads rebuild the index from it). */
  all?: readonly Advisory[]
}

function keyOf(name: string, version: string): string {
  return `${normalizePackageName(name)}\0${version.trim().toLowerCase()}`
}

/** Builds an index from a list (what the OSV client returns, and what rule cases give). */
export function createAdvisoryIndex(advisories: readonly Advisory[], status: AdvisoryStatus = 'complete'): AdvisoryIndex {
  const byKey = new Map<string, Advisory[]>()
  for (const advisory of advisories) {
    const key = keyOf(advisory.package, advisory.version)
    const list = byKey.get(key)
    if (list) list.push(advisory)
    else byKey.set(key, [advisory])
  }
  for (const list of byKey.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return {
    source: 'osv',
    status,
    all: advisories,
    lookup: (name, version) => byKey.get(keyOf(name, version)) ?? [],
  }
}
