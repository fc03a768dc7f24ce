import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DiskFileSource } from '../../src/engine/file-source.js'

let dir: string
let outside: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ag-source-'))
  outside = mkdtempSync(join(tmpdir(), 'ag-outside-'))
  mkdirSync(join(dir, 'dags'))
  mkdirSync(join(dir, 'node_modules/pkg'), { recursive: true })
  mkdirSync(join(dir, 'legacy'))
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python\n')
  writeFileSync(join(dir, 'dags/etl.py'), 'x = 1\n')
  writeFileSync(join(dir, 'node_modules/pkg/index.js'), 'secret\n')
  writeFileSync(join(dir, 'legacy/old.py'), 'y = 2\n')
  writeFileSync(join(outside, 'passwords.txt'), 'root:hunter2\n')
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

describe('DiskFileSource', () => {
  it('walks the root, skips dependency folders and honours exclude globs', () => {
    const result = new DiskFileSource(dir, false).discover({ include: [], exclude: ['legacy/**'] })
    expect(result.files.map((f) => [f.path, f.kind])).toEqual([
      ['Dockerfile', 'dockerfile'],
      ['dags/etl.py', 'python'],
    ])
    expect(result.gitAvailable).toBe(false)
    expect(result.files[0].tracked).toBeUndefined()
  })

  it('honours include globs', () => {
    const result = new DiskFileSource(dir, false).discover({ include: ['dags/**'], exclude: [] })
    expect(result.files.map((f) => f.path)).toEqual(['dags/etl.py'])
  })

  it('never follows a symlink out of the root, and says so', () => {
    symlinkSync(outside, join(dir, 'escape'))
    symlinkSync(join(outside, 'passwords.txt'), join(dir, 'dags/passwords.txt'))
    const result = new DiskFileSource(dir, false).discover({ include: [], exclude: [] })
    expect(result.files.map((f) => f.path)).not.toContain('escape/passwords.txt')
    expect(result.files.map((f) => f.path)).not.toContain('dags/passwords.txt')
    expect(result.notices.map((n) => [n.path, n.reason])).toEqual([
      ['dags/passwords.txt', 'symlink-outside-root'],
      ['escape', 'symlink-outside-root'],
    ])
  })

  it('scans what links inside the root point at once, at its real path, and cannot loop', () => {
    symlinkSync(join(dir, 'dags'), join(dir, 'dags-link'))
    symlinkSync(dir, join(dir, 'dags/loop'))
    const result = new DiskFileSource(dir, false).discover({ include: [], exclude: [] })
    expect(result.files.map((f) => f.path)).toEqual(['Dockerfile', 'dags/etl.py', 'legacy/old.py'])
    expect(result.notices).toEqual([])
  })

  it('reports broken symlinks', () => {
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'))
    const result = new DiskFileSource(dir, false).discover({ include: [], exclude: [] })
    expect(result.notices).toEqual([{ path: 'dangling', reason: 'broken-symlink', detail: 'points to a target that does not exist' }])
  })

  it('discovers the same without blocking on git (git runs while the tree is walked)', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir })
    execFileSync('git', ['add', 'dags/etl.py'], { cwd: dir })
    const source = new DiskFileSource(dir)
    const filter = { include: [], exclude: ['legacy/**'] }
    const result = await source.discoverAsync(filter)
    expect(result).toEqual(source.discover(filter))
    expect(result.files.map((f) => [f.path, f.tracked])).toEqual([
      ['Dockerfile', false],
      ['dags/etl.py', true],
    ])
    const noGit = await new DiskFileSource(dir, false).discoverAsync(filter)
    expect([noGit.gitAvailable, noGit.files[0].tracked]).toEqual([false, undefined])
  })

  it('knows which files git tracks', () => {
    execFileSync('git', ['init', '-q'], { cwd: dir })
    execFileSync('git', ['add', 'Dockerfile'], { cwd: dir })
    const result = new DiskFileSource(dir).discover({ include: [], exclude: [] })
    expect(result.gitAvailable).toBe(true)
    expect(Object.fromEntries(result.files.map((f) => [f.path, f.tracked]))).toEqual({
      Dockerfile: true,
      'dags/etl.py': false,
      'legacy/old.py': false,
    })
  })

  it('reads files and refuses those above the size limit', () => {
    const source = new DiskFileSource(dir, false)
    expect(Buffer.from(source.read('dags/etl.py', 100) as Uint8Array).toString()).toBe('x = 1\n')
    expect(source.read('dags/etl.py', 3)).toBe('too-large')
    expect(source.read('nope.py', 100)).toBeUndefined()
  })

  it('reads into a reused buffer on request, with the size on disk, and sizes files only when they are read', () => {
    const source = new DiskFileSource(dir, false)
    expect(source.discover({ include: [], exclude: [] }).files.map((f) => f.size)).toEqual([0, 0, 0])
    const first = source.readTransient('dags/etl.py', 100)
    expect([Buffer.from(first?.bytes as Uint8Array).toString(), first?.size]).toEqual(['x = 1\n', 6])
    const second = source.readTransient('Dockerfile', 100)
    expect([Buffer.from(second?.bytes as Uint8Array).toString(), second?.size]).toEqual(['FROM python\n', 12])
    expect(source.readTransient('Dockerfile', 5)).toEqual({ bytes: undefined, size: 12 })
    expect(source.readTransient('nope.py', 100)).toBeUndefined()
  })

  it('handles an empty root', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ag-empty-'))
    try {
      expect(new DiskFileSource(empty, false).discover({ include: [], exclude: [] }).files).toEqual([])
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
