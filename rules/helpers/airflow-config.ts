import { posix } from 'node:path'
import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import { unquote } from '../../src/parsers/ini.js'
import { type EnvCarrier, cachedYamlEntries, envAssignments } from './env-assignments.js'

/** An Airflow configuration option set somewhere: as `AIRFLOW__{SECTION}__{KEY}`, in `airflow.cfg`, or in Helm values. */
export interface ConfigAssignment {
  /** Lower-case section and key, as Airflow's config.yml names them. */
  section: string
  key: string
  /** How the file spells it: the environment variable name, or `[section] key`. */
  spelledAs: string
  value: string
  nameSpan: Span
  valueSpan: Span
  carrier: EnvCarrier | 'airflow-cfg' | 'helm-config'
  /** Whether the carrier reaches a deployed environment (see EnvCarrier). */
  deployed: boolean
  /** Astro Deployment files only: the variable is marked `is_secret: true`. */
  markedSecret?: boolean
}

/**
 * `AIRFLOW__{SECTION}__{KEY}` (Airflow's environment-variable form; ../shared/research/astro-runtime.md §6): section
 * and key in lower case. Sections may contain single underscores (`API_AUTH`, `KUBERNETES_EXECUTOR`).
 */
const AIRFLOW_ENV = /^AIRFLOW__([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)__([A-Za-z0-9_]+)$/

export function parseAirflowEnvName(name: string): { section: string; key: string } | undefined {
  const match = AIRFLOW_ENV.exec(name)
  if (!match) return undefined
  return { section: match[1].toLowerCase(), key: match[2].toLowerCase() }
}

/** `airflow.cfg`, `airflow-prod.cfg`, `airflow_local.ini`: configparser files named for Airflow. */
export function isAirflowCfg(path: string): boolean {
  const name = posix.basename(path).toLowerCase()
  return name.includes('airflow') && (name.endsWith('.cfg') || name.endsWith('.ini'))
}

/** Helm values files (the official chart keeps Airflow options under a top-level `config:` map of sections). */
function isHelmValues(path: string): boolean {
  const name = posix.basename(path).toLowerCase()
  const stem = name.replace(/\.ya?ml$/, '')
  return stem !== name && stem.split(/[-_.]/).includes('values')
}

const cache = new WeakMap<ScannedFile, ConfigAssignment[]>()

/** Every Airflow option a file sets, in file order. Computed once per file for all rules of the family. */
export function airflowConfigAssignments(file: ScannedFile): ConfigAssignment[] {
  const cached = cache.get(file)
  if (cached) return cached
  const out: ConfigAssignment[] = []
  for (const env of envAssignments(file)) {
    const option = parseAirflowEnvName(env.name)
    if (!option) continue
    out.push({
      ...option,
      spelledAs: env.name,
      value: env.value,
      nameSpan: env.nameSpan,
      valueSpan: env.valueSpan,
      carrier: env.carrier,
      deployed: env.deployed,
      markedSecret: env.markedSecret,
    })
  }
  if (file.kind === 'ini' && isAirflowCfg(file.path)) {
    for (const section of file.ini().sections) {
      for (const entry of section.entries) {
        const name = section.name.toLowerCase()
        const key = entry.key.toLowerCase()
        out.push({
          section: name,
          key,
          spelledAs: `[${name}] ${key}`,
          value: unquote(entry.value),
          nameSpan: entry.keySpan,
          valueSpan: entry.valueSpan,
          carrier: 'airflow-cfg',
          deployed: true,
        })
      }
    }
  }
  if (file.kind === 'yaml' && isHelmValues(file.path)) {
    for (const entry of cachedYamlEntries(file)) {
      const [root, section, key] = entry.path
      if (entry.path.length !== 3 || root !== 'config' || typeof section !== 'string' || typeof key !== 'string') continue
      if (entry.scalar === undefined) continue
      out.push({
        section: section.toLowerCase(),
        key: key.toLowerCase(),
        spelledAs: `config.${section}.${key}`,
        value: entry.scalar,
        nameSpan: entry.keySpan,
        valueSpan: entry.valueSpan,
        carrier: 'helm-config',
        deployed: true,
      })
    }
  }
  cache.set(file, out)
  return out
}

/**
 * Airflow's boolean parsing (`AirflowConfigParser.getboolean`): lower-cased and stripped, a `#` comment cut off,
 * then `t`/`true`/`1` are true and `f`/`false`/`0` false; anything else is an error (neither here).
 */
export function airflowBoolean(value: string): boolean | undefined {
  let text = value.toLowerCase().trim()
  const hash = text.indexOf('#')
  if (hash !== -1) text = text.slice(0, hash).trim()
  if (text === 't' || text === 'true' || text === '1') return true
  if (text === 'f' || text === 'false' || text === '0') return false
  return undefined
}
