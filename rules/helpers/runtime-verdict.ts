import type { Severity } from '../../src/engine/severity.js'
import { resolveRuntime } from '../../src/runtime/base-images.js'
import {
  isUsableBuild,
  newestRelease,
  type RuntimeCatalog,
  type RuntimeRelease,
} from '../../src/runtime/catalog.js'
import { type BaseImage, PRE_RELEASE_HOST, RUNTIME_V3_HOST } from '../../src/runtime/image-ref.js'
import { compareRuntimeVersions, parseRuntimeVersion, type RuntimeScheme, seriesOf } from '../../src/runtime/runtime-version.js'

/**
 * The lifecycle verdict on one FROM image: at most one, the most severe that applies. The checks in
 * `VerdictBuilder.runtime()` run in the order of VERDICT_SEVERITY's keys (errors, then warnings, then notices;
 * within a severity the more urgent first) and the first that applies wins. Sources: ../shared/research/astro-runtime.md §1-§3 (image names, tag grammars, lifecycle
 * policy, the versions feed).
 */

/** Astronomer Certified: the last builds (2.3.4-11, 2.4.3-6) shipped 2023-03-31 and AC 2.3/2.4 left maintenance
 * in March 2023 (astronomer/ap-airflow releases; DOCS software/ac-support-policy.md). */
export const CERTIFIED_END_OF_MAINTENANCE = '2023-03-31'

/** `astro dev upgrade-test` runs a dependency diff, a DAG test and ruff AIR3xx lints against a target Runtime. */
const UPGRADE_HOW = "with Astronomer's upgrade guide, testing first with `astro dev upgrade-test`"

export interface CertifiedData { image: string; airflow: string; advice: string }
export interface YankedData { version: string; reason: string; advice: string }
export interface PastSupportData { version: string; date: string; milestone: string; advice: string }
export interface PastMaintenanceData { version: string; endOfMaintenance: string; endOfBasicSupport: string; days: string; advice: string }
export interface SupportEndingData { version: string; milestone: string; date: string; days: string; after: string; advice: string }
export interface DeprecatedChannelData { version: string; lastDay: string; advice: string }
export interface PreReleaseData { image: string; why: string; advice: string }
export interface FloatingTagData { image: string; how: string; pinned: string; airflow: string; pinnedImage: string }
export interface UnresolvedImageData { image: string; args: string }
export interface UnknownVersionData { tag: string; takenAt: string; hint: string }
export interface NoSupportDatesData { version: string; takenAt: string; advice: string }
export interface DigestOnlyData { image: string }
export interface NewerBuildData { version: string; series: string; target: string; released: string; targetImage: string; also: string }
export interface NewerSeriesData { version: string; target: string; dates: string; targetImage: string }
export interface MajorUpgradeData { version: string; fromMajor: string; toMajor: string; target: string; dates: string }

export type Verdict =
  | { messageId: 'CERTIFIED'; data: CertifiedData }
  | { messageId: 'YANKED'; data: YankedData }
  | { messageId: 'PAST_SUPPORT'; data: PastSupportData }
  | { messageId: 'PAST_MAINTENANCE'; data: PastMaintenanceData }
  | { messageId: 'SUPPORT_ENDING'; data: SupportEndingData }
  | { messageId: 'DEPRECATED_CHANNEL'; data: DeprecatedChannelData }
  | { messageId: 'PRE_RELEASE'; data: PreReleaseData }
  | { messageId: 'FLOATING_TAG'; data: FloatingTagData }
  | { messageId: 'UNRESOLVED_IMAGE'; data: UnresolvedImageData }
  | { messageId: 'UNKNOWN_VERSION'; data: UnknownVersionData }
  | { messageId: 'NO_SUPPORT_DATES'; data: NoSupportDatesData }
  | { messageId: 'DIGEST_ONLY'; data: DigestOnlyData }
  | { messageId: 'NEWER_BUILD'; data: NewerBuildData }
  | { messageId: 'NEWER_SERIES'; data: NewerSeriesData }
  | { messageId: 'MAJOR_UPGRADE'; data: MajorUpgradeData }

export type VerdictId = Verdict['messageId']

/** Severity per verdict, and (by key order) the precedence among verdicts of one severity. */
export const VERDICT_SEVERITY = {
  CERTIFIED: 'error',
  YANKED: 'error',
  PAST_SUPPORT: 'error',
  PAST_MAINTENANCE: 'warning',
  SUPPORT_ENDING: 'warning',
  DEPRECATED_CHANNEL: 'warning',
  PRE_RELEASE: 'warning',
  FLOATING_TAG: 'warning',
  UNRESOLVED_IMAGE: 'warning',
  UNKNOWN_VERSION: 'warning',
  NO_SUPPORT_DATES: 'warning',
  DIGEST_ONLY: 'notice',
  NEWER_BUILD: 'notice',
  NEWER_SERIES: 'notice',
  MAJOR_UPGRADE: 'notice',
} as const satisfies Record<VerdictId, Severity>

/** The replacement a verdict suggests: a tag to put on the image (variants kept), unless it is a major upgrade. */
export interface Replacement {
  release: RuntimeRelease
  /** The image name to use: as written (registry, mirror, path), except a pre-release registry's. */
  name: string
  /** The new tag with the image's variants, e.g. `13.11.0-python-3.11`. */
  tag: string
  /** The new image reference: the written name (registry, mirror, path) with the new tag, digest dropped. */
  reference: string
  /** True when the name had to change too (`air.astronomer.io` → `astrocrpublic.azurecr.io`). */
  renamed: boolean
}

export interface VerdictResult {
  verdict: Verdict
  severity: Severity
  /** Absent for major upgrades (and where no tag can be named): those go through Astronomer's upgrade guide. */
  replacement?: Replacement
}

export interface VerdictInput {
  image: BaseImage
  catalog: RuntimeCatalog
  today: string
  /** Days before end of maintenance or support to start warning. */
  warningWindowDays: number
}

const DAY_MS = 86_400_000

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS
}

export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from))
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10)
}

function plural(days: number): string {
  return days === 1 ? '1 day' : `${days} days`
}

/** Maintained beyond `horizon`: a release worth moving to (not one that would warn right after the move). */
function healthy(release: RuntimeRelease, horizon: string): boolean {
  const end = release.endOfMaintenance ?? release.lastSupportedDay
  return end !== undefined && end > horizon
}

/** Ships the image's Python variant (unknown Python lists count as shipping it). */
function shipsPython(catalog: RuntimeCatalog, release: RuntimeRelease, python: string | undefined): boolean {
  if (python === undefined) return true
  const ships = pythonsOf(catalog, release)
  return ships.length === 0 || ships.includes(python)
}

/**
 * The Pythons a release ships: its own list, else that of another build of its series (the feed gives one list
 * per series: research §2.4). Empty when the data does not say (Airflow-2 entries list none).
 */
function pythonsOf(catalog: RuntimeCatalog, release: RuntimeRelease): string[] {
  if (release.pythonVersions.length > 0) return release.pythonVersions
  const sibling = newestRelease(
    catalog,
    (candidate) => candidate.scheme === release.scheme && candidate.series === release.series && candidate.pythonVersions.length > 0,
  )
  return sibling?.pythonVersions ?? []
}

function datesOf(release: RuntimeRelease): string {
  const parts: string[] = []
  if (release.releaseDate) parts.push(`released ${release.releaseDate}`)
  if (release.endOfBasicSupport && release.endOfMaintenance) {
    parts.push(`maintained until ${release.endOfMaintenance}`, `basic support until ${release.endOfBasicSupport}`)
  } else if (release.lastSupportedDay) {
    parts.push(`supported until ${release.lastSupportedDay}`)
  }
  return parts.join(', ')
}

/** What the image looks like in messages: `11.8.0`, or `3.1 (today 3.1-21)` for a moving tag. */
function displayVersion(image: BaseImage, release: RuntimeRelease, moving: boolean): string {
  if (!moving) return release.version
  return `${image.tag ?? 'latest'} (today ${release.version})`
}

/** The canonical image of a release (the repositories differ by Airflow major: research §1.1-1.2). */
function canonicalReference(release: RuntimeRelease): string {
  const name = release.scheme === 'airflow3' ? `${RUNTIME_V3_HOST}/runtime` : 'quay.io/astronomer/astro-runtime'
  return `${name}:${release.version}`
}

/**
 * The newest stable, non-yanked build out by `today` and maintained beyond `horizon` (so moving to it does not
 * warn right away) that `accept`s, and ships `python` when one is given.
 */
function newestHealthyRelease(
  catalog: RuntimeCatalog,
  today: string,
  horizon: string,
  accept: (release: RuntimeRelease) => boolean,
  python: string | undefined,
): RuntimeRelease | undefined {
  return newestRelease(
    catalog,
    (release) =>
      accept(release) &&
      isUsableBuild(release, today) &&
      release.channel !== 'deprecated' &&
      healthy(release, horizon) &&
      shipsPython(catalog, release, python),
  )
}

class VerdictBuilder {
  private readonly horizon: string
  private readonly python: string | undefined

  constructor(private readonly input: VerdictInput) {
    this.horizon = addDays(input.today, input.warningWindowDays)
    this.python = input.image.runtimeTag?.python
  }

  /** The image with a new tag, variants kept; the pre-release registry is swapped for the GA one. */
  replacement(release: RuntimeRelease): Replacement {
    const { image } = this.input
    const tag = `${release.version}${image.runtimeTag?.variantSuffix ?? ''}`
    let name = image.name
    let renamed = false
    if (!image.mirror && image.registry === PRE_RELEASE_HOST) {
      name = `${RUNTIME_V3_HOST}/runtime`
      renamed = true
    }
    return { release, name, tag, reference: `${name}:${tag}`, renamed }
  }

  /** The newest usable build of a series that ships the image's Python. */
  newestInSeries(scheme: RuntimeScheme, series: string): RuntimeRelease | undefined {
    const { catalog, today } = this.input
    return newestRelease(
      catalog,
      (release) =>
        release.scheme === scheme && release.series === series && isUsableBuild(release, today) && shipsPython(catalog, release, this.python),
    )
  }

  newestHealthy(accept: (release: RuntimeRelease) => boolean, matchPython: boolean): RuntimeRelease | undefined {
    return newestHealthyRelease(this.input.catalog, this.input.today, this.horizon, accept, matchPython ? this.python : undefined)
  }

  /**
   * Where to move an image that must move: the newest healthy build of the same Airflow major (a fix), else the
   * newest of a later Airflow major (advice only: a major upgrade is never suggested blindly).
   */
  upgradeAdvice(current: RuntimeRelease | undefined, airflowMajor: number | undefined): { advice: string; replacement?: Replacement } {
    const sameMajor = (release: RuntimeRelease) =>
      airflowMajor !== undefined && release.airflowMajor === airflowMajor && (!current || compareRuntimeVersions(release.parsed, current.parsed) > 0)
    const fit = this.newestHealthy(sameMajor, true)
    if (fit) {
      const replacement = this.replacement(fit)
      return { advice: `move to ${replacement.reference} (${datesOf(fit)})`, replacement }
    }
    const unfit = this.newestHealthy(sameMajor, false)
    if (unfit && this.python) {
      const ships = pythonsOf(this.input.catalog, unfit).join(', ')
      return {
        advice: `move to Astro Runtime ${unfit.version} (${datesOf(unfit)}), which does not ship Python ${this.python}: pick one of ${ships}`,
      }
    }
    const later = this.newestHealthy((release) => airflowMajor === undefined || release.airflowMajor > airflowMajor, false)
    if (later) {
      return {
        advice: `upgrade to Airflow ${later.airflowMajor} on ${canonicalReference(later)} (${datesOf(later)}) ${UPGRADE_HOW}`,
      }
    }
    return {
      advice: `no supported Astro Runtime is in the lifecycle data taken ${this.input.catalog.takenAt}; refresh it with --runtime-feed and see Astronomer's lifecycle policy`,
    }
  }

  certified(): VerdictResult {
    const { image } = this.input
    const major = image.airflowVersion ? Number.parseInt(image.airflowVersion, 10) : undefined
    const target =
      this.newestHealthy((release) => major !== undefined && release.airflowMajor === major, false) ??
      this.newestHealthy(() => true, false)
    const advice = target
      ? `migrate to Astro Runtime (${canonicalReference(target)}, ${datesOf(target)}) ${UPGRADE_HOW}`
      : `migrate to Astro Runtime ${UPGRADE_HOW}`
    return this.result({
      messageId: 'CERTIFIED',
      data: { image: image.reference, airflow: image.airflowVersion ? ` (Airflow ${image.airflowVersion})` : '', advice },
    })
  }

  result(verdict: Verdict, replacement?: Replacement): VerdictResult {
    return replacement ? { verdict, severity: VERDICT_SEVERITY[verdict.messageId], replacement } : { verdict, severity: VERDICT_SEVERITY[verdict.messageId] }
  }

  unknown(hint: string, replacement?: Replacement): VerdictResult {
    const { image, catalog } = this.input
    return this.result({ messageId: 'UNKNOWN_VERSION', data: { tag: image.tag ?? 'latest', takenAt: catalog.takenAt, hint } }, replacement)
  }

  /** A tag the data does not know: a typo (older than the series' newest build: fixable) or newer than the data. */
  unknownVersion(): VerdictResult {
    const runtimeTag = this.input.image.runtimeTag
    if (!runtimeTag || runtimeTag.kind === 'unparsed') {
      return this.unknown(': it is not an Astro Runtime version tag (X.Y.Z on Airflow 2, X.Y-N on Airflow 3)')
    }
    if (runtimeTag.kind !== 'pinned') {
      return this.unknown(`: no build of series ${runtimeTag.floatingPrefix || 'latest'} is in the data`)
    }
    const written = parseRuntimeVersion(runtimeTag.version ?? '')
    if (!written) return this.unknown(': check the tag, a typo fails the deploy')
    const series = seriesOf(written)
    const newest = this.newestInSeries(written.scheme, series)
    if (!newest) return this.unknown(`: no Astro Runtime ${series} build is in the data; check the tag, a typo fails the deploy`)
    if (compareRuntimeVersions(written, newest.parsed) < 0) {
      return this.unknown(`: a typo fails the deploy, and the newest known ${series} build is ${newest.version}`, this.replacement(newest))
    }
    return this.unknown(
      `: it may be newer than the data (the newest known ${series} build is ${newest.version}); refresh it with --runtime-feed, or check the tag`,
    )
  }

  /**
   * For a pinned tag the data lacks: a release with the tag's version and its series' dates (taken from the
   * newest dated build of the series), or undefined when the series is unknown too.
   */
  seriesStandIn(): RuntimeRelease | undefined {
    const tag = this.input.image.runtimeTag
    if (tag?.kind !== 'pinned') return undefined
    const written = parseRuntimeVersion(tag.version ?? '')
    if (!written) return undefined
    const series = seriesOf(written)
    const dated = newestRelease(
      this.input.catalog,
      (release) => release.scheme === written.scheme && release.series === series && release.lastSupportedDay !== undefined,
    )
    if (!dated) return undefined
    return {
      ...dated,
      version: written.text,
      parsed: written,
      airflowVersion: undefined,
      channel: undefined,
      releaseDate: undefined,
      yanked: undefined,
      yankedReason: undefined,
      source: undefined,
    }
  }

  runtime(): VerdictResult | undefined {
    const { image, today, catalog } = this.input
    const runtimeTag = image.runtimeTag
    if (image.unresolvedArgs.length > 0 || image.tag === '') {
      return this.result({ messageId: 'UNRESOLVED_IMAGE', data: { image: image.reference, args: image.unresolvedArgs.join(', ') || 'the tag' } })
    }
    const digestOnly = image.digest !== undefined && (image.tag === undefined || image.tag === 'latest')
    if (digestOnly) return this.result({ messageId: 'DIGEST_ONLY', data: { image: image.reference } })
    const fromPreReleaseRegistry = !image.mirror && image.registry === PRE_RELEASE_HOST
    const resolved = resolveRuntime(image, catalog, today)
    const { moving } = resolved
    // A pinned build the data lacks still has its series' dates (they are set per series), so the lifecycle
    // verdicts hold for it; only when none applies does the unknown tag itself become the finding.
    const release = resolved.release ?? this.seriesStandIn()
    const standIn = resolved.release === undefined
    if (!release) {
      if (runtimeTag?.prerelease || fromPreReleaseRegistry) return this.preRelease(undefined)
      return this.unknownVersion()
    }
    const version = displayVersion(image, release, moving)
    const lastDay = release.lastSupportedDay
    const eom = release.endOfMaintenance

    if (release.yanked === true) {
      const series = this.newestInSeries(release.scheme, release.series)
      const inSeries = series && series !== release && healthy(series, this.horizon) ? series : undefined
      const { advice, replacement } = inSeries
        ? { advice: `move to ${this.replacement(inSeries).reference} (${datesOf(inSeries)})`, replacement: this.replacement(inSeries) }
        : this.upgradeAdvice(release, release.airflowMajor)
      return this.result({ messageId: 'YANKED', data: { version, reason: release.yankedReason ?? 'no reason given', advice } }, replacement)
    }
    if (lastDay !== undefined && lastDay < today) {
      const { advice, replacement } = this.upgradeAdvice(release, release.airflowMajor)
      const milestone = release.endOfBasicSupport ? 'end of basic support' : 'end of support'
      return this.result({ messageId: 'PAST_SUPPORT', data: { version, date: lastDay, milestone, advice } }, replacement)
    }
    if (eom !== undefined && lastDay !== undefined && eom < today) {
      const { advice, replacement } = this.upgradeAdvice(release, release.airflowMajor)
      return this.result(
        { messageId: 'PAST_MAINTENANCE', data: { version, endOfMaintenance: eom, endOfBasicSupport: lastDay, days: plural(daysBetween(today, lastDay)), advice } },
        replacement,
      )
    }
    if (eom !== undefined && daysBetween(today, eom) <= this.input.warningWindowDays) {
      const { advice, replacement } = this.upgradeAdvice(release, release.airflowMajor)
      const milestone = release.endOfBasicSupport ? 'end of maintenance' : 'end of support'
      const after = release.endOfBasicSupport ? `, after which only basic support remains until ${release.endOfBasicSupport}` : ''
      return this.result(
        { messageId: 'SUPPORT_ENDING', data: { version, milestone, date: eom, days: plural(daysBetween(today, eom)), after, advice } },
        replacement,
      )
    }
    if (release.channel === 'deprecated') {
      const { advice, replacement } = this.upgradeAdvice(release, release.airflowMajor)
      return this.result({ messageId: 'DEPRECATED_CHANNEL', data: { version, lastDay: lastDay ?? 'an unpublished date', advice } }, replacement)
    }
    if (fromPreReleaseRegistry || runtimeTag?.prerelease || (release.channel !== undefined && release.channel !== 'stable')) {
      return this.preRelease(standIn ? undefined : release)
    }
    if (moving && !image.digest) {
      const replacement = this.replacement(release)
      return this.result(
        {
          messageId: 'FLOATING_TAG',
          data: {
            image: image.reference,
            how: image.tag === undefined ? "has no tag, so it pulls the moving 'latest'" : `uses the moving tag '${image.tag}'`,
            pinned: release.version,
            airflow: release.airflowVersion ? `Airflow ${release.airflowVersion}` : 'an unrecorded Airflow version',
            pinnedImage: replacement.reference,
          },
        },
        replacement,
      )
    }
    if (standIn) return this.unknownVersion()
    if (lastDay === undefined && eom === undefined) {
      const { advice, replacement } = this.upgradeAdvice(release, release.airflowMajor)
      return this.result({ messageId: 'NO_SUPPORT_DATES', data: { version, takenAt: catalog.takenAt, advice } }, replacement)
    }
    return this.newer(release, version, moving)
  }

  /** Notices: a newer build of the series, a newer series of the Airflow major, or a newer Airflow major. */
  newer(release: RuntimeRelease, version: string, moving: boolean): VerdictResult | undefined {
    const laterInMajor = (candidate: RuntimeRelease) =>
      candidate.airflowMajor === release.airflowMajor && candidate.series !== release.series && compareRuntimeVersions(candidate.parsed, release.parsed) > 0
    const newerSeries = this.newestHealthy(laterInMajor, true)
    if (!moving) {
      const build = this.newestInSeries(release.scheme, release.series)
      if (build && compareRuntimeVersions(build.parsed, release.parsed) > 0) {
        const replacement = this.replacement(build)
        const also = newerSeries ? `; Astro Runtime ${newerSeries.series} is out too (newest ${newerSeries.version})` : ''
        return this.result(
          {
            messageId: 'NEWER_BUILD',
            data: { version, series: release.series, target: build.version, released: build.releaseDate ?? 'on an unrecorded date', targetImage: replacement.reference, also },
          },
          replacement,
        )
      }
    }
    if (newerSeries) {
      const replacement = this.replacement(newerSeries)
      return this.result(
        { messageId: 'NEWER_SERIES', data: { version, target: newerSeries.version, dates: datesOf(newerSeries), targetImage: replacement.reference } },
        replacement,
      )
    }
    const major = this.newestHealthy((candidate) => candidate.airflowMajor > release.airflowMajor, false)
    if (major) {
      return this.result({
        messageId: 'MAJOR_UPGRADE',
        data: {
          version,
          fromMajor: String(release.airflowMajor),
          toMajor: String(major.airflowMajor),
          target: canonicalReference(major),
          dates: datesOf(major),
        },
      })
    }
    return undefined
  }

  preRelease(release: RuntimeRelease | undefined): VerdictResult {
    const { image } = this.input
    const why =
      !image.mirror && image.registry === PRE_RELEASE_HOST
        ? `${PRE_RELEASE_HOST} is the pre-release registry Astronomer used before Airflow 3 went GA`
        : release?.channel && release.channel !== 'stable' && release.channel !== 'deprecated'
          ? `channel ${release.channel}`
          : `pre-release marker '${image.runtimeTag?.prerelease ?? ''}'`
    const written = release?.parsed ?? parseRuntimeVersion(image.runtimeTag?.version ?? '')
    const ga = written ? this.newestInSeries(written.scheme, seriesOf(written)) : undefined
    if (ga && healthy(ga, this.horizon)) {
      const replacement = this.replacement(ga)
      return this.result({ messageId: 'PRE_RELEASE', data: { image: image.reference, why, advice: `move to ${replacement.reference} (${datesOf(ga)})` } }, replacement)
    }
    const major = written ? (written.scheme === 'semver' ? 2 : written.numbers[0]) : undefined
    const { advice, replacement } = this.upgradeAdvice(undefined, major)
    return this.result({ messageId: 'PRE_RELEASE', data: { image: image.reference, why, advice } }, replacement)
  }
}

/**
 * The verdict on one FROM image, or undefined when nothing is worth saying. Only Astro Runtime and Astronomer
 * Certified images get verdicts; other families are another rule's business.
 */
export function runtimeVerdict(input: VerdictInput): VerdictResult | undefined {
  const builder = new VerdictBuilder(input)
  if (input.image.family === 'astronomer-certified') return builder.certified()
  if (input.image.family === 'astro-runtime') return builder.runtime()
  return undefined
}

/**
 * The Astro Runtime to suggest to a project that is not on one: the newest stable build maintained beyond the
 * warning window, in the given Airflow major when there is one, with its canonical image reference.
 */
export function suggestedRuntime(
  catalog: RuntimeCatalog,
  today: string,
  warningWindowDays: number,
  airflowMajor: number | undefined,
): { release: RuntimeRelease; reference: string; dates: string } | undefined {
  const horizon = addDays(today, warningWindowDays)
  const release =
    (airflowMajor !== undefined
      ? newestHealthyRelease(catalog, today, horizon, (candidate) => candidate.airflowMajor === airflowMajor, undefined)
      : undefined) ?? newestHealthyRelease(catalog, today, horizon, () => true, undefined)
  return release ? { release, reference: canonicalReference(release), dates: datesOf(release) } : undefined
}
