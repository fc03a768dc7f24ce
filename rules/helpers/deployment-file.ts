import { posix } from 'node:path'
import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import type { YamlEntry } from '../../src/parsers/yaml.js'
import { cachedYamlEntries } from './env-assignments.js'

/**
 * An Astro Deployment file: the YAML or JSON that `astro deployment inspect` writes and `astro deployment create|update
 * --deployment-file` reads. Shape (astro-cli `cloud/deployment/inspect/inspect.go` `FormattedDeployment`, read by
 * `cloud/deployment/fromfile/fromfile.go`; Astronomer docs `astro/deployment-file-reference.md`):
 *
 *     deployment:
 *       environment_variables: [{ key, value, is_secret, updated_at }]
 *       configuration: { name, description, runtime_version, executor, scheduler_size, is_high_availability,
 *                        is_development_mode, ci_cd_enforcement, deployment_type, resource_quota_cpu,
 *                        resource_quota_memory, default_task_pod_cpu, default_task_pod_memory, ... }
 *       worker_queues: [{ name, min_worker_count, max_worker_count, worker_concurrency, worker_type, pod_cpu, pod_ram }]
 *       hibernation_schedules: [...]   (the docs show it under configuration)
 *       metadata: {...}, alert_emails: [...]
 *
 * Recognised by content, not by path: any YAML/JSON file whose first document has a `deployment` mapping with a
 * `configuration` mapping. `configuration.name` and `configuration.executor` are the CLI's required fields.
 */
export interface DeploymentFile {
  /** `deployment.configuration.<key>` entries. */
  configuration: Map<string, YamlEntry>
  /** The `configuration:` key itself (where missing settings are reported). */
  configurationKey: YamlEntry
  workerQueues: WorkerQueue[]
}

export interface WorkerQueue {
  index: number
  fields: Map<string, YamlEntry>
  /** The item's first key (where the queue is reported when a field is missing). */
  span: Span
}

const cache = new WeakMap<ScannedFile, DeploymentFile | null>()

export function parseDeploymentFile(file: ScannedFile): DeploymentFile | undefined {
  const cached = cache.get(file)
  if (cached !== undefined) return cached ?? undefined
  // Cheap text gate before any parsing: both required keys must occur.
  if (!file.text.includes('deployment') || !file.text.includes('configuration')) {
    cache.set(file, null)
    return undefined
  }
  let configurationKey: YamlEntry | undefined
  const configuration = new Map<string, YamlEntry>()
  const queues = new Map<number, WorkerQueue>()
  for (const entry of cachedYamlEntries(file)) {
    if ((entry.document ?? 0) !== 0 || entry.path[0] !== 'deployment') continue
    const [, section, third, fourth] = entry.path
    if (section === 'configuration') {
      if (entry.path.length === 2) configurationKey = entry
      else if (entry.path.length === 3 && typeof third === 'string') configuration.set(third, entry)
    } else if (section === 'worker_queues' && entry.path.length === 4 && typeof third === 'number' && typeof fourth === 'string') {
      const queue = queues.get(third) ?? { index: third, fields: new Map<string, YamlEntry>(), span: entry.keySpan }
      queue.fields.set(fourth, entry)
      queues.set(third, queue)
    }
  }
  const result = configurationKey && configuration.size > 0 ? { configuration, configurationKey, workerQueues: [...queues.values()] } : undefined
  cache.set(file, result ?? null)
  return result
}

/** A YAML scalar as a boolean (`true`/`false`, any case); undefined for anything else. */
export function yamlBoolean(entry: YamlEntry | undefined): boolean | undefined {
  const text = entry?.scalar?.trim().toLowerCase()
  if (text === 'true') return true
  if (text === 'false') return false
  return undefined
}

/** A YAML scalar as a number; undefined when it is not one. */
export function yamlNumber(entry: YamlEntry | undefined): number | undefined {
  const text = entry?.scalar?.trim()
  if (text === undefined || text === '' || !/^-?\d+(\.\d+)?$/.test(text)) return undefined
  return Number(text)
}

/** Astro Hybrid Deployments have no high availability or Hosted resource quotas (deployment file reference, "Other fields"). */
export function isHybrid(deployment: DeploymentFile): boolean {
  return deployment.configuration.get('deployment_type')?.scalar?.trim().toUpperCase() === 'HYBRID'
}

/** The Deployment's name, or the file name when the file has none. */
export function deploymentName(deployment: DeploymentFile, path: string): string {
  return deployment.configuration.get('name')?.scalar?.trim() || posix.basename(path)
}

/** Lower-case words of a name or path: `analytics-prod`, `prod_eu.yaml` → analytics, prod, eu, yaml. */
export function nameWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}
