import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type ChangeSet, changesFromGit, checkoutMatchesHead, gitRunner } from '../../src/github/changed-lines.js'
import { parsePatch } from '../../src/github/diff-hunks.js'
import { readRunContext, type RunContext } from '../../src/github/event.js'
import { createGitHubClient } from '../../src/github/octokit.js'
import { applyScope, effectiveScope, loadChanges } from '../../src/github/scope.js'
import { GitHubPeer } from '../helpers/github-peer.js'
import { sampleFinding } from '../helpers/sample-report.js'

const CHANGES: ChangeSet = {
  source: 'git diff',
  files: new Map([
    ['dags/etl.py', { path: 'dags/etl.py', patch: parsePatch('@@ -1,3 +1,4 @@\n a\n+b\n c\n d') }],
    ['logo.png', { path: 'logo.png', patch: undefined }],
  ]),
}

describe('effectiveScope', () => {
  it('prefers the input, then the config file, then changed-lines on pull requests and all elsewhere', () => {
    expect(effectiveScope('all', 'changed-files', true)).toBe('all')
    expect(effectiveScope(undefined, 'changed-files', true)).toBe('changed-files')
    expect(effectiveScope(undefined, undefined, true)).toBe('changed-lines')
    expect(effectiveScope(undefined, undefined, false)).toBe('all')
  })
})

describe('applyScope', () => {
  const findings = [
    sampleFinding(0, 'error', { path: 'dags/etl.py', range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 } }),
    sampleFinding(1, 'error', { path: 'dags/etl.py', range: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 } }),
    sampleFinding(2, 'error', { path: 'dags/etl.py', range: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 5 } }),
    sampleFinding(3, 'error', { path: 'Dockerfile' }),
    sampleFinding(4, 'error', { path: 'logo.png' }),
  ]
  const outOfScope = (scoped: ReturnType<typeof applyScope>) => scoped.map((finding) => finding.outOfScope === true)

  it('changed-lines: in scope when any of its lines was added; a file without lines counts as changed', () => {
    expect(outOfScope(applyScope(findings, 'changed-lines', CHANGES))).toEqual([false, true, false, true, false])
  })

  it('changed-files: in scope when its file changed at all', () => {
    expect(outOfScope(applyScope(findings, 'changed-files', CHANGES))).toEqual([false, false, false, true, false])
  })

  it('keeps every finding in scope for scope all, or when the change is unknown', () => {
    expect(outOfScope(applyScope(findings, 'all', CHANGES))).toEqual([false, false, false, false, false])
    expect(outOfScope(applyScope(findings, 'changed-lines', undefined))).toEqual([false, false, false, false, false])
  })
})

/** A throwaway repository: base commit, a branch with one more commit, and the merge GitHub would build. */
let repo: string
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim()
let base = ''
let head = ''
let merge = ''

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'ag-git-'))
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'test@example.invalid')
  git('config', 'user.name', 'test')
  writeFileSync(join(repo, 'requirements.txt'), 'pandas==2.2.2\nnumpy==1.26.4\n')
  writeFileSync(join(repo, 'README.md'), 'hello\n')
  git('add', '.')
  git('commit', '-q', '-m', 'base')
  base = git('rev-parse', 'HEAD')
  git('checkout', '-q', '-b', 'feature')
  writeFileSync(join(repo, 'requirements.txt'), 'pandas==2.2.2\nrequests\nnumpy==1.26.4\n')
  git('commit', '-q', '-am', 'feature')
  head = git('rev-parse', 'HEAD')
  git('checkout', '-q', 'main')
  writeFileSync(join(repo, 'README.md'), 'hello world\n')
  git('commit', '-q', '-am', 'main moves on')
  git('merge', '-q', '--no-ff', '-m', 'merge', 'feature')
  merge = git('rev-parse', 'HEAD')
})
afterAll(() => rmSync(repo, { recursive: true, force: true }))

describe('changes from git', () => {
  it('diffs from the merge base like a pull request, so the base branch moving on adds nothing', () => {
    const changes = changesFromGit(gitRunner(repo), git('rev-parse', 'main~1'), head, true)
    expect(changes?.source).toBe('git diff')
    expect([...(changes?.files.keys() ?? [])]).toEqual(['requirements.txt'])
    expect([...(changes?.files.get('requirements.txt')?.patch?.added ?? [])]).toEqual([2])
  })

  it('is undefined when a commit is missing (a shallow clone)', () => {
    expect(changesFromGit(gitRunner(repo), 'f'.repeat(40), head, true)).toBeUndefined()
  })

  it('knows whether the checkout is the head or GitHub\'s merge commit of it', () => {
    expect(checkoutMatchesHead(gitRunner(repo), head)).toBe(true) // HEAD is the merge, its second parent the head
    expect(checkoutMatchesHead(gitRunner(repo), base)).toBe(false)
    expect(checkoutMatchesHead(gitRunner(tmpdir()), head)).toBeUndefined()
    expect(merge).not.toBe(head)
  })
})

describe('loadChanges', () => {
  let peer: GitHubPeer
  beforeEach(async () => {
    peer = await new GitHubPeer().start()
  })
  afterEach(async () => {
    await peer.close()
  })

  function prContext(changedFiles: number): RunContext {
    const { context } = readRunContext(
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: 'event.json', GITHUB_REPOSITORY: 'acme/analytics', GITHUB_API_URL: peer.url },
      () =>
        JSON.stringify({
          pull_request: {
            number: 7,
            changed_files: changedFiles,
            head: { sha: head, repo: { full_name: 'acme/analytics' } },
            base: { sha: base, repo: { full_name: 'acme/analytics' } },
          },
        }),
    )
    return context
  }
  const client = () => createGitHubClient({ token: 'ghs_test', baseUrl: peer.url, writeIntervalMs: 0 })

  it('pages through the pull request files, 100 at a time', async () => {
    peer.files = Array.from({ length: 250 }, (_, i) => ({
      filename: `dags/dag_${String(i).padStart(3, '0')}.py`,
      status: 'modified' as const,
      patch: '@@ -1 +1,2 @@\n x\n+y',
    }))
    peer.files.push({ filename: 'gone.py', status: 'removed', patch: '@@ -1 +0,0 @@\n-x' })
    const context = prContext(251)
    const { changes, problems } = await loadChanges({ client: client(), context, pullRequest: context.pullRequest, git: gitRunner(repo) })
    expect(problems).toEqual([])
    expect(changes?.source).toBe('pull request files API')
    expect(changes?.files.size).toBe(250)
    expect(changes?.files.has('gone.py')).toBe(false)
    expect([...(changes?.files.get('dags/dag_249.py')?.patch?.added ?? [])]).toEqual([2])
    expect(peer.routes()).toEqual([
      'GET /repos/acme/analytics/pulls/7/files?per_page=100 200',
      'GET /repos/acme/analytics/pulls/7/files?per_page=100&page=2 200',
      'GET /repos/acme/analytics/pulls/7/files?per_page=100&page=3 200',
    ])
    expect(peer.violations).toEqual([])
  })

  it('falls back to git when the API lists fewer files than the pull request has', async () => {
    peer.files = [{ filename: 'requirements.txt', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' }]
    const context = prContext(4000)
    const { changes, problems } = await loadChanges({ client: client(), context, pullRequest: context.pullRequest, git: gitRunner(repo) })
    expect(problems).toEqual(['the pull request files API listed 1 of 4000 changed files (it stops at 3000)'])
    expect(changes?.source).toBe('git diff')
  })

  it('falls back to git when the API fails, and says why when git cannot help either', async () => {
    peer.denied.add('pull-requests')
    peer.fail({ method: 'GET', path: /\/files$/, status: 404, body: { message: 'Not Found' } })
    const context = prContext(1)
    const { changes, problems } = await loadChanges({ client: client(), context, pullRequest: context.pullRequest, git: () => undefined })
    expect(changes).toBeUndefined()
    expect(problems).toEqual([
      "could not list the pull request's files (HTTP 404: Not Found)",
      `git history does not hold both ${base.slice(0, 7)} and ${head.slice(0, 7)} (use actions/checkout with fetch-depth: 0)`,
    ])
  })
})
