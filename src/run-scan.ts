import { existsSync, statSync } from 'node:fs'
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path'
import { RULES } from '../rules/index.js'
import { DEFAULT_BASELINE_FILE, type LoadedBaseline, loadBaselineFile } from './baseline/baseline-file.js'
import { DEFAULT_CONFIG_FILE, loadConfigFile } from './config/load-config.js'
import { ConfigError, type ResolvedConfig, resolveConfig } from './config/resolve-config.js'
import type { AdvisoryIndex } from './dependencies/advisories.js'
import { DiscoverOnce, hashModeNote, requirementsInventory } from './dependencies/inventory.js'
import { checkOsv, DEFAULT_OSV_ENDPOINT, type OsvCheck, osvNote } from './dependencies/osv.js'
import { DiskFileSource } from './engine/file-source.js'
import type { InternalFinding } from './engine/finding.js'
import { publicFinding, type Redactor } from './engine/redactor.js'
import type { AnyRule } from './engine/rule.js'
import { scanAndTriageParallel } from './scan-and-triage.js'
import type { ScanResult } from './engine/scan.js'
import type { FailOn } from './engine/severity.js'
import type { RuntimeCatalog } from './runtime/catalog.js'
import { loadRuntimeCatalog, type RuntimeFeedSetting } from './runtime/feed.js'
import type { ReportInput, VulnerabilityCheckReport } from './report/report-input.js'
import { countGating } from './report/summary.js'
import { TOOL_VERSION } from './version.js'

export interface RunScanOptions {
  /** Folder to scan. */
  root: string
  /**
   * Files astro-guard itself writes (a SARIF or JSON report). They are never scanned: a report embeds the rules'
   * documentation, whose examples would otherwise come back as findings on the next run.
   */
  outputFiles?: string[]
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
  /** `osv`: look up every exactly pinned requirement in the OSV database before the scan (network). Default `none`. */
  vulnerabilityCheck?: VulnerabilityCheckMode
  /** OSV API base URL (default https://api.osv.dev), for mirrors and tests. */
  osvEndpoint?: string
  /** Per-request timeout of the OSV check in milliseconds (default 15000). */
  osvTimeoutMs?: number
  /**
   * Baseline file (relative to the working directory, or absolute); it must exist. Default: the config's
   * `baseline` (relative to the root), else `.astro-guard-baseline.json` in the root when present.
   */
  baseline?: string
  /** Scan without applying the baseline (the file is still located and read, and never scanned itself). */
  ignoreBaseline?: boolean
  /**
   * Threads for large trees, the main thread included (default: the available cores, or ASTRO_GUARD_THREADS);
   * 1 scans on the main thread only.
   */
  threads?: number
}

/** Where the baseline is and what it holds. */
export interface BaselineLocation {
  /** Absolute path (the file may not exist). */
  path: string
  /** How messages name it: relative to the scan root when inside it, else the full path. */
  display: string
  /** How findings about its entries name it: relative to the scan root, `../` included when outside. */
  at: string
  loaded: LoadedBaseline | undefined
}

/** ASTRO_GUARD_THREADS, when it is a positive integer (for benchmarks and for runners that share their cores). */
function threadsFromEnvironment(): number | undefined {
  const value = Number(process.env.ASTRO_GUARD_THREADS)
  return Number.isInteger(value) && value > 0 ? value : undefined
}

export const VULNERABILITY_CHECKS = ['none', 'osv'] as const
export type VulnerabilityCheckMode = (typeof VULNERABILITY_CHECKS)[number]

export interface RunScanResult {
  result: ScanResult
  config: ResolvedConfig
  report: ReportInput
  redactor: Redactor
  gating: number
  failOn: FailOn
  baseline: BaselineLocation
  /** Findings after inline suppressions and before the baseline (what `astro-guard baseline` records). */
  unbaselined: InternalFinding[]
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/')
}

/** A path as a picomatch pattern that matches only itself. */
function literalGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@]/g, '\\$&')
}

export function locateBaseline(root: string, explicit: string | undefined, configured: string | undefined): BaselineLocation & { required: boolean } {
  const path = explicit ? resolve(explicit) : resolve(root, configured ?? DEFAULT_BASELINE_FILE)
  const inside = relative(root, path)
  const display = inside && !inside.startsWith('..') && !isAbsolute(inside) ? toPosix(inside) : toPosix(path)
  const at = isAbsolute(inside) ? toPosix(path) : toPosix(inside)
  return { path, display, at, loaded: undefined, required: Boolean(explicit ?? configured) }
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
  const configFileLoaded = loadConfigFile(configFile, configDisplay, Boolean(options.configPath))
  const config = resolveConfig(configFileLoaded.config, rules, {
    source: configFileLoaded.source,
    locate: configFileLoaded.locate,
    folderExists: (folder) => isDirectory(join(root, folder)),
  })
  const failOn = options.failOn ?? config.failOn ?? 'error'
  const today = options.today ?? todayUtc()
  const { required, ...baseline } = locateBaseline(root, options.baseline, config.baseline)
  // `astro-guard baseline` (ignoreBaseline) may be about to create the file.
  baseline.loaded = loadBaselineFile(baseline.path, baseline.display, required && !options.ignoreBaseline)
  // The baseline holds only hashes, but a hash-shaped string is what secret scanners look for: never scan it.
  const baselineInside = !isAbsolute(baseline.display)
  const ownFiles = (options.outputFiles ?? [])
    .map((file) => relative(root, resolve(file)))
    .filter((inside) => inside && !inside.startsWith('..') && !isAbsolute(inside))
    .map((inside) => literalGlob(inside.split(sep).join('/')))
  if (baselineInside) ownFiles.push(literalGlob(baseline.display))
  const scanConfig: ResolvedConfig = ownFiles.length ? { ...config, exclude: [...config.exclude, ...ownFiles] } : config
  // The inventory of requirements files and the scan share one discovery of the tree.
  const source = new DiscoverOnce(new DiskFileSource(root))
  const checkVulnerabilities = options.vulnerabilityCheck === 'osv'
  const inventory = requirementsInventory(source, {
    pinned: checkVulnerabilities,
    include: scanConfig.include,
    exclude: scanConfig.exclude,
    maxFileSize: scanConfig.maxFileSize,
  })
  // The Runtime feed and the vulnerability check are independent network calls: wait for both at once.
  const [loaded, osv] = await Promise.all([
    options.runtimeCatalog
      ? { catalog: options.runtimeCatalog, note: undefined }
      : loadRuntimeCatalog(options.runtimeFeed ?? 'auto', { today, timeoutMs: options.runtimeFeedTimeoutMs }),
    checkVulnerabilities
      ? checkOsv(inventory.pinned, {
          endpoint: options.osvEndpoint ?? DEFAULT_OSV_ENDPOINT,
          ...(options.osvTimeoutMs ? { timeoutMs: options.osvTimeoutMs } : {}),
        })
      : undefined,
  ])
  const { catalog } = loaded
  const advisories: AdvisoryIndex | undefined = osv?.index

  const triaged = await scanAndTriageParallel({
    source,
    config: scanConfig,
    today,
    runtimeCatalog: () => catalog,
    ...(advisories ? { advisories: () => advisories } : {}),
    rules,
    baseline: baseline.loaded && !options.ignoreBaseline ? { loaded: baseline.loaded, at: baseline.at } : undefined,
    threads: options.threads ?? threadsFromEnvironment(),
  })
  const { result, redactor, unbaselined } = triaged
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/+$/, '')}/` : ''
  const findings = result.findings.map((finding: InternalFinding) => {
    const visible = publicFinding(finding)
    return {
      ...visible,
      ...(finding.secret !== undefined ? { credential: true as const } : {}),
      // A baseline outside the scanned folder is `../x.json` from it: normalized, that is repository-relative.
      path: isAbsolute(visible.path) ? visible.path : posix.normalize(prefix + visible.path),
      message: redactor.apply(visible.message),
    }
  })
  const notes: string[] = []
  if (loaded.note) notes.push(loaded.note)
  const { suppressed, baselined } = triaged
  if (suppressed > 0) {
    notes.push(`${suppressed} finding${suppressed === 1 ? ' was' : 's were'} suppressed by astro-guard: ignore comments.`)
  }
  if (baselined > 0) {
    notes.push(`${baselined} finding${baselined === 1 ? ' is' : 's are'} in the baseline ${baseline.display} and ${baselined === 1 ? 'does' : 'do'} not gate.`)
  }
  if (result.stats.binaryFiles > 0) notes.push(`${result.stats.binaryFiles} binary files (images, archives, ...) were not scanned.`)
  if (result.gitAvailable === false) notes.push('git is not available here: committed-file checks could not tell tracked files from untracked ones.')
  const hashNote = hashModeNote(inventory.fullyHashed)
  if (hashNote) notes.push(hashNote)
  if (osv) notes.push(osvNote(osv))
  const vulnerabilityCheck: VulnerabilityCheckReport | undefined = osv && {
    source: 'osv',
    endpoint: osv.endpoint,
    status: osv.status,
    packages: osv.packages,
    vulnerabilities: osv.vulnerabilities,
    problems: osv.problems,
  }
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
    hashCheckedFiles: inventory.fullyHashed,
    ...(vulnerabilityCheck ? { vulnerabilityCheck } : {}),
  }
  return { result, config, report, redactor, gating: countGating(findings, failOn), failOn, baseline, unbaselined }
}
