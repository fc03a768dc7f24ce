import type { MessagePort } from 'node:worker_threads'
import { RULES } from '../../rules/index.js'
import { type Advisory, type AdvisoryIndex, type AdvisoryStatus, createAdvisoryIndex } from '../dependencies/advisories.js'
import type { RuntimeCatalog, RuntimeRelease } from '../runtime/catalog.js'
import { type DiscoveredFile, DiskFileSource } from './file-source.js'
import { filesByProject } from './projects.js'
import type { InternalFinding } from './finding.js'
import type { AnyRule } from './rule.js'
import { type RuleFailure, runProjectRules } from './run-rules.js'
import { countsAsBinary, createFilePass, type FilePass, scanFile } from './scan.js'
import type { ProjectInfo, RuleEnvironment, RuleSettings } from './scanned-file.js'

/**
 * The scan worker: the same per-file and per-project passes as the main thread, over the files it is handed.
 * Everything crosses the thread boundary as plain data (structured clone): projects are detected once on the main
 * thread, rules are looked up by id in the bundled registry, and findings go back with their `secret` (the main
 * thread builds the redactor from it; it is never serialized to any output).
 */
/** The runtime catalog without its lookup function (rebuilt on the other side). */
export type CatalogData = Omit<RuntimeCatalog, 'get'>

export interface ScanWorkerInit {
  root: string
  files: DiscoveredFile[]
  projects: ProjectInfo[]
  ruleIds: string[]
  /** Resolved options per rule id. */
  ruleOptions: [string, unknown][]
  settings: RuleSettings
  today: string
  catalog: CatalogData
  maxFileSize: number
  /** Files whose text contains one of these are sent back with their text, for the main thread's per-file hook. */
  hookMarkers: string[] | undefined
  /** The vulnerability check's results, when the run has them. */
  advisories?: { all: readonly Advisory[]; status: AdvisoryStatus }
}

export type ScanTask = { type: 'files' | 'projects'; id: number; indices: number[] }

export interface WireFailure {
  ruleId: string
  path: string
  message: string
}

export interface HookPayload {
  text: string
  unreadable: LoadedUnreadable
  invalidUtf8: boolean
}
type LoadedUnreadable = import('./scanned-file.js').UnreadableReason | undefined

export interface TaskItemResult {
  /** File index (files task) or project index (projects task). */
  index: number
  findings: InternalFinding[]
  failures: WireFailure[]
  /** Files tasks only. */
  size?: number
  binary?: boolean
  hook?: HookPayload
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; results: TaskItemResult[] }
  | { type: 'failed'; id: number; message: string }

export function catalogFromData(data: CatalogData): RuntimeCatalog {
  const byVersion = new Map<string, RuntimeRelease>(data.releases.map((release) => [release.version, release]))
  return { ...data, get: (version: string) => byVersion.get(version) }
}

/** The pass a worker runs, built from the init data; undefined when a rule id is not in the registry. */
export function passFromInit(init: ScanWorkerInit, rules: readonly AnyRule[] = RULES): FilePass | undefined {
  const byId = new Map(rules.map((rule) => [rule.id as string, rule]))
  const enabled: AnyRule[] = []
  for (const id of init.ruleIds) {
    const rule = byId.get(id)
    if (!rule) return undefined
    enabled.push(rule)
  }
  const options = new Map(init.ruleOptions)
  let catalog: RuntimeCatalog | undefined
  const env: RuleEnvironment = {
    today: init.today,
    runtimeCatalog: () => (catalog ??= catalogFromData(init.catalog)),
    settings: init.settings,
  }
  const advisories = init.advisories
  if (advisories) {
    let index: AdvisoryIndex | undefined
    env.advisories = () => (index ??= createAdvisoryIndex(advisories.all, advisories.status))
  }
  return createFilePass(
    new DiskFileSource(init.root, false),
    init.files,
    enabled,
    env,
    (rule) => options.get(rule.id),
    init.maxFileSize,
    () => init.projects,
  )
}

function wireFailures(failures: RuleFailure[]): WireFailure[] {
  return failures.map((failure) => ({ ruleId: failure.rule.id, path: failure.path, message: failure.message }))
}

function hasMarker(text: string, markers: readonly string[]): boolean {
  for (const marker of markers) if (text.includes(marker)) return true
  return false
}

/**
 * Runs one task with a pass. Shared by workers and by the main thread (which takes tasks too, so a 2-core machine
 * uses both cores and nothing waits for worker start-up).
 */
export function runTask(
  task: ScanTask,
  pass: FilePass,
  files: readonly DiscoveredFile[],
  projects: readonly ProjectInfo[],
  hookMarkers: readonly string[] | undefined,
  projectFiles: () => Map<ProjectInfo, DiscoveredFile[]>,
): TaskItemResult[] {
  const results: TaskItemResult[] = []
  if (task.type === 'files') {
    for (const index of task.indices) {
      const entry = files[index]
      const file = pass.load(entry)
      const failures: RuleFailure[] = []
      const findings = scanFile(file, pass, failures)
      const result: TaskItemResult = {
        index,
        findings,
        failures: wireFailures(failures),
        size: entry.size,
        binary: countsAsBinary(file),
      }
      if (hookMarkers && !file.unreadable && hasMarker(file.text, hookMarkers)) {
        result.hook = { text: file.text, unreadable: file.unreadable, invalidUtf8: file.invalidUtf8 }
      }
      results.push(result)
    }
  } else {
    const byProject = projectFiles()
    for (const index of task.indices) {
      const project = projects[index]
      const findings: InternalFinding[] = []
      const failures: RuleFailure[] = []
      runProjectRules(project, byProject.get(project) ?? [], pass.plan.projectRules, pass.run, findings, failures)
      results.push({ index, findings, failures: wireFailures(failures) })
    }
  }
  return results
}

/** The worker's side: wait for the init data on `port`, then for tasks; run them and send the results back. */
export function serveScanWorker(port: MessagePort): void {
  let init: ScanWorkerInit | undefined
  let pass: FilePass | undefined
  let byProject: Map<ProjectInfo, DiscoveredFile[]> | undefined
  port.on('message', (message: { type: 'init'; init: ScanWorkerInit } | ScanTask) => {
    if (message.type === 'init') {
      init = message.init
      pass = passFromInit(init)
      byProject = undefined
      port.postMessage({ type: 'ready' } satisfies WorkerMessage)
      return
    }
    if (!init || !pass) {
      port.postMessage({ type: 'failed', id: message.id, message: 'a rule is not in the bundled registry' } satisfies WorkerMessage)
      return
    }
    const current = init
    try {
      const results = runTask(message, pass, current.files, current.projects, current.hookMarkers, () =>
        (byProject ??= filesByProject(current.files, current.projects)),
      )
      port.postMessage({ type: 'done', id: message.id, results } satisfies WorkerMessage)
    } catch (error) {
      port.postMessage({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage)
    }
  })
}
