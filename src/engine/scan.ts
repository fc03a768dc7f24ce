import { posix } from 'node:path'
import type { ResolvedConfig } from '../config/resolve-config.js'
import type { AdvisoryIndex } from '../dependencies/advisories.js'
import type { RuntimeCatalog } from '../runtime/catalog.js'
import { compareFindings, fingerprintOf, type InternalFinding } from './finding.js'
import { TEXT_FILE_KINDS } from './file-kind.js'
import type { DiscoveredFile, DiscoveryNotice, FileSource } from './file-source.js'
import { LazyFile } from './lazy-file.js'
import { loadFile } from './load-file.js'
import { detectProjects, projectOf } from './projects.js'
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
  const { source, config } = options
  const rules = config.enabledRules
  const ruleById = new Map<string, AnyRule>(rules.map((rule) => [rule.id, rule]))
  const plan = new RulePlan(rules)
  const discovery = source.discover({ include: config.include, exclude: config.exclude })

  // Files read outside the main pass (Dockerfiles for project detection, includes) are kept so nothing is read twice.
  const cache = new Map<string, LazyFile>()
  const byPath = new Map(discovery.files.map((file) => [file.path, file]))
  let projects: ProjectInfo[] = []
  const load = (entry: DiscoveredFile): LazyFile => {
    const cached = cache.get(entry.path)
    if (cached) return cached
    const loaded = loadFile(source, entry, config.maxFileSize)
    return new LazyFile(entry, loaded.text, loaded.unreadable, loaded.invalidUtf8, projectOf(entry.path, projects))
  }
  const getFile = (path: string): LazyFile | undefined => {
    const normalized = posix.normalize(path)
    const entry = byPath.get(normalized)
    if (!entry) return undefined
    const file = load(entry)
    cache.set(entry.path, file)
    return file
  }

  const env: RuleEnvironment = {
    today: options.today,
    runtimeCatalog: options.runtimeCatalog,
    settings: config.settings,
    ...(options.advisories ? { advisories: options.advisories } : {}),
  }
  projects = detectProjects(
    discovery.files,
    (path) => {
      const file = getFile(path)
      return file && !file.unreadable ? file.text : undefined
    },
    options.runtimeCatalog,
    config.settings.trustedRegistries,
    options.today,
    config.projects,
  )
  // Project membership was unknown when the Dockerfiles were read for detection: read them again lazily.
  cache.clear()

  const run: RunContext = { env, optionsFor: config.optionsFor, getFile }
  const findings: InternalFinding[] = []
  const failures: RuleFailure[] = []
  let bytes = 0
  let binaryFiles = 0

  for (const entry of discovery.files) {
    const file = load(entry)
    bytes += entry.size
    const fileFindings: InternalFinding[] = []
    if (file.unreadable) {
      if (file.unreadable === 'binary' && !TEXT_FILE_KINDS.has(file.kind)) binaryFiles++
      const pathRules = plan.unreadableRules.filter((rule) => rule.kinds.includes(file.kind))
      runFileRules(file, pathRules, run, fileFindings, failures)
    } else {
      runFileRules(file, plan.rulesFor(file.kind, file.text), run, fileFindings, failures)
    }
    const unparseable = ruleById.get(META_RULES.unparseable)
    if (unparseable) {
      for (const problem of file.parserFailures) {
        fileFindings.push(engineFinding(unparseable, file.path, 'PARSER_FAILURE', problem.message, file))
      }
    }
    const processed = options.postProcessFile ? options.postProcessFile(file, fileFindings) : fileFindings
    for (const finding of processed) findings.push(finding)
  }

  for (const project of projects) {
    const prefix = project.root ? `${project.root}/` : ''
    const files = discovery.files.filter((file) => file.path.startsWith(prefix))
    runProjectRules(project, files, plan.projectRules, run, findings, failures)
  }

  const unscanned = ruleById.get(META_RULES.unscanned)
  if (unscanned) {
    for (const notice of discovery.notices) findings.push(discoveryFinding(unscanned, notice))
  }
  const failureRule = ruleById.get(META_RULES.ruleFailure)
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
      bytes,
      binaryFiles,
      projects: projects.length,
      durationMs: performance.now() - started,
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
