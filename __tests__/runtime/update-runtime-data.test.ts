import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogFromFeed, RuntimeFeedSchema } from '../../src/runtime/catalog.js'
import { type FeedServer, SAMPLE_FEED, serveFeed } from '../helpers/feed-server.js'

const SCRIPT = resolve(import.meta.dirname, '../../scripts/update-runtime-data.mjs')
const run = promisify(execFile)
const scratch = mkdtempSync(join(tmpdir(), 'ag-update-'))

let server: FeedServer
beforeAll(async () => {
  server = await serveFeed((req, res) => {
    if (req.url === '/astronomer-runtime') {
      res.writeHead(200, { 'content-type': 'application/json' })
      // Out of order, with a key of the wrong scheme that the script must drop.
      res.end(
        JSON.stringify({
          ...SAMPLE_FEED,
          runtimeVersions: { ...SAMPLE_FEED.runtimeVersions, '9.1.0': { metadata: { yanked: true } }, '3.5-1': { metadata: {} } },
        }),
      )
    } else if (req.url === '/broken') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('<html>')
    } else {
      res.writeHead(500)
      res.end()
    }
  })
})
afterAll(async () => {
  await server.close()
  rmSync(scratch, { recursive: true, force: true })
})

/** Runs the script asynchronously (the feed server lives in this process), never rejecting on a non-zero exit. */
async function update(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stderr } = await run(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, ...env } })
    return { code: 0, stderr }
  } catch (error) {
    const failed = error as { code: number; stderr: string }
    return { code: failed.code, stderr: failed.stderr }
  }
}

describe('npm run update-runtime-data', () => {
  it('writes both maps of the feed, sorted, with the date and the source, in the shape the engine reads', async () => {
    const out = join(scratch, 'ok.json')
    const { code, stderr } = await update(['--url', `${server.url}/astronomer-runtime`, '--out', out])
    expect(code).toBe(0)
    expect(stderr).toContain('2 runtimeVersions, 2 runtimeVersionsV3')
    const written = JSON.parse(readFileSync(out, 'utf8'))
    expect(written.takenAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(written.source).toBe(`${server.url}/astronomer-runtime`)
    expect(written.schemaVersion).toBe('1.8')
    expect(Object.keys(written.runtimeVersions)).toEqual(['9.1.0', '13.11.0'])
    expect(Object.keys(written.runtimeVersionsV3)).toEqual(['3.3-8', '3.4-2'])
    expect(written.runtimeVersionsV3['3.4-2']).toEqual(SAMPLE_FEED.runtimeVersionsV3['3.4-2'])
    const catalog = catalogFromFeed(RuntimeFeedSchema.parse(written), 'unused', '1970-01-01')
    expect(catalog.source).toBe(`${server.url}/astronomer-runtime`)
    expect(catalog.get('3.4-2')?.endOfBasicSupport).toBe('2029-05-31')
  })

  it('takes the URL from RUNTIME_FEED_URL too', async () => {
    const out = join(scratch, 'env.json')
    const { code } = await update(['--out', out], { RUNTIME_FEED_URL: `${server.url}/astronomer-runtime` })
    expect(code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8')).source).toBe(`${server.url}/astronomer-runtime`)
  })

  it.each([
    ['/error', 'answered HTTP 500'],
    ['/broken', 'did not send valid JSON'],
  ])('leaves the data file alone when the feed fails (%s)', async (path, reason) => {
    const out = join(scratch, 'kept.json')
    writeFileSync(out, '{"kept": true}\n')
    const { code, stderr } = await update(['--url', `${server.url}${path}`, '--out', out])
    expect(code).toBe(1)
    expect(stderr).toBe(`update-runtime-data: ${server.url}${path} ${reason}; ${out} was left unchanged.\n`)
    expect(readFileSync(out, 'utf8')).toBe('{"kept": true}\n')
  })
})
