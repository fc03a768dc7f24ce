import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FeedServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string
  /** Paths requested so far, with their Accept header. */
  requests: { path: string; accept: string | undefined }[]
  close(): Promise<void>
}

/** Serves `handler` on 127.0.0.1 (tests never reach the internet); close() drops any connection left hanging. */
export async function serveFeed(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FeedServer> {
  const requests: FeedServer['requests'] = []
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', accept: req.headers.accept })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A small, valid feed in the live feed's shape (research §3.4), with a series newer than the embedded data. */
export const SAMPLE_FEED = {
  schemaVersion: '1.8',
  features: { triggerer: { introducedVersion: '4.0.0' } },
  runtimeVersions: {
    '13.11.0': {
      metadata: { airflowVersion: '2.11.2', channel: 'stable', releaseDate: '2026-09-17', endOfSupport: '2027-04-30', LTS: true },
      migrations: { airflowDatabase: false, stellarDatabase: false },
    },
  },
  runtimeVersionsV3: {
    '3.3-8': {
      metadata: {
        airflowVersion: '3.3.2',
        channel: 'stable',
        releaseDate: '2026-09-23',
        endOfMaintenance: '2028-07-31',
        endOfBasicSupport: '2029-01-31',
        endOfSupport: '2028-07-31',
        LTS: false,
        pythonVersions: ['3.12', '3.13', '3.14'],
        defaultPythonVersion: '3.14',
      },
      migrations: { airflowDatabase: false },
    },
    '3.4-2': {
      metadata: {
        airflowVersion: '3.4.0',
        channel: 'stable',
        releaseDate: '2026-11-02',
        endOfMaintenance: '2028-11-30',
        endOfBasicSupport: '2029-05-31',
        endOfSupport: '2028-11-30',
        LTS: false,
        pythonVersions: ['3.12', '3.13', '3.14'],
        defaultPythonVersion: '3.14',
      },
      migrations: { airflowDatabase: true },
    },
  },
}
