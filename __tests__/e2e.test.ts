import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// These run the committed bundles as GitHub and users run them: `node dist/index.js` with the environment the
// runner sets, and `node dist/cli/index.js`. The Node running the tests runs them (20 here, 24 in test:node24).
const ROOT = resolve(import.meta.dirname, '..')
const ACTION = join(ROOT, 'dist/index.js')
const CLI = join(ROOT, 'dist/cli/index.js')
const scratch = mkdtempSync(join(tmpdir(), 'ag-e2e-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** @actions/core writes outputs as `name<<delimiter\nvalue\ndelimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^([^<\n]+)<<(.+)\n([\s\S]*?)\n\2$/gm
  let match: RegExpExecArray | null
  while ((match = pattern.exec(text)) !== null) outputs[match[1]] = match[3]
  return outputs
}

function runAction(inputs: Record<string, string>, name: string) {
  const dir = join(scratch, name)
  const event = join(scratch, `${name}-event.json`)
  const summary = join(scratch, `${name}-summary.md`)
  const output = join(scratch, `${name}-output.txt`)
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/analytics' } }))
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ROOT,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: 'acme/analytics',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: scratch,
  }
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value
  const result = spawnSync(process.execPath, [ACTION], { env, cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  void dir
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs: parseOutputs(readFileSync(output, 'utf8')),
  }
}

describe.skipIf(!existsSync(ACTION))('the action (dist/index.js) on the example project', () => {
  const sarif = join(scratch, 'reports/astro-guard.sarif')
  // check-run off: with a token the action would otherwise call the GitHub API (tests never leave 127.0.0.1;
  // __tests__/action-pr.e2e.test.ts runs the API surfaces against a local peer).
  const run = runAction(
    {
      path: 'example-project',
      'fail-on': 'error',
      'sarif-file': sarif,
      'github-token': 'ghs_not_a_real_token',
      'runtime-feed': 'embedded',
      'check-run': 'false',
    },
    'push',
  )

  it('fails the step with exit code 1 because errors were found', () => {
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^::error::astro-guard: \d+ findings? at or above 'error'\.$/m)
  })

  it('emits annotations with file, line, end line, column and title, paths relative to the repository', () => {
    expect(run.stdout).toMatch(
      /^::error title=AG201 Connection password written in airflow_settings\.yaml,file=example-project\/airflow_settings\.yaml,line=10,endLine=10,col=22,endColumn=\d+::Connection 'warehouse' has a literal conn_password in airflow_settings\.yaml\.$/m,
    )
    // Which dependency warnings fit in GitHub's 10 per type depends on how many the example holds: any will do.
    expect(run.stdout).toMatch(/^::warning title=AG4\d\d [^,]+,file=example-project\/[\w./-]+,line=\d+,endLine=\d+,col=\d+,endColumn=\d+::/m)
  })

  it('writes the job summary with counts per responsibility and links to the lines', () => {
    expect(run.summary).toContain('## astro-guard')
    expect(run.summary).toContain('| 2. Secrets storage | 1 | 0 | 1 |')
    expect(run.summary).toContain(
      '(https://github.com/acme/analytics/blob/0123456789abcdef0123456789abcdef01234567/example-project/airflow_settings.yaml#L10)',
    )
  })

  it('sets every output', () => {
    expect(Number(run.outputs.findings)).toBeGreaterThanOrEqual(5)
    expect(Number(run.outputs.errors)).toBeGreaterThanOrEqual(2)
    expect(Number(run.outputs.warnings)).toBeGreaterThanOrEqual(2)
    expect(Number(run.outputs.notices)).toBeGreaterThanOrEqual(1)
    expect(run.outputs['sarif-file']).toBe(sarif)
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBe(Number(run.outputs.findings))
  })

  it('never prints a secret or the token', () => {
    for (const text of [run.stdout, run.stderr, run.summary, readFileSync(sarif, 'utf8')]) {
      expect(text).not.toContain('Wh5e-Loader-2024!')
      expect(text).not.toContain('ghs_not_a_real_token')
    }
  })
})

describe.skipIf(!existsSync(ACTION))('the action with bad inputs', () => {
  it('fails the step naming the input, its value and the allowed values', () => {
    const run = runAction({ path: 'example-project', 'fail-on': 'sometimes' }, 'bad-fail-on')
    expect(run.status).toBe(1)
    expect(run.stdout).toContain("::error::astro-guard: Input 'fail-on' was 'sometimes'; expected one of error, warning, notice, never.")
  })

  it('refuses a path outside the workspace', () => {
    const run = runAction({ path: '../..' }, 'escape')
    expect(run.status).toBe(1)
    expect(run.stdout).toContain("::error::astro-guard: Input 'path' was '../..'; expected a folder inside the workspace")
  })

  it('passes with fail-on never and still reports', () => {
    const run = runAction({ path: 'example-project', 'fail-on': 'never', 'runtime-feed': 'embedded' }, 'never')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('::error title=AG201')
  })
})

describe.skipIf(!existsSync(CLI))('the CLI bundle (dist/cli/index.js)', () => {
  it('scans the example project like the README says and exits 1 on errors', () => {
    const result = spawnSync(process.execPath, [CLI, 'scan', 'example-project', '--format', 'json', '--runtime-feed', 'embedded'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    })
    expect(result.status).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.summary.errors).toBeGreaterThanOrEqual(2)
    expect(result.stdout).not.toContain('Wh5e-Loader-2024!')
  })

  it('exits 2 on a usage error', () => {
    const result = spawnSync(process.execPath, [CLI, 'scan', '--format', 'yaml'], { cwd: ROOT, encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("Option '--format' was 'yaml'; expected one of text, json, sarif, github.")
  })

  it('is the first bin entry of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(Object.values(pkg.bin)[0]).toBe('dist/cli/index.js')
  })
})
