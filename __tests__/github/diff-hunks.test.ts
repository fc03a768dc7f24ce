import { describe, expect, it } from 'vitest'
import { hunkOf, inOneHunk, parseGitDiff, parsePatch } from '../../src/github/diff-hunks.js'

// The `patch` of one file as the pull request files API returns it.
const PATCH = [
  '@@ -1,4 +1,5 @@',
  ' apache-airflow-providers-postgres==5.10.0',
  '-pandas==2.2.2',
  '+pandas',
  '+requests',
  ' numpy==1.26.4',
  ' boto3==1.34.0',
  '@@ -20,3 +21,4 @@ def load():',
  '     a = 1',
  '+    b = 2',
  '     c = 3',
  '\\ No newline at end of file',
].join('\n')

describe('parsePatch', () => {
  it('finds the added lines and the right-side range of each hunk', () => {
    const patch = parsePatch(PATCH)
    expect([...patch.added]).toEqual([2, 3, 22])
    expect(patch.hunks).toEqual([
      { start: 1, end: 5 },
      { start: 21, end: 24 },
    ])
  })

  it('tells lines inside a hunk, and ranges within one hunk, from the rest', () => {
    const patch = parsePatch(PATCH)
    expect(hunkOf(patch, 4)).toEqual({ start: 1, end: 5 })
    expect(hunkOf(patch, 6)).toBeUndefined()
    expect(inOneHunk(patch, 2, 5)).toBe(true)
    expect(inOneHunk(patch, 4, 21)).toBe(false)
    expect(inOneHunk(patch, 7, 7)).toBe(false)
  })

  it('reads a one-line hunk header without counts and a pure deletion', () => {
    expect(parsePatch('@@ -3 +3 @@\n-a\n+b')).toEqual({ added: new Set([3]), hunks: [{ start: 3, end: 3 }] })
    expect(parsePatch('@@ -1,2 +0,0 @@\n-a\n-b')).toEqual({ added: new Set(), hunks: [] })
  })
})

describe('parseGitDiff', () => {
  it('splits files, follows renames, marks deletions and binary files', () => {
    const output = [
      'diff --git a/dags/etl.py b/dags/etl.py',
      'index 1111111..2222222 100644',
      '--- a/dags/etl.py',
      '+++ b/dags/etl.py',
      '@@ -1,2 +1,3 @@',
      ' import os',
      '+PASSWORD = "x"',
      ' print(1)',
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 90%',
      'rename from old name.txt',
      'rename to new name.txt',
      '--- a/old name.txt',
      '+++ b/new name.txt',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git a/logo.png b/logo.png',
      'new file mode 100644',
      'Binary files /dev/null and b/logo.png differ',
      'diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"',
      '--- "a/caf\\303\\251.txt"',
      '+++ "b/caf\\303\\251.txt"',
      '@@ -0,0 +1 @@',
      '+x',
      '',
    ].join('\n')
    const files = parseGitDiff(output)
    expect(files.map((file) => [file.path, file.deleted, file.patch && [...file.patch.added]])).toEqual([
      ['dags/etl.py', false, [2]],
      ['new name.txt', false, [1]],
      ['gone.txt', true, []],
      ['logo.png', false, undefined],
      ['café.txt', false, [1]],
    ])
  })
})
