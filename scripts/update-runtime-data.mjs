#!/usr/bin/env node
// Regenerates rules/data/runtime-versions.json from Astronomer's Astro Runtime versions feed: both maps
// (`runtimeVersions`, keyed by semver tags, and `runtimeVersionsV3`, keyed by `A.B-N` tags) with every entry as
// the feed sends it (metadata: airflowVersion, channel, releaseDate, endOfMaintenance, endOfBasicSupport,
// endOfSupport, yanked, yankedReason, LTS, pythonVersions, defaultPythonVersion; migrations), plus the date it
// was taken and the URL. The feed and its fields: ../shared/research/astro-runtime.md §3 (astro-cli
// airflow_versions/http_client.go, pkg/runtimeversions/catalog.go).
//
//   npm run update-runtime-data [-- --url URL] [--out FILE] [--timeout MS]
//   (the URL may also come from RUNTIME_FEED_URL)
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const DEFAULT_URL = 'https://updates.astronomer.io/astronomer-runtime'

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    out: { type: 'string', default: 'rules/data/runtime-versions.json' },
    timeout: { type: 'string', default: '30000' },
  },
})
const url = values.url ?? process.env.RUNTIME_FEED_URL ?? DEFAULT_URL

function fail(message) {
  process.stderr.write(`update-runtime-data: ${message}; ${values.out} was left unchanged.\n`)
  process.exit(1)
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
const SEMVER = /^\d+\.\d+\.\d+(?:-.+)?$/
const AIRFLOW3 = /^\d+\.\d+-\d+(?:[.-].+)?$/

/** Keeps the entries that have a metadata object and a key of the map's scheme, in version order. */
function entries(feed, key, pattern) {
  const map = feed[key]
  if (map === undefined) return {}
  if (!isObject(map)) fail(`'${key}' in the feed is not an object`)
  const kept = Object.keys(map)
    .filter((version) => pattern.test(version) && isObject(map[version]) && isObject(map[version].metadata))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return Object.fromEntries(kept.map((version) => [version, map[version]]))
}

let response
try {
  response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(Number(values.timeout)) })
} catch (error) {
  fail(`could not fetch ${url} (${error?.cause?.code ?? error?.name ?? error})`)
}
if (!response.ok) fail(`${url} answered HTTP ${response.status}`)
let feed
try {
  feed = JSON.parse(await response.text())
} catch {
  fail(`${url} did not send valid JSON`)
}
if (!isObject(feed)) fail(`${url} did not send a JSON object`)
const runtimeVersions = entries(feed, 'runtimeVersions', SEMVER)
const runtimeVersionsV3 = entries(feed, 'runtimeVersionsV3', AIRFLOW3)
const count = Object.keys(runtimeVersions).length + Object.keys(runtimeVersionsV3).length
if (count === 0) fail(`${url} listed no Astro Runtime versions`)

const data = {
  takenAt: new Date().toISOString().slice(0, 10),
  source: url,
  ...(typeof feed.schemaVersion === 'string' ? { schemaVersion: feed.schemaVersion } : {}),
  runtimeVersions,
  runtimeVersionsV3,
}
writeFileSync(values.out, `${JSON.stringify(data, null, 1)}\n`)
process.stderr.write(
  `update-runtime-data: wrote ${values.out} from ${url}: ${Object.keys(runtimeVersions).length} runtimeVersions, ${Object.keys(runtimeVersionsV3).length} runtimeVersionsV3.\n`,
)
