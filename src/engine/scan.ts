import { posix } from 'node:path'
import type { ResolvedConfig } from '../config/resolve-config.js'
import type { AdvisoryIndex } from '../dependencies/advisories.js'
import type { RuntimeCatalog } from '../runtime/catalog.js'
import { compareFindings, fingerprintOf, type InternalFinding } from './finding.js'
import { TEXT_FILE_KINDS } from './file-kind.js'
import type { DiscoveredFile, DiscoveryNotice, DiscoveryResult, FileSource } from './file-source.js'
import { LazyFile } from './lazy-file.js'
import { loadFile } from './load-file.js'
import { detectProjects, filesByProject, projectOf } from './projects.js'
import type { AnyRule, RuleId } from './rule.js'
import { RulePlan } from './rule-plan.js'
import { type RuleFailure, type RunContext, runFileRules, runProjectRules } from './run-rules.js'
import type { ProjectInfo, RuleEnvironment } from './scanned-file.js'

/** Ids of the scanner's own rules that the engine reports itself (their modules live in rules/ like any other). */
export const META_RULES = {
  unparseable: 'AG001',
  unscanned: 'AG002',
  ruleFailure: 'AG003',
} as const satisfies Record<string, RuleId>

export interface ScanOptions {
  source: FileSource
  config: ResolvedConfig
  /** YYYY-MM-DD; the engine's clock, injected so verdicts are reproducible. */
  today: string
  runtimeCatalog: () => RuntimeCatalog
  /** Known vulnerabilities of pinned packages (the opt-in vulnerability check ran before the scan). */
  advisories?: () => AdvisoryIndex
  /** Called per file after its rules ran (suppressions hook in here): may drop or change findings. */
  postProcessFile?: (file: LazyFile, findings: InternalFinding[]) => InternalFinding[]
}

export interface ScanStats {
  files: number
  bytes: number
  /** Files not read because they are binary (images, archives, ...); counted, not reported one by one. */
  binaryFiles: number
  projects: number
  durationMs: number
}

export interface ScanResult {
  findings: InternalFinding[]
  projects: ProjectInfo[]
  stats: ScanStats
  gitAvailable: boolean
  ruleFailures: RuleFailure[]
}

export function scan(options: ScanOptions): ScanResult {
  const started = performance.now()
  const { pass, discovery, projects } = prepareScan(options)
  const findings: InternalFinding[] = []
  const failures: RuleFailure[] = []
  let bytes = 0
  let binaryFiles = 0

  for (const entry of discovery.files) {
    const file = pass.load(entry)
    bytes += entry.size
    if (countsAsBinary(file)) binaryFiles++
    const fileFindings = scanFile(file, pass, failures)
    const processed = options.postProcessFile ? options.postProcessFile(file, fileFindings) : fileFindings
    for (const finding of processed) findings.push(finding)
  }

  const projectFiles = filesByProject(discovery.files, projects)
  for (const project of projects) {
    runProjectRules(project, projectFiles.get(project) ?? [], pass.plan.projectRules, pass.run, findings, failures)
  }
  return finishScan(options.config, pass, discovery, projects, findings, failures, { bytes, binaryFiles, started })
}

/** What the per-file and per-project passes share: the rule plan, the rule context, and how files are loaded. */
export interface FilePass {
  plan: RulePlan
  ruleById: ReadonlyMap<string, AnyRule>
  run: RunContext
  /** Reads and decodes a discovered file (not cached: each file is read once by the main pass). */
  load(entry: DiscoveredFile): LazyFile
  /** Forgets the files `getFile` has read so far. */
  clearCache(): void
}

/**
 * Builds the pass over `files`: main-thread scans and scan workers both use it, so a file is scanned the same way
 * wherever it is scanned.
 */
export function createFilePass(
  source: FileSource,
  files: readonly DiscoveredFile[],
  rules: readonly AnyRule[],
  env: RuleEnvironment,
  optionsFor: (rule: AnyRule) => unknown,
  maxFileSize: number,
  projects: () => readonly ProjectInfo[],
): FilePass {
  // Files read outside the main pass (Dockerfiles for project detection, includes) are kept so nothing is read twice.
  const cache = new Map<string, LazyFile>()
  const byPath = new Map(files.map((file) => [file.path, file]))
  const load = (entry: DiscoveredFile): LazyFile => {
    const cached = cache.get(entry.path)
    if (cached) return cached
    const loaded = loadFile(source, entry, maxFileSize)
    if (loaded.size !== undefined) entry.size = loaded.size
    return new LazyFile(entry, loaded.text, loaded.unreadable, loaded.invalidUtf8, projectOf(entry.path, projects()))
  }
  const getFile = (path: string): LazyFile | undefined => {
    const normalized = posix.normalize(path)
    const entry = byPath.get(normalized)
    if (!entry) return undefined
    const file = load(entry)
    cache.set(entry.path, file)
    return file
  }
  return {
    plan: new RulePlan(rules),
    ruleById: new Map<string, AnyRule>(rules.map((rule) => [rule.id, rule])),
    run: { env, optionsFor, getFile },
    load,
    clearCache: () => cache.clear(),
  }
}

export interface PreparedScan {
  pass: FilePass
  discovery: DiscoveryResult
  projects: ProjectInfo[]
  env: RuleEnvironment
}

/** Discovery (unless given) and project detection: the part of a scan that runs once, on the main thread. */
export function prepareScan(options: ScanOptions, discovered?: DiscoveryResult): PreparedScan {
  const { source, config } = options
  const discovery = discovered ?? source.discover({ include: config.include, exclude: config.exclude })
  const env: RuleEnvironment = {
    today: options.today,
    runtimeCatalog: options.runtimeCatalog,
    settings: config.settings,
    ...(options.advisories ? { advisories: options.advisories } : {}),
  }
  let projects: ProjectInfo[] = []
  const pass = createFilePass(source, discovery.files, config.enabledRules, env, config.optionsFor, config.maxFileSize, () => projects)
  projects = detectProjects(
    discovery.files,
    (path) => {
      const file = pass.run.getFile(path)
      return file && !file.unreadable ? file.text : undefined
    },
    options.runtimeCatalog,
    config.settings.trustedRegistries,
    options.today,
    config.projects,
  )
  // Project membership was unknown when the Dockerfiles were read for detection: read them again lazily.
  pass.clearCache()
  return { pass, discovery, projects, env }
}

/** Whether a file counts as binary in the stats (a binary image is counted; a binary "Dockerfile" is a notice). */
export function countsAsBinary(file: LazyFile): boolean {
  return file.unreadable === 'binary' && !TEXT_FILE_KINDS.has(file.kind)
}

/** Runs the file rules that can match one file, plus the engine's report of parser failures (AG001). */
export function scanFile(file: LazyFile, pass: FilePass, failures: RuleFailure[]): InternalFinding[] {
  const fileFindings: InternalFinding[] = []
  if (file.unreadable) {
    const pathRules = pass.plan.unreadableRules.filter((rule) => rule.kinds.includes(file.kind))
    runFileRules(file, pathRules, pass.run, fileFindings, failures)
  } else {
    const { rules, searched, found } = pass.plan.match(file.kind, file.text)
    file.setKeywordHits(searched, found)
    runFileRules(file, rules, pass.run, fileFindings, failures)
  }
  const unparseable = pass.ruleById.get(META_RULES.unparseable)
  if (unparseable) {
    for (const problem of file.parserFailures) {
      fileFindings.push(engineFinding(unparseable, file.path, 'PARSER_FAILURE', problem.message, file))
    }
  }
  return fileFindings
}

/** Discovery notices and rule failures as findings, then config severities and order: the end of every scan. */
export function finishScan(
  config: ResolvedConfig,
  pass: FilePass,
  discovery: DiscoveryResult,
  projects: ProjectInfo[],
  findings: InternalFinding[],
  failures: RuleFailure[],
  counts: { bytes: number; binaryFiles: number; started: number },
): ScanResult {
  const unscanned = pass.ruleById.get(META_RULES.unscanned)
  if (unscanned) {
    for (const notice of discovery.notices) findings.push(discoveryFinding(unscanned, notice))
  }
  const failureRule = pass.ruleById.get(META_RULES.ruleFailure)
  if (failureRule) {
    for (const failure of failures) {
      findings.push(
        engineFinding(failureRule, failure.path, 'RULE_FAILED', `${failure.rule.id} ${failure.rule.name}: ${failure.message}`),
      )
    }
  }

  const kept: InternalFinding[] = []
  // A file reached from several others (a shared `-r` include) can be reported by each of them: keep one.
  const seen = new Set<string>()
  for (const finding of findings) {
    const key = `${finding.ruleId}\0${finding.path}\0${finding.fingerprint}\0${finding.messageId}\0${finding.message}\0${finding.range.startLine}:${finding.range.startColumn}-${finding.range.endLine}:${finding.range.endColumn}`
    if (seen.has(key)) continue
    seen.add(key)
    let severity = config.severityFor(finding.ruleId, finding.path, finding.severity)
    if (severity === 'off') continue
    // In configured test-fixture paths a credential is expected test data: it is reported, but only as a notice.
    if (finding.responsibility === 'secret-storage' && config.isTestFixture(finding.path)) severity = 'notice'
    finding.severity = severity
    kept.push(finding)
  }
  kept.sort(compareFindings)

  return {
    findings: kept,
    projects,
    stats: {
      files: discovery.files.length,
      bytes: counts.bytes,
      binaryFiles: counts.binaryFiles,
      projects: projects.length,
      durationMs: performance.now() - counts.started,
    },
    gitAvailable: discovery.gitAvailable,
    ruleFailures: failures,
  }
}

function engineFinding(
  rule: AnyRule,
  path: string,
  messageId: string,
  detail: string,
  file?: LazyFile,
): InternalFinding {
  const render = rule.messages[messageId] as ((data: unknown) => string) | undefined
  const message = render ? render({ path, detail }) : detail
  const range = file ? file.source.range({ start: 0, end: 0 }) : { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    title: rule.title,
    severity: rule.severity,
    responsibility: rule.responsibility,
    messageId,
    message,
    path,
    range,
    fingerprint: fingerprintOf(rule.id, path, `${messageId}:${detail}`),
  }
}

function discoveryFinding(rule: AnyRule, notice: DiscoveryNotice): InternalFinding {
  const messageId = notice.reason === 'unreadable-directory' ? 'UNREADABLE_DIRECTORY' : 'SYMLINK_SKIPPED'
  return engineFinding(rule, notice.path, messageId, notice.detail)
}
