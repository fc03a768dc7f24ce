import { beforeEach, describe, expect, it, vi } from 'vitest'

const inputs = new Map<string, string>()
vi.mock('@actions/core', () => ({
  getInput: (name: string) => inputs.get(name) ?? '',
  debug: () => {},
}))
const { getInputs } = await import('../../src/action/inputs.js')

describe('action inputs', () => {
  beforeEach(() => inputs.clear())

  it('leaves fail-on and baseline unset by default, so the configuration file decides', () => {
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
    })
  })

  it('reads the baseline path and an explicit fail-on', () => {
    inputs.set('baseline', ' ci/accepted.json ')
    inputs.set('fail-on', 'warning')
    expect(getInputs()).toMatchObject({ baseline: 'ci/accepted.json', failOn: 'warning' })
  })
})
