import { describe, expect, it } from 'vitest'
import { readRunContext } from '../../src/github/event.js'

const HEAD = 'a'.repeat(40)
const BASE = 'b'.repeat(40)

function contextFor(eventName: string, payload: unknown, env: NodeJS.ProcessEnv = {}) {
  return readRunContext(
    {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: '/event.json',
      GITHUB_REPOSITORY: 'acme/analytics',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_ACTOR: 'octocat',
      GITHUB_RUN_ID: '99',
      ...env,
    },
    (path) => {
      expect(path).toBe('/event.json')
      return JSON.stringify(payload)
    },
  )
}

function pullRequest(headRepo: string | null, author = 'octocat') {
  return {
    number: 42,
    changed_files: 3,
    user: { login: author },
    head: { sha: HEAD, repo: headRepo === null ? null : { full_name: headRepo } },
    base: { sha: BASE, repo: { full_name: 'acme/analytics' } },
  }
}

describe('readRunContext', () => {
  it('takes the pull request from the payload and the head commit as the one findings belong to', () => {
    const { context, problems } = contextFor('pull_request', { pull_request: pullRequest('acme/analytics') })
    expect(problems).toEqual([])
    expect(context.pullRequest).toEqual({
      number: 42,
      baseSha: BASE,
      headSha: HEAD,
      headRepo: 'acme/analytics',
      baseRepo: 'acme/analytics',
      changedFiles: 3,
      author: 'octocat',
    })
    expect(context.sha).toBe(HEAD)
    expect(context.restriction).toBeUndefined()
    expect(context.repo).toEqual({ owner: 'acme', repo: 'analytics' })
    expect(context.runUrl).toBe('https://github.com/acme/analytics/actions/runs/99')
  })

  it('expects a read-only token on a pull_request from a fork, or from a deleted fork', () => {
    expect(contextFor('pull_request', { pull_request: pullRequest('someone/analytics') }).context.restriction).toBe('fork')
    expect(contextFor('pull_request', { pull_request: pullRequest(null) }).context.restriction).toBe('fork')
  })

  it('does not restrict pull_request_target from a fork: GitHub gives it a write token', () => {
    const { context } = contextFor('pull_request_target', { pull_request: pullRequest('someone/analytics') })
    expect(context.restriction).toBeUndefined()
    expect(context.pullRequest?.number).toBe(42)
  })

  it('recognises Dependabot: by actor, and for pull_request_target by the pull request author', () => {
    expect(contextFor('pull_request', { pull_request: pullRequest('acme/analytics') }, { GITHUB_ACTOR: 'dependabot[bot]' }).context.restriction).toBe('dependabot')
    expect(contextFor('pull_request_target', { pull_request: pullRequest('acme/analytics', 'dependabot[bot]') }).context.restriction).toBe('dependabot')
    expect(contextFor('push', { after: HEAD, before: BASE }, { GITHUB_ACTOR: 'dependabot[bot]' }).context.restriction).toBe('dependabot')
  })

  it('diffs a push from before to after, and a new branch not at all', () => {
    expect(contextFor('push', { before: BASE, after: HEAD }).context.diffRange).toEqual({ base: BASE, head: HEAD })
    const created = contextFor('push', { before: '0'.repeat(40), after: HEAD }).context
    expect(created.diffRange).toBeUndefined()
    expect(created.sha).toBe(HEAD)
  })

  it('reads a merge queue group and keeps GITHUB_SHA for schedule and workflow_dispatch', () => {
    const merge = contextFor('merge_group', { merge_group: { head_sha: HEAD, base_sha: BASE, head_ref: 'gh-readonly-queue/main/pr-1' } }).context
    expect(merge.sha).toBe(HEAD)
    expect(merge.diffRange).toEqual({ base: BASE, head: HEAD })
    expect(merge.pullRequest).toBeUndefined()
    expect(contextFor('schedule', { schedule: '0 3 * * *' }).context.sha).toBe('c'.repeat(40))
    expect(contextFor('workflow_dispatch', { inputs: {} }).context.pullRequest).toBeUndefined()
  })

  it('reads the triggering run of a workflow_run', () => {
    const { context } = contextFor('workflow_run', {
      workflow_run: { head_sha: HEAD, event: 'pull_request', head_repository: { full_name: 'someone/analytics' }, pull_requests: [] },
    })
    expect(context.workflowRun).toEqual({ headSha: HEAD, headRepo: 'someone/analytics', event: 'pull_request', pullRequests: [] })
    expect(context.sha).toBe(HEAD)
    expect(context.restriction).toBeUndefined()
  })

  it('carries on without pull request features when the payload is unreadable or malformed', () => {
    const broken = readRunContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/missing.json' }, () => {
      throw new Error('ENOENT: no such file')
    })
    expect(broken.problems).toEqual([
      'could not read the event payload at /missing.json: ENOENT: no such file',
      'a pull_request event without a pull_request in its payload; pull request features are off',
    ])
    const malformed = contextFor('pull_request', { pull_request: { number: 'seven' } })
    expect(malformed.context.pullRequest).toBeUndefined()
    expect(malformed.problems[0]).toMatch(/^the pull_request payload has an unexpected 'pull_request\.number'/)
  })
})
