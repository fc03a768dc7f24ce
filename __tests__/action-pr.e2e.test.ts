import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeSecret } from '../src/testing/fake-secret.js'
import { GitHubPeer } from './helpers/github-peer.js'

// End-to-end: the built action (dist/index.js) on pull_request events, as the runner starts it (INPUT_* and
// GITHUB_* variables, an event payload file), talking to the GitHub API peer on 127.0.0.1 (GITHUB_API_URL).
const ROOT = resolve(import.meta.dirname, '..')
const ACTION = join(ROOT, 'dist/index.js')
const TOKEN = 'ghs_e2eTokenThatMustNeverBePrinted'
const HEAD = '1'.repeat(40)
const BASE = '2'.repeat(40)
const PASSWORD = fakeSecret(18, 11)

const FILES = {
  Dockerfile: 'FROM quay.io/astronomer/astro-runtime:11.8.0\n',
  'requirements.txt': 'boto3==1.35.36\nrequests\n',
  'airflow_settings.yaml': [
    'airflow:',
    '  connections:',
    '    - conn_id: warehouse',
    '      conn_type: postgres',
    '      conn_host: db.example.com',
    '      conn_login: etl',
    `      conn_password: ${PASSWORD}`,
    '',
  ].join('\n'),
}
// The pull request adds `requests` and the whole airflow_settings.yaml; the Dockerfile is old news.
const PULL_FILES = [
  { filename: 'requirements.txt', status: 'modified' as const, patch: '@@ -1 +1,2 @@\n boto3==1.35.36\n+requests' },
  {
    filename: 'airflow_settings.yaml',
    status: 'added' as const,
    patch: `@@ -0,0 +1,7 @@\n${FILES['airflow_settings.yaml'].trimEnd().split('\n').map((line) => `+${line}`).join('\n')}`,
  },
]

interface ActionRun {
  status: number | null
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
}

let scratch: string
let workspace: string
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ag-pr-e2e-'))
  workspace = join(scratch, 'workspace')
  mkdirSync(workspace)
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(workspace, name), text)
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const match of text.matchAll(/^([^<\n]+)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3]
  return outputs
}

/** Runs dist/index.js asynchronously (the peer answers from this process, so spawnSync would deadlock). */
async function runAction(peer: GitHubPeer, name: string, headRepo: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const event = join(scratch, `${name}-event.json`)
  const summary = join(scratch, `${name}-summary.md`)
  const output = join(scratch, `${name}-output.txt`)
  writeFileSync(
    event,
    JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: {
        number: 7,
        changed_files: PULL_FILES.length,
        user: { login: 'contributor' },
        head: { sha: HEAD, ref: 'feature', repo: { full_name: headRepo } },
        base: { sha: BASE, ref: 'main', repo: { full_name: 'acme/analytics' } },
      },
      repository: { full_name: 'acme/analytics' },
    }),
  )
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: 'acme/analytics',
    GITHUB_SHA: '3'.repeat(40), // the merge commit GitHub builds for the pull request
    GITHUB_RUN_ID: '555',
    GITHUB_ACTOR: 'contributor',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: peer.url,
    RUNNER_TEMP: scratch,
    'INPUT_GITHUB-TOKEN': TOKEN,
    'INPUT_PR-COMMENT': 'true',
    'INPUT_RUNTIME-FEED': 'embedded', // no network: the Runtime lifecycle table built into the bundle
  }
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value
  const child = spawn(process.execPath, [ACTION], { env, cwd: workspace })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const status = await new Promise<number | null>((done) => child.on('close', done))
  return { status, stdout, stderr, summary: readFileSync(summary, 'utf8'), outputs: parseOutputs(readFileSync(output, 'utf8')) }
}

function expectNothingLeaked(peer: GitHubPeer, ...runs: ActionRun[]) {
  for (const run of runs) {
    for (const text of [run.stdout, run.stderr, run.summary]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(PASSWORD)
    }
  }
  expect(peer.sentText()).not.toContain(PASSWORD)
  expect(peer.violations).toEqual([])
}

if (!existsSync(ACTION)) {
  it.skip('end-to-end pull request runs need dist/index.js: run `npm run build` first', () => {})
}

describe.skipIf(!existsSync(ACTION))('dist/index.js on a pull request from the same repository', () => {
  const peer = new GitHubPeer()
  let first: ActionRun
  let second: ActionRun
  beforeAll(async () => {
    await peer.start()
    peer.files = PULL_FILES
    peer.pull.headSha = HEAD
    first = await runAction(peer, 'same-1', 'acme/analytics')
    second = await runAction(peer, 'same-2', 'acme/analytics')
  }, 60_000)
  afterAll(() => peer.close())

  it('fails on the finding the pull request adds, not on the one it did not touch', () => {
    expect(first.status).toBe(1)
    expect(first.outputs).toMatchObject({ findings: '3', errors: '2', warnings: '1', notices: '0', gating: '1' })
    expect(first.stdout).toContain("::error::astro-guard: 1 finding at or above 'error'.")
    expect(first.summary).toContain('1 outside the changed lines: counted, not gating.')
    expect(first.summary).toMatch(/\| 🔴 \| AG501 [^\n]*\(outside the change\) \|/)
  })

  it('publishes a check run on the head commit with every finding as an annotation', () => {
    const run = peer.checkRuns[0]
    expect(run).toMatchObject({ name: 'astro-guard', head_sha: HEAD, status: 'completed', conclusion: 'failure' })
    expect(run.annotations.map((annotation) => [annotation.path, annotation.start_line, annotation.annotation_level])).toEqual([
      ['airflow_settings.yaml', 7, 'failure'],
      ['Dockerfile', 1, 'failure'],
      ['requirements.txt', 2, 'warning'],
    ])
    expect(run.details_url).toBe('https://github.com/acme/analytics/actions/runs/555')
  })

  it('posts one review with a comment on each finding in the diff, and does not repeat them on the next run', () => {
    expect(peer.reviews).toHaveLength(1)
    expect(peer.reviewComments.map((comment) => [comment.path, comment.line])).toEqual([
      ['airflow_settings.yaml', 7],
      ['requirements.txt', 2],
    ])
    expect(peer.reviewComments[0].body).toContain("Connection 'warehouse' has a literal conn_password in airflow_settings.yaml.")
    expect(second.status).toBe(1)
    expect(peer.routes().filter((route) => route.includes('/reviews'))).toEqual(['POST /repos/acme/analytics/pulls/7/reviews 200'])
  })

  it('keeps one summary comment, created then edited', () => {
    expect(peer.issueComments).toHaveLength(1)
    expect(peer.issueComments[0].body).toContain('## astro-guard')
    // The second run edits the comment in place, or leaves it alone when its text came out identical (the
    // summary includes the scan duration, which may or may not round to the same value): never a second POST.
    const routes = peer.routes().filter((route) => route.includes('/issues/'))
    const edit = `PATCH /repos/acme/analytics/issues/comments/${peer.issueComments[0].id} 200`
    expect(routes.filter((route) => route !== edit)).toEqual([
      'GET /repos/acme/analytics/issues/7/comments?per_page=100 200',
      'POST /repos/acme/analytics/issues/7/comments 201',
      'GET /repos/acme/analytics/issues/7/comments?per_page=100 200',
    ])
    expect(routes.filter((route) => route === edit).length).toBeLessThanOrEqual(1)
  })

  it('prints no notice about skipped surfaces, and never the token or the password', () => {
    expect(first.stdout).not.toContain('astro-guard skipped')
    expectNothingLeaked(peer, first, second)
    expect(peer.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true)
  })
})

describe.skipIf(!existsSync(ACTION))('dist/index.js on a pull request from a fork', () => {
  const peer = new GitHubPeer()
  let run: ActionRun
  beforeAll(async () => {
    await peer.start()
    peer.files = PULL_FILES
    run = await runAction(peer, 'fork', 'contributor/analytics', { 'sarif-file': 'astro-guard.sarif' })
  }, 60_000)
  afterAll(() => peer.close())

  it('gives the same verdict, outputs, annotations, summary and SARIF', () => {
    expect(run.status).toBe(1)
    expect(run.outputs).toMatchObject({ findings: '3', gating: '1', 'sarif-file': join(workspace, 'astro-guard.sarif') })
    expect(run.stdout).toMatch(/^::error title=AG201 [^\n]*file=airflow_settings\.yaml,line=7,/m)
    expect(run.summary).toContain('## astro-guard')
    expect(JSON.parse(readFileSync(join(workspace, 'astro-guard.sarif'), 'utf8')).runs[0].results).toHaveLength(3)
    // Later runs share this workspace: leave no report behind for them to scan.
    rmSync(join(workspace, 'astro-guard.sarif'))
  })

  it('only reads from the API, and says once what it skipped and how to enable it', () => {
    expect(peer.routes()).toEqual(['GET /repos/acme/analytics/pulls/7/files?per_page=100 200'])
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice::astro-guard skipped'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain('this pull request comes from a fork')
    expect(notices[0]).toContain('`workflow_run`')
    expect(run.stdout).not.toContain('::warning::')
    expectNothingLeaked(peer, run)
  })
})

describe.skipIf(!existsSync(ACTION))('dist/index.js when the API fails', () => {
  const peer = new GitHubPeer()
  let failing: ActionRun
  let passing: ActionRun
  beforeAll(async () => {
    await peer.start()
    peer.files = PULL_FILES
    // Final answers (no retry): the check run is refused as invalid, the review's pull request is gone.
    peer.fail({ method: 'POST', path: /\/check-runs$/, status: 422, body: { message: 'Validation Failed' }, times: 2 })
    peer.fail({ method: 'GET', path: /\/pulls\/7\/comments$/, status: 404, body: { message: 'Not Found' }, times: 2 })
    peer.fail({ method: 'GET', path: /\/issues\/7\/comments$/, status: 404, body: { message: 'Not Found' }, times: 2 })
    failing = await runAction(peer, 'api-fails', 'acme/analytics')
    passing = await runAction(peer, 'api-fails-never', 'acme/analytics', { 'fail-on': 'never' })
  }, 60_000)
  afterAll(() => peer.close())

  it('keeps the verdict and every output, and warns once per surface', () => {
    expect(failing.status).toBe(1)
    expect(passing.status).toBe(0)
    for (const run of [failing, passing]) {
      expect(run.outputs).toMatchObject({ findings: '3', errors: '2', warnings: '1' })
      expect(run.summary).toContain('## astro-guard')
      const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning::astro-guard could not publish'))
      expect(warnings.map((line) => line.replace(/:.*?could not publish the ([a-z ]+):.*/, '$1'))).toEqual(['check run', 'review comments', 'summary comment'])
    }
    expect(peer.checkRuns).toEqual([])
    expect(peer.reviews).toEqual([])
    expectNothingLeaked(peer, failing, passing)
  })
})
