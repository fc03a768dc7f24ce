import { existsSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { RULES } from '../rules/index.js'
import { DEFAULT_CONFIG_FILE, loadConfigFile } from './config/load-config.js'
import { ConfigError, type ResolvedConfig, resolveConfig } from './config/resolve-config.js'
import { DiskFileSource } from './engine/file-source.js'
import type { InternalFinding } from './engine/finding.js'
import { publicFinding, Redactor } from './engine/redactor.js'
import type { AnyRule } from './engine/rule.js'
import type { ScanResult } from './engine/scan.js'
import { scanParallel } from './engine/scan-parallel.js'
import type { FailOn } from './engine/severity.js'
import type { RuntimeCatalog } from './runtime/catalog.js'
import { loadRuntimeCatalog, type RuntimeFeedSetting } from './runtime/feed.js'
import type { ReportInput } from './report/report-input.js'
import { countGating } from './report/summary.js'
import { TOOL_VERSION } from './version.js'

export interface RunScanOptions {
  /** Folder to scan. */
  root: string
  /** Explicit config file; otherwise `.astro-guard.yml` in the root is used when present. */
  configPath?: string
  /** Overrides the config file's `fail-on`. */
  failOn?: FailOn
  /** YYYY-MM-DD; default today (UTC). */
  today?: string
  /** Prefix added to finding paths so they are relative to the repository root (the action scans subfolders). */
  pathPrefix?: string
  /**
   * Where the Astro Runtime lifecycle data comes from: `auto` (default: the live feed, else the embedded table),
   * `embedded` (never the network) or a feed URL. A feed that fails falls back with a note in the report.
   */
  runtimeFeed?: RuntimeFeedSetting
  /** Milliseconds to wait for the feed (default 2500). */
  runtimeFeedTimeoutMs?: number
  /** A catalog to use as is (tests); wins over `runtimeFeed`. */
  runtimeCatalog?: RuntimeCatalog
  rules?: readonly AnyRule[]
  /**
   * Threads for large trees, the main thread included (default: the available cores, or ASTRO_GUARD_THREADS);
   * 1 scans on the main thread only.
   */
  threads?: number
}

/** ASTRO_GUARD_THREADS, when it is a positive integer (for benchmarks and for runners that share their cores). */
function threadsFromEnvironment(): number | undefined {
  const value = Number(process.env.ASTRO_GUARD_THREADS)
  return Number.isInteger(value) && value > 0 ? value : undefined
}

export interface RunScanResult {
  result: ScanResult
  config: ResolvedConfig
  report: ReportInput
  redactor: Redactor
  gating: number
  failOn: FailOn
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** Loads configuration, scans, and prepares redacted report input: the one path the CLI and the action share. */
export async function runScan(options: RunScanOptions): Promise<RunScanResult> {
  const root = resolve(options.root)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ConfigError(`Path '${options.root}' is not a folder; expected the folder of an Astro project or repository.`)
  }
  const rules = options.rules ?? RULES
  const configFile = options.configPath
    ? isAbsolute(options.configPath)
      ? options.configPath
      : resolve(options.configPath)
    : join(root, DEFAULT_CONFIG_FILE)
  const configDisplay = options.configPath ?? relative(process.cwd(), configFile) ?? DEFAULT_CONFIG_FILE
  const config = resolveConfig(loadConfigFile(configFile, configDisplay, Boolean(options.configPath)), rules, configDisplay)
  const failOn = options.failOn ?? config.failOn ?? 'error'
  const today = options.today ?? todayUtc()
  const loaded = options.runtimeCatalog
    ? { catalog: options.runtimeCatalog }
    : await loadRuntimeCatalog(options.runtimeFeed ?? 'auto', { today, timeoutMs: options.runtimeFeedTimeoutMs })
  const { catalog } = loaded
  const result = await scanParallel({
    source: new DiskFileSource(root),
    config,
    today,
    runtimeCatalog: () => catalog,
    threads: options.threads ?? threadsFromEnvironment(),
  })
  const redactor = Redactor.fromFindings(result.findings)
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/+$/, '')}/` : ''
  const findings = result.findings.map((finding: InternalFinding) => {
    const visible = publicFinding(finding)
    return { ...visible, path: prefix + visible.path, message: redactor.apply(visible.message) }
  })
  const notes: string[] = []
  if (loaded.note) notes.push(loaded.note)
  if (result.stats.binaryFiles > 0) notes.push(`${result.stats.binaryFiles} binary files (images, archives, ...) were not scanned.`)
  if (result.gitAvailable === false) notes.push('git is not available here: committed-file checks could not tell tracked files from untracked ones.')
  const report: ReportInput = {
    findings,
    rules,
    projects: result.projects,
    stats: result.stats,
    failOn,
    root: options.root,
    toolVersion: TOOL_VERSION,
    runtimeData: { takenAt: catalog.takenAt, source: catalog.source },
    notes,
  }
  return { result, config, report, redactor, gating: countGating(findings, failOn), failOn }
}
