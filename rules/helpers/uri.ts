/**
 * Connection-URI reading for the settings and network rules: `scheme://user:password@host:port/path?query`, as
 * Airflow connection URIs, SQLAlchemy URLs and Celery broker URLs write them. Never throws.
 */
export interface ParsedUri {
  /** Lower-case scheme without `://` (`postgresql+psycopg2`, `http`). */
  scheme: string
  user: string
  /** Decoded password; '' when there is none. */
  password: string
  /** Lower-case host without brackets; '' when there is none. */
  host: string
  port: string
  /** Path without the leading slash (Airflow: the connection's schema). */
  path: string
  /** Query parameters in order, decoded. */
  query: [string, string][]
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** Parses `scheme://...`; undefined for anything else (no scheme, spaces, a bare path). */
export function parseUri(value: string): ParsedUri | undefined {
  const text = value.trim()
  const schemeEnd = text.indexOf('://')
  if (schemeEnd <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(text.slice(0, schemeEnd))) return undefined
  if (/\s/.test(text)) return undefined
  const scheme = text.slice(0, schemeEnd).toLowerCase()
  let rest = text.slice(schemeEnd + 3)
  let query = ''
  const hashAt = rest.indexOf('#')
  if (hashAt !== -1) rest = rest.slice(0, hashAt)
  const queryAt = rest.indexOf('?')
  if (queryAt !== -1) {
    query = rest.slice(queryAt + 1)
    rest = rest.slice(0, queryAt)
  }
  const slashAt = rest.indexOf('/')
  const authority = slashAt === -1 ? rest : rest.slice(0, slashAt)
  const path = slashAt === -1 ? '' : rest.slice(slashAt + 1)
  // The last '@' separates credentials from the host (passwords may contain unencoded '@').
  const atAt = authority.lastIndexOf('@')
  const userinfo = atAt === -1 ? '' : authority.slice(0, atAt)
  const hostport = atAt === -1 ? authority : authority.slice(atAt + 1)
  const colonAt = userinfo.indexOf(':')
  const user = decode(colonAt === -1 ? userinfo : userinfo.slice(0, colonAt))
  const password = colonAt === -1 ? '' : decode(userinfo.slice(colonAt + 1))
  let host = hostport
  let port = ''
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']')
    host = close === -1 ? hostport.slice(1) : hostport.slice(1, close)
    port = close === -1 ? '' : hostport.slice(close + 2)
  } else {
    const portAt = hostport.lastIndexOf(':')
    if (portAt !== -1) {
      host = hostport.slice(0, portAt)
      port = hostport.slice(portAt + 1)
    }
  }
  const pairs: [string, string][] = []
  if (query) {
    for (const part of query.split('&')) {
      if (!part) continue
      const eq = part.indexOf('=')
      pairs.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))])
    }
  }
  return { scheme, user, password, host: host.toLowerCase(), port, path: decode(path), query: pairs }
}
