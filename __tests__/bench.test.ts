import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The benchmark script must keep working; its numbers are never asserted (CI machines are slow and shared).
const ROOT = resolve(import.meta.dirname, '..')
const CLI = join(ROOT, 'dist/cli/index.js')
const scratch = mkdtempSync(join(tmpdir(), 'ag-bench-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Timing {
  runs: number
  wallMs: { median: number; min: number; max: number }
}

interface BenchResults {
  tiny: boolean
  trees: Record<'1x' | '2x', { files: number; bytes: number; planted: Record<string, number> }>
  astroGuard: Timing & { findingsByRule: Record<string, number>; filesPerSecond: number; mbPerSecond: number }
  astroGuard2x: Timing
  doublingRatio: number
  pathological: { emptyMs: number; cases: { name: string; bytes: number; half: Timing; full: Timing }[] }
  targets: { name: string; value: number; limit: number; met: boolean }[]
}

describe.skipIf(!existsSync(CLI))('npm run bench -- --tiny', () => {
  const json = join(scratch, 'results.json')
  const run = spawnSync(
    process.execPath,
    ['scripts/bench.mjs', '--tiny', '--out', join(scratch, 'bench'), '--json', json, '--only', 'astro-guard,double,pathological,extra'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  )

  it('runs to the end and writes its results', () => {
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('astro-guard scan')
    expect(run.stdout).toContain('targets:')
    expect(existsSync(json)).toBe(true)
  })

  it('generates the same tiny trees every time (3 and 6 projects with planted violations)', () => {
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults
    expect(results.tiny).toBe(true)
    expect(results.trees['1x']).toMatchObject({
      files: 57,
      planted: { 'settings-password': 2, 'unpinned-requirement': 1, 'env-conn-uri': 1 },
    })
    expect(results.trees['2x'].files).toBe(111)
  })

  it('scans the tree with the CLI and finds the planted violations', () => {
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults
    expect(results.astroGuard.runs).toBe(1)
    expect(results.astroGuard.findingsByRule.AG201).toBe(2)
    expect(results.astroGuard.filesPerSecond).toBeGreaterThan(0)
    expect(results.astroGuard2x.runs).toBe(1)
    expect(results.doublingRatio).toBeGreaterThan(0)
  })

  it('runs the four pathological inputs at two sizes each', () => {
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults
    expect(results.pathological.cases.map((item) => item.name)).toEqual([
      '20 MB single Python file',
      '100,000-line requirements file',
      '1 MB single-line minified JSON',
      'Python file with 50,000 string literals',
    ])
    for (const item of results.pathological.cases) {
      expect(item.half.runs).toBe(1)
      expect(item.full.runs).toBe(1)
    }
  })
})
