import picomatch from 'picomatch'
import type { AnyRule, RuleId } from '../engine/rule.js'
import type { RuleSettings } from '../engine/scanned-file.js'
import type { FailOn, Severity } from '../engine/severity.js'
import { type Config, DEFAULT_MAX_FILE_SIZE, type RuleSetting, type Scope } from './config-schema.js'

/** A configuration problem: the CLI exits 2 and the action fails the step, quoting the value and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Effective = Severity | 'off'

interface CompiledOverride {
  matches: (path: string) => boolean
  rules: Map<string, RuleSetting>
}

/** The configuration as the engine uses it: every rule id checked, options validated, globs compiled. */
export interface ResolvedConfig {
  failOn: FailOn | undefined
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

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = levenshtein(word, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

export function levenshtein(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]
}

export function resolveConfig(config: Config, rules: readonly AnyRule[], source = '.astro-guard.yml'): ResolvedConfig {
  const byId = new Map(rules.map((rule) => [rule.id as string, rule]))
  const ids = [...byId.keys()]
  const checkIds = (settings: Record<string, RuleSetting> | undefined, where: string) => {
    for (const id of Object.keys(settings ?? {})) {
      if (!byId.has(id)) {
        const suggestion = closest(id, ids)
        throw new ConfigError(
          `${source}: ${where} names unknown rule '${id}'${suggestion ? `; did you mean '${suggestion}'?` : ''} Run 'astro-guard rules' for the list.`,
        )
      }
    }
  }
  checkIds(config.rules, 'rules')
  config.overrides?.forEach((override, index) => checkIds(override.rules, `overrides[${index}].rules`))

  const options = new Map<string, unknown>()
  for (const rule of rules) {
    const setting = config.rules?.[rule.id]
    const configured = typeof setting === 'object' ? setting.options : undefined
    if (!rule.options) {
      if (configured && Object.keys(configured).length > 0) {
        throw new ConfigError(`${source}: rules.${rule.id}.options: rule ${rule.id} takes no options.`)
      }
      options.set(rule.id, {})
      continue
    }
    const parsed = rule.options.schema.safeParse({ ...(rule.options.defaults as object), ...(configured ?? {}) })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ConfigError(`${source}: rules.${rule.id}.options.${issue.path.join('.')}: ${issue.message}`)
    }
    options.set(rule.id, parsed.data)
  }

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
