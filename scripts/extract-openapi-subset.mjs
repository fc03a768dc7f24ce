// Re-creates __tests__/fixtures/github-openapi-subset.json: the operations of GitHub's REST API that astro-guard
// calls, cut out of GitHub's published OpenAPI description (github/rest-api-description, as packaged by
// @octokit/openapi), with every component they reference (transitively). The API peer in
// __tests__/helpers/github-peer.ts validates each request body against it.
//
// @octokit/openapi is ~400 MB, so it is never a dependency: it is installed into a scratch folder with
// `npm install --no-save --prefix <tmp>` and only generated/api.github.com.json is read (index.js is not loaded).
// `example(s)` and `description`s are dropped (they are most of the size and play no part in validation).
//
//   node scripts/extract-openapi-subset.mjs [path/to/api.github.com.json]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PACKAGE = '@octokit/openapi@23.0.2'
const OUTPUT = '__tests__/fixtures/github-openapi-subset.json'

/** Keep in step with src/github/*.ts: every REST operation astro-guard calls. */
export const OPERATIONS = [
  'checks/create',
  'checks/update',
  'issues/create-comment',
  'issues/list-comments',
  'issues/update-comment',
  'pulls/create-review',
  'pulls/get',
  'pulls/list-files',
  'pulls/list-review-comments',
  'pulls/update-review-comment',
]

const DROPPED_KEYS = new Set(['example', 'examples', 'description', 'summary', 'externalDocs', 'x-github'])

/** Drops documentation-only keywords; inside a `properties` map the keys are field names and are all kept. */
function strip(value, isPropertyMap = false) {
  if (Array.isArray(value)) return value.map((inner) => strip(inner))
  if (value === null || typeof value !== 'object') return value
  const out = {}
  for (const [key, inner] of Object.entries(value)) {
    if (!isPropertyMap && DROPPED_KEYS.has(key)) continue
    out[key] = strip(inner, !isPropertyMap && key === 'properties')
  }
  return out
}

function collectRefs(value, found) {
  if (Array.isArray(value)) return value.forEach((inner) => collectRefs(inner, found))
  if (value === null || typeof value !== 'object') return
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$ref' && typeof inner === 'string') found.push(inner)
    else collectRefs(inner, found)
  }
}

function loadDescription() {
  if (process.argv[2]) return JSON.parse(readFileSync(process.argv[2], 'utf8'))
  const scratch = mkdtempSync(join(tmpdir(), 'octokit-openapi-'))
  try {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', scratch, PACKAGE], { stdio: 'inherit' })
    const file = join(scratch, 'node_modules/@octokit/openapi/generated/api.github.com.json')
    return JSON.parse(readFileSync(file, 'utf8'))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

const description = loadDescription()
const paths = {}
const missing = new Set(OPERATIONS)
for (const [path, item] of Object.entries(description.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!OPERATIONS.includes(operation?.operationId)) continue
    missing.delete(operation.operationId)
    paths[path] ??= {}
    paths[path][method] = strip(operation)
  }
}
if (missing.size) throw new Error(`operations not found in the description: ${[...missing].join(', ')}`)

const components = {}
const queue = []
collectRefs(paths, queue)
const seen = new Set()
while (queue.length) {
  const ref = queue.pop()
  if (seen.has(ref)) continue
  seen.add(ref)
  const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref)
  if (!match) throw new Error(`unexpected $ref ${ref}`)
  const [, section, name] = match
  const target = description.components[section]?.[name]
  if (!target) throw new Error(`dangling $ref ${ref}`)
  components[section] ??= {}
  components[section][name] = strip(target)
  collectRefs(target, queue)
}
for (const section of Object.values(components)) {
  const sorted = Object.fromEntries(Object.entries(section).sort(([a], [b]) => (a < b ? -1 : 1)))
  Object.keys(section).forEach((key) => delete section[key])
  Object.assign(section, sorted)
}

const subset = {
  openapi: description.openapi,
  info: {
    title: description.info.title,
    version: description.info.version,
    'x-extracted-from': `${PACKAGE} generated/api.github.com.json by scripts/extract-openapi-subset.mjs`,
    'x-operations': OPERATIONS,
  },
  paths,
  components,
}
writeFileSync(OUTPUT, `${JSON.stringify(subset, null, 1)}\n`)
console.log(`wrote ${OUTPUT}: ${OPERATIONS.length} operations, ${seen.size} components`)
