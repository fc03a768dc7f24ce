import type { Span } from '../engine/source-text.js'

/**
 * Which product a base image is. Astro Runtime has two tag schemes that overlap textually (`3.0.0` is Airflow 2.1,
 * `3.0-1` is Airflow 3.0), so the scheme is decided from the tag's shape before anything is looked up
 * (../shared/research/astro-runtime.md §1.2, astro-cli airflow_versions/runtime_versions.go).
 */
export type ImageFamily =
  | 'astro-runtime' // Astro Runtime, either tag scheme
  | 'astronomer-certified' // astronomerinc/ap-airflow, quay.io/astronomer/ap-airflow: unsupported since 2023
  | 'apache-airflow' // apache/airflow: not deployable to Astro
  | 'other'

export type RuntimeScheme = 'semver' | 'airflow3'

export interface BaseImage {
  /** The reference after ARG substitution, as Docker would pull it. */
  reference: string
  /** Span of the image text in the Dockerfile. */
  span: Span
  registry: string
  /** Repository path without registry, e.g. `astronomer/astro-runtime`, `runtime`. */
  repository: string
  tag: string | undefined
  digest: string | undefined
  family: ImageFamily
  /** For Astro Runtime: the tag's scheme, decided from its shape. */
  scheme: RuntimeScheme | undefined
  /** For Astro Runtime: the bare version with variants stripped (`13.11.0`, `3.1-12`, or `3.1` when floating). */
  version: string | undefined
  /** Variant suffixes in tag order, e.g. `['python-3.11', 'slim', 'base']`. */
  variants: string[]
  /** A tag that moves (`latest`, `3.1`, `3`, missing tag). */
  floating: boolean
  /** Registry prefix of a configured mirror the image was pulled through, if any. */
  mirror: string | undefined
}

const DOCKER_HUB = 'docker.io'
const RUNTIME_V2_REPOSITORIES = new Set(['astronomer/astro-runtime'])
const RUNTIME_V3_HOSTS = new Set(['astrocrpublic.azurecr.io', 'air.astronomer.io'])
const CERTIFIED_REPOSITORIES = new Set(['astronomerinc/ap-airflow', 'astronomer/ap-airflow'])

const SEMVER_TAG = /^(\d+\.\d+\.\d+)((?:-[A-Za-z0-9.]+)*)$/
const AIRFLOW3_TAG = /^(\d+\.\d+-\d+)((?:-[A-Za-z0-9.]+)*)$/
const FLOATING_AIRFLOW3_TAG = /^(\d+(?:\.\d+)?)((?:-[A-Za-z0-9.]+)*)$/

/** Splits `-python-3.11-slim-base` into `['python-3.11', 'slim', 'base']`. */
function splitVariants(suffix: string): string[] {
  const variants: string[] = []
  const parts = suffix.split('-').filter(Boolean)
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'python' && i + 1 < parts.length && /^\d+\.\d+$/.test(parts[i + 1])) {
      variants.push(`python-${parts[i + 1]}`)
      i++
    } else {
      variants.push(parts[i])
    }
  }
  return variants
}

function splitReference(reference: string): { registry: string; repository: string; tag?: string; digest?: string } {
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
  const firstSlash = rest.indexOf('/')
  const first = firstSlash === -1 ? '' : rest.slice(0, firstSlash)
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { registry: first.toLowerCase(), repository: rest.slice(firstSlash + 1), tag, digest }
  }
  const repository = firstSlash === -1 ? `library/${rest}` : rest
  return { registry: DOCKER_HUB, repository, tag, digest }
}

/**
 * Parses an image reference. `mirrors` are registry prefixes (e.g. `registry.corp.example/astronomer-mirror`)
 * under which Astronomer's repositories are re-published; the part after the prefix is matched as if it were
 * the upstream path.
 */
export function parseImageReference(reference: string, span: Span, mirrors: readonly string[] = []): BaseImage {
  const trimmed = reference.trim()
  let mirror: string | undefined
  let upstream = trimmed
  for (const prefix of mirrors) {
    const normalized = prefix.replace(/\/+$/, '')
    if (normalized && trimmed.toLowerCase().startsWith(`${normalized.toLowerCase()}/`)) {
      mirror = normalized
      upstream = trimmed.slice(normalized.length + 1)
      // A mirror path may keep or drop the upstream registry host: `mirror/quay.io/astronomer/astro-runtime`
      // and `mirror/astronomer/astro-runtime` both count.
      if (!/^[^/]*[.:]/.test(upstream.split('/')[0] ?? '')) {
        upstream = upstream.startsWith('runtime') ? `astrocrpublic.azurecr.io/${upstream}` : `quay.io/${upstream}`
      }
      break
    }
  }
  const { registry, repository, tag, digest } = splitReference(upstream)
  const lowerRepo = repository.toLowerCase()
  let family: ImageFamily = 'other'
  if (RUNTIME_V2_REPOSITORIES.has(lowerRepo) || (RUNTIME_V3_HOSTS.has(registry) && lowerRepo === 'runtime')) {
    family = 'astro-runtime'
  } else if (CERTIFIED_REPOSITORIES.has(lowerRepo)) {
    family = 'astronomer-certified'
  } else if (lowerRepo === 'apache/airflow') {
    family = 'apache-airflow'
  }

  let scheme: RuntimeScheme | undefined
  let version: string | undefined
  let variants: string[] = []
  let floating = tag === undefined || tag === 'latest'
  if (family === 'astro-runtime' && tag !== undefined) {
    let match = SEMVER_TAG.exec(tag)
    if (match) {
      scheme = 'semver'
      version = match[1]
      variants = splitVariants(match[2])
    } else if ((match = AIRFLOW3_TAG.exec(tag))) {
      scheme = 'airflow3'
      version = match[1]
      variants = splitVariants(match[2])
    } else if ((match = FLOATING_AIRFLOW3_TAG.exec(tag))) {
      scheme = 'airflow3'
      version = match[1]
      variants = splitVariants(match[2])
      floating = true
    }
  }
  return {
    reference: trimmed,
    span,
    registry,
    repository,
    tag,
    digest,
    family,
    scheme,
    version,
    variants,
    floating: digest === undefined && floating,
    mirror,
  }
}

/** Airflow major version implied by a Runtime tag: every semver tag is Airflow 2; `X.Y-N` tags carry it. */
export function airflowMajorOf(image: BaseImage): 2 | 3 | undefined {
  if (image.family !== 'astro-runtime' || !image.scheme) return undefined
  if (image.scheme === 'semver') return 2
  const major = Number.parseInt(image.version ?? '', 10)
  return major === 3 ? 3 : undefined
}
