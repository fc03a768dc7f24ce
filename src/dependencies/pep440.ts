/**
 * PEP 440 versions, as far as astro-guard needs them: ordering (to find the fixed version an advisory names for a
 * pinned release) and specifier matching (to tell a conflicting pair of requirements from a redundant one).
 * Source: https://peps.python.org/pep-0440/ (version scheme, "Version specifiers"); the ordering follows
 * packaging's `_cmpkey` (a dev release sorts before the pre-releases of its release).
 */

export interface Version {
  epoch: number
  release: number[]
  /** `a`, `b` or `rc` with its number. */
  pre: { rank: number; number: number } | undefined
  post: number | undefined
  dev: number | undefined
  local: string | undefined
}

// Every optional part starts with a required delimiter or letter, so matching is linear; inputs are short tokens.
const VERSION = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 }

/** Parsed versions by text: requirements files repeat versions, and conflict checks compare them pairwise. */
const cache = new Map<string, Version | undefined>()
const CACHE_LIMIT = 10_000

/** Parses a version; undefined when it is not PEP 440. Callers must not mutate the result. */
export function parseVersion(text: string): Version | undefined {
  if (cache.has(text)) return cache.get(text)
  const version = parseUncached(text)
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(text, version)
  return version
}

function parseUncached(text: string): Version | undefined {
  const match = VERSION.exec(text.trim().toLowerCase())
  if (!match) return undefined
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devNumber, local] = match
  return {
    epoch: epoch ? Number(epoch) : 0,
    release: release.split('.').map(Number),
    pre: preLabel ? { rank: PRE_RANK[preLabel], number: Number(preNumber || 0) } : undefined,
    post: postImplicit !== undefined ? Number(postImplicit) : postLabel ? Number(postNumber || 0) : undefined,
    dev: devNumber !== undefined ? Number(devNumber || 0) : undefined,
    local,
  }
}

function compareRelease(a: number[], b: number[]): number {
  const length = Math.max(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0)
    if (difference !== 0) return Math.sign(difference)
  }
  return 0
}

/** Sort keys for the pre/post/dev parts, as packaging builds them (`-Infinity`/`Infinity` for "absent"). */
function preKey(version: Version): number[] {
  if (version.pre) return [version.pre.rank, version.pre.number]
  // 1.0.dev0 sorts before 1.0a1; a final release after every pre-release.
  return version.post === undefined && version.dev !== undefined ? [-Infinity] : [Infinity]
}

function compareKeys(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index] ?? -Infinity
    const y = b[index] ?? -Infinity
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

function compareLocal(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0
  if (a === undefined) return -1
  if (b === undefined) return 1
  const left = a.split(/[-_.]/)
  const right = b.split(/[-_.]/)
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const x = left[index]
    const y = right[index]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const xNumber = /^\d+$/.test(x)
    const yNumber = /^\d+$/.test(y)
    if (xNumber && yNumber && Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1
    if (xNumber !== yNumber) return xNumber ? 1 : -1
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

export function compareVersions(a: Version, b: Version, ignoreLocal = false): number {
  return (
    Math.sign(a.epoch - b.epoch) ||
    compareRelease(a.release, b.release) ||
    compareKeys(preKey(a), preKey(b)) ||
    compareKeys([a.post ?? -Infinity], [b.post ?? -Infinity]) ||
    compareKeys([a.dev ?? Infinity], [b.dev ?? Infinity]) ||
    (ignoreLocal ? 0 : compareLocal(a.local, b.local))
  )
}

/** Compares two version strings; undefined when either is not PEP 440. */
export function compareVersionText(a: string, b: string): number | undefined {
  const left = parseVersion(a)
  const right = parseVersion(b)
  return left && right ? compareVersions(left, right) : undefined
}

/** `==1.4.*`: the release starts with the prefix's segments (zero-padded, as PEP 440 prefix matching does). */
function prefixMatches(version: Version, prefix: Version): boolean {
  if (version.epoch !== prefix.epoch) return false
  for (let index = 0; index < prefix.release.length; index++) {
    if ((version.release[index] ?? 0) !== prefix.release[index]) return false
  }
  return true
}

/**
 * Whether `version` satisfies one specifier (`operator` + `spec`). undefined when that cannot be decided (a
 * version or spec that is not PEP 440). The exclusive-ordering subtleties for pre/post releases are simplified:
 * callers only use this to prove two requirements incompatible, never to accept one.
 */
export function satisfies(versionText: string, operator: string, specText: string): boolean | undefined {
  if (operator === '===') return versionText.trim().toLowerCase() === specText.trim().toLowerCase()
  const version = parseVersion(versionText)
  if (!version) return undefined
  const wildcard = specText.endsWith('.*')
  const spec = parseVersion(wildcard ? specText.slice(0, -2) : specText)
  if (!spec) return undefined
  if (wildcard) {
    if (operator === '==') return prefixMatches(version, spec)
    if (operator === '!=') return !prefixMatches(version, spec)
    return undefined
  }
  // A spec without a local label ignores the candidate's local label (PEP 440 "Version matching").
  const order = compareVersions(version, spec, spec.local === undefined)
  switch (operator) {
    case '==':
      return order === 0
    case '!=':
      return order !== 0
    case '<':
      return order < 0
    case '<=':
      return order <= 0
    case '>':
      return order > 0
    case '>=':
      return order >= 0
    case '~=': {
      if (spec.release.length < 2 || order < 0) return order < 0 ? false : undefined
      const prefix: Version = { ...spec, release: spec.release.slice(0, -1), pre: undefined, post: undefined, dev: undefined }
      return prefixMatches(version, prefix)
    }
    default:
      return undefined
  }
}
