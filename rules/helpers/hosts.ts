import { isLocalHost } from './placeholders.js'

/**
 * Hosts whose traffic never leaves the machine or the cluster, so plaintext or unverified TLS to them is not a
 * network finding: loopback and the Astro CLI's compose services (placeholders.ts `isLocalHost`), bare single-label
 * names (docker compose service names such as `postgres`, `minio`, `redis`), and Kubernetes in-cluster names
 * (`*.svc`, `*.svc.cluster.local`, `*.cluster.local`). Private IP addresses are not exempt: a VPC is still a network.
 */
export function isInternalHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')
  if (lower === '') return true
  if (isLocalHost(lower)) return true
  if (lower.endsWith('.svc') || lower.endsWith('.cluster.local')) return true
  // A single label that is not an IP literal: a compose service or a host-file alias.
  return !lower.includes('.') && !lower.includes(':') && !/^\d+$/.test(lower)
}

/** Reserved documentation names (RFC 2606/6761): never real endpoints. */
export function isDocumentationHost(host: string): boolean {
  const lower = host.toLowerCase()
  return (
    /(^|\.)example\.(com|net|org)$/.test(lower) ||
    /\.(example|test|invalid|localhost)$/.test(lower) ||
    lower === 'example'
  )
}

/** Hosts of URLs that are identifiers rather than endpoints (XML namespaces, schemas). */
const IDENTIFIER_HOSTS = new Set(['www.w3.org', 'w3.org', 'schemas.xmlsoap.org', 'schemas.microsoft.com', 'purl.org', 'json-schema.org', 'xmlns.com', 'ns.adobe.com', 'schemas.openxmlformats.org'])

/** Whether a host is a real endpoint outside the machine and cluster: the ones the network rules care about. */
export function isExternalEndpoint(host: string): boolean {
  if (host === '' || /[{}$<>%]/.test(host)) return false // templated or placeholder host
  return !isInternalHost(host) && !isDocumentationHost(host) && !IDENTIFIER_HOSTS.has(host.toLowerCase())
}
