/** The host of a URL, lower-cased, without scheme, credentials, port or path: safe to print in a message. */
export function hostName(url: string): string {
  const scheme = url.indexOf('://')
  let authority = scheme === -1 ? url : url.slice(scheme + 3)
  const end = authority.search(/[/?#]/)
  if (end !== -1) authority = authority.slice(0, end)
  authority = authority.slice(authority.lastIndexOf('@') + 1)
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1).toLowerCase()
  const colon = authority.indexOf(':')
  return (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase()
}
