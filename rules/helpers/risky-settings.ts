import type { FileKind } from '../../src/engine/file-kind.js'
import type { ProjectInfo, ScannedFile } from '../../src/engine/scanned-file.js'
import type { Severity } from '../../src/engine/severity.js'
import type { Span } from '../../src/engine/source-text.js'
import { RISKY_SETTINGS, type RiskySetting, type SettingGroup, findOption, keywordsOf } from '../data/airflow-settings.js'
import { airflowConfigAssignments } from './airflow-config.js'
import { envAssignments } from './env-assignments.js'

/** The file kinds that carry Airflow settings: Dockerfile ENV, .env, airflow.cfg, YAML/JSON manifests and Deployment files. */
export const SETTING_KINDS: readonly FileKind[] = ['dockerfile', 'dotenv', 'ini', 'yaml', 'json']

export interface RiskySettingHit {
  entry: RiskySetting
  /** The name as written (`AIRFLOW__WEBSERVER__EXPOSE_CONFIG`, `[webserver] expose_config`). */
  setting: string
  /** The value as written, shortened for messages (risky values are never secrets). */
  value: string
  span: Span
  severity: Severity | undefined
}

/** Prefilter keywords for a group: the option keys and environment names of its entries. */
export function settingKeywords(group: SettingGroup): string[] {
  return keywordsOf(RISKY_SETTINGS.filter((entry) => entry.group === group))
}

function shorten(value: string): string {
  const trimmed = value.trim()
  return trimmed.length > 60 ? `${trimmed.slice(0, 57)}...` : trimmed
}

/**
 * The risky settings of one group that a file sets for a deployed environment. Local carriers (`.env`, docker
 * compose files, workflow `env:`) are skipped: the Astro CLI's own local environment sets some of these values
 * (expose_config, simple_auth_manager_all_admins), and they never reach a Deployment. A spelling the project's
 * Airflow major does not read is skipped too (it has no effect there); without a known major every spelling counts.
 */
export function riskySettingHits(file: ScannedFile, project: ProjectInfo | undefined, group: SettingGroup): RiskySettingHit[] {
  const entries = RISKY_SETTINGS.filter((entry) => entry.group === group)
  const major = project?.airflowMajor
  const hits: RiskySettingHit[] = []
  for (const assignment of airflowConfigAssignments(file)) {
    if (!assignment.deployed) continue
    for (const { entry, option } of findOption(entries, assignment.section, assignment.key)) {
      if (major !== undefined && !option.majors.includes(major)) continue
      if (!entry.risky(assignment.value)) continue
      hits.push({
        entry,
        setting: assignment.spelledAs,
        value: shorten(assignment.value),
        span: { start: assignment.nameSpan.start, end: Math.max(assignment.nameSpan.end, assignment.valueSpan.end) },
        severity: entry.severity,
      })
    }
  }
  const byEnvName = entries.filter((entry) => entry.envNames && entry.envNames.length > 0)
  if (byEnvName.length > 0) {
    for (const env of envAssignments(file)) {
      if (!env.deployed) continue
      for (const entry of byEnvName) {
        if (!entry.envNames?.includes(env.name) || !entry.risky(env.value)) continue
        hits.push({
          entry,
          setting: env.name,
          value: shorten(env.value),
          span: { start: env.nameSpan.start, end: Math.max(env.nameSpan.end, env.valueSpan.end) },
          severity: entry.severity,
        })
      }
    }
  }
  return hits.sort((a, b) => a.span.start - b.span.start)
}
