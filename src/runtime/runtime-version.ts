/**
 * Astro Runtime version numbers. Two schemes share the registry namespace and overlap textually
 * (../shared/research/astro-runtime.md §1.1-1.2, astro-cli airflow_versions/runtime_versions.go):
 * - `semver`: `X.Y.Z` (Runtime 2.1.1 … 13.x, all on Airflow 2; `3.0.0` is Airflow 2.1.1);
 * - `airflow3`: `A.B-N` (Airflow A.B, Astronomer build N; `3.0-1` is Airflow 3.0.0), optionally followed by a
 *   pre-release marker (`3.0-1-nightly20250220`).
 * The scheme is decided from the shape (the `-` after `X.Y`) before anything is looked up.
 */
export type RuntimeScheme = 'semver' | 'airflow3'

export interface RuntimeVersion {
  scheme: RuntimeScheme
  /** semver: major, minor, patch; airflow3: Airflow major, Airflow minor, Astronomer build. */
  numbers: readonly [number, number, number]
  /** A pre-release marker after the version (`nightly20250220`, `alpha1`), without its separator. */
  prerelease: string | undefined
  /** The version as written, e.g. `13.11.0`, `3.1-12`, `3.0-1-nightly20250220`. */
  text: string
}

// Anchored, one bounded alternative each; `(.+)$` runs to the end without backtracking into the digits.
const SEMVER = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:-(.+))?$/
const AIRFLOW3 = /^(\d{1,6})\.(\d{1,6})-(\d{1,6})(?:[.-](.+))?$/

/** Parses a feed key or a tag's bare version. Undefined for anything that is neither scheme. */
export function parseRuntimeVersion(text: string): RuntimeVersion | undefined {
  let match = SEMVER.exec(text)
  if (match) {
    return { scheme: 'semver', numbers: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4], text }
  }
  match = AIRFLOW3.exec(text)
  if (match) {
    return { scheme: 'airflow3', numbers: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4], text }
  }
  return undefined
}

/**
 * Orders versions as the Astro CLI does: every `A.B-N` tag is newer than every semver tag
 * (`12.5.0 < 3.0-7 < 3.1-1`), numbers compare numerically, and a pre-release sorts before its release.
 */
export function compareRuntimeVersions(a: RuntimeVersion, b: RuntimeVersion): number {
  if (a.scheme !== b.scheme) return a.scheme === 'airflow3' ? 1 : -1
  for (let i = 0; i < 3; i++) {
    if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i]
  }
  if (a.prerelease === b.prerelease) return 0
  if (a.prerelease === undefined) return 1
  if (b.prerelease === undefined) return -1
  return a.prerelease < b.prerelease ? -1 : 1
}

/**
 * The support unit a version belongs to: the Runtime major for semver (support is per major since Jan 2023,
 * fixes ship as new minor.patch releases; DOCS lifecycle page) and `A.B` for Airflow-3 tags (the feed gives one
 * set of dates per `A.B` series).
 */
export function seriesOf(version: RuntimeVersion): string {
  return version.scheme === 'semver' ? String(version.numbers[0]) : `${version.numbers[0]}.${version.numbers[1]}`
}

/** Airflow major version a Runtime version ships: 2 for every semver tag, the first number of an `A.B-N` tag. */
export function airflowMajorOfVersion(version: RuntimeVersion): number {
  return version.scheme === 'semver' ? 2 : version.numbers[0]
}
