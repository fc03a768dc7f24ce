import { describe, expect, it } from 'vitest'
import type { ChangeSet } from '../../src/github/changed-lines.js'
import { parsePatch } from '../../src/github/diff-hunks.js'
import {
  commentBody,
  type ExistingComment,
  fingerprintMarker,
  planReview,
  resolvedBody,
  suggestionFor,
} from '../../src/github/review-comments.js'
import { sampleFinding } from '../helpers/sample-report.js'

const FILE = 'requirements.txt'
const LINES = ['pandas==2.2.2', 'requests', 'numpy==1.26.4', 'boto3', '', 'flask==3.0.0']
// Lines 2 and 4 added; the hunk shows lines 1-5.
const CHANGES: ChangeSet = {
  source: 'pull request files API',
  files: new Map([[FILE, { path: FILE, patch: parsePatch('@@ -1,3 +1,5 @@\n pandas==2.2.2\n+requests\n numpy==1.26.4\n+boto3\n ') }]]),
}

const at = (index: number, line: number, severity: 'error' | 'warning' | 'notice' = 'warning', extra = {}) =>
  sampleFinding(index, severity, { path: FILE, range: { startLine: line, startColumn: 1, endLine: line, endColumn: 9 }, ...extra })

const plan = (findings: ReturnType<typeof at>[], existing: ExistingComment[] = [], max = 20) =>
  planReview({
    findings,
    changes: CHANGES,
    existing,
    max,
    readLines: (path) => (path === FILE ? LINES : undefined),
    redact: (text) => text.replaceAll('hunter2-secret', '[REDACTED]'),
    scanPrefix: '',
    headSha: 'a'.repeat(40),
  })

describe('suggestionFor', () => {
  it('rewrites whole lines, keeping the text around the fix', () => {
    const fix = { range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 }, replacement: 'requests==2.32.3', description: 'Pin it.' }
    expect(suggestionFor(fix, LINES)).toEqual({ startLine: 2, endLine: 2, text: 'requests==2.32.3' })
    const middle = { range: { startLine: 1, startColumn: 9, endLine: 1, endColumn: 14 }, replacement: '>=2', description: '' }
    expect(suggestionFor(middle, LINES)?.text).toBe('pandas==>=2')
  })

  it('spans lines and refuses ranges the file does not have', () => {
    const fix = { range: { startLine: 2, startColumn: 9, endLine: 3, endColumn: 6 }, replacement: '', description: '' }
    expect(suggestionFor(fix, LINES)).toEqual({ startLine: 2, endLine: 3, text: 'requests==1.26.4' })
    expect(suggestionFor({ ...fix, range: { startLine: 6, startColumn: 1, endLine: 9, endColumn: 1 } }, LINES)).toBeUndefined()
    expect(suggestionFor({ ...fix, range: { startLine: 2, startColumn: 50, endLine: 2, endColumn: 51 } }, LINES)).toBeUndefined()
  })
})

describe('commentBody', () => {
  it('names the rule, gives the message, a suggestion block with a longer fence when needed, and the marker', () => {
    const finding = at(1, 2, 'warning', { fix: { range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 }, replacement: 'x', description: 'Pin the version.' } })
    expect(commentBody(finding, 'a ``` b')).toBe(
      [
        `🟠 **AG201 · ${finding.title}** (warning)`,
        '',
        finding.message,
        '',
        '````suggestion',
        'a ``` b',
        '````',
        'Fix: Pin the version.',
        '',
        '<sub>Customer responsibility 2: Secrets storage · details: `astro-guard explain AG201`</sub>',
        fingerprintMarker(finding.fingerprint),
      ].join('\n'),
    )
  })
})

describe('planReview', () => {
  it('comments only on lines inside the hunks, in report order, up to the limit', () => {
    const findings = [at(1, 2, 'error'), at(2, 6, 'error'), at(3, 3, 'warning'), at(4, 4, 'notice')]
    const result = plan(findings, [], 2)
    expect(result.post.map((comment) => [comment.line, comment.onAddedLines])).toEqual([
      [2, true],
      [3, false],
    ])
    expect(result.outsideDiff).toBe(1) // line 6 is not in the hunk
    expect(result.overLimit).toBe(1)
  })

  it('skips findings that do not gate: out of scope or baselined', () => {
    const result = plan([at(1, 2, 'error', { outOfScope: true }), at(2, 4, 'error', { baselined: true })])
    expect(result.post).toEqual([])
    expect(result.outsideDiff).toBe(0)
  })

  it('uses a multi-line range only inside one hunk, else the first line', () => {
    const inside = at(1, 2, 'error', { range: { startLine: 2, startColumn: 1, endLine: 4, endColumn: 2 } })
    const across = at(2, 5, 'error', { range: { startLine: 5, startColumn: 1, endLine: 6, endColumn: 2 } })
    expect(plan([inside, across]).post.map((comment) => [comment.startLine, comment.line])).toEqual([
      [2, 4],
      [undefined, 5],
    ])
  })

  it('suggests the fix on the fix\'s lines, but never a suggestion the redactor would change', () => {
    const fixed = at(1, 2, 'error', { fix: { range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 }, replacement: 'requests==2.32.3', description: 'Pin it.' } })
    const leaky = at(2, 4, 'error', { fix: { range: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 6 }, replacement: 'hunter2-secret', description: 'x' } })
    const [first, second] = plan([fixed, leaky]).post
    expect(first.body).toContain('```suggestion\nrequests==2.32.3\n```')
    expect(second.body).not.toContain('suggestion')
    expect(second.body).toContain('Fix: x')
  })

  it('does not repeat a comment, reopens a resolved one whose finding is back, and resolves those whose finding is gone', () => {
    const still = at(1, 2, 'error')
    const back = at(2, 4, 'error')
    const existing: ExistingComment[] = [
      { id: 1, path: FILE, fingerprint: still.fingerprint, resolved: false, body: 'old' },
      { id: 2, path: FILE, fingerprint: back.fingerprint, resolved: true, body: 'resolved' },
      { id: 3, path: FILE, fingerprint: 'f'.repeat(32), resolved: false, body: 'gone' },
      { id: 4, path: FILE, fingerprint: 'e'.repeat(32), resolved: true, body: 'already resolved' },
    ]
    const result = plan([still, back], existing)
    expect(result.post).toEqual([])
    expect(result.alreadyCommented).toBe(2)
    expect(result.reopen.map((entry) => entry.comment.id)).toEqual([2])
    expect(result.resolve.map((comment) => comment.id)).toEqual([3])
  })

  it('leaves comments outside the scanned folder to the step that scans it', () => {
    const result = planReview({
      findings: [],
      changes: CHANGES,
      existing: [
        { id: 1, path: 'other-project/requirements.txt', fingerprint: 'f'.repeat(32), resolved: false, body: '' },
        { id: 2, path: 'project-a/requirements.txt', fingerprint: 'e'.repeat(32), resolved: false, body: '' },
      ],
      max: 20,
      readLines: () => undefined,
      redact: (text) => text,
      scanPrefix: 'project-a',
      headSha: 'a'.repeat(40),
    })
    expect(result.resolve.map((comment) => comment.id)).toEqual([2])
  })
})

describe('resolvedBody', () => {
  it('says it is resolved, keeps the original folded away with its suggestion disarmed, and keeps the marker', () => {
    const body = resolvedBody(
      { id: 3, path: FILE, fingerprint: 'f'.repeat(32), resolved: false, body: `msg\n\`\`\`suggestion\nx\n\`\`\`\n${fingerprintMarker('f'.repeat(32))}` },
      '1234567'.padEnd(40, '0'),
    )
    expect(body).toBe(
      [
        '✅ **Resolved**: astro-guard no longer reports this finding as of 1234567.',
        '',
        '<details><summary>Original comment</summary>',
        '',
        'msg\n```text\nx\n```',
        '',
        '</details>',
        '<!-- astro-guard:resolved -->',
        fingerprintMarker('f'.repeat(32)),
      ].join('\n'),
    )
  })
})
