import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { RULES } from '../../rules/index.js'
import { DiskFileSource } from './file-source.js'
import type { InternalFinding } from './finding.js'
import { LazyFile } from './lazy-file.js'
import { filesByProject, projectOf } from './projects.js'
import type { AnyRule } from './rule.js'
import type { RuleFailure } from './run-rules.js'
import { finishScan, prepareScan, type ScanOptions, type ScanResult, scan } from './scan.js'
import { isScanWorkerThread, SCAN_WORKER_ARG } from './scan-thread.js'
import {
  type CatalogData,
  runTask,
  SCAN_WORKER_KIND,
  type ScanTask,
  type ScanWorkerInit,
  serveScanWorker,
  type TaskItemResult,
  type WireFailure,
  type WorkerMessage,
} from './scan-worker.js'

// A thread started on this bundle (or module) as a scan worker serves scan tasks; the entry points do nothing there.
// ncc emits one file, so the worker runs that same file (see scan-thread.ts).
// (No top-level await: it would make every module importing this one asynchronous in the bundle.)
if (isScanWorkerThread()) {
  void import('node:worker_threads').then(({ isMainThread, parentPort, workerData }) => {
    const init = workerData as ScanWorkerInit | undefined
    if (!isMainThread && parentPort && init?.kind === SCAN_WORKER_KIND) serveScanWorker(init, parentPort)
  })
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

/** Below this many files a scan is faster on one thread: starting a worker costs about 100 ms of CPU. */
export const MIN_FILES_FOR_WORKERS = 1500

/** Files per task: small enough to balance the load, large enough that messaging stays cheap. */
const FILES_PER_TASK = 48
const PROJECTS_PER_TASK = 4

/** ScanOptions keys a worker can be given as data. Anything else (a new hook, a function) keeps the scan on one thread. */
const TRANSFERABLE_OPTIONS = new Set([
  'source',
  'config',
  'today',
  'runtimeCatalog',
  'postProcessFile',
  'postProcessMarkers',
  'threads',
  'minFilesForWorkers',
])

/** Why a scan cannot use workers, or undefined when it can. */
export function workerObstacle(options: ParallelScanOptions, rules: readonly AnyRule[] = RULES): string | undefined {
  if (!(options.source instanceof DiskFileSource)) return 'the files are not on disk'
  for (const key of Object.keys(options)) {
    if (!TRANSFERABLE_OPTIONS.has(key) && (options as unknown as Record<string, unknown>)[key] !== undefined) {
      return `option '${key}' cannot be handed to a worker`
    }
  }
  if (options.postProcessFile && !options.postProcessMarkers) return 'the per-file hook declares no markers'
  const registry = new Map(rules.map((rule) => [rule.id as string, rule]))
  for (const rule of options.config.enabledRules) {
    if (registry.get(rule.id) !== rule) return `rule ${rule.id} is not in the bundled registry`
  }
  // Under a TypeScript loader (vitest) this module is a .ts file a worker thread cannot load.
  if (!/\.(c|m)?js$/.test(new URL(import.meta.url).pathname)) return 'the engine is not running from JavaScript files'
  return undefined
}

interface Slot {
  worker: Worker
  ready: boolean
  /** Tasks sent and not yet answered. */
  pending: Map<number, ScanTask>
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
  const filter = { include: options.config.include, exclude: options.config.exclude }
  const discovered = options.source.discoverAsync ? await options.source.discoverAsync(filter) : undefined
  const { pass, discovery, projects } = prepareScan(options, discovered)
  const files = discovery.files
  const markers = options.postProcessMarkers ? [...options.postProcessMarkers] : undefined
  const obstacle = workerObstacle(options)
  const largeEnough = options.threads !== undefined || files.length >= (options.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS)
  const useWorkers = obstacle === undefined && largeEnough

  const tasks: ScanTask[] = []
  let nextId = 0
  for (let i = 0; i < files.length; i += FILES_PER_TASK) {
    const indices: number[] = []
    for (let j = i; j < Math.min(files.length, i + FILES_PER_TASK); j++) indices.push(j)
    tasks.push({ type: 'files', id: nextId++, indices })
  }
  for (let i = 0; i < projects.length; i += PROJECTS_PER_TASK) {
    const indices: number[] = []
    for (let j = i; j < Math.min(projects.length, i + PROJECTS_PER_TASK); j++) indices.push(j)
    tasks.push({ type: 'projects', id: nextId++, indices })
  }
  // Project tasks wait until every file task is done, as in scan() (rules may rely on that order one day).
  const fileTasks = tasks.filter((task) => task.type === 'files').length
  let filesDone = 0

  const fileResults: (TaskItemResult | undefined)[] = new Array(files.length)
  const projectResults: (TaskItemResult | undefined)[] = new Array(projects.length)
  const record = (task: ScanTask, results: TaskItemResult[]) => {
    const target = task.type === 'files' ? fileResults : projectResults
    for (const result of results) target[result.index] = result
    if (task.type === 'files') filesDone++
  }

  let byProject: ReturnType<typeof filesByProject> | undefined
  const projectFiles = () => (byProject ??= filesByProject(files, projects))
  const takeTask = (): ScanTask | undefined => {
    const task = tasks[0]
    if (!task) return undefined
    if (task.type === 'projects' && filesDone < fileTasks) return undefined
    return tasks.shift()
  }
  const runOnMain = (task: ScanTask) => record(task, runTask(task, pass, files, projects, markers, projectFiles))

  const slots: Slot[] = []
  if (useWorkers) {
    const { Worker } = await import('node:worker_threads')
    const catalog = options.runtimeCatalog()
    const { get: _get, ...catalogData } = catalog
    const init: ScanWorkerInit = {
      kind: SCAN_WORKER_KIND,
      root: (options.source as DiskFileSource).root,
      files,
      projects,
      ruleIds: options.config.enabledRules.map((rule) => rule.id),
      ruleOptions: options.config.enabledRules.map((rule) => [rule.id, options.config.optionsFor(rule)]),
      settings: options.config.settings,
      today: options.today,
      catalog: catalogData as CatalogData,
      maxFileSize: options.config.maxFileSize,
      hookMarkers: markers,
    }
    try {
      for (let i = 1; i < threads; i++) {
        const worker = new Worker(new URL(import.meta.url), { workerData: init, argv: [SCAN_WORKER_ARG] })
        slots.push({ worker, ready: false, pending: new Map() })
      }
    } catch {
      // Something in the init data could not be cloned: the main thread does everything.
      for (const slot of slots) void slot.worker.terminate()
      slots.length = 0
    }
  }

  await new Promise<void>((resolve) => {
    let settled = false
    const live = new Set(slots)
    const finishedAll = () => tasks.length === 0 && [...live].every((slot) => slot.pending.size === 0)
    const done = () => {
      if (settled || !finishedAll()) return
      settled = true
      resolve()
    }
    const feed = (slot: Slot) => {
      // Two tasks in flight per worker, so it never waits for the main thread between tasks.
      while (slot.ready && slot.pending.size < 2) {
        const task = takeTask()
        if (!task) break
        slot.pending.set(task.id, task)
        slot.worker.postMessage(task)
      }
    }
    const retire = (slot: Slot) => {
      if (!live.delete(slot)) return
      // Whatever it had not answered goes back to the queue, in order, for the others (or the main thread).
      tasks.unshift(...[...slot.pending.values()].sort((a, b) => a.id - b.id))
      slot.pending.clear()
      void slot.worker.terminate()
      pump()
    }
    for (const slot of slots) {
      slot.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          slot.ready = true
        } else if (message.type === 'done') {
          const task = slot.pending.get(message.id)
          slot.pending.delete(message.id)
          if (task) record(task, message.results)
        } else {
          retire(slot)
          return
        }
        for (const other of live) feed(other)
        pump()
        done()
      })
      slot.worker.on('error', () => retire(slot))
      slot.worker.on('exit', () => retire(slot))
    }
    // The main thread takes tasks too, one at a time, yielding between them so worker messages are handled.
    let pumping = false
    const pump = () => {
      if (pumping || settled) return
      pumping = true
      const step = () => {
        const task = takeTask()
        if (task) {
          runOnMain(task)
          for (const slot of live) feed(slot)
          setImmediate(step)
          return
        }
        // Nothing to take now (project tasks may wait for the workers' last file tasks): the next message pumps again.
        pumping = false
        done()
      }
      step()
    }
    pump()
  })
  for (const slot of slots) void slot.worker.terminate()

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
