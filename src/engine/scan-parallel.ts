import { availableParallelism } from 'node:os'
import { RULES } from '../../rules/index.js'
import type { InternalFinding } from './finding.js'
import { LazyFile } from './lazy-file.js'
import { filesByProject, projectOf } from './projects.js'
import type { AnyRule } from './rule.js'
import type { RuleFailure } from './run-rules.js'
import { finishScan, prepareScan, type ScanOptions, type ScanResult, scan } from './scan.js'
import { isScanWorkerThread } from './scan-thread.js'
import {
  type CatalogData,
  runTask,
  type ScanTask,
  type ScanWorkerInit,
  serveScanWorker,
  type TaskItemResult,
  type WireFailure,
} from './scan-worker.js'
import { ScanWorkerPool } from './worker-pool.js'

// A thread started on this bundle (or module) as a scan worker serves scan tasks; the entry points do nothing there.
// ncc emits one file, so the worker runs that same file (see scan-thread.ts).
if (isScanWorkerThread()) {
  const { isMainThread, parentPort } = process.getBuiltinModule('node:worker_threads')
  if (!isMainThread && parentPort) serveScanWorker(parentPort)
}

export interface ParallelScanOptions extends ScanOptions {
  /**
   * The per-file hook (`postProcessFile`) only needs files whose text contains one of these strings (for example the
   * suppression marker): other files' findings pass through unchanged, and only those files' text comes back from
   * the workers. Without it, a scan with a hook runs on the main thread only.
   */
  postProcessMarkers?: readonly string[]
  /**
   * Threads to use, the main thread included; 1 runs `scan()`. Default: `availableParallelism()`, and then only for
   * trees of at least `minFilesForWorkers` files. An explicit count is used whatever the tree's size.
   */
  threads?: number
  /** When `threads` is not given, fewer discovered files than this run on the main thread alone. */
  minFilesForWorkers?: number
}

/**
 * Below this many files a scan is as fast on one thread. A worker is ready about 150–250 ms after it starts (it
 * compiles and evaluates the bundle), and the main thread scans roughly 10,000 files a second on its own (npm run
 * bench), so a worker that starts while discovery walks a 3,000-file tree joins only for the last few tasks.
 */
export const MIN_FILES_FOR_WORKERS = 3000

/** Files per task: small enough to balance the load, large enough that messaging stays cheap. */
const FILES_PER_TASK = 48
const PROJECTS_PER_TASK = 4

/** ScanOptions keys a worker can be given as data. Anything else (a new hook, a function) keeps the scan on one thread. */
const TRANSFERABLE_OPTIONS = new Set([
  'source',
  'config',
  'today',
  'runtimeCatalog',
  'advisories',
  'postProcessFile',
  'postProcessMarkers',
  'threads',
  'minFilesForWorkers',
])

/** Why a scan cannot use workers, or undefined when it can. */
export function workerObstacle(options: ParallelScanOptions, rules: readonly AnyRule[] = RULES): string | undefined {
  if (!options.source.diskRoot) return 'the files are not on disk'
  for (const key of Object.keys(options)) {
    if (!TRANSFERABLE_OPTIONS.has(key) && (options as unknown as Record<string, unknown>)[key] !== undefined) {
      return `option '${key}' cannot be handed to a worker`
    }
  }
  if (options.postProcessFile && !options.postProcessMarkers) return 'the per-file hook declares no markers'
  if (options.advisories && !options.advisories().all) return 'the vulnerability index does not list its advisories'
  const registry = new Map(rules.map((rule) => [rule.id as string, rule]))
  for (const rule of options.config.enabledRules) {
    if (registry.get(rule.id) !== rule) return `rule ${rule.id} is not in the bundled registry`
  }
  // Under a TypeScript loader (vitest) this module is a .ts file a worker thread cannot load.
  if (!/\.(c|m)?js$/.test(new URL(import.meta.url).pathname)) return 'the engine is not running from JavaScript files'
  return undefined
}

/**
 * `scan()` spread over worker threads for large trees: discovery and project detection run once on the main thread,
 * then files go out in small tasks to the workers and to the main thread itself, then project rules the same way.
 * Results are put back in discovery order, so the findings are exactly those of `scan()`. Falls back to `scan()`
 * for small trees and whenever something cannot cross a thread boundary.
 */
export async function scanParallel(options: ParallelScanOptions): Promise<ScanResult> {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()))
  if (threads === 1) return scan(options)
  if (options.postProcessFile && !options.postProcessMarkers) return scan(options)
  const started = performance.now()
  const minFiles = options.threads !== undefined ? 0 : (options.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS)
  const pool = workerObstacle(options) === undefined ? new ScanWorkerPool(threads - 1, new URL(import.meta.url)) : undefined
  try {
    return await runParallel(options, pool, minFiles, started)
  } finally {
    pool?.close()
  }
}

async function runParallel(
  options: ParallelScanOptions,
  pool: ScanWorkerPool | undefined,
  minFiles: number,
  started: number,
): Promise<ScanResult> {
  const filter = { include: options.config.include, exclude: options.config.exclude }
  // Workers start as soon as the walk has seen enough files, so their start-up overlaps discovery and detection.
  const onProgress = (count: number) => {
    if (count >= minFiles) pool?.start()
  }
  const discovered = options.source.discoverAsync ? await options.source.discoverAsync(filter, onProgress) : options.source.discover(filter)
  // A source that discovered already (or without progress) says the size now: start the workers before detection.
  onProgress(discovered.files.length)
  const { pass, discovery, projects } = prepareScan(options, discovered)
  const files = discovery.files
  const markers = options.postProcessMarkers ? [...options.postProcessMarkers] : undefined
  if (pool && files.length >= minFiles && pool.start()) {
    const { get: _get, ...catalogData } = options.runtimeCatalog()
    const advisories = options.advisories?.()
    pool.init({
      root: options.source.diskRoot as string,
      files,
      projects,
      ruleIds: options.config.enabledRules.map((rule) => rule.id),
      ruleOptions: options.config.enabledRules.map((rule) => [rule.id, options.config.optionsFor(rule)]),
      settings: options.config.settings,
      today: options.today,
      catalog: catalogData as CatalogData,
      maxFileSize: options.config.maxFileSize,
      hookMarkers: markers,
      ...(advisories?.all ? { advisories: { all: advisories.all, status: advisories.status } } : {}),
    } satisfies ScanWorkerInit)
  } else {
    pool?.close()
  }

  const tasks: ScanTask[] = []
  for (let i = 0; i < files.length; i += FILES_PER_TASK) {
    tasks.push({ type: 'files', id: tasks.length, indices: range(i, Math.min(files.length, i + FILES_PER_TASK)) })
  }
  const fileTasks = tasks.length
  for (let i = 0; i < projects.length; i += PROJECTS_PER_TASK) {
    tasks.push({ type: 'projects', id: tasks.length, indices: range(i, Math.min(projects.length, i + PROJECTS_PER_TASK)) })
  }
  const fileResults: (TaskItemResult | undefined)[] = new Array(files.length)
  const projectResults: (TaskItemResult | undefined)[] = new Array(projects.length)
  let filesDone = 0
  let byProject: ReturnType<typeof filesByProject> | undefined
  const projectFiles = () => (byProject ??= filesByProject(files, projects))
  await (pool ?? new ScanWorkerPool(0, new URL(import.meta.url))).run(
    tasks,
    // Project tasks wait until every file task is done, as in scan().
    (task) => task.type === 'files' || filesDone === fileTasks,
    (task) => runTask(task, pass, files, projects, markers, projectFiles),
    (task, results) => {
      const target = task.type === 'files' ? fileResults : projectResults
      for (const result of results) target[result.index] = result
      if (task.type === 'files') filesDone++
    },
  )

  // Put everything back in discovery order, as scan() produces it.
  const ruleById = pass.ruleById
  const failures: RuleFailure[] = []
  const toFailure = (wire: WireFailure): RuleFailure => ({
    rule: ruleById.get(wire.ruleId) as AnyRule,
    path: wire.path,
    message: wire.message,
  })
  const findings: InternalFinding[] = []
  let bytes = 0
  let binaryFiles = 0
  for (let index = 0; index < files.length; index++) {
    const result = fileResults[index] as TaskItemResult
    bytes += result.size ?? files[index].size
    if (result.binary) binaryFiles++
    for (const failure of result.failures) failures.push(toFailure(failure))
    let fileFindings = result.findings
    if (options.postProcessFile && result.hook) {
      // The hook sees the file's text as read in the pass (never a second read); its parsed views start afresh.
      const entry = files[index]
      const { text, unreadable, invalidUtf8 } = result.hook
      fileFindings = options.postProcessFile(new LazyFile(entry, text, unreadable, invalidUtf8, projectOf(entry.path, projects)), fileFindings)
    }
    for (const finding of fileFindings) findings.push(finding)
  }
  for (let index = 0; index < projects.length; index++) {
    const result = projectResults[index] as TaskItemResult
    for (const failure of result.failures) failures.push(toFailure(failure))
    for (const finding of result.findings) findings.push(finding)
  }
  return finishScan(options.config, pass, discovery, projects, findings, failures, { bytes, binaryFiles, started })
}

function range(from: number, to: number): number[] {
  const out: number[] = []
  for (let i = from; i < to; i++) out.push(i)
  return out
}
