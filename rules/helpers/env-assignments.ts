import { posix } from 'node:path'
import { isMap, isScalar, isSeq } from 'yaml'
import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import { stagesInFinalImage } from '../../src/parsers/dockerfile.js'
import { type YamlEntry, nodeSpan, yamlEntries } from '../../src/parsers/yaml.js'
import { isLocalDockerfile } from './paths.js'

/**
 * Where an environment-style setting was written. `deployed` carriers reach an Astro Deployment or another
 * production environment (a Dockerfile ENV ships in the image; Helm/Kubernetes manifests and Astro Deployment
 * files configure real Deployments); local ones configure `astro dev` or CI only (`.env` is git-ignored and
 * docker-ignored by the Astro template, docker compose files and workflow `env:` never reach a Deployment, and
 * neither do Dockerfiles for development or CI: see paths.ts `isLocalDockerfile`).
 */
export type EnvCarrier = 'dockerfile' | 'dotenv' | 'yaml' | 'compose' | 'workflow' | 'deployment-file'

export interface EnvAssignment {
  name: string
  nameSpan: Span
  /** The value as the carrier decodes it (quotes removed). */
  value: string
  valueSpan: Span
  carrier: EnvCarrier
  deployed: boolean
  /** Astro Deployment files only: the variable is marked `is_secret: true`. */
  markedSecret?: boolean
}

/** Upper-case environment variable names (`AIRFLOW__CORE__FERNET_KEY`, `PYTHONHTTPSVERIFY`). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Mapping keys under which YAML files keep environment variables as `NAME: value` maps or lists. */
const ENV_PARENT_KEYS = new Set(['env', 'environment', 'extraenv', 'extra_env', 'envvars', 'env_vars', 'variables'])

const cache = new WeakMap<ScannedFile, EnvAssignment[]>()
const entryCache = new WeakMap<ScannedFile, YamlEntry[]>()

/** `yamlEntries` of a file, computed once per file for every rule of this family. */
export function cachedYamlEntries(file: ScannedFile): YamlEntry[] {
  let entries = entryCache.get(file)
  if (!entries) {
    entries = yamlEntries(file.yaml())
    entryCache.set(file, entries)
  }
  return entries
}

/** Docker compose files configure the local environment only. */
export function isComposeFile(path: string): boolean {
  return /(^|[-_.])compose([-_.]|$)/i.test(posix.basename(path))
}

/**
 * Every environment variable a file sets: Dockerfile `ENV` (in the stages that end up in the final image), `.env`
 * entries, and in YAML/JSON the shapes that carry environment variables: Kubernetes/Helm `- name: X` + `value:`
 * items, Astro Deployment file `environment_variables` (`key`/`value`/`is_secret`), `NAME: value` maps under
 * `env:`/`environment:` (compose, workflows, Helm `extraEnv`) or anywhere for `AIRFLOW_*` names, and compose's
 * `- NAME=value` list form. Computed once per file.
 */
export function envAssignments(file: ScannedFile): EnvAssignment[] {
  const cached = cache.get(file)
  if (cached) return cached
  let result: EnvAssignment[]
  switch (file.kind) {
    case 'dockerfile':
      result = dockerfileAssignments(file)
      break
    case 'dotenv':
      result = file.dotenv().entries.map((entry) => ({
        name: entry.key,
        nameSpan: entry.keySpan,
        value: entry.value,
        valueSpan: entry.valueSpan,
        carrier: 'dotenv' as const,
        deployed: false,
      }))
      break
    case 'yaml':
    case 'json':
    case 'workflow':
      result = yamlAssignments(file)
      break
    default:
      result = []
  }
  cache.set(file, result)
  return result
}

function dockerfileAssignments(file: ScannedFile): EnvAssignment[] {
  const dockerfile = file.dockerfile()
  const deployed = new Set(stagesInFinalImage(dockerfile))
  const shipped = !isLocalDockerfile(file.path)
  const out: EnvAssignment[] = []
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword !== 'ENV' || !deployed.has(instruction.stage)) continue
    for (const pair of instruction.pairs) {
      if (pair.value === undefined) continue
      out.push({
        name: pair.key,
        nameSpan: pair.keySpan,
        value: pair.value,
        valueSpan: pair.valueSpan,
        carrier: 'dockerfile',
        deployed: shipped,
      })
    }
  }
  return out
}

function parentKey(path: (string | number)[], from: number): string | undefined {
  for (let i = from; i >= 0; i--) {
    const element = path[i]
    if (typeof element === 'string') return element
  }
  return undefined
}

function yamlAssignments(file: ScannedFile): EnvAssignment[] {
  const entries = cachedYamlEntries(file)
  const carrier: EnvCarrier = file.kind === 'workflow' ? 'workflow' : isComposeFile(file.path) ? 'compose' : 'yaml'
  const deployed = carrier === 'yaml'
  const out: EnvAssignment[] = []
  // Sequence items that are maps, keyed by the item's path: `- name: X / value: Y` and `- key: X / value: Y`.
  const items = new Map<string, Map<string, YamlEntry>>()
  for (const entry of entries) {
    const { path } = entry
    const last = path.length - 2
    if (last >= 0 && typeof path[last] === 'number') {
      const id = `${entry.document ?? 0}:${path.slice(0, -1).join('\u0000')}`
      const fields = items.get(id) ?? new Map<string, YamlEntry>()
      fields.set(entry.key, entry)
      items.set(id, fields)
    }
    if (entry.scalar !== undefined && ENV_NAME.test(entry.key)) {
      const parent = parentKey(path, path.length - 2)
      const underEnv = parent !== undefined && ENV_PARENT_KEYS.has(parent.toLowerCase())
      if (underEnv || /^AIRFLOW_/i.test(entry.key)) {
        out.push({ name: entry.key, nameSpan: entry.keySpan, value: entry.scalar, valueSpan: entry.valueSpan, carrier, deployed })
      }
    }
    // compose: environment: ["NAME=value", ...]
    if (entry.key.toLowerCase() === 'environment' && entry.valueNode && isSeq(entry.valueNode)) {
      for (const item of entry.valueNode.items) {
        if (!isScalar(item) || typeof item.value !== 'string') continue
        const eq = item.value.indexOf('=')
        if (eq <= 0 || !ENV_NAME.test(item.value.slice(0, eq))) continue
        const span = nodeSpan(item)
        const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0
        const nameStart = span.start + quoted
        out.push({
          name: item.value.slice(0, eq),
          nameSpan: { start: nameStart, end: nameStart + eq },
          value: item.value.slice(eq + 1),
          valueSpan: { start: nameStart + eq + 1, end: Math.max(nameStart + eq + 1, span.end - quoted) },
          carrier,
          deployed,
        })
      }
    }
  }
  for (const fields of items.values()) {
    const value = fields.get('value')
    const nameEntry = fields.get('name') ?? fields.get('key')
    if (!value || !nameEntry || nameEntry.scalar === undefined || !ENV_NAME.test(nameEntry.scalar)) continue
    if (value.valueNode !== undefined && (isMap(value.valueNode) || isSeq(value.valueNode))) continue
    const isDeploymentFile = nameEntry.key === 'key' && nameEntry.path.includes('environment_variables')
    if (nameEntry.key === 'key' && !isDeploymentFile) continue
    const secretFlag = fields.get('is_secret')?.scalar?.toLowerCase()
    out.push({
      name: nameEntry.scalar,
      nameSpan: nameEntry.valueSpan,
      value: value.scalar ?? '',
      valueSpan: value.valueSpan,
      carrier: isDeploymentFile ? 'deployment-file' : carrier,
      deployed: isDeploymentFile ? true : deployed,
      markedSecret: isDeploymentFile ? secretFlag === 'true' : undefined,
    })
  }
  return out.sort((a, b) => a.nameSpan.start - b.nameSpan.start)
}
