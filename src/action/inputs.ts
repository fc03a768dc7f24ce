import * as core from '@actions/core'
import { z } from 'zod'
import { displayEndpoint } from '../dependencies/osv.js'
import { FAIL_ON_VALUES, FailOnSchema } from '../engine/severity.js'
import { VULNERABILITY_CHECKS } from '../run-scan.js'
import { parseRuntimeFeedSetting, quotableFeedValue, RUNTIME_FEED_EXPECTED } from '../runtime/feed.js'

/** Thrown for an input the action cannot work with; main.ts fails the step with its message. */
export class InputError extends Error {
  override name = 'InputError'
}

const InputsSchema = z.object({
  path: z.string().min(1),
  config: z.string().optional(),
  /** Undefined: the config file's `fail-on`, else error. */
  failOn: FailOnSchema.optional(),
  baseline: z.string().optional(),
  sarifFile: z.string().optional(),
  githubToken: z.string().optional(),
  vulnerabilityCheck: z.enum(VULNERABILITY_CHECKS),
  osvEndpoint: z.url({ protocol: /^https?$/ }),
  runtimeFeed: z.string().transform((value, ctx) => {
    const setting = parseRuntimeFeedSetting(value)
    if (setting === undefined) {
      ctx.issues.push({ code: 'custom', message: RUNTIME_FEED_EXPECTED, input: value })
      return z.NEVER
    }
    return setting
  }),
})
export type Inputs = z.infer<typeof InputsSchema>

const INPUT_NAMES: Record<keyof Inputs, string> = {
  path: 'path',
  config: 'config',
  failOn: 'fail-on',
  baseline: 'baseline',
  sarifFile: 'sarif-file',
  githubToken: 'github-token',
  vulnerabilityCheck: 'vulnerability-check',
  osvEndpoint: 'osv-endpoint',
  runtimeFeed: 'runtime-feed',
}

const EXPECTED: Partial<Record<keyof Inputs, string>> = {
  failOn: `one of ${FAIL_ON_VALUES.join(', ')}`,
  path: 'a folder inside the workspace',
  vulnerabilityCheck: `one of ${VULNERABILITY_CHECKS.join(', ')}`,
  osvEndpoint: 'an http(s) URL such as https://api.osv.dev',
  runtimeFeed: RUNTIME_FEED_EXPECTED,
}

/** The only caller of core.getInput: reads every input with its default, validates, and logs the result. */
export function getInputs(): Inputs {
  const optional = (name: string) => core.getInput(name).trim() || undefined
  const raw = {
    path: optional('path') ?? '.',
    config: optional('config'),
    failOn: optional('fail-on'),
    baseline: optional('baseline'),
    sarifFile: optional('sarif-file'),
    githubToken: optional('github-token'),
    vulnerabilityCheck: optional('vulnerability-check') ?? 'none',
    osvEndpoint: optional('osv-endpoint') ?? 'https://api.osv.dev',
    runtimeFeed: optional('runtime-feed') ?? 'auto',
  }
  const parsed = InputsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = issue.path[0] as keyof Inputs
    const value =
      key === 'runtimeFeed'
        ? quotableFeedValue(raw.runtimeFeed)
        : key === 'osvEndpoint'
          ? displayEndpoint(String(raw[key]))
          : String(raw[key] ?? '')
    throw new InputError(`Input '${INPUT_NAMES[key]}' was '${value}'; expected ${EXPECTED[key] ?? issue.message}.`)
  }
  for (const [key, value] of Object.entries(parsed.data)) {
    // The token is never logged, not even its length.
    // The endpoint may carry credentials for a private mirror: only its scheme, host and path are logged.
    const shown = key === 'osvEndpoint' ? displayEndpoint(String(value)) : String(value ?? '')
    if (key !== 'githubToken') core.debug(`${INPUT_NAMES[key as keyof Inputs]} = '${shown}'`)
  }
  return parsed.data
}
