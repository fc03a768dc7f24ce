import picomatch from 'picomatch'
import type { AnyRule, RuleId } from '../engine/rule.js'
import type { RuleSettings } from '../engine/scanned-file.js'
import type { FailOn, Severity } from '../engine/severity.js'
import { type Config, DEFAULT_MAX_FILE_SIZE, type RuleSetting, type Scope } from './config-schema.js'
import { ConfigError } from './config-error.js'
import { didYouMean, levenshtein } from './did-you-mean.js'
import { normalizeFolder } from './glob.js'
import { DEFAULT_CONFIG_FILE, formatProblems } from './load-config.js'
import type { Locate } from './yaml-locator.js'
import { allowedKeysAt, describeIssues, formatPath, type PathProblem } from './zod-problems.js'

type Effective = Severity | 'off'

interface CompiledOverride {
  matches: (path: string) => boolean
  rules: Map<string, RuleSetting>
}

/** The configuration as the engine uses it: every rule id checked, options validated, globs compiled. */
export interface ResolvedConfig {
  failOn: FailOn | undefined
  /** Explicit Astro project folders (normalized, '' for the root); undefined means auto-detect. */
  projects: string[] | undefined
  /** Baseline file relative to the scan root, from the config. */
  baseline: string | undefined
  scope: Scope | undefined
  include: string[]
  exclude: string[]
  settings: RuleSettings
  maxFileSize: number
  /** Rules that run at all (a rule that is `off` globally but on for some path still runs). */
  enabledRules: AnyRule[]
  optionsFor(rule: AnyRule): unknown
  /** The severity a finding of `rule` at `path` ends with, or 'off' to drop it. */
  severityFor(ruleId: RuleId, path: string, reported: Severity): Effective
  isTestFixture(path: string): boolean
}

function settingSeverity(setting: RuleSetting | undefined): Effective | undefined {
  if (setting === undefined) return undefined
  if (typeof setting === 'string') return setting
  return setting.severity
}

export interface ResolveContext {
  /** How the file is named in messages. */
  source?: string
  /** Finds a path's line and column in the file, when there is one. */
  locate?: Locate
  /** Whether a folder relative to the scan root exists (checks `projects`); omitted in memory scans. */
  folderExists?: (path: string) => boolean
}

export function resolveConfig(config: Config, rules: readonly AnyRule[], context: ResolveContext = {}): ResolvedConfig {
  const source = context.source ?? DEFAULT_CONFIG_FILE
  const problems: PathProblem[] = []
  const byId = new Map(rules.map((rule) => [rule.id as string, rule]))
  const ids = [...byId.keys()]
  const idOfName = new Map(rules.map((rule) => [rule.name, rule.id as string]))
  const hintFor = (key: string) => {
    const named = idOfName.get(key)
    if (named) return `; rules are named by id here: did you mean '${named}'?`
    return didYouMean(key, ids, 1) || '.'
  }
  const checkIds = (settings: Record<string, RuleSetting> | undefined, path: readonly PropertyKey[]) => {
    for (const [id, setting] of Object.entries(settings ?? {})) {
      if (!byId.has(id)) {
        problems.push({
          path: [...path, id],
          key: true,
          message: `unknown rule '${id}' in '${formatPath(path)}'${hintFor(id)} Run 'astro-guard rules' for the list.`,
        })
      } else if (path[0] === 'overrides' && typeof setting === 'object' && setting.options) {
        problems.push({
          path: [...path, id, 'options'],
          key: true,
          message: `options can only be set under the top-level 'rules', not per path; set '${id}' to a severity or {severity} here.`,
        })
      }
    }
  }
  checkIds(config.rules, ['rules'])
  config.overrides?.forEach((override, index) => checkIds(override.rules, ['overrides', index, 'rules']))

  const options = new Map<string, unknown>()
  for (const rule of rules) {
    const setting = config.rules?.[rule.id]
    const configured = typeof setting === 'object' ? setting.options : undefined
    const path = ['rules', rule.id, 'options']
    if (!rule.options) {
      if (configured && Object.keys(configured).length > 0) {
        problems.push({ path, key: true, message: `rule ${rule.id} takes no options.` })
      }
      options.set(rule.id, {})
      continue
    }
    const allowed = allowedKeysAt(rule.options.schema, [])
    if (configured && allowed) {
      for (const key of Object.keys(configured)) {
        if (allowed.includes(key)) continue
        const hint = didYouMean(key, allowed)
        problems.push({
          path: [...path, key],
          key: true,
          message: `unknown option '${key}' for ${rule.id}${hint}${hint ? ' ' : '; '}Allowed options: ${allowed.join(', ')}.`,
        })
      }
    }
    const merged = { ...(rule.options.defaults as object), ...(configured ?? {}) }
    const parsed = rule.options.schema.safeParse(merged)
    if (!parsed.success) {
      problems.push(
        ...describeIssues(parsed.error.issues, rule.options.schema, merged, path).filter(
          (problem) => !(allowed && problem.key && problem.message.startsWith('unknown key')),
        ),
      )
      continue
    }
    options.set(rule.id, parsed.data)
  }

  const projects = config.projects?.map(normalizeFolder)
  if (projects && context.folderExists) {
    projects.forEach((folder, index) => {
      if (!context.folderExists?.(folder)) {
        problems.push({ path: ['projects', index], message: `project folder '${config.projects?.[index]}' does not exist in the scanned folder.` })
      }
    })
  }

  if (problems.length > 0) throw new ConfigError(formatProblems(source, context.locate, problems))

  const overrides: CompiledOverride[] = (config.overrides ?? []).map((override) => ({
    matches: picomatch(override.files, { dot: true }),
    rules: new Map(Object.entries(override.rules)),
  }))
  const enabledRules = rules.filter(
    (rule) =>
      settingSeverity(config.rules?.[rule.id]) !== 'off' ||
      overrides.some((override) => {
        const severity = settingSeverity(override.rules.get(rule.id))
        return severity !== undefined && severity !== 'off'
      }),
  )
  const isTestFixture = config['test-fixture-paths']?.length
    ? picomatch(config['test-fixture-paths'], { dot: true })
    : () => false

  return {
    failOn: config['fail-on'],
    projects,
    baseline: config.baseline,
    scope: config.scope,
    include: config.include ?? [],
    exclude: config.exclude ?? [],
    maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
    settings: {
      placeholders: config.placeholders ?? [],
      trustedRegistries: config['trusted-registries'] ?? [],
      testFixturePaths: config['test-fixture-paths'] ?? [],
    },
    enabledRules,
    optionsFor: (rule) => options.get(rule.id) ?? rule.options?.defaults ?? {},
    severityFor(ruleId, path, reported) {
      let severity: Effective = settingSeverity(config.rules?.[ruleId]) ?? reported
      for (const override of overrides) {
        if (!override.matches(path)) continue
        severity = settingSeverity(override.rules.get(ruleId)) ?? severity
      }
      return severity
    },
    isTestFixture,
  }
}

export function defaultConfig(rules: readonly AnyRule[]): ResolvedConfig {
  return resolveConfig({}, rules)
}

export { ConfigError, levenshtein }
