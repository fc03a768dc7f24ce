import type { ResolvedConfig } from '../config/resolve-config.js'
import { fingerprintOf, type InternalFinding } from '../engine/finding.js'
import type { MessageTable, Rule } from '../engine/rule.js'
import type { Range } from '../engine/source-text.js'

/**
 * A finding of one of the scanner's own rules about a suppression comment or a baseline entry, with the severity
 * the configuration gives it; undefined when the configuration turns the rule off for that path.
 */
export function metaFinding<M extends MessageTable, K extends keyof M & string>(
  rule: Rule<M, unknown>,
  config: ResolvedConfig,
  at: { path: string; range: Range; content: string },
  messageId: K,
  data: Parameters<M[K]>[0],
): InternalFinding | undefined {
  if (!config.enabledRules.some((enabled) => enabled.id === rule.id)) return undefined
  const severity = config.severityFor(rule.id, at.path, rule.severity)
  if (severity === 'off') return undefined
  const render = rule.messages[messageId] as unknown as (data: unknown) => string
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    title: rule.title,
    severity,
    responsibility: rule.responsibility,
    messageId,
    message: render(data),
    path: at.path,
    range: at.range,
    fingerprint: fingerprintOf(rule.id, at.path, `${messageId}:${at.content}`),
  }
}
