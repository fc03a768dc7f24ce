import { isPlaceholder } from './placeholders.js'

/**
 * Credentials in the userinfo of a package-source URL (`https://user:token@host/simple`,
 * `git+https://<token>@github.com/org/repo`). pip sends them as HTTP basic auth; written into a requirements file
 * or a Dockerfile they end up in git history and in image layers.
 */
export interface UrlCredential {
  /** The credential's value as written (the password, or a token standing in the user part). */
  secret: string
  /** Offsets of the secret within the URL string. */
  start: number
  end: number
  host: string
}

/** Token prefixes of well-known services (GitHub, GitLab, PyPI, Artifactory, JFrog, AWS CodeArtifact). */
const TOKEN_PREFIXES = ['ghp_', 'gho_', 'ghs_', 'ghu_', 'ghr_', 'github_pat_', 'glpat-', 'gldt-', 'pypi-', 'akcp', 'cmvmd']

/** A user part that is a credential on its own (`https://<token>@host`), not an account name such as `git`. */
function looksLikeToken(user: string): boolean {
  const lower = user.toLowerCase()
  if (TOKEN_PREFIXES.some((prefix) => lower.startsWith(prefix))) return true
  return user.length >= 20 && /[0-9]/.test(user) && /[a-z]/i.test(user)
}

/** Passwords that mean "the user part is the token" (GitHub's documented `<token>:x-oauth-basic`). */
const TOKEN_MARKERS = new Set(['x-oauth-basic', 'x-oauth'])

export function urlCredential(url: string, placeholders: readonly string[] = []): UrlCredential | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)
  if (!scheme) return undefined
  const authorityStart = scheme[0].length
  let authorityEnd = authorityStart
  while (authorityEnd < url.length && !'/?#'.includes(url[authorityEnd])) authorityEnd++
  const at = url.lastIndexOf('@', authorityEnd - 1)
  if (at < authorityStart) return undefined
  const host = url.slice(at + 1, authorityEnd)
  const userinfo = url.slice(authorityStart, at)
  const colon = userinfo.indexOf(':')
  const user = colon === -1 ? userinfo : userinfo.slice(0, colon)
  const password = colon === -1 ? undefined : userinfo.slice(colon + 1)
  const secret = (value: string, start: number): UrlCredential | undefined =>
    value && !value.includes('$') && !isPlaceholder(value, placeholders) ? { secret: value, start, end: start + value.length, host } : undefined
  const marker = password !== undefined && TOKEN_MARKERS.has(password.toLowerCase())
  if (password && !marker) return secret(password, authorityStart + colon + 1)
  if (marker || looksLikeToken(user)) return secret(user, authorityStart)
  return undefined
}
