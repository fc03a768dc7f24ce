import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import { getInputs, INPUT_NAMES } from '../../src/action/inputs.js'

const ROOT = resolve(import.meta.dirname, '../..')

// @actions/core reads inputs from INPUT_<NAME> variables, as the runner sets them.
function withInputs(inputs: Record<string, string>) {
  for (const [name, value] of Object.entries(inputs)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value)
}
afterEach(() => {
  vi.unstubAllEnvs()
})
vi.spyOn(process.stdout, 'write').mockImplementation(() => true) // core.debug lines

describe('getInputs: pull request inputs', () => {
  it('applies the defaults action.yml documents', () => {
    expect(getInputs()).toEqual({
      path: '.',
      config: undefined,
      failOn: undefined,
      baseline: undefined,
      sarifFile: undefined,
      githubToken: undefined,
      scope: undefined,
      checkRun: true,
      reviewComments: true,
      maxReviewComments: 20,
      prComment: false,
      pullRequestNumber: undefined,
      runtimeFeed: 'auto',
      vulnerabilityCheck: 'none',
      osvEndpoint: 'https://api.osv.dev',
    })
  })

  it('parses the pull request inputs', () => {
    withInputs({ scope: 'changed-files', 'check-run': 'False', 'review-comments': 'false', 'max-review-comments': '0', 'pr-comment': 'TRUE', 'pull-request-number': '42' })
    expect(getInputs()).toMatchObject({ scope: 'changed-files', checkRun: false, reviewComments: false, maxReviewComments: 0, prComment: true, pullRequestNumber: 42 })
  })

  it.each([
    ['scope', 'diff', "Input 'scope' was 'diff'; expected one of all, changed-files, changed-lines."],
    ['review-comments', 'yes', "Input 'review-comments' was 'yes'; expected true or false."],
    ['pr-comment', 'on', "Input 'pr-comment' was 'on'; expected true or false."],
    ['check-run', '1', "Input 'check-run' was '1'; expected true or false."],
    ['max-review-comments', '101', "Input 'max-review-comments' was '101'; expected a whole number from 0 to 100."],
    ['max-review-comments', '-1', "Input 'max-review-comments' was '-1'; expected a whole number from 0 to 100."],
    ['pull-request-number', '0', "Input 'pull-request-number' was '0'; expected a pull request number such as 42."],
  ])('refuses %s %j naming the value and what is allowed', (name, value, message) => {
    withInputs({ [name]: value })
    expect(() => getInputs()).toThrow(message)
  })
})

describe('action.yml and README', () => {
  const action = parse(readFileSync(resolve(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
    outputs: Record<string, unknown>
  }

  it('declare exactly the inputs the action reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(INPUT_NAMES).sort())
  })

  it('give every input and output a row in the README tables', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
      expect(readme, name).toMatch(new RegExp(`^\\| [^|]*\`${name}\``, 'm'))
    }
  })

  it('have defaults that parse to what getInputs uses without them', () => {
    const implicit = getInputs()
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default !== undefined && !input.default.includes('${{')) vi.stubEnv(`INPUT_${name.toUpperCase()}`, input.default)
    }
    expect(getInputs()).toEqual(implicit)
  })
})
