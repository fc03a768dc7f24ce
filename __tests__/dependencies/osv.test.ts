import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { checkOsv, firstFixedVersion, MAX_QUERIES_PER_BATCH, type OsvVulnerability, osvNote } from '../../src/dependencies/osv.js'

// A stand-in for api.osv.dev on 127.0.0.1, answering in the shapes the OSV API documents (google/osv.dev
// docs/api/post-v1-querybatch.md and get-v1-vulns.md). Each test scripts the handler.

interface Query {
  package: { name: string; ecosystem: string }
  version: string
  page_token?: string
}

type Handler = (request: { method: string; url: string; body: unknown }, response: ServerResponse) => void

let server: Server | undefined
const requests: { method: string; url: string; body: unknown }[] = []

async function serve(handler: Handler): Promise<string> {
  requests.length = 0
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const entry = { method: request.method ?? '', url: request.url ?? '', body: text ? JSON.parse(text) : undefined }
      requests.push(entry)
      handler(entry, response)
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`
}

afterEach(async () => {
  if (!server) return
  server.closeAllConnections()
  await new Promise<void>((resolve) => server?.close(() => resolve()))
  server = undefined
})

function json(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

function record(id: string, name: string, events: Record<string, string>[], extra: Partial<OsvVulnerability> = {}): OsvVulnerability {
  return {
    id,
    summary: `${name} summary for ${id}`,
    aliases: [`CVE-2024-${id.length}0000`],
    affected: [{ package: { name, ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events }] }],
    ...extra,
  }
}

const JINJA_1 = record('GHSA-h5c8-rqwp-cp95', 'jinja2', [{ introduced: '0' }, { fixed: '3.1.3' }])
const JINJA_2 = record('GHSA-h75v-3vvj-5mfj', 'jinja2', [{ introduced: '0' }, { fixed: '3.1.4' }])
const JINJA_3 = record('GHSA-q2x7-8rv6-6q7h', 'jinja2', [{ introduced: '0' }, { fixed: '3.1.5' }])
const RECORDS = new Map([JINJA_1, JINJA_2, JINJA_3].map((vuln) => [vuln.id, vuln]))

function vulnsRoute(request: { url: string }, response: ServerResponse): boolean {
  const match = /^\/v1\/vulns\/(.+)$/.exec(request.url)
  if (!match) return false
  const found = RECORDS.get(decodeURIComponent(match[1]))
  if (found) json(response, 200, found)
  else json(response, 404, { code: 5, message: 'Bug not found.' })
  return true
}

describe('checkOsv against a local OSV API', () => {
  it('queries exactly pinned packages in one batch, follows next_page_token, and fetches details once per id', async () => {
    const endpoint = await serve((request, response) => {
      if (vulnsRoute(request, response)) return
      const queries = (request.body as { queries: Query[] }).queries
      json(response, 200, {
        results: queries.map((query) => {
          if (query.package.name !== 'Jinja2') return {}
          // The first page names one advisory and hands out a token; the second page has the rest.
          if (!query.page_token) return { vulns: [{ id: JINJA_1.id, modified: '2024-01-11T15:20:48Z' }], next_page_token: 'page-2' }
          return { vulns: [{ id: JINJA_2.id, modified: '2024-05-06T14:08:11Z' }, { id: JINJA_3.id, modified: '2024-12-23T18:22:06Z' }] }
        }),
      })
    })
    const check = await checkOsv(
      [
        { name: 'Jinja2', version: '3.1.2' },
        { name: 'pandas', version: '2.2.3' },
        { name: 'jinja2', version: '3.1.2' }, // the same release spelled differently: asked once
      ],
      { endpoint },
    )
    expect(check.status).toBe('complete')
    expect(check.packages).toBe(2)
    expect(check.vulnerabilities).toBe(3)
    expect(check.problems).toEqual([])
    const batches = requests.filter((entry) => entry.url === '/v1/querybatch')
    expect(batches.map((entry) => entry.body)).toEqual([
      {
        queries: [
          { package: { name: 'Jinja2', ecosystem: 'PyPI' }, version: '3.1.2' },
          { package: { name: 'pandas', ecosystem: 'PyPI' }, version: '2.2.3' },
        ],
      },
      { queries: [{ package: { name: 'Jinja2', ecosystem: 'PyPI' }, version: '3.1.2', page_token: 'page-2' }] },
    ])
    expect(requests.filter((entry) => entry.method === 'GET').map((entry) => entry.url).sort()).toEqual(
      [JINJA_1.id, JINJA_2.id, JINJA_3.id].map((id) => `/v1/vulns/${id}`).sort(),
    )
    expect(check.index.lookup('JINJA2', '3.1.2').map((advisory) => [advisory.id, advisory.fixed, advisory.aliases])).toEqual([
      [JINJA_1.id, '3.1.3', ['CVE-2024-190000']],
      [JINJA_2.id, '3.1.4', ['CVE-2024-190000']],
      [JINJA_3.id, '3.1.5', ['CVE-2024-190000']],
    ])
    expect(check.index.lookup('pandas', '2.2.3')).toEqual([])
    expect(osvNote(check)).toBe(`Vulnerability check (OSV at ${endpoint}): 2 pinned package versions checked, 3 known vulnerabilities.`)
  })

  it(`splits more than ${MAX_QUERIES_PER_BATCH} packages into batches of at most ${MAX_QUERIES_PER_BATCH}`, async () => {
    const endpoint = await serve((request, response) => {
      const queries = (request.body as { queries: Query[] }).queries
      json(response, 200, { results: queries.map(() => ({})) })
    })
    const packages = Array.from({ length: 2500 }, (_, index) => ({ name: `pkg-${index}`, version: '1.0.0' }))
    const check = await checkOsv(packages, { endpoint })
    expect(requests.map((entry) => (entry.body as { queries: Query[] }).queries.length)).toEqual([1000, 1000, 500])
    expect(check.status).toBe('complete')
    expect(check.packages).toBe(2500)
  })

  it('degrades an HTTP 500 to a failed check with a note that says so', async () => {
    const endpoint = await serve((_request, response) => json(response, 500, { code: 13, message: 'internal error' }))
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint })
    expect(check.status).toBe('failed')
    expect(check.index.status).toBe('failed')
    expect(check.problems).toEqual(['querybatch failed: HTTP 500'])
    expect(osvNote(check)).toBe(
      `Vulnerability check (OSV at ${endpoint}) was requested but FAILED: querybatch failed: HTTP 500. None of the 1 pinned package versions was checked; this is not a clean result.`,
    )
  })

  it('gives up on a slow answer after the timeout instead of hanging', async () => {
    const endpoint = await serve((_request, response) => {
      setTimeout(() => json(response, 200, { results: [{}] }), 5_000).unref()
    })
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint, timeoutMs: 200 })
    expect(check.status).toBe('failed')
    expect(check.problems).toEqual(['querybatch failed: no answer within 0.2 s'])
  })

  it('reports advisories by id only when their details are rate limited', async () => {
    const endpoint = await serve((request, response) => {
      if (request.method === 'GET') {
        json(response, 429, { code: 8, message: 'Too many requests' })
        return
      }
      json(response, 200, { results: [{ vulns: [{ id: JINJA_1.id, modified: '2024-01-11T15:20:48Z' }] }] })
    })
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint })
    expect(check.status).toBe('partial')
    expect(check.index.lookup('jinja2', '3.1.2')).toEqual([
      { id: JINJA_1.id, aliases: [], summary: undefined, package: 'jinja2', version: '3.1.2', fixed: undefined, detailsAvailable: false },
    ])
    expect(check.problems).toEqual(['details of 1 of 1 advisories could not be fetched (rate limited (HTTP 429)); they are reported by id only'])
    expect(osvNote(check)).toContain('is INCOMPLETE')
  })

  it('stops following a server that paginates forever', async () => {
    const endpoint = await serve((request, response) => {
      const queries = (request.body as { queries: Query[] }).queries
      json(response, 200, { results: queries.map((_, index) => ({ vulns: [], next_page_token: `again-${requests.length}-${index}` })) })
    })
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint, maxPages: 3 })
    expect(requests.length).toBe(4)
    expect(check.status).toBe('failed')
    expect(check.problems).toEqual(['OSV kept paginating after 3 follow-up requests'])
  })

  it('rejects an answer that does not have the documented shape', async () => {
    const endpoint = await serve((_request, response) => json(response, 200, { results: [] }))
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }, { name: 'six', version: '1.16.0' }], { endpoint })
    expect(check.status).toBe('failed')
    expect(check.problems).toEqual(['querybatch failed: an answer that does not have the querybatch shape'])
  })

  it('reports a refused connection as a failed check', async () => {
    const endpoint = await serve((_request, response) => json(response, 200, {}))
    server?.closeAllConnections()
    await new Promise<void>((resolve) => server?.close(() => resolve()))
    server = undefined
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint })
    expect(check.status).toBe('failed')
    expect(check.problems).toEqual(['querybatch failed: network error ECONNREFUSED'])
  })

  it('skips withdrawn advisories and needs no request when nothing is pinned', async () => {
    const withdrawn = { ...JINJA_1, withdrawn: '2024-02-01T00:00:00Z' }
    const endpoint = await serve((request, response) => {
      if (request.method === 'GET') json(response, 200, withdrawn)
      else json(response, 200, { results: [{ vulns: [{ id: JINJA_1.id, modified: '2024-02-01T00:00:00Z' }] }] })
    })
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint })
    expect(check.vulnerabilities).toBe(0)
    expect(check.status).toBe('complete')
    requests.length = 0
    const empty = await checkOsv([], { endpoint })
    expect(requests).toEqual([])
    expect(osvNote(empty)).toBe(`Vulnerability check (OSV at ${endpoint}): no exactly pinned PyPI requirement to check.`)
  })

  it('never shows credentials of the endpoint', async () => {
    const endpoint = await serve((_request, response) => json(response, 503, {}))
    const withUser = endpoint.replace('http://', 'http://mirror-user:mirror-pass@')
    const check = await checkOsv([{ name: 'jinja2', version: '3.1.2' }], { endpoint: withUser, fetch: (url, init) => fetch(String(url).replace('mirror-user:mirror-pass@', ''), init) })
    expect(check.endpoint).toBe(endpoint)
    expect(osvNote(check)).not.toContain('mirror-pass')
  })
})

describe('firstFixedVersion', () => {
  const twoLines = record('PYSEC-2099-9', 'Django', [
    { introduced: '0' },
    { fixed: '3.2.25' },
    { introduced: '4.0' },
    { fixed: '4.2.11' },
    { introduced: '5.0' },
    { fixed: '5.0.3' },
  ])

  it('takes the fixed event that closes the interval holding the version', () => {
    expect(firstFixedVersion(twoLines, 'django', '3.2.10')).toBe('3.2.25')
    expect(firstFixedVersion(twoLines, 'Django', '4.2.1')).toBe('4.2.11')
    expect(firstFixedVersion(twoLines, 'django', '5.0.0')).toBe('5.0.3')
  })

  it('falls back to the lowest fix above the version, and knows no fix after last_affected', () => {
    const unsorted = record('PYSEC-2099-8', 'acme', [{ fixed: '2.0.1' }, { introduced: '1.5' }])
    expect(firstFixedVersion(unsorted, 'acme', '1.7')).toBe('2.0.1')
    const open = record('PYSEC-2099-7', 'acme', [{ introduced: '0' }, { last_affected: '1.9' }])
    expect(firstFixedVersion(open, 'acme', '1.2')).toBeUndefined()
    const otherPackage = record('PYSEC-2099-6', 'other', [{ introduced: '0' }, { fixed: '9' }])
    expect(firstFixedVersion(otherPackage, 'acme', '1.2')).toBeUndefined()
  })
})
