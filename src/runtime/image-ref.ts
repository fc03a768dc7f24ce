import type { Span } from '../engine/source-text.js'
import { parseRuntimeVersion, type RuntimeScheme } from './runtime-version.js'

export type { RuntimeScheme } from './runtime-version.js'

/**
 * Which product a base image is (../shared/research/astro-runtime.md §1):
 * - `astro-runtime`: `quay.io/astronomer/astro-runtime` (Airflow 2 era), `astrocrpublic.azurecr.io/runtime`
 *   (Airflow 3), the pre-release `air.astronomer.io/runtime` (Airflow 3 before 2025-04-03);
 * - `astronomer-certified`: `astronomerinc/ap-airflow`, `quay.io/astronomer/ap-airflow` (unsupported since 2023);
 * - `astro-agent`: the remote-execution agent image of `Dockerfile.client` (its own feed, `astro-agent`);
 * - `apache-airflow`: `apache/airflow`, which Astro Deployments do not run;
 * - `other`: anything else (`python`, `scratch`, a company base image).
 */
export type ImageFamily = 'astro-runtime' | 'astronomer-certified' | 'astro-agent' | 'apache-airflow' | 'other'

/**
 * How an Astro Runtime tag names its version:
 * - `pinned`: one build (`13.11.0`, `3.1-12`, with or without variants and a pre-release marker);
 * - `floating`: a series that moves (`3.1`, `3`, `13`);
 * - `latest`: the `latest` tag, or no tag at all (Docker pulls `latest`);
 * - `unparsed`: a tag that is no Runtime version (`main`, `nightly`, or empty after ARG substitution).
 */
export type RuntimeTagKind = 'pinned' | 'floating' | 'latest' | 'unparsed'

export interface RuntimeTag {
  kind: RuntimeTagKind
  /** Pinned tags: the scheme, decided from the tag's shape. */
  scheme: RuntimeScheme | undefined
  /** Pinned tags: the feed key (version plus any pre-release marker, variants stripped), e.g. `3.1-12`. */
  version: string | undefined
  /** A pre-release marker (`nightly20250220`), when the tag carries one. */
  prerelease: string | undefined
  /** Floating tags: the version prefix (`3.1`, `3`); '' for `latest` and a missing tag. */
  floatingPrefix: string | undefined
  /** The variant part to keep on a replacement tag, e.g. `-python-3.11-slim-base`, `-ubi9-python-3.11`; '' if none. */
  variantSuffix: string
  /** Variants in tag order, e.g. `['python-3.11', 'slim', 'base']`. */
  variants: string[]
  /** The Python of a `-python-X.Y` variant. */
  python: string | undefined
}

export interface BaseImage {
  /** The reference after ARG substitution, as Docker would pull it. */
  reference: string
  /** Span of the image text in the Dockerfile (the FROM word, which may be `${VAR}`). */
  span: Span
  /** Registry of the upstream image (after removing a mirror prefix), e.g. `quay.io`, `docker.io`. */
  registry: string
  /** Repository path without registry, e.g. `astronomer/astro-runtime`, `runtime`, `library/python`. */
  repository: string
  /** The reference up to the tag, as written (mirror prefix included): what a replacement keeps. */
  name: string
  tag: string | undefined
  digest: string | undefined
  family: ImageFamily
  /** Astro Runtime only: the tag's parts. */
  runtimeTag: RuntimeTag | undefined
  /** For Astro Runtime: the tag's scheme, when the tag is pinned. */
  scheme: RuntimeScheme | undefined
  /** For Astro Runtime: the feed key of a pinned tag (`13.11.0`, `3.1-12`), or the prefix of a floating one (`3.1`). */
  version: string | undefined
  /** Variant suffixes in tag order, e.g. `['python-3.11', 'slim', 'base']`. */
  variants: string[]
  /** A tag that moves (`latest`, `3.1`, `3`, missing tag) and no digest pins it. */
  floating: boolean
  /** Registry prefix of a configured mirror the image was pulled through, if any. */
  mirror: string | undefined
  /** Astronomer Certified and `apache/airflow` tags name the Airflow version they ship (`2.3.4-onbuild` → 2.3.4). */
  airflowVersion: string | undefined
  /** Build arguments the FROM line uses that have no value (set by the caller that resolved the line). */
  unresolvedArgs: string[]
}

const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'])
/** Hosts of the Airflow-3 `runtime` repository: the GA registry and the pre-GA one (astro-cli commit 2cbf40af). */
export const RUNTIME_V3_HOST = 'astrocrpublic.azurecr.io'
export const PRE_RELEASE_HOST = 'air.astronomer.io'
const RUNTIME_V3_HOSTS = new Set([RUNTIME_V3_HOST, PRE_RELEASE_HOST])

/** A host-like first path segment: has a dot or a port, or is `localhost` (Docker's own rule). */
function isHost(segment: string): boolean {
  return segment.includes('.') || segment.includes(':') || segment === 'localhost'
}

interface SplitReference {
  registry: string
  repository: string
  /** Length of the name part (registry and path) in the input. */
  nameLength: number
  tag: string | undefined
  digest: string | undefined
}

function splitReference(reference: string): SplitReference {
  let rest = reference
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.indexOf(':', lastSlash + 1)
  if (colon !== -1) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const nameLength = rest.length
  const firstSlash = rest.indexOf('/')
  const first = firstSlash === -1 ? '' : rest.slice(0, firstSlash)
  if (first && isHost(first)) {
    const host = first.toLowerCase()
    const registry = DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host
    let repository = rest.slice(firstSlash + 1)
    if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
    return { registry, repository, nameLength, tag, digest }
  }
  const repository = firstSlash === -1 ? `library/${rest}` : rest
  return { registry: DOCKER_HUB, repository, nameLength, tag, digest }
}

/** Strips a configured mirror prefix; the remainder is read as the upstream reference. */
function stripMirror(reference: string, mirrors: readonly string[]): { upstream: string; mirror: string | undefined } {
  const lower = reference.toLowerCase()
  for (const prefix of mirrors) {
    const normalized = prefix.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')
    if (!normalized || !lower.startsWith(`${normalized.toLowerCase()}/`)) continue
    let upstream = reference.slice(normalized.length + 1)
    // A mirror may keep the upstream host in its path (`mirror/quay.io/astronomer/astro-runtime`) or drop it
    // (`mirror/astronomer/astro-runtime`, `mirror/runtime`): restore the host Astronomer publishes under.
    const slash = upstream.indexOf('/')
    if (slash === -1 || !isHost(upstream.slice(0, slash))) {
      const path = upstream.split(/[:@]/)[0] ?? ''
      upstream = path === 'runtime' ? `${RUNTIME_V3_HOST}/${upstream}` : path.startsWith('astronomerinc/') ? upstream : `quay.io/${upstream}`
    }
    return { upstream, mirror: normalized }
  }
  return { upstream: reference, mirror: undefined }
}

function familyOf(registry: string, repository: string): ImageFamily {
  const repo = repository.toLowerCase()
  // Astronomer's repository paths are distinctive, so a copy under another registry or path prefix (an
  // unconfigured mirror, `…/quay.io/astronomer/astro-runtime`) is still recognised.
  if (repo === 'astronomer/astro-runtime' || repo.endsWith('/astronomer/astro-runtime')) return 'astro-runtime'
  if (repo === 'runtime' && RUNTIME_V3_HOSTS.has(registry)) return 'astro-runtime'
  if (/(^|\/)astronomer(inc)?\/ap-airflow$/.test(repo)) return 'astronomer-certified'
  if (repo === 'astro-remote-execution-agent' || repo.endsWith('/astro-remote-execution-agent')) return 'astro-agent'
  if (registry === DOCKER_HUB && repo === 'apache/airflow') return 'apache-airflow'
  return 'other'
}

const PYTHON_VERSION = /^\d{1,2}\.\d{1,3}$/
const UBI = /^ubi\d{0,3}$/
const PINNED_SEMVER = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?=$|[-.])/
const PINNED_AIRFLOW3 = /^\d{1,6}\.\d{1,6}-\d{1,6}(?=$|[-.])/
const FLOATING = /^\d{1,6}(?:\.\d{1,6})?(?=$|-)/

/**
 * Splits an Astro Runtime tag. Variants stack as `<version>[-ubiN][-python-X.Y][-slim][-base]`
 * (astro-cli `airflow_versions.go imageTagRegex`, OTTO `split_python_variant`); any other token after the
 * version is a pre-release marker (astro-cli `runtime_versions.go`: `^(\d+)\.(\d+)-(\d+)(?:[.-](.+))?$`).
 */
export function parseRuntimeTag(tag: string | undefined): RuntimeTag {
  const empty = { scheme: undefined, version: undefined, prerelease: undefined, floatingPrefix: undefined, variantSuffix: '', variants: [], python: undefined }
  if (tag === undefined || tag === 'latest') return { ...empty, kind: 'latest', floatingPrefix: '' }
  let match = PINNED_SEMVER.exec(tag)
  let kind: RuntimeTagKind = 'pinned'
  let scheme: RuntimeScheme | undefined = 'semver'
  if (!match) {
    match = PINNED_AIRFLOW3.exec(tag)
    scheme = 'airflow3'
  }
  if (!match) {
    match = FLOATING.exec(tag)
    kind = 'floating'
    scheme = undefined
  }
  if (!match) return { ...empty, kind: 'unparsed' }
  const head = match[0]
  let rest = tag.slice(head.length)
  // `3.1-1.dev1`: a dot right after the build starts a pre-release marker.
  let prerelease: string | undefined
  if (rest.startsWith('.')) {
    const dash = rest.indexOf('-')
    prerelease = dash === -1 ? rest.slice(1) : rest.slice(1, dash)
    rest = dash === -1 ? '' : rest.slice(dash)
    if (kind === 'floating' || prerelease === '') return { ...empty, kind: 'unparsed' }
  }
  const tokens = rest.split('-').slice(1)
  const variants: string[] = []
  const markers: string[] = prerelease ? [prerelease] : []
  let python: string | undefined
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token === 'python' && PYTHON_VERSION.test(tokens[i + 1] ?? '')) {
      python = tokens[i + 1]
      variants.push(`python-${python}`)
      i++
    } else if (token === 'slim' || token === 'base' || UBI.test(token)) {
      variants.push(token)
    } else if (token === '') {
      return { ...empty, kind: 'unparsed' }
    } else {
      markers.push(token)
    }
  }
  // A floating series with a pre-release marker is no tag Astronomer publishes.
  if (kind === 'floating' && markers.length > 0) return { ...empty, kind: 'unparsed' }
  const marker = markers.length > 0 ? markers.join('-') : undefined
  return {
    kind,
    scheme,
    version: kind === 'pinned' ? (marker ? `${head}-${marker}` : head) : undefined,
    prerelease: marker,
    floatingPrefix: kind === 'floating' ? head : undefined,
    variantSuffix: variants.map((variant) => `-${variant}`).join(''),
    variants,
    python,
  }
}

/** `2.3.4-7-onbuild`, `1.10.12-buster-onbuild`, `slim-2.9.3-python3.11`: the first X.Y.Z in the tag. */
function airflowVersionInTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined
  const match = /(?:^|-)(\d{1,3}\.\d{1,3}\.\d{1,3})(?=$|[-+])/.exec(tag)
  return match?.[1]
}

/**
 * Parses an image reference. `mirrors` are registry prefixes (e.g. `registry.corp.example/astronomer-mirror`)
 * under which Astronomer's repositories are re-published; the part after the prefix is matched as if it were
 * the upstream path.
 */
export function parseImageReference(reference: string, span: Span, mirrors: readonly string[] = []): BaseImage {
  const trimmed = reference.trim()
  const { upstream, mirror } = stripMirror(trimmed, mirrors)
  const { registry, repository, tag, digest } = splitReference(upstream)
  const name = trimmed.slice(0, splitReference(trimmed).nameLength)
  const family = familyOf(registry, repository)
  const runtimeTag = family === 'astro-runtime' ? parseRuntimeTag(tag) : undefined
  const pinnedByDigest = digest !== undefined && digest !== ''
  const moving = runtimeTag ? runtimeTag.kind === 'floating' || runtimeTag.kind === 'latest' : tag === undefined || tag === 'latest'
  return {
    reference: trimmed,
    span,
    registry,
    repository,
    name,
    tag,
    digest,
    family,
    runtimeTag,
    scheme: runtimeTag?.kind === 'pinned' ? runtimeTag.scheme : undefined,
    version: runtimeTag?.version ?? (runtimeTag?.floatingPrefix || undefined),
    variants: runtimeTag?.variants ?? [],
    floating: moving && !pinnedByDigest,
    mirror,
    airflowVersion: family === 'astronomer-certified' || family === 'apache-airflow' ? airflowVersionInTag(tag) : undefined,
    unresolvedArgs: [],
  }
}

/**
 * Airflow major version implied by an image without looking anything up: every semver Runtime tag is Airflow 2,
 * `A.B-N` tags carry it, a floating `3.1`/`3` on the Airflow-3 repository is 3; Certified and `apache/airflow`
 * tags name their Airflow version.
 */
export function airflowMajorOf(image: BaseImage): 2 | 3 | undefined {
  let major: number | undefined
  if (image.family === 'astro-runtime' && image.runtimeTag) {
    const tag = image.runtimeTag
    if (tag.kind === 'pinned' && tag.version) {
      const parsed = parseRuntimeVersion(tag.version)
      major = parsed?.scheme === 'semver' ? 2 : parsed?.numbers[0]
    } else if (tag.kind === 'floating' && image.repository === 'runtime') {
      major = Number.parseInt(tag.floatingPrefix ?? '', 10)
    }
  } else if (image.airflowVersion) {
    major = Number.parseInt(image.airflowVersion, 10)
  }
  return major === 2 || major === 3 ? major : undefined
}
