import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readRunContext } from '../../src/github/event.js'
import { createGitHubClient } from '../../src/github/octokit.js'
import { resolvePullRequest } from '../../src/github/pull-request.js'
import { GitHubPeer } from '../helpers/github-peer.js'

const HEAD = 'a'.repeat(40)

let peer: GitHubPeer
beforeEach(async () => {
  peer = await new GitHubPeer().start()
  peer.pull.headRepo = 'contributor/analytics'
})
afterEach(async () => {
  expect(peer.violations).toEqual([])
  await peer.close()
})

function workflowRun(pullRequests: unknown[] = [], event = 'pull_request') {
  return readRunContext({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: 'e.json', GITHUB_REPOSITORY: 'acme/analytics' }, () =>
    JSON.stringify({ workflow_run: { head_sha: HEAD, event, head_repository: { full_name: 'contributor/analytics' }, pull_requests: pullRequests } }),
  ).context
}
const client = () => createGitHubClient({ token: 'ghs_test', baseUrl: peer.url, writeIntervalMs: 0 })

describe('resolvePullRequest for workflow_run', () => {
  it('uses the pull request number input once the pull request\'s head is the commit the triggering run scanned', async () => {
    const { pullRequest, problem } = await resolvePullRequest({ client: client(), context: workflowRun(), numberInput: 7 })
    expect(problem).toBeUndefined()
    expect(pullRequest).toEqual({
      number: 7,
      baseSha: 'b'.repeat(40),
      headSha: HEAD,
      headRepo: 'contributor/analytics',
      baseRepo: 'acme/analytics',
      changedFiles: 0,
      author: 'contributor',
    })
    expect(peer.routes()).toEqual(['GET /repos/acme/analytics/pulls/7 200'])
  })

  it('prefers the pull request the payload names', async () => {
    const context = workflowRun([{ number: 7, head: { sha: HEAD }, base: { sha: 'b'.repeat(40) } }])
    const { pullRequest } = await resolvePullRequest({ client: client(), context, numberInput: 99 })
    expect(pullRequest?.number).toBe(7)
  })

  it('refuses a number whose pull request has another head (a forged or stale artifact)', async () => {
    peer.pull.headSha = 'c'.repeat(40)
    const { pullRequest, problem } = await resolvePullRequest({ client: client(), context: workflowRun(), numberInput: 7 })
    expect(pullRequest).toBeUndefined()
    expect(problem).toBe('pull request #7 has head ccccccc, not aaaaaaa which the triggering run scanned; it is left alone')
  })

  it('says what is missing without a number, and ignores runs that were not for a pull request', async () => {
    expect(await resolvePullRequest({ client: client(), context: workflowRun(), numberInput: undefined })).toEqual({
      pullRequest: undefined,
      problem: "the triggering run's payload names no pull request (GitHub leaves it empty for forks); pass its number with the 'pull-request-number' input",
    })
    expect(await resolvePullRequest({ client: client(), context: workflowRun([], 'push'), numberInput: 7 })).toEqual({ pullRequest: undefined })
    expect(peer.requests).toEqual([])
  })
})
