import * as core from '@actions/core'
import { z } from 'zod'
import { SCOPES, ScopeSchema } from '../config/config-schema.js'
import { displayEndpoint } from '../dependencies/osv.js'
import { FAIL_ON_VALUES, FailOnSchema } from '../engine/severity.js'
import { VULNERABILITY_CHECKS } from '../run-scan.js'
import { parseRuntimeFeedSetting, quotableFeedValue, RUNTIME_FEED_EXPECTED } from '../runtime/feed.js'

/** Thrown for an input the action cannot work with; main.ts fails the step with its message. */
export class InputError extends Error {
  override name = 'InputError'
}

/** The YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them. */
const BOOLEAN_WORDS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'] as const
const BooleanInput = z.enum(BOOLEAN_WORDS).transform((word) => word.toLowerCase() === 'true')
const CountInput = (max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(max))

/** At most this many review comments per run: every comment notifies, and GitHub rate-limits content creation. */
export const MAX_REVIEW_COMMENTS_LIMIT = 100

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
  /** Undefined: the config file's `scope`, else changed-lines on pull requests and all otherwise. */
  scope: ScopeSchema.optional(),
  checkRun: BooleanInput,
  reviewComments: BooleanInput,
  maxReviewComments: CountInput(MAX_REVIEW_COMMENTS_LIMIT),
  prComment: BooleanInput,
  pullRequestNumber: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number)
    .optional(),
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

/** Input names as action.yml declares them. */
export const INPUT_NAMES: Record<keyof Inputs, string> = {
  path: 'path',
  config: 'config',
  failOn: 'fail-on',
  baseline: 'baseline',
  sarifFile: 'sarif-file',
  githubToken: 'github-token',
  vulnerabilityCheck: 'vulnerability-check',
  osvEndpoint: 'osv-endpoint',
  scope: 'scope',
  checkRun: 'check-run',
  reviewComments: 'review-comments',
  maxReviewComments: 'max-review-comments',
  prComment: 'pr-comment',
  pullRequestNumber: 'pull-request-number',
  runtimeFeed: 'runtime-feed',
}

const EXPECTED: Partial<Record<keyof Inputs, string>> = {
  failOn: `one of ${FAIL_ON_VALUES.join(', ')}`,
  path: 'a folder inside the workspace',
  vulnerabilityCheck: `one of ${VULNERABILITY_CHECKS.join(', ')}`,
  osvEndpoint: 'an http(s) URL such as https://api.osv.dev',
  scope: `one of ${SCOPES.join(', ')}`,
  checkRun: 'true or false',
  reviewComments: 'true or false',
  prComment: 'true or false',
  maxReviewComments: `a whole number from 0 to ${MAX_REVIEW_COMMENTS_LIMIT}`,
  pullRequestNumber: 'a pull request number such as 42',
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
    scope: optional('scope'),
    checkRun: optional('check-run') ?? 'true',
    reviewComments: optional('review-comments') ?? 'true',
    maxReviewComments: optional('max-review-comments') ?? '20',
    prComment: optional('pr-comment') ?? 'false',
    pullRequestNumber: optional('pull-request-number'),
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
