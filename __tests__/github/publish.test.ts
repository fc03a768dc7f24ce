import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChangeSet } from '../../src/github/changed-lines.js'
import { ANNOTATIONS_PER_REQUEST } from '../../src/github/check-run.js'
import { parsePatch } from '../../src/github/diff-hunks.js'
import { readRunContext } from '../../src/github/event.js'
import { createGitHubClient } from '../../src/github/octokit.js'
import { publish, type PublishInput } from '../../src/github/publish.js'
import type { Finding } from '../../src/engine/finding.js'
import { countGating } from '../../src/report/summary.js'
import { fakeSecret } from '../../src/testing/fake-secret.js'
import { GitHubPeer } from '../helpers/github-peer.js'
import { sampleFinding } from '../helpers/sample-report.js'

const HEAD = 'a'.repeat(40)
const BASE = 'b'.repeat(40)
const FILE = 'dags/etl.py'
// Lines 1-5 shown, 2 and 4 added.
const PATCH = '@@ -1,3 +1,5 @@\n import os\n+A = 1\n print(1)\n+B = 2\n print(2)'

let peer: GitHubPeer
let waits: number[]
let logs: { info: string[]; warning: string[]; notice: string[] }

beforeEach(async () => {
  peer = await new GitHubPeer().start()
  peer.files = [{ filename: FILE, status: 'modified', patch: PATCH }]
  waits = []
  logs = { info: [], warning: [], notice: [] }
})
afterEach(async () => {
  expect(peer.violations).toEqual([])
  await peer.close()
})

const at = (index: number, line: number, severity: Finding['severity'] = 'error', extra: Partial<Finding> = {}) =>
  sampleFinding(index, severity, { path: FILE, range: { startLine: line, startColumn: 1, endLine: line, endColumn: 6 }, ...extra })

const changes = (): ChangeSet => ({ source: 'pull request files API', files: new Map([[FILE, { path: FILE, patch: parsePatch(PATCH) }]]) })

function prInput(findings: Finding[], overrides: Partial<PublishInput> = {}, headRepo = 'acme/analytics', env: NodeJS.ProcessEnv = {}): PublishInput {
  const { context } = readRunContext(
    {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: 'event.json',
      GITHUB_REPOSITORY: 'acme/analytics',
      GITHUB_RUN_ID: '1234',
      GITHUB_ACTOR: 'octocat',
      ...env,
    },
    () =>
      JSON.stringify({
        pull_request: {
          number: 7,
          head: { sha: HEAD, repo: { full_name: headRepo } },
          base: { sha: BASE, repo: { full_name: 'acme/analytics' } },
        },
      }),
  )
  return {
    client: createGitHubClient({ token: 'ghs_test', baseUrl: peer.url, writeIntervalMs: 0, retry: { sleep: async (ms) => void waits.push(ms) } }),
    context,
    pullRequest: context.pullRequest,
    options: { checkRun: true, reviewComments: true, maxReviewComments: 20, prComment: false },
    findings,
    gating: countGating(findings, 'error'),
    failOn: 'error',
    changes: changes(),
    checkoutMatchesHead: true,
    checkName: 'astro-guard',
    scanPrefix: '',
    renderSummary: (limit) => `## astro-guard\n\nsummary within ${limit}`,
    readLines: () => undefined,
    redact: (text) => text,
    otherOutputs: 'the SARIF file',
    now: () => new Date('2026-11-22T10:00:00Z'),
    log: { info: (m) => logs.info.push(m), warning: (m) => logs.warning.push(m), notice: (m) => logs.notice.push(m) },
    ...overrides,
  }
}

describe('check run', () => {
  it('carries every finding as an annotation, 50 per request, and concludes per fail-on', async () => {
    const findings = Array.from({ length: 123 }, (_, i) => sampleFinding(i, i % 3 === 0 ? 'error' : 'warning', { path: FILE }))
    const report = await publish(prInput(findings, { options: { checkRun: true, reviewComments: false, maxReviewComments: 20, prComment: false } }))
    expect(report.checkRun).toEqual({ id: 1000, conclusion: 'failure', annotations: 123, lost: 0, requests: 3 })
    const [run] = peer.checkRuns
    expect(run.annotationRequests).toEqual([ANNOTATIONS_PER_REQUEST, ANNOTATIONS_PER_REQUEST, 23])
    expect(run.annotations).toHaveLength(123)
    expect(run).toMatchObject({
      name: 'astro-guard',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'failure',
      details_url: 'https://github.com/acme/analytics/actions/runs/1234',
      output: { title: '41 errors, 82 warnings (41 at or above error)', summary: '## astro-guard\n\nsummary within 65535' },
    })
    // Gating (error) findings come first, so a cut list still shows what fails the check.
    expect(run.annotations.slice(0, 41).every((annotation) => annotation.annotation_level === 'failure')).toBe(true)
    expect(run.annotations[0]).toEqual({
      path: FILE,
      start_line: 1,
      end_line: 1,
      start_column: 22,
      end_column: 39,
      annotation_level: 'failure',
      message: findings[0].message,
      title: `AG201 ${findings[0].title}`,
    })
    expect(peer.routes()).toEqual([
      'POST /repos/acme/analytics/check-runs 201',
      'PATCH /repos/acme/analytics/check-runs/1000 200',
      'PATCH /repos/acme/analytics/check-runs/1000 200',
    ])
    expect(logs.notice).toEqual([])
  })

  it('attaches at most 1000 annotations and says how many it left out', async () => {
    const findings = Array.from({ length: 1003 }, (_, i) => sampleFinding(i, 'warning', { path: FILE }))
    const report = await publish(prInput(findings, { options: { checkRun: true, reviewComments: false, maxReviewComments: 20, prComment: false } }))
    expect(report.checkRun).toMatchObject({ annotations: 1000, requests: 20 })
    expect(peer.checkRuns[0].annotations).toHaveLength(1000)
    expect(peer.checkRuns[0].output.summary).toContain('_3 more findings are not annotated here (astro-guard attaches at most 1000)')
  })

  it('creates a completed run in one request when there are at most 50, neutral when reporting only', async () => {
    const findings = [at(1, 2, 'warning')]
    await publish(prInput(findings, { failOn: 'never', gating: 0, options: { checkRun: true, reviewComments: false, maxReviewComments: 20, prComment: false } }))
    expect(peer.checkRuns.map((run) => [run.status, run.conclusion, run.annotationRequests])).toEqual([['completed', 'neutral', [1]]])
    expect(peer.checkRuns[0].output.title).toBe('1 warning (reporting only)')
  })

  it('retries a 500 and succeeds, with one check run in the end', async () => {
    peer.fail({ method: 'POST', path: /\/check-runs$/, status: 500 })
    const report = await publish(prInput([at(1, 2)], { options: { checkRun: true, reviewComments: false, maxReviewComments: 20, prComment: false } }))
    expect(report.failed).toEqual([])
    expect(peer.checkRuns).toHaveLength(1)
    expect(waits).toEqual([1000])
    expect(peer.routes()).toEqual(['POST /repos/acme/analytics/check-runs 500', 'POST /repos/acme/analytics/check-runs 201'])
  })

  it('completes the run with its conclusion when an annotation update keeps failing, and warns', async () => {
    const findings = Array.from({ length: 60 }, (_, i) => sampleFinding(i, 'error', { path: FILE }))
    peer.fail({ method: 'PATCH', path: /\/check-runs\/\d+$/, status: 502, times: 4 })
    const report = await publish(prInput(findings, { options: { checkRun: true, reviewComments: false, maxReviewComments: 20, prComment: false } }))
    expect(report.failed).toEqual(['check run'])
    expect(peer.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure', annotationRequests: [50] })
    expect(peer.checkRuns[0].output.summary).toContain('10 annotations could not be added')
    expect(waits).toEqual([1000, 2000, 4000])
    expect(logs.warning).toEqual([
      "astro-guard could not publish the check run: 10 annotations could not be added to check run 1000 (HTTP 502: Server Error). The verdict is unchanged and every finding is in this job's annotations and summary and the SARIF file.",
    ])
  })
})

describe('review comments', () => {
  it('posts one review with comments on diff lines only, and no review at all on the second run', async () => {
    const findings = [at(1, 2, 'error'), at(2, 3, 'warning'), at(3, 9, 'error')]
    const first = await publish(prInput(findings, { options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }))
    expect(first.review).toMatchObject({ posted: 2, fallback: 'none' })
    expect(peer.reviews).toHaveLength(1)
    expect(peer.reviews[0]).toMatchObject({ commit_id: HEAD, event: 'COMMENT', comments: 2 })
    expect(peer.reviews[0].body).toContain('**astro-guard** found 3 findings in this change; 2 are commented below.')
    expect(peer.reviews[0].body).toContain('The other 1 (1 on lines the diff does not show) are in the `astro-guard` check run and the job summary.')
    expect(peer.reviewComments.map((comment) => [comment.path, comment.line])).toEqual([
      [FILE, 2],
      [FILE, 3],
    ])

    const second = await publish(prInput(findings, { options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }))
    expect(second.review).toMatchObject({ posted: 0, resolved: 0 })
    expect(peer.reviews).toHaveLength(1)
    expect(peer.reviewComments).toHaveLength(2)
    expect(peer.routes().filter((route) => route.startsWith('POST'))).toHaveLength(1)
  })

  it('edits a comment whose finding is gone to say it is resolved, once', async () => {
    const findings = [at(1, 2, 'error'), at(2, 4, 'error')]
    const options = { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false }
    await publish(prInput(findings, { options }))
    const fixed = await publish(prInput([findings[0]], { options }))
    expect(fixed.review).toMatchObject({ posted: 0, resolved: 1 })
    expect(peer.reviewComments[1].body).toMatch(/^✅ \*\*Resolved\*\*: astro-guard no longer reports this finding as of aaaaaaa\./)
    expect(peer.reviewComments[0].body).not.toContain('Resolved')
    const again = await publish(prInput([findings[0]], { options }))
    expect(again.review).toMatchObject({ posted: 0, resolved: 0 })
    expect(peer.routes().filter((route) => route.startsWith('PATCH'))).toHaveLength(1)
  })

  it('ignores markers in comments by people without write access', async () => {
    const finding = at(1, 2, 'error')
    peer.reviewComments.push({
      id: 1,
      body: `nice <!-- astro-guard:fp=${finding.fingerprint} -->`,
      path: FILE,
      line: 2,
      user: { login: 'drive-by', type: 'User' },
      author_association: 'CONTRIBUTOR',
    })
    const report = await publish(prInput([finding], { options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }))
    expect(report.review?.posted).toBe(1)
  })

  it('keeps to max-review-comments, most severe first', async () => {
    const findings = [at(1, 2, 'error'), at(2, 4, 'error'), at(3, 3, 'warning')]
    await publish(prInput(findings, { options: { checkRun: false, reviewComments: true, maxReviewComments: 1, prComment: false } }))
    expect(peer.reviewComments.map((comment) => comment.line)).toEqual([2])
    expect(peer.reviews[0].body).toContain('The other 2 (2 beyond the 1 comments a review gets)')
  })

  it('adds a suggestion block where the finding has a fix', async () => {
    const finding = at(1, 2, 'error', {
      fix: { range: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 6 }, replacement: 'int(os.environ["A"])', description: 'Read it from the environment.' },
    })
    await publish(
      prInput([finding], {
        options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false },
        readLines: () => ['import os', 'A = 1', 'print(1)', 'B = 2', 'print(2)'],
      }),
    )
    expect(peer.reviewComments[0].body).toContain('```suggestion\nA = int(os.environ["A"])\n```\nFix: Read it from the environment.')
  })

  it('retries without the offending comments when GitHub answers 422 anyway, still one review', async () => {
    peer.refuseContextLines = true
    const findings = [at(1, 2, 'error'), at(2, 3, 'error'), at(3, 4, 'warning')]
    const report = await publish(prInput(findings, { options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }))
    expect(report.review).toMatchObject({ posted: 2, fallback: 'added lines only' })
    expect(peer.reviews).toHaveLength(1)
    expect(peer.reviewComments.map((comment) => comment.line)).toEqual([2, 4])
    expect(peer.reviews[0].body).toContain(`GitHub did not accept these as line comments:\n- \`${FILE}:3\` AG201: ${findings[1].message}`)
    expect(peer.routes().filter((route) => route.includes('/reviews'))).toEqual([
      'POST /repos/acme/analytics/pulls/7/reviews 422',
      'POST /repos/acme/analytics/pulls/7/reviews 200',
    ])
    expect(logs.warning[0]).toMatch(/^GitHub rejected the review \(HTTP 422: Unprocessable Entity: "Pull request review thread line must be part of the diff/)
  })

  it('falls back to a review without line comments, listing the findings, when even added lines are refused', async () => {
    peer.refuseContextLines = true
    peer.files = [{ filename: FILE, status: 'modified', patch: '@@ -1,3 +1,3 @@\n import os\n-A = 0\n+A = 1\n print(1)' }]
    // The action's view of the diff says line 3 is added; GitHub's (the peer's) says it is context.
    const report = await publish(prInput([at(1, 3, 'error')], { options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }))
    expect(report.review).toMatchObject({ posted: 0, fallback: 'summary only' })
    expect(peer.reviews).toHaveLength(1)
    expect(peer.reviews[0].comments).toBe(0)
  })

  it('waits out a secondary rate limit for as long as Retry-After says', async () => {
    peer.fail({
      method: 'POST',
      path: /\/reviews$/,
      status: 403,
      headers: { 'retry-after': '3' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' },
    })
    const report = await publish(prInput([at(1, 2)], { options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }))
    expect(report.review?.posted).toBe(1)
    expect(report.skipped).toEqual([])
    expect(waits).toEqual([3000])
    expect(logs.notice).toEqual([])
  })
})

describe('checkout', () => {
  it('skips review comments when the checked-out tree is not the head (pull_request_target left on the base)', async () => {
    const report = await publish(
      prInput([at(1, 2)], { checkoutMatchesHead: false, options: { checkRun: false, reviewComments: true, maxReviewComments: 20, prComment: false } }),
    )
    expect(report.review).toBeUndefined()
    expect(peer.requests).toEqual([])
    expect(logs.warning).toEqual([
      "Review comments skipped: the checked-out commit is not pull request #7's head aaaaaaa, so line numbers may not match its diff. Check out the head (actions/checkout with ref: ${{ github.event.pull_request.head.sha }}).",
    ])
  })
})

describe('summary comment', () => {
  it('is created once and then edited in place', async () => {
    const options = { checkRun: false, reviewComments: false, maxReviewComments: 20, prComment: true }
    const first = await publish(prInput([at(1, 2)], { options, renderSummary: () => 'first' }))
    const second = await publish(prInput([at(1, 2)], { options, renderSummary: () => 'second' }))
    expect(first.summaryComment).toEqual({ action: 'created', id: 1000 })
    expect(second.summaryComment).toEqual({ action: 'updated', id: 1000 })
    expect(peer.issueComments.map((comment) => comment.body)).toEqual(['second\n<!-- astro-guard:summary path=. -->'])
  })
})

describe('tokens that may not write', () => {
  const all = { checkRun: true, reviewComments: true, maxReviewComments: 20, prComment: true }

  it('on a fork pull request: no write is tried, and one notice says what was skipped and what would enable it', async () => {
    const report = await publish(prInput([at(1, 2)], { options: all }, 'contributor/analytics'))
    expect(peer.requests).toEqual([])
    expect(report.skipped).toEqual(['check run', 'review comments', 'summary comment'])
    expect(logs.notice).toEqual([
      "astro-guard skipped the check run (`checks: write`), the review comments (`pull-requests: write`) and the summary comment (`pull-requests: write`): this pull request comes from a fork, and GitHub gives `pull_request` runs from forks a read-only token. Every finding is still in this job's annotations and summary, the step outputs and the SARIF file, and the verdict does not depend on it. To publish them for pull requests from forks, add the second workflow triggered by `workflow_run` (README, \"Pull requests from forks\").",
    ])
    expect(logs.warning).toEqual([])
  })

  it('on a 403 from a read-only token: one notice, and no second write needing the same permission', async () => {
    peer.denied.add('checks')
    peer.denied.add('pull-requests')
    const report = await publish(prInput([at(1, 2)], { options: all }))
    expect(report.skipped).toEqual(['check run', 'review comments', 'summary comment'])
    expect(peer.routes()).toEqual([
      'POST /repos/acme/analytics/check-runs 403',
      'GET /repos/acme/analytics/pulls/7/comments?per_page=100 200',
      'POST /repos/acme/analytics/pulls/7/reviews 403',
    ])
    expect(waits).toEqual([])
    expect(logs.warning).toEqual([])
    expect(logs.notice).toHaveLength(1)
    expect(logs.notice[0]).toMatch(/: the token was refused \(HTTP 403\)\. .* Grant `checks: write` and `pull-requests: write` under `permissions:` in the job\.$/)
  })

  it('publishes what the token allows when only one permission is missing', async () => {
    peer.denied.add('checks')
    const report = await publish(prInput([at(1, 2)], { options: all }))
    expect(report.skipped).toEqual(['check run'])
    expect(peer.reviews).toHaveLength(1)
    expect(peer.issueComments).toHaveLength(1)
    expect(logs.notice).toHaveLength(1)
  })

  it('tries a Dependabot run (permissions: may grant writes) and explains a 403', async () => {
    peer.denied.add('checks')
    peer.denied.add('pull-requests')
    await publish(prInput([at(1, 2)], { options: all }, 'acme/analytics', { GITHUB_ACTOR: 'dependabot[bot]' }))
    expect(logs.notice).toHaveLength(1)
    expect(logs.notice[0]).toContain('this run was started by Dependabot, whose runs get a read-only token by default (GitHub answered 403)')
  })

  it('without a token: one notice and no request', async () => {
    await publish(prInput([at(1, 2)], { options: all, client: undefined }))
    expect(peer.requests).toEqual([])
    expect(logs.notice).toHaveLength(1)
    expect(logs.notice[0]).toContain('the `github-token` input is empty')
  })
})

describe('secrets', () => {
  it('never sends a secret a rule found, whichever body it got into', async () => {
    const secret = fakeSecret(24, 7)
    const leaky = at(1, 2, 'error', { message: `Connection 'x' has password ${secret}.` })
    await publish(
      prInput([leaky], {
        options: { checkRun: true, reviewComments: true, maxReviewComments: 20, prComment: true },
        renderSummary: () => `| ${secret} |`,
        client: createGitHubClient({ token: 'ghs_test', baseUrl: peer.url, writeIntervalMs: 0, redact: (text) => text.replaceAll(secret, '[REDACTED]') }),
      }),
    )
    expect(peer.checkRuns).toHaveLength(1)
    expect(peer.reviews).toHaveLength(1)
    expect(peer.issueComments).toHaveLength(1)
    expect(peer.sentText()).not.toContain(secret)
    expect(peer.sentText()).toContain('[REDACTED]')
    expect(peer.requests.every((request) => request.authorization === 'token ghs_test')).toBe(true)
  })
})
