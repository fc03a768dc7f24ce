import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { resolveConfig } from '../../src/config/resolve-config.js'
import { DiskFileSource } from '../../src/engine/file-source.js'
import { defineFileRule, defineProjectRule } from '../../src/engine/rule.js'
import { scan } from '../../src/engine/scan.js'
import { embeddedRuntimeCatalog } from '../../src/runtime/embedded-catalog.js'
import { scanMemory } from '../../src/testing/scan-memory.js'

const project = {
  Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\n',
  'dags/etl.py': 'x = 1\n',
  'requirements.txt': 'pandas\n',
  'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: db\n      conn_type: postgres\n      conn_password: Hunter2Hunter2\n',
}

const throwing = defineFileRule({
  id: 'AG499',
  name: 'always-throws',
  title: 'A rule that throws',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['python'],
  messages: { NEVER: (_: Record<string, never>) => 'never' },
  docs: { what: 'x'.repeat(30), why: 'x'.repeat(30), fix: 'x'.repeat(30), examples: { bad: {}, good: {} } },
  check() {
    throw new Error('boom')
  },
  cases: { flag: [], pass: [] },
})

describe('scan', () => {
  it('finds Astro projects and tells rules their Airflow version', () => {
    const result = scanMemory({ ...project, 'other/Dockerfile': 'FROM python:3.12\n', 'other/dags/x.py': '' }, { rules: RULES })
    expect(result.projects.map((p) => [p.root, p.airflowMajor, p.airflowVersion])).toEqual([['', 2, '2.11.2']])
  })

  it('finds every project of a monorepo and assigns files to the nearest one', () => {
    const seen: string[] = []
    const probe = defineFileRule({
      ...throwing,
      id: 'AG498',
      name: 'probe',
      check({ file, project: p }) {
        seen.push(`${file.path}->${p?.root ?? '-'}`)
      },
    })
    scanMemory(
      {
        'teams/a/Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n',
        'teams/a/dags/a.py': '',
        'teams/b/Dockerfile': 'ARG IMAGE=quay.io/astronomer/astro-runtime:13.11.0\nFROM ${IMAGE}\n',
        'teams/b/dags/b.py': '',
        'tools/x.py': '',
      },
      { rules: [probe] },
    )
    expect(seen).toEqual(['teams/a/dags/a.py->teams/a', 'teams/b/dags/b.py->teams/b', 'tools/x.py->-'])
  })

  it('turns a throwing rule into an AG003 finding and goes on with the other rules', () => {
    const rules = [...RULES, throwing].sort((a, b) => (a.id < b.id ? -1 : 1))
    const result = scanMemory(project, { rules })
    const failure = result.findings.find((f) => f.ruleId === 'AG003')
    expect(failure?.message).toBe(
      'A rule failed while checking this file (AG499 always-throws: boom); its findings for this file are missing. Please report this.',
    )
    expect(failure?.path).toBe('dags/etl.py')
    expect(result.findings.some((f) => f.ruleId === 'AG201')).toBe(true)
  })

  it('applies severity overrides, per-path overrides, off, and test-fixture capping', () => {
    const files = { ...project, 'tests/fixtures/airflow_settings.yaml': project['airflow_settings.yaml'] }
    const base = scanMemory(files, { rules: RULES, config: { 'test-fixture-paths': ['tests/fixtures/**'] } })
    expect(base.findings.filter((f) => f.ruleId === 'AG201').map((f) => [f.path, f.severity])).toEqual([
      ['airflow_settings.yaml', 'error'],
      ['tests/fixtures/airflow_settings.yaml', 'notice'],
    ])
    const tuned = scanMemory(files, {
      rules: RULES,
      config: { rules: { AG401: 'off', AG201: 'warning' }, overrides: [{ files: ['tests/**'], rules: { AG201: 'off' } }] },
    })
    expect(tuned.findings.filter((f) => f.ruleId === 'AG401')).toEqual([])
    expect(tuned.findings.filter((f) => f.ruleId === 'AG201').map((f) => [f.path, f.severity])).toEqual([
      ['airflow_settings.yaml', 'warning'],
    ])
  })

  it('runs project rules once per project', () => {
    const roots: string[] = []
    const projectRule = defineProjectRule({
      ...throwing,
      id: 'AG497',
      name: 'project-probe',
      check({ project: p, files }) {
        roots.push(`${p.root || '.'}:${files.length}`)
      },
    })
    scanMemory(project, { rules: [projectRule] })
    expect(roots).toEqual(['.:4'])
  })

  it('gives the same fingerprint when a finding moves to another line, and a new one when the secret changes', () => {
    const moved = { ...project, 'airflow_settings.yaml': `# a comment\n\n${project['airflow_settings.yaml']}` }
    const changed = { ...project, 'airflow_settings.yaml': project['airflow_settings.yaml'].replace('Hunter2Hunter2', 'Other-Secret-9') }
    const fp = (files: Record<string, string>) => scanMemory(files, { rules: RULES }).findings.find((f) => f.ruleId === 'AG201')
    expect(fp(moved)?.range.startLine).toBe(7)
    expect(fp(moved)?.fingerprint).toBe(fp(project)?.fingerprint)
    expect(fp(changed)?.fingerprint).not.toBe(fp(project)?.fingerprint)
  })

  it('reports symlinks out of the root as AG002 notices and scans everything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-scan-'))
    const outside = mkdtempSync(join(tmpdir(), 'ag-out-'))
    try {
      mkdirSync(join(dir, 'dags'))
      for (const [path, content] of Object.entries(project)) writeFileSync(join(dir, path), content)
      writeFileSync(join(outside, 'secrets.py'), 'password = "x"\n')
      symlinkSync(join(outside, 'secrets.py'), join(dir, 'dags/secrets.py'))
      writeFileSync(join(dir, 'dags/huge.py'), 'x'.repeat(2048))
      const result = scan({
        source: new DiskFileSource(dir, false),
        config: resolveConfig({ 'max-file-size': 1024 }, RULES),
        today: '2026-11-22',
        runtimeCatalog: embeddedRuntimeCatalog,
      })
      const notices = result.findings.filter((f) => f.ruleId === 'AG002').map((f) => [f.path, f.messageId])
      expect(notices).toEqual([
        ['dags/huge.py', 'TOO_LARGE'],
        ['dags/secrets.py', 'SYMLINK_SKIPPED'],
      ])
      expect(result.gitAvailable).toBe(false)
      // Sizes come from the reads (discovery does not stat), the too-large file included.
      const onDisk = Object.values(project).reduce((sum, content) => sum + Buffer.byteLength(content), 0) + 2048
      expect(result.stats.bytes).toBe(onDisk)
    } finally {
      rmSync(dir, { recursive: true, force: true })
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('survives an empty repository', () => {
    const result = scanMemory({}, { rules: RULES })
    expect(result.findings).toEqual([])
    expect(result.stats.files).toBe(0)
  })

  it('only runs keyworded rules on files that contain a keyword', () => {
    let runs = 0
    const gated = defineFileRule({ ...throwing, id: 'AG496', name: 'gated', keywords: ['needle'], check: () => void runs++ })
    scanMemory({ 'a.py': 'hay', 'b.py': 'a NEEDLE here', 'c.py': 'more hay' }, { rules: [gated] })
    expect(runs).toBe(1)
  })

  it('runs each keyworded rule whose keyword occurs, also where the keyword of another rule overlaps it', () => {
    const ran: string[] = []
    const gate = (id: `AG${number}`, keyword: string) =>
      defineFileRule({ ...throwing, id, name: `gate-${keyword}`, keywords: [keyword], check: () => void ran.push(keyword) })
    scanMemory({ 'dags/a.py': 'DB_PASSWORD = get()\n' }, { rules: [gate('AG494', '_pass'), gate('AG493', 'passw')] })
    expect(ran.sort()).toEqual(['_pass', 'passw'])
  })

  it('tells rules which keywords a file holds, from its one keyword pass or by searching for the others', () => {
    const answers: Record<string, boolean> = {}
    const asker = defineFileRule({
      ...throwing,
      id: 'AG492',
      name: 'asker',
      keywords: ['token'],
      check({ file }) {
        for (const keyword of ['token', 'passw', 'secret', 'mot de passe']) answers[keyword] = file.hasKeyword(keyword)
        answers.lower = file.lowerText() === 'db_password = get_token() # mot de passe\n'
      },
    })
    const other = defineFileRule({ ...throwing, id: 'AG491', name: 'other', keywords: ['passw', 'secret'], check: () => undefined })
    scanMemory({ 'dags/a.py': 'DB_PASSWORD = get_TOKEN() # Mot de passe\n' }, { rules: [asker, other] })
    expect(answers).toEqual({ token: true, passw: true, secret: false, 'mot de passe': true, lower: true })
  })

  it('reports parse errors of a generic YAML file only when a rule needed its structure (AG001 runs last)', () => {
    const broken = { 'include/chart/values.yaml': 'spec:\n  replicas: 2\n   image: x\n' }
    const reader = defineFileRule({
      ...throwing,
      id: 'AG495',
      name: 'yaml-reader',
      kinds: ['yaml'],
      keywords: ['replicas'],
      check: ({ file }) => void file.yaml(),
    })
    const ag001 = RULES.filter((rule) => rule.id === 'AG001')
    expect(scanMemory(broken, { rules: ag001 }).findings).toEqual([])
    const found = scanMemory(broken, { rules: [...ag001, reader] }).findings
    expect(found.map((f) => [f.ruleId, f.path, f.range.startLine, f.messageId])).toEqual([
      ['AG001', 'include/chart/values.yaml', 2, 'PARSE_ERROR'],
      ['AG001', 'include/chart/values.yaml', 2, 'PARSE_ERROR'],
    ])
  })
})
