import type { Span } from '../../src/engine/source-text.js'
import { type CharTest, isAlnum, isAlpha, isDigit, isBlank } from './char-scan.js'

/**
 * Passwords in the userinfo of URIs of any scheme (`postgresql://etl:pw@db/dw`, `snowflake://u:pw@acct/db`,
 * `redis://:pw@cache:6379/0`, Airflow connection URIs `my-conn-type://login:password@host:port/schema?x=y`;
 * ../shared/research/astro-runtime.md §6.1). gitleaks has no such rule (§A1); detect-secrets' BasicAuthDetector
 * and secretlint's database-connection-string cover parts of it.
 */
export interface UriCredential {
  scheme: string
  user: string
  /** The password as written (percent-encoded if it was). */
  password: string
  passwordSpan: Span
  host: string
  /** From the scheme to the end of the authority. */
  uriSpan: Span
  /** The URI continues after the authority (path, query) up to this offset. */
  uriEnd: number
  /** `https://TOKEN:x-oauth-basic@github.com`: the secret is the user part. */
  tokenAsUser: boolean
}

const isSchemeChar: CharTest = (c) => isAlnum(c) || c === 43 || c === 45 || c === 46
/** Characters that end an authority (and a URI) in running text, code and config. */
const endsAuthority: CharTest = (c) =>
  isBlank(c) || c === 47 || c === 63 || c === 35 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 92 || c === 41 || c === 44 || c === 59
const endsUri: CharTest = (c) => isBlank(c) || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 92

/** A URI's authority is never this long; longer runs are data, not a URI. */
const MAX_AUTHORITY = 1024
/** Path and query looked at after the authority (for query parameters); the scan stays linear. */
const MAX_URI_TAIL = 4096

/**
 * Every URI with a `user:password@` (or `:password@`) userinfo between `start` and `end` of `text`. Linear: each
 * `://` is looked at once and the scan resumes after its authority.
 */
export function findUriCredentials(text: string, start = 0, end = text.length): UriCredential[] {
  const out: UriCredential[] = []
  let from = start
  for (;;) {
    const sep = text.indexOf('://', from)
    if (sep === -1 || sep >= end) break
    from = sep + 3
    let schemeStart = sep
    while (schemeStart > start && sep - schemeStart < 40 && isSchemeChar(text.charCodeAt(schemeStart - 1))) schemeStart--
    if (schemeStart === sep || !isAlpha(text.charCodeAt(schemeStart))) continue
    const authorityStart = sep + 3
    let authorityEnd = authorityStart
    let lastAt = -1
    while (authorityEnd < end && authorityEnd - authorityStart < MAX_AUTHORITY) {
      const code = text.charCodeAt(authorityEnd)
      if (endsAuthority(code)) break
      if (code === 64) lastAt = authorityEnd
      authorityEnd++
    }
    from = Math.max(from, authorityEnd)
    if (lastAt === -1) continue
    let colon = authorityStart
    while (colon < lastAt && text.charCodeAt(colon) !== 58) colon++
    if (colon >= lastAt) continue
    const scheme = text.slice(schemeStart, sep).toLowerCase()
    const user = text.slice(authorityStart, colon)
    const password = text.slice(colon + 1, lastAt)
    const hostEnd = authorityEnd
    const hostPort = text.slice(lastAt + 1, hostEnd)
    const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.split(':')[0]
    if (password === '') continue
    // `host:8080@…` is a host and port, not a user and password.
    if (user.includes('.') && isAllDigits(password) && password.length <= 5) continue
    let uriEnd = authorityEnd
    const uriLimit = Math.min(end, authorityEnd + MAX_URI_TAIL)
    while (uriEnd < uriLimit && !endsUri(text.charCodeAt(uriEnd))) uriEnd++
    const tokenAsUser = password === 'x-oauth-basic' || password === 'x-oauth-token'
    out.push({
      scheme,
      user,
      password: tokenAsUser ? user : password,
      passwordSpan: tokenAsUser ? { start: authorityStart, end: colon } : { start: colon + 1, end: lastAt },
      host,
      uriSpan: { start: schemeStart, end: authorityEnd },
      uriEnd,
      tokenAsUser,
    })
  }
  return out
}

function isAllDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (!isDigit(value.charCodeAt(i))) return false
  return value.length > 0
}

/** Decodes `%xx` escapes, leaving malformed ones as written. */
export function percentDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export interface QueryParam {
  name: string
  /** Decoded value. */
  value: string
  /** Span of the raw value in the text. */
  span: Span
}

/** The `?name=value&…` parameters of the URI whose authority ends at `authorityEnd` (up to `uriEnd`). */
export function queryParams(text: string, authorityEnd: number, uriEnd: number): QueryParam[] {
  let question = authorityEnd
  while (question < uriEnd && text.charCodeAt(question) !== 63) question++
  if (question >= uriEnd) return []
  const params: QueryParam[] = []
  let at = question + 1
  while (at < uriEnd) {
    let amp = at
    let equals = -1
    while (amp < uriEnd && text.charCodeAt(amp) !== 38) {
      if (equals === -1 && text.charCodeAt(amp) === 61) equals = amp
      amp++
    }
    if (equals !== -1) {
      params.push({ name: percentDecode(text.slice(at, equals)), value: percentDecode(text.slice(equals + 1, amp).replace(/\+/g, ' ')), span: { start: equals + 1, end: amp } })
    }
    at = amp + 1
  }
  return params
}

