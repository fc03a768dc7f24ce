import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGitHubClient } from '../../src/github/octokit.js'
import { GitHubPeer } from '../helpers/github-peer.js'

// The peer is only as good as its checks: prove that it rejects what GitHub's description does not allow.
let peer: GitHubPeer
beforeEach(async () => {
  peer = await new GitHubPeer().start()
})
afterEach(async () => {
  await peer.close()
})

const client = () => createGitHubClient({ token: 'ghs_test', baseUrl: peer.url, writeIntervalMs: 0 })

describe('GitHubPeer', () => {
  it('rejects bodies that break the OpenAPI schema: limits, enums, required fields, unknown fields', async () => {
    const annotation = { path: 'a', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm' }
    const attempts = [
      // 51 annotations: maxItems 50.
      { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, () => annotation) } },
      // summary over 65,535 characters.
      { name: 'x', head_sha: 'a', output: { title: 't', summary: 'x'.repeat(65_536) } },
      // 'error' is not an annotation level.
      { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [{ ...annotation, annotation_level: 'error' }] } },
      // head_sha missing.
      { name: 'x' },
      // a misspelt field GitHub would silently ignore.
      { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [{ ...annotation, start_col: 3 }] } },
    ]
    for (const body of attempts) {
      // The untyped form of request(): these bodies are wrong on purpose.
      const sent = client().request({ method: 'POST', url: '/repos/{owner}/{repo}/check-runs', owner: 'acme', repo: 'analytics', ...body })
      await expect(sent).rejects.toMatchObject({ status: 422 })
    }
    expect(peer.violations.map((violation) => violation.replace(/:.*/, ''))).toEqual(Array(5).fill('checks/create'))
    expect(peer.violations[0]).toContain('/output/annotations must NOT have more than 50 items')
    expect(peer.violations[1]).toContain('/output/summary must NOT have more than 65535 characters')
    expect(peer.violations[4]).toContain('must NOT have additional properties')
    expect(peer.checkRuns).toEqual([])
  })

  it('answers routes outside the subset with 404 and records them', async () => {
    await expect(client().request('GET /repos/{owner}/{repo}/actions/secrets', { owner: 'acme', repo: 'analytics' })).rejects.toMatchObject({ status: 404 })
    expect(peer.violations).toEqual(['GET /repos/acme/analytics/actions/secrets is not an operation of the OpenAPI subset'])
  })
})

describe('the client against a hung connection', () => {
  // 1.5 s: short enough to keep the test quick, long enough that a loaded machine answers the retry in time.
  it('abandons the attempt after its timeout and retries it', async () => {
    peer.files = [{ filename: 'a.py', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' }]
    peer.fail({ method: 'GET', path: /\/files$/, status: 200, hang: true })
    const waits: number[] = []
    const hurried = createGitHubClient({ token: 'ghs_test', baseUrl: peer.url, timeoutMs: 1500, retry: { sleep: async (ms) => void waits.push(ms) } })
    const files = await hurried.paginate(hurried.rest.pulls.listFiles, { owner: 'acme', repo: 'analytics', pull_number: 7 })
    expect(files.map((file) => file.filename)).toEqual(['a.py'])
    expect(peer.routes()).toEqual(['GET /repos/acme/analytics/pulls/7/files -1', 'GET /repos/acme/analytics/pulls/7/files 200'])
    expect(waits).toEqual([1000])
  })
})
