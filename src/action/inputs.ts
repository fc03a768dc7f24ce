import * as core from '@actions/core'
import { z } from 'zod'
import { FAIL_ON_VALUES, FailOnSchema } from '../engine/severity.js'
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
  runtimeFeed: 'runtime-feed',
}

const EXPECTED: Partial<Record<keyof Inputs, string>> = {
  failOn: `one of ${FAIL_ON_VALUES.join(', ')}`,
  path: 'a folder inside the workspace',
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
    runtimeFeed: optional('runtime-feed') ?? 'auto',
  }
  const parsed = InputsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = issue.path[0] as keyof Inputs
    const value = key === 'runtimeFeed' ? quotableFeedValue(raw.runtimeFeed) : String(raw[key] ?? '')
    throw new InputError(`Input '${INPUT_NAMES[key]}' was '${value}'; expected ${EXPECTED[key] ?? issue.message}.`)
  }
  for (const [key, value] of Object.entries(parsed.data)) {
    // The token is never logged, not even its length.
    if (key !== 'githubToken') core.debug(`${INPUT_NAMES[key as keyof Inputs]} = '${String(value ?? '')}'`)
  }
  return parsed.data
}
