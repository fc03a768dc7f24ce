import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { createAdvisoryIndex } from '../../src/dependencies/advisories.js'
import { resolveConfig } from '../../src/config/resolve-config.js'
import { DiskFileSource, MemoryFileSource } from '../../src/engine/file-source.js'
import type { InternalFinding } from '../../src/engine/finding.js'
import type { LazyFile } from '../../src/engine/lazy-file.js'
import { type AnyRule, defineFileRule } from '../../src/engine/rule.js'
import { scan, type ScanOptions, type ScanResult } from '../../src/engine/scan.js'
import { scanParallel, workerObstacle } from '../../src/engine/scan-parallel.js'
import { passFromInit } from '../../src/engine/scan-worker.js'
import { embeddedRuntimeCatalog } from '../../src/runtime/embedded-catalog.js'
import { scanAndTriage, scanAndTriageParallel } from '../../src/scan-and-triage.js'
import { fakeSecret } from '../../src/testing/fake-secret.js'

const ROOT = resolve(import.meta.dirname, '../..')
const CLI = join(ROOT, 'dist/cli/index.js')
const scratch = mkdtempSync(join(tmpdir(), 'ag-parallel-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A small monorepo: three projects (one on an old Runtime), a shared folder, and findings of several rules. */
function writeTree(root: string): void {
  const files: Record<string, string> = { 'README.md': '# repo\n', 'shared/util.py': 'x = 1\n' }
  for (let p = 0; p < 3; p++) {
    const base = `projects/team-${p}`
    files[`${base}/Dockerfile`] = `FROM quay.io/astronomer/astro-runtime:${p === 1 ? '9.1.0' : '13.11.0'}\n`
    // team-1's unpinned requirement is suppressed inline, team-2's is not.
    files[`${base}/requirements.txt`] =
      p === 2
        ? 'pandas\nrequests==2.32.3\n'
        : p === 1
          ? 'numpy  # astro-guard: ignore[AG401] pinned by the constraints file\n'
          : 'requests==2.32.3\n'
    files[`${base}/airflow_settings.yaml`] =
      `airflow:\n  connections:\n    - conn_id: db\n      conn_type: postgres\n      conn_password: ${fakeSecret(18, `parallel-${p}`)}\n`
    for (let d = 0; d < 30; d++) files[`${base}/dags/dag_${d}.py`] = `# dag ${d}\nfrom airflow import DAG\n${d % 7 === 0 ? '# astro-guard: marker\n' : ''}`
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}

const tree = join(scratch, 'tree')
writeTree(tree)

function options(extra: Partial<ScanOptions> = {}): ScanOptions {
  return {
    source: new DiskFileSource(tree, false),
    config: resolveConfig({}, RULES),
    today: '2026-11-22',
    runtimeCatalog: embeddedRuntimeCatalog,
    ...extra,
  }
}

/** Everything but the clock. */
function comparable(result: ScanResult) {
  return { ...result, stats: { ...result.stats, durationMs: 0 } }
}

describe('scanParallel', () => {
  it('gives exactly the findings, projects, stats and failures of scan()', async () => {
    const sequential = scan(options())
    // Three planted connection passwords, and findings of other rules (which may change with the Runtime data).
    expect(sequential.findings.filter((f) => f.ruleId === 'AG201').map((f) => f.path)).toEqual(
      [0, 1, 2].map((p) => `projects/team-${p}/airflow_settings.yaml`),
    )
    expect(new Set(sequential.findings.map((f) => f.ruleId)).size).toBeGreaterThan(2)
    const parallel = await scanParallel({ ...options(), threads: 3 })
    expect(comparable(parallel)).toEqual(comparable(sequential))
  })

  it('hands the per-file hook only the files with a marker, with their text, in discovery order', async () => {
    const seen: string[] = []
    const hook = (file: LazyFile, findings: InternalFinding[]) => {
      seen.push(`${file.path}:${file.text.split('\n')[2]}`)
      return findings
    }
    await scanParallel({ ...options(), threads: 2, postProcessFile: hook, postProcessMarkers: ['# astro-guard: marker'] })
    expect(seen).toEqual(
      [0, 1, 2].flatMap((p) => [0, 14, 21, 28, 7].map((d) => `projects/team-${p}/dags/dag_${d}.py:# astro-guard: marker`)),
    )
  })

  it('lets the hook drop findings, as scan() does', async () => {
    const dropSettings = (file: LazyFile, findings: InternalFinding[]) =>
      file.path.endsWith('airflow_settings.yaml') ? [] : findings
    const result = await scanParallel({ ...options(), threads: 2, postProcessFile: dropSettings, postProcessMarkers: ['conn_password'] })
    expect(result.findings.filter((f) => f.ruleId === 'AG201')).toEqual([])
    expect(result.findings.length).toBe(scan(options()).findings.length - 3)
  })

  it('says why a scan cannot use worker threads', () => {
    const ag401 = RULES.find((rule) => rule.id === 'AG401')
    if (ag401?.scope !== 'file') throw new Error('AG401 is a file rule')
    const custom = defineFileRule({ ...ag401, id: 'AG499' })
    expect(workerObstacle({ ...options(), source: new MemoryFileSource({}) })).toBe('the files are not on disk')
    expect(workerObstacle({ ...options(), postProcessFile: (_file, findings) => findings })).toBe(
      'the per-file hook declares no markers',
    )
    expect(workerObstacle({ ...options(), onEveryFile: () => undefined } as unknown as ScanOptions)).toBe(
      "option 'onEveryFile' cannot be handed to a worker",
    )
    const index = createAdvisoryIndex([])
    expect(workerObstacle({ ...options(), advisories: () => ({ ...index, all: undefined }) })).toBe(
      'the vulnerability index does not list its advisories',
    )
    expect(workerObstacle({ ...options(), config: resolveConfig({}, [...RULES, custom]) })).toBe(
      'rule AG499 is not in the bundled registry',
    )
    // Under vitest the engine is TypeScript, which a worker thread cannot load: scans then use the main thread only.
    expect(workerObstacle(options())).toBe('the engine is not running from JavaScript files')
  })
})

describe('a scan worker', () => {
  it('rebuilds the rule environment from plain data: rules by id, options, Runtime data and advisories', () => {
    const advisory = {
      id: 'GHSA-xxxx-yyyy-zzzz',
      aliases: ['CVE-2024-0001'],
      summary: 'example',
      package: 'requests',
      version: '2.0.0',
      fixed: '2.32.0',
      detailsAvailable: true,
    }
    const catalog = embeddedRuntimeCatalog()
    const { get: _get, ...catalogData } = catalog
    const config = resolveConfig({}, RULES)
    const pass = passFromInit({
      root: tree,
      files: [],
      projects: [],
      ruleIds: ['AG201', 'AG401'],
      ruleOptions: [['AG401', { allow: ['x'] }]],
      settings: config.settings,
      today: '2026-11-22',
      catalog: structuredClone(catalogData),
      maxFileSize: 1024,
      hookMarkers: undefined,
      advisories: structuredClone({ all: [advisory], status: 'partial' as const }),
    })
    expect(pass?.plan.rules.map((rule) => rule.id)).toEqual(['AG201', 'AG401'])
    const ag401 = RULES.find((rule) => rule.id === 'AG401') as AnyRule
    expect(pass?.run.optionsFor(ag401)).toEqual({ allow: ['x'] })
    expect(pass?.run.env.runtimeCatalog().get('13.11.0')).toEqual(catalog.get('13.11.0'))
    const index = pass?.run.env.advisories?.()
    expect([index?.status, index?.lookup('Requests', '2.0.0')]).toEqual(['partial', [advisory]])
    expect(passFromInit({ ...structuredClone({ root: tree, files: [], projects: [], ruleIds: ['AG999'] }) } as never)).toBeUndefined()
  })
})

describe('scanAndTriageParallel', () => {
  it('applies inline suppressions exactly as scanAndTriage does', async () => {
    const triage = { ...options(), rules: RULES }
    const sequential = scanAndTriage(triage)
    const parallel = await scanAndTriageParallel({ ...triage, threads: 2 })
    expect(sequential.suppressed).toBe(1)
    expect(parallel.suppressed).toBe(1)
    expect(parallel.result.findings).toEqual(sequential.result.findings)
    expect(parallel.result.findings.filter((f) => f.ruleId === 'AG401').map((f) => f.path)).toEqual(['projects/team-2/requirements.txt'])
  })
})

describe.skipIf(!existsSync(CLI))('the CLI bundle with worker threads', () => {
  const run = (threads: string) =>
    spawnSync(process.execPath, [CLI, 'scan', tree, '--format', 'json', '--fail-on', 'never', '--today', '2026-11-22'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ASTRO_GUARD_THREADS: threads },
    })

  it('reports the same findings with three threads as with one', () => {
    const one = run('1')
    const three = run('3')
    expect(one.status).toBe(0)
    expect(three.status).toBe(0)
    expect(three.stderr).toBe('')
    const strip = (stdout: string) => {
      const report = JSON.parse(stdout)
      report.summary.durationMs = 0
      return report
    }
    expect(strip(three.stdout)).toEqual(strip(one.stdout))
    // Also where a suppression comment applies (workers send the commented file's text back for the hook).
    const findings = strip(one.stdout).findings as { ruleId: string; path: string }[]
    expect(findings.filter((f) => f.ruleId === 'AG201').length).toBe(3)
  })
})
