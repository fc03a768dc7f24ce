import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type CliIo, runCli } from '../src/cli/main.js'

function io(env: NodeJS.ProcessEnv = {}, isTty = false) {
  const out: string[] = []
  const err: string[] = []
  const handle: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty, env }
  return { handle, stdout: () => out.join(''), stderr: () => err.join('') }
}

const EXAMPLE = 'example-project'
const scratch = mkdtempSync(join(tmpdir(), 'ag-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('astro-guard scan', () => {
  it('prints real findings for the example project as JSON and exits 1 on errors', async () => {
    const cli = io()
    const code = await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--format', 'json', '--today', '2026-11-22'], cli.handle)
    const report = JSON.parse(cli.stdout())
    const ids = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId))
    expect(ids).toContain('AG201')
    expect(ids).toContain('AG401')
    expect(ids).toContain('AG501')
    expect(report.projects).toEqual([
      { root: '.', dockerfile: 'Dockerfile', image: 'quay.io/astronomer/astro-runtime:11.8.0', airflowVersion: '2.9.3' },
    ])
    expect(report.summary.gating).toBeGreaterThan(0)
    expect(code).toBe(1)
    // The example's literal password never reaches the output.
    expect(cli.stdout()).not.toContain('Wh5e-Loader-2024!')
  })

  it('exits 0 when nothing reaches --fail-on', async () => {
    const cli = io()
    expect(await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--fail-on', 'never', '--today', '2026-11-22'], cli.handle)).toBe(0)
    expect(cli.stdout()).toContain('fail-on is never')
  })

  it('groups text output by file, without colour when not a terminal or when NO_COLOR is set', async () => {
    const plain = io({}, false)
    await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--today', '2026-11-22'], plain.handle)
    expect(plain.stdout()).not.toContain('\x1b[')
    expect(plain.stdout()).toMatch(/^airflow_settings\.yaml$/m)
    const noColor = io({ NO_COLOR: '1' }, true)
    await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--today', '2026-11-22'], noColor.handle)
    expect(noColor.stdout()).not.toContain('\x1b[')
    const colour = io({}, true)
    await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--today', '2026-11-22'], colour.handle)
    expect(colour.stdout()).toContain('\x1b[31m')
  })

  it('writes SARIF to --output', async () => {
    const cli = io()
    const output = join(scratch, 'out.sarif')
    await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--format', 'sarif', '--output', output], cli.handle)
    const sarif = JSON.parse(readFileSync(output, 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
    expect(cli.stdout()).toBe('')
    expect(cli.stderr()).toContain(`wrote sarif report to ${output}`)
  })

  it('prints workflow commands with --format github', async () => {
    const cli = io()
    await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--format', 'github', '--today', '2026-11-22'], cli.handle)
    expect(cli.stdout()).toMatch(/^::error title=AG201 [^:]*,file=airflow_settings\.yaml,line=10,/m)
  })

  it.each([
    [['scan', '--format', 'xml'], "Option '--format' was 'xml'; expected one of text, json, sarif, github."],
    [['scan', '--fail-on', 'warn'], "Option '--fail-on' was 'warn'; expected one of error, warning, notice, never."],
    [['scan', '--today', 'tomorrow'], "Option '--today' was 'tomorrow'; expected a date as YYYY-MM-DD."],
    [['scan', '--runtime-feed', 'https://me:hunter2hunter2@feed.example/x'], "Option '--runtime-feed' was 'https://***@feed.example/x'; expected"],
    [['scan', '--runtime-feed', 'ftp://feed.example/x'], "Option '--runtime-feed' was 'ftp://feed.example/x'; expected 'auto', 'embedded', or an http(s) URL"],
    [['scan', 'no/such/folder'], "Path 'no/such/folder' is not a folder"],
    [['scan', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], "Unknown command 'frobnicate'; expected one of scan, baseline, rules, explain."],
    [['explain', 'AG999'], "Unknown rule 'AG999'"],
  ])('exits 2 with a message naming the bad value: %j', async (argv, message) => {
    const cli = io()
    expect(await runCli(argv, cli.handle)).toBe(2)
    expect(cli.stderr()).toContain(message)
  })

  it('exits 2 on an invalid configuration file, naming file, line and column', async () => {
    const config = join(scratch, 'bad.yml')
    writeFileSync(config, 'fail-on: sometimes\n')
    const cli = io()
    expect(await runCli(['scan', EXAMPLE, '--runtime-feed', 'embedded', '--config', config], cli.handle)).toBe(2)
    expect(cli.stderr()).toContain(`${config}:1:10: 'fail-on' must be one of error, warning, notice, never.`)
  })
})

describe('astro-guard rules and explain', () => {
  it('lists every rule with id, severity and responsibility', async () => {
    const cli = io()
    expect(await runCli(['rules'], cli.handle)).toBe(0)
    expect(cli.stdout()).toMatch(/^AG201 {2}error {4}2\. Secrets storage +hardcoded-connection-password: /m)
  })

  it('explains a rule by id', async () => {
    const cli = io()
    expect(await runCli(['explain', 'ag501'], cli.handle)).toBe(0)
    expect(cli.stdout()).toContain('AG501 outdated-runtime-image')
    expect(cli.stdout()).toContain('How to fix:')
  })
})

describe('astro-guard scan --output inside the scanned folder', () => {
  it('never scans its own report on the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-own-output-'))
    try {
      writeFileSync(join(dir, 'requirements.txt'), 'pandas==2.2.3\n')
      const first = io()
      await runCli(['scan', dir, '--format', 'sarif', '--output', join(dir, 'astro-guard.sarif'), '--runtime-feed', 'embedded'], first.handle)
      const second = io()
      const code = await runCli(['scan', dir, '--format', 'json', '--output', join(dir, 'astro-guard.sarif'), '--runtime-feed', 'embedded'], second.handle)
      expect(code).toBe(0)
      const again = io()
      await runCli(['scan', dir, '--format', 'json', '--runtime-feed', 'embedded', '--no-baseline'], again.handle)
      // Without --output naming it, the report is an ordinary file: this documents why the exclusion matters.
      expect(JSON.parse(again.stdout()).summary.files).toBe(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
