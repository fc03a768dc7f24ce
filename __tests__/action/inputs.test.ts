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
      vulnerabilityCheck: 'none',
      osvEndpoint: 'https://api.osv.dev',
    })
  })

  it('reads the vulnerability check and refuses an endpoint that is not http(s), without echoing credentials', () => {
    inputs.set('vulnerability-check', 'osv')
    inputs.set('osv-endpoint', 'https://osv.mirror.example/')
    expect(getInputs()).toMatchObject({ vulnerabilityCheck: 'osv', osvEndpoint: 'https://osv.mirror.example/' })
    inputs.set('osv-endpoint', 'ftp://reader:s3cr3t-pass@osv.mirror.example/')
    expect(() => getInputs()).toThrow("Input 'osv-endpoint' was 'ftp://osv.mirror.example'; expected an http(s) URL such as https://api.osv.dev.")
    inputs.set('osv-endpoint', 'https://osv.mirror.example/')
    inputs.set('vulnerability-check', 'snyk')
    expect(() => getInputs()).toThrow("Input 'vulnerability-check' was 'snyk'; expected one of none, osv.")
  })

  it('reads the baseline path and an explicit fail-on', () => {
    inputs.set('baseline', ' ci/accepted.json ')
    inputs.set('fail-on', 'warning')
    expect(getInputs()).toMatchObject({ baseline: 'ci/accepted.json', failOn: 'warning' })
  })
})
