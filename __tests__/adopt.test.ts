import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type CliIo, runCli } from '../src/cli/main.js'
import { fakeSecret } from '../src/testing/fake-secret.js'

function io() {
  const out: string[] = []
  const err: string[] = []
  const handle: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, env: {} }
  return { handle, stdout: () => out.join(''), stderr: () => err.join('') }
}

/** Runs the CLI; scans and baselines use the embedded Runtime data (tests never reach the network). */
async function cli(...argv: string[]) {
  const capture = io()
  const offline = argv[0] === 'scan' || argv[0] === 'baseline' ? [...argv, '--runtime-feed', 'embedded'] : argv
  const code = await runCli(offline, capture.handle)
  return { code, stdout: capture.stdout(), stderr: capture.stderr() }
}

const scratch = mkdtempSync(join(tmpdir(), 'ag-adopt-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const OLD_PASSWORD = fakeSecret(20, 'adopt-old')
const NEW_PASSWORD = fakeSecret(20, 'adopt-new')
const TODAY = '2026-11-22'

function connection(id: string, password: string): string {
  return `    - conn_id: ${id}\n      conn_type: postgres\n      conn_host: db.example.com\n      conn_password: ${password}\n`
}

/** A small Astro project with findings that predate astro-guard. */
function project(name: string): string {
  const root = join(scratch, name)
  mkdirSync(join(root, 'dags'), { recursive: true })
  writeFileSync(join(root, 'Dockerfile'), 'FROM quay.io/astronomer/astro-runtime:9.1.0\n')
  writeFileSync(join(root, 'dags/etl.py'), 'from airflow import DAG\n')
  writeFileSync(join(root, 'requirements.txt'), 'apache-airflow-providers-snowflake\n')
  writeFileSync(join(root, 'airflow_settings.yaml'), `airflow:\n  connections:\n${connection('warehouse', OLD_PASSWORD)}`)
  return root
}

interface JsonFinding {
  ruleId: string
  path: string
  baselined?: boolean
  credential?: boolean
  fingerprint: string
  range: { startLine: number }
}

async function scanJson(root: string, ...extra: string[]) {
  const run = await cli('scan', root, '--format', 'json', '--today', TODAY, ...extra)
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; summary: { gating: number }; notes: string[] }
  return { ...run, report }
}

describe('adopting astro-guard on a repository with existing findings', () => {
  it('takes two commands: write a baseline, then only new problems fail the scan', async () => {
    const root = project('adopt')
    expect((await cli('scan', root, '--today', TODAY)).code).toBe(1)

    const written = await cli('baseline', root, '--today', TODAY)
    expect(written.code).toBe(0)
    expect(written.stderr).toBe(
      `astro-guard: wrote .astro-guard-baseline.json: 3 entries for 3 findings; they no longer gate. Commit the file.\n`,
    )
    const baselineText = readFileSync(join(root, '.astro-guard-baseline.json'), 'utf8')
    expect(baselineText).not.toContain(OLD_PASSWORD)

    const clean = await scanJson(root)
    expect(clean.code).toBe(0)
    expect(clean.report.summary.gating).toBe(0)
    expect(clean.report.findings.map((finding) => `${finding.ruleId} ${finding.baselined ?? false}`)).toEqual([
      'AG501 true',
      'AG201 true',
      'AG401 true',
    ])
    expect(clean.report.notes).toContain('3 findings are in the baseline .astro-guard-baseline.json and do not gate.')

    // A new violation in a pull request: only it gates.
    writeFileSync(
      join(root, 'airflow_settings.yaml'),
      `airflow:\n  connections:\n${connection('warehouse', OLD_PASSWORD)}${connection('marketing', NEW_PASSWORD)}`,
    )
    const dirty = await scanJson(root)
    expect(dirty.code).toBe(1)
    expect(dirty.report.summary.gating).toBe(1)
    expect(dirty.report.findings.filter((finding) => !finding.baselined).map((finding) => `${finding.ruleId} ${finding.path}:${finding.range.startLine}`)).toEqual([
      'AG201 airflow_settings.yaml:10',
    ])
    expect(dirty.stdout).not.toContain(NEW_PASSWORD)

    const text = await cli('scan', root, '--today', TODAY)
    const fingerprint = dirty.report.findings.find((finding) => !finding.baselined)?.fingerprint.slice(0, 8)
    expect(text.stdout).toContain(`AG201:${fingerprint} hardcoded-connection-password\n`)
    expect(text.stdout).toMatch(/AG501 outdated-runtime-image \[baselined\]/)
    expect(text.stdout).toContain("1 finding at or above 'error': failing.")

    // --no-baseline shows everything as new.
    expect((await cli('scan', root, '--today', TODAY, '--no-baseline')).code).toBe(1)
  })

  it('prunes entries whose findings were fixed, without accepting new ones', async () => {
    const root = project('prune')
    await cli('baseline', root, '--today', TODAY)
    writeFileSync(join(root, 'requirements.txt'), 'apache-airflow-providers-snowflake==6.0.0\npandas>=2\n')
    const stale = await scanJson(root)
    expect(stale.code).toBe(0)
    expect(stale.report.findings.filter((finding) => !finding.baselined).map((finding) => `${finding.ruleId} ${finding.path}:${finding.range.startLine}`)).toEqual([
      'AG401 requirements.txt:2',
      'AG006 .astro-guard-baseline.json:6',
    ])

    const pruned = await cli('baseline', root, '--prune', '--today', TODAY)
    expect(pruned.stderr).toBe(
      'astro-guard: wrote .astro-guard-baseline.json: removed 1 entry that matched nothing and lowered the count of 0 entries; 2 entries remain.\n',
    )
    const after = await scanJson(root)
    expect(after.report.findings.filter((finding) => !finding.baselined).map((finding) => finding.ruleId)).toEqual(['AG401'])
  })

  it('keeps what people wrote (reason, expires) when the baseline is written again, and gates expired entries', async () => {
    const root = project('expiry')
    await cli('baseline', root, '--today', TODAY)
    const file = join(root, '.astro-guard-baseline.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace('"rule":"AG501","path":"Dockerfile",', '"rule":"AG501","path":"Dockerfile","expires":"2026-12-31","reason":"upgrade in PLAT-118",'))
    await cli('baseline', root, '--today', TODAY)
    expect(readFileSync(file, 'utf8')).toMatch(/"rule":"AG501","path":"Dockerfile","fingerprint":"[0-9a-f]{32}","reason":"upgrade in PLAT-118","expires":"2026-12-31"/)
    expect((await cli('scan', root, '--today', '2026-12-30')).code).toBe(0)
    const expired = await scanJson(root, '--today', '2026-12-31')
    expect(expired.code).toBe(1)
    expect(expired.report.findings.filter((finding) => !finding.baselined).map((finding) => finding.ruleId)).toEqual(['AG501', 'AG007'])
  })

  it('takes the baseline from --baseline or the config, and fails on a missing explicit one', async () => {
    const root = project('paths')
    const elsewhere = join(scratch, 'paths-baseline.json')
    await cli('baseline', root, '--baseline', elsewhere, '--today', TODAY)
    expect(existsSync(join(root, '.astro-guard-baseline.json'))).toBe(false)
    expect((await cli('scan', root, '--today', TODAY)).code).toBe(1)
    const explicit = await cli('scan', root, '--today', TODAY, '--baseline', elsewhere)
    expect(explicit.code).toBe(0)

    mkdirSync(join(root, 'ci'))
    writeFileSync(join(root, '.astro-guard.yml'), 'baseline: ci/accepted.json\n')
    const missing = await cli('scan', root, '--today', TODAY)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe("astro-guard: Baseline file 'ci/accepted.json' does not exist; write it with 'astro-guard baseline'.\n")
    await cli('baseline', root, '--today', TODAY)
    expect(existsSync(join(root, 'ci/accepted.json'))).toBe(true)
    expect((await cli('scan', root, '--today', TODAY)).code).toBe(0)

    const conflicting = await cli('scan', root, '--baseline', elsewhere, '--no-baseline')
    expect(conflicting.code).toBe(2)
    expect(conflicting.stderr).toContain("Options '--baseline' and '--no-baseline' exclude each other.")
    const noBaseline = await cli('baseline', join(scratch, 'paths'), '--prune', '--baseline', join(scratch, 'none.json'))
    expect(noBaseline.code).toBe(2)
    expect(noBaseline.stderr).toContain("There is no baseline to prune at '")
  })

  it('stops with the location of a broken baseline (a merge conflict left in it)', async () => {
    const root = project('conflict')
    writeFileSync(join(root, '.astro-guard-baseline.json'), '{\n  "version": 1,\n  "entries": [\n<<<<<<< HEAD\n]}\n')
    const run = await cli('scan', root)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe("astro-guard: .astro-guard-baseline.json:4:1: 'entries[0]' must be a mapping, not the string '<<<<<<< HEAD'.\n")
  })
})

describe('the projects setting', () => {
  it('makes the listed folders the Astro projects, whatever their Dockerfile builds from', async () => {
    const root = join(scratch, 'monorepo')
    mkdirSync(join(root, 'pipelines/sales/dags'), { recursive: true })
    mkdirSync(join(root, 'tools/fake-project/dags'), { recursive: true })
    writeFileSync(join(root, 'pipelines/sales/Dockerfile'), 'ARG BASE=registry.corp.example/platform/airflow:2024.1\nFROM ${BASE}\n')
    writeFileSync(join(root, 'tools/fake-project/Dockerfile'), 'FROM quay.io/astronomer/astro-runtime:12.1.0\n')
    writeFileSync(join(root, 'tools/fake-project/dags/demo.py'), 'x = 1\n')
    writeFileSync(join(root, 'pipelines/sales/dags/sales.py'), 'x = 1\n')
    const detected = await scanJson(root)
    expect((JSON.parse(detected.stdout) as { projects: { root: string }[] }).projects.map((p) => p.root)).toEqual(['tools/fake-project'])
    writeFileSync(join(root, '.astro-guard.yml'), 'projects: [./pipelines/sales/]\n')
    const configured = await scanJson(root)
    expect((JSON.parse(configured.stdout) as { projects: unknown[] }).projects).toEqual([
      { root: 'pipelines/sales', dockerfile: 'pipelines/sales/Dockerfile', image: 'registry.corp.example/platform/airflow:2024.1', airflowVersion: null },
    ])
  })
})

describe('astro-guard rules and explain', () => {
  it('lists every rule with id, severity and responsibility', async () => {
    const run = await cli('rules')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^AG004 {2}notice {3}4\. Secure pipelines and dependencies +invalid-suppression: Suppression comment that is not applied$/m)
    expect(run.stdout).toMatch(/^AG201 {2}error {4}2\. Secrets storage +hardcoded-connection-password: /m)
  })

  it('explains a rule by id or name', async () => {
    const byId = await cli('explain', 'AG006')
    expect(byId.code).toBe(0)
    expect(byId.stdout.split('\n')[0]).toBe('AG006 stale-baseline-entry: Baseline entry that matches no finding')
    expect(byId.stdout).toContain('How to fix: Run `astro-guard baseline --prune`')
    expect((await cli('explain', 'unused-suppression')).stdout).toContain('AG005 unused-suppression')
  })

  it.each([
    [['explain', 'AG2O1'], "astro-guard: Unknown rule 'AG2O1'; did you mean 'AG201'? Run 'astro-guard rules' for the list of ids.\n"],
    [['explain', 'hardcoded-conn-password'], "astro-guard: Unknown rule 'hardcoded-conn-password'; did you mean 'hardcoded-connection-password'? Run 'astro-guard rules' for the list of ids.\n"],
    [['explain', 'AG999'], "astro-guard: Unknown rule 'AG999'; Run 'astro-guard rules' for the list of ids.\n"],
    [['explain'], "astro-guard: Expected one RULE-ID, such as 'astro-guard explain AG201'.\n"],
  ])('exits 2 for %j with a suggestion', async (argv, message) => {
    const run = await cli(...argv)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n\nUsage:')[0] + '\n').toBe(message)
  })
})
