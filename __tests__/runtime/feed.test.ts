import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runScan } from '../../src/run-scan.js'
import { embeddedRuntimeCatalog } from '../../src/runtime/embedded-catalog.js'
import { loadRuntimeCatalog, parseRuntimeFeedSetting, RUNTIME_FEED_URL } from '../../src/runtime/feed.js'
import { type FeedServer, SAMPLE_FEED, serveFeed } from '../helpers/feed-server.js'

const TODAY = '2026-11-22'
const EMBEDDED_TAKEN_AT = embeddedRuntimeCatalog().takenAt

let server: FeedServer
beforeAll(async () => {
  server = await serveFeed((req, res) => {
    switch (req.url) {
      case '/valid':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(SAMPLE_FEED))
        return
      case '/tolerant':
        // Unknown fields, one entry that is no object, one bad date, one key of the wrong scheme.
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            newTopLevelField: { x: 1 },
            runtimeVersions: { '13.11.0': 'oops', '3.3-1': { metadata: {} }, '13.10.0': { metadata: { releaseDate: '22/08/2026', futureField: true } } },
            runtimeVersionsV3: SAMPLE_FEED.runtimeVersionsV3,
          }),
        )
        return
      case '/malformed':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"runtimeVersions": {"13.11.0": ')
        return
      case '/array':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('[]')
        return
      case '/empty':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"runtimeVersions": {}, "runtimeVersionsV3": {}}')
        return
      case '/wrong-types':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"runtimeVersions": [1, 2], "runtimeVersionsV3": "no"}')
        return
      case '/error':
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('internal error')
        return
      case '/slow':
        // Never answers: only the client's timeout ends the wait.
        return
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"runtimeVersions": {')
        return
      default:
        res.writeHead(404)
        res.end()
    }
  })
})
afterAll(() => server.close())

const load = (path: string, timeoutMs = 2_000) =>
  loadRuntimeCatalog(new URL(`${server.url}${path}`), { today: TODAY, timeoutMs })

describe('parseRuntimeFeedSetting', () => {
  it.each([
    ['auto', 'auto'],
    ['embedded', 'embedded'],
    [' embedded ', 'embedded'],
    ['https://mirror.corp.example/astronomer-runtime', 'https://mirror.corp.example/astronomer-runtime'],
    ['http://127.0.0.1:8080/feed.json', 'http://127.0.0.1:8080/feed.json'],
  ])('accepts %j', (input, expected) => {
    expect(String(parseRuntimeFeedSetting(input))).toBe(expected)
  })

  it.each(['', 'live', 'ftp://feed.example/x', 'file:///tmp/feed.json', 'https://user:pass@feed.example/x', 'not a url'])(
    'rejects %j',
    (input) => {
      expect(parseRuntimeFeedSetting(input)).toBeUndefined()
    },
  )
})

describe('loadRuntimeCatalog', () => {
  it('reads a valid feed from its URL, dated today, with no note', async () => {
    const { catalog, note } = await load('/valid')
    expect(note).toBeUndefined()
    expect(catalog.source).toBe(`${server.url}/valid`)
    expect(catalog.takenAt).toBe(TODAY)
    expect(catalog.releases.map((release) => release.version)).toEqual(['13.11.0', '3.3-8', '3.4-2'])
    expect(catalog.get('3.4-2')).toMatchObject({
      airflowVersion: '3.4.0',
      endOfMaintenance: '2028-11-30',
      endOfBasicSupport: '2029-05-31',
      lastSupportedDay: '2029-05-31',
      lts: false,
      pythonVersions: ['3.12', '3.13', '3.14'],
    })
    expect(catalog.get('13.11.0')).toMatchObject({ endOfMaintenance: '2027-04-30', lastSupportedDay: '2027-04-30', lts: true })
    expect(server.requests.at(-1)).toEqual({ path: '/valid', accept: 'application/json' })
  })

  it('tolerates unknown fields and drops only the malformed entries and fields', async () => {
    const { catalog, note } = await load('/tolerant')
    expect(note).toBeUndefined()
    expect(catalog.get('13.11.0')).toBeUndefined()
    expect(catalog.get('3.3-1')).toBeUndefined()
    expect(catalog.get('13.10.0')?.releaseDate).toBeUndefined()
    expect(catalog.get('3.4-2')?.airflowVersion).toBe('3.4.0')
  })

  it.each([
    ['/malformed', 'did not send valid JSON'],
    ['/array', 'did not send a JSON object'],
    ['/empty', 'listed no Astro Runtime versions'],
    ['/wrong-types', 'did not send runtimeVersions / runtimeVersionsV3 maps'],
    ['/error', 'answered HTTP 500'],
    ['/missing', 'answered HTTP 404'],
  ])('falls back to the embedded table when %s', async (path, reason) => {
    const { catalog, note } = await load(path)
    expect(catalog).toBe(embeddedRuntimeCatalog())
    expect(note).toBe(
      `The Astro Runtime versions feed ${server.url}${path} ${reason}; Runtime verdicts use the embedded lifecycle data taken ${EMBEDDED_TAKEN_AT} instead.`,
    )
  })

  it.each(['/slow', '/slow-body'])('falls back when %s outlasts the timeout', async (path) => {
    const { catalog, note } = await load(path, 150)
    expect(catalog).toBe(embeddedRuntimeCatalog())
    expect(note).toBe(
      `The Astro Runtime versions feed ${server.url}${path} did not answer in time; Runtime verdicts use the embedded lifecycle data taken ${EMBEDDED_TAKEN_AT} instead.`,
    )
  })

  it('falls back when nothing listens', async () => {
    const closed = await serveFeed(() => undefined)
    await closed.close()
    const { catalog, note } = await loadRuntimeCatalog(new URL(`${closed.url}/feed`), { today: TODAY })
    expect(catalog).toBe(embeddedRuntimeCatalog())
    expect(note).toBe(
      `The Astro Runtime versions feed ${closed.url}/feed could not be reached (ECONNREFUSED); Runtime verdicts use the embedded lifecycle data taken ${EMBEDDED_TAKEN_AT} instead.`,
    )
  })

  it('embedded never touches the network', async () => {
    const refuse: typeof fetch = () => {
      throw new Error('network used')
    }
    expect(await loadRuntimeCatalog('embedded', { today: TODAY, fetch: refuse })).toEqual({ catalog: embeddedRuntimeCatalog() })
  })

  it("auto asks Astronomer's feed for JSON", async () => {
    const asked: { url: string; accept: string | null }[] = []
    const stub: typeof fetch = async (input, init) => {
      asked.push({ url: String(input), accept: new Headers(init?.headers).get('accept') })
      return new Response(JSON.stringify(SAMPLE_FEED), { status: 200 })
    }
    const { catalog, note } = await loadRuntimeCatalog('auto', { today: TODAY, fetch: stub })
    expect(asked).toEqual([{ url: RUNTIME_FEED_URL, accept: 'application/json' }])
    expect(note).toBeUndefined()
    expect(catalog.source).toBe(RUNTIME_FEED_URL)
  })
})

describe('runScan with a runtime feed', () => {
  const root = mkdtempSync(join(tmpdir(), 'ag-feed-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(join(root, 'dags'))
  writeFileSync(join(root, 'dags', 'etl.py'), 'x = 1\n')
  writeFileSync(join(root, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n')

  it('judges images by the live feed (a series newer than the embedded data) and reports where the data came from', async () => {
    const { report } = await runScan({ root, today: TODAY, runtimeFeed: new URL(`${server.url}/valid`) })
    const feedNotes = (notes: string[]) => notes.filter((note) => note.includes('versions feed'))
    expect(feedNotes(report.notes)).toEqual([])
    expect(report.runtimeData).toEqual({ takenAt: TODAY, source: `${server.url}/valid` })
    expect(report.findings.map((finding) => [finding.ruleId, finding.messageId, finding.fix?.replacement])).toEqual([
      ['AG501', 'NEWER_SERIES', 'astrocrpublic.azurecr.io/runtime:3.4-2'],
    ])
  })

  it('falls back with a note in the report when the feed fails', async () => {
    const { report } = await runScan({ root, today: TODAY, runtimeFeed: new URL(`${server.url}/error`) })
    // The scratch folder is no git work tree, so the scan adds a note about that too.
    expect(report.notes.filter((note) => note.includes('versions feed'))).toEqual([
      `The Astro Runtime versions feed ${server.url}/error answered HTTP 500; Runtime verdicts use the embedded lifecycle data taken ${EMBEDDED_TAKEN_AT} instead.`,
    ])
    expect(report.runtimeData.takenAt).toBe(EMBEDDED_TAKEN_AT)
    expect(report.findings).toEqual([])
  })
})
