import { describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { rule as AG004 } from '../../rules/AG004-invalid-suppression.js'
import { rule as AG005 } from '../../rules/AG005-unused-suppression.js'
import type { Config } from '../../src/config/config-schema.js'
import { FILE_KINDS } from '../../src/engine/file-kind.js'
import type { InternalFinding } from '../../src/engine/finding.js'
import { defineFileRule, type FileSet } from '../../src/engine/rule.js'
import { parseSuppressionComments } from '../../src/suppress/suppression-comments.js'
import { fakeSecret } from '../../src/testing/fake-secret.js'
import { triageMemory } from '../../src/testing/scan-memory.js'

/** Flags every `BADCALL` in any kind of file. */
const badCall = defineFileRule({
  id: 'AG991',
  name: 'bad-call',
  title: 'Test finding',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: FILE_KINDS,
  keywords: ['badcall'],
  messages: { BAD: (_: Record<string, never>) => 'BADCALL found.' },
  docs: { what: '', why: '', fix: '', examples: { bad: {}, good: {} } },
  check({ file, report }) {
    for (let at = file.text.indexOf('BADCALL'); at !== -1; at = file.text.indexOf('BADCALL', at + 1)) {
      report({ messageId: 'BAD', data: {}, span: { start: at, end: at + 7 } })
    }
  },
  cases: { flag: [], pass: [] },
})

/** Flags `token=<value>` as a hardcoded credential whose secret is the value. */
const literalToken = defineFileRule({
  id: 'AG992',
  name: 'literal-token',
  title: 'Test credential',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: FILE_KINDS,
  keywords: ['token='],
  messages: { TOKEN: (_: Record<string, never>) => 'A literal token.' },
  docs: { what: '', why: '', fix: '', examples: { bad: {}, good: {} } },
  check({ file, report }) {
    for (const match of file.text.matchAll(/token=([A-Za-z0-9]+)/g)) {
      const start = (match.index ?? 0) + 6
      report({ messageId: 'TOKEN', data: {}, span: { start, end: start + match[1].length }, secret: match[1] })
    }
  },
  cases: { flag: [], pass: [] },
})

const TEST_RULES = [AG004, AG005, badCall, literalToken]

function run(files: FileSet, config?: Config) {
  return triageMemory(files, { rules: TEST_RULES, config })
}

/** `AG991@3` per finding, in report order. */
function brief(findings: readonly InternalFinding[]): string[] {
  return findings.map((finding) => `${finding.ruleId}@${finding.range.startLine}`)
}

function messages(findings: readonly InternalFinding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.path}:${finding.range.startLine}: ${finding.message}`)
}

describe('inline suppressions in each file type\'s own comment style', () => {
  it.each([
    ['Python, trailing', 'dags/etl.py', 'x = BADCALL()  # astro-guard: ignore[AG991] needed for the legacy API\n'],
    ['Python, line above', 'dags/etl.py', '# astro-guard: ignore[AG991] needed for the legacy API\nx = BADCALL()\n'],
    ['Python, after another tool\'s pragma', 'dags/etl.py', 'x = BADCALL()  # noqa: E501  # astro-guard: ignore[AG991] legacy API\n'],
    ['Dockerfile, line above', 'Dockerfile', 'FROM python:3.12\n# astro-guard: ignore[AG991] vendor script\nRUN BADCALL\n'],
    ['YAML, trailing', 'include/config.yaml', 'job:\n  run: BADCALL  # astro-guard: ignore[AG991] reviewed in PLAT-9\n'],
    ['YAML, line above', 'include/config.yaml', 'job:\n  # astro-guard: ignore[AG991] reviewed in PLAT-9\n  run: BADCALL\n'],
    ['workflow', '.github/workflows/ci.yml', 'jobs:\n  x:\n    steps:\n      - run: BADCALL  # astro-guard: ignore[AG991] trusted input\n'],
    ['airflow_settings.yaml', 'airflow_settings.yaml', 'airflow:\n  variables:\n    - variable_name: BADCALL  # astro-guard: ignore[AG991] local only\n'],
    ['requirements.txt', 'requirements.txt', 'BADCALL==1.0  # astro-guard: ignore[AG991] pinned upstream\n'],
    ['packages.txt', 'packages.txt', '# astro-guard: ignore[AG991] needed by the driver\nBADCALL\n'],
    ['.env, trailing', '.env', 'MODE=BADCALL # astro-guard: ignore[AG991] local default\n'],
    ['shell', 'include/setup.sh', '#!/bin/sh\nBADCALL --now  # astro-guard: ignore[AG991] one-off migration\n'],
    ['SQL', 'include/sql/load.sql', 'SELECT BADCALL(); -- astro-guard: ignore[AG991] read-only replica\n'],
    ['SQL, line above', 'include/sql/load.sql', '-- astro-guard: ignore[AG991] read-only replica\nSELECT BADCALL();\n'],
    ['INI with ;', 'airflow.cfg', '[core]\n; astro-guard: ignore[AG991] set by the platform team\nexecutor = BADCALL\n'],
    ['INI with #', 'include/pip.conf', '[global]\n# astro-guard: ignore[AG991] internal index\nindex-url = BADCALL\n'],
    ['Markdown', 'README.md', 'Run `BADCALL` first. <!-- astro-guard: ignore[AG991] documentation example -->\n'],
    ['Dockerfile, a multi-line instruction', 'Dockerfile', 'FROM python:3.12\n# astro-guard: ignore[AG991] vendor script\nRUN apt-get update \\\n    && BADCALL\n'],
    ['Dockerfile with the backtick escape directive', 'Dockerfile', '# escape=`\nFROM python:3.12\n# astro-guard: ignore[AG991] vendor script\nRUN a `\n    && BADCALL\n'],
    ['shell, a continued command', 'include/setup.sh', '# astro-guard: ignore[AG991] one-off\nrun --a \\\n  --b \\\n  BADCALL\n'],
    ['.netrc', '.netrc', '# astro-guard: ignore[AG991] dummy host\nmachine BADCALL\n'],
    ['CRLF line ends', 'dags/etl.py', 'a = 1\r\n# astro-guard: ignore[AG991] legacy\r\nx = BADCALL()\r\n'],
  ])('%s', (_, path, content) => {
    const before = run({ [path]: content.replace(/# astro-guard.*|-- astro-guard.*|; astro-guard.*|<!-- astro-guard.*/g, '') })
    expect(brief(before.result.findings).filter((id) => id.startsWith('AG991'))).toHaveLength(1)
    const after = run({ [path]: content })
    expect(brief(after.result.findings)).toEqual([])
    expect(after.suppressed).toBe(1)
  })

  it.each([
    ['a trailing # in a Dockerfile (part of the instruction there)', 'Dockerfile', 'FROM python:3.12\nRUN BADCALL # astro-guard: ignore[AG991] x\n'],
    ['a trailing ; in an INI file (part of the value for configparser)', 'airflow.cfg', '[core]\nexecutor = BADCALL ; astro-guard: ignore[AG991] x\n'],
    ['a comment marker glued to a value', '.env', 'MODE=BADCALL#astro-guard: ignore[AG991] x\n'],
    ['JSON, which has no comments', 'include/x.json', '{"a": "BADCALL", "b": "# astro-guard: ignore[AG991] x"}\n'],
    ['a suppression two lines above', 'dags/etl.py', '# astro-guard: ignore[AG991] legacy\n\nx = BADCALL()\n'],
  ])('is not a suppression: %s', (_, path, content) => {
    const result = run({ [path]: content })
    expect(brief(result.result.findings).filter((id) => id.startsWith('AG991'))).toHaveLength(1)
    expect(result.suppressed).toBe(0)
  })

  it('leaves text that mentions astro-guard without an ignore alone (a job named astro-guard, a comment)', () => {
    const workflow = 'jobs:\n  astro-guard:  # astro-guard: runs the scanner\n    runs-on: ubuntu-latest\n'
    expect(parseSuppressionComments(workflow, 'workflow')).toEqual([])
    expect(brief(run({ '.github/workflows/ci.yml': workflow }).result.findings)).toEqual([])
  })

  it('suppresses several rules with one comment, and stacked comments cover the next code line', () => {
    const file = `# astro-guard: ignore[AG991] legacy API\n# astro-guard: ignore[AG993] nothing\nx = BADCALL(); BADCALL()\n`
    const result = run({ 'dags/a.py': 'x = BADCALL()  # astro-guard: ignore[AG991, AG992:00000000] legacy\n', 'dags/b.py': file })
    expect(result.suppressed).toBe(3)
    expect(messages(result.result.findings)).toEqual([
      "AG005 dags/a.py:1: The suppression of AG992 matches no AG992 finding on this line; remove it.",
      "AG004 dags/b.py:2: The suppression names 'AG993', which is not an astro-guard rule id (did you mean AG991?); run 'astro-guard rules' for the list.",
    ])
  })

  it('only parses files that contain the marker (one substring search per file)', () => {
    const comments = parseSuppressionComments('a\n# astro-guard: ignore[AG991] r\nb\n', 'python')
    expect(comments).toEqual([
      {
        line: 2,
        commentOnly: true,
        covers: [3],
        span: { start: 4, end: 32 },
        malformed: false,
        rules: [{ id: 'AG991', fingerprint: undefined }],
        invalid: [],
        reason: 'r',
      },
    ])
  })
})

describe('suppressions that are reported', () => {
  it('requires a reason: without one nothing is suppressed', () => {
    const result = run({ 'dags/etl.py': 'x = BADCALL()  # astro-guard: ignore[AG991]\ny = BADCALL()  # astro-guard: ignore[AG991] --\n' })
    expect(result.suppressed).toBe(0)
    expect(messages(result.result.findings)).toEqual([
      'AG991 dags/etl.py:1: BADCALL found.',
      'AG991 dags/etl.py:2: BADCALL found.',
      'AG004 dags/etl.py:1: The suppression of AG991 gives no reason, so it is not applied; write why the finding is acceptable after the bracket.',
      'AG004 dags/etl.py:2: The suppression of AG991 gives no reason, so it is not applied; write why the finding is acceptable after the bracket.',
    ])
    expect(result.result.findings[2].range).toEqual({ startLine: 1, startColumn: 18, endLine: 1, endColumn: 44 })
  })

  it('reports unknown rules, with the id for a rule named by name, and malformed comments', () => {
    const result = run({
      'dags/etl.py': [
        'a = 1  # astro-guard: ignore[AG9911] typo',
        'b = 1  # astro-guard: ignore[bad-call] by name',
        'c = 1  # astro-guard: ignore=AG991 hadolint style',
        'd = 1  # astro-guard: ignore[] nothing',
        'e = 1  # astro-guard: ignore[AG123] no such rule',
        '',
      ].join('\n'),
    })
    expect(messages(result.result.findings)).toEqual([
      "AG004 dags/etl.py:1: The suppression names 'AG9911', which is not an astro-guard rule id (did you mean AG991?); run 'astro-guard rules' for the list.",
      "AG004 dags/etl.py:2: The suppression names 'bad-call', which is not an astro-guard rule id (did you mean AG991?); run 'astro-guard rules' for the list.",
      "AG004 dags/etl.py:3: This astro-guard comment is not a suppression astro-guard understands; write 'astro-guard: ignore[RULE-ID] reason'.",
      "AG004 dags/etl.py:4: This astro-guard comment is not a suppression astro-guard understands; write 'astro-guard: ignore[RULE-ID] reason'.",
      "AG004 dags/etl.py:5: The suppression names 'AG123', which is not an astro-guard rule id; run 'astro-guard rules' for the list.",
    ])
    expect(result.result.findings.every((finding) => finding.severity === 'notice')).toBe(true)
  })

  it('reports a suppression that suppresses nothing, on its line or the next', () => {
    const result = run({ 'dags/etl.py': 'x = 1  # astro-guard: ignore[AG991] was needed once\n# astro-guard: ignore[AG991] also stale\ny = 2\n' })
    expect(messages(result.result.findings)).toEqual([
      'AG005 dags/etl.py:1: The suppression of AG991 matches no AG991 finding on this line; remove it.',
      'AG005 dags/etl.py:2: The suppression of AG991 matches no AG991 finding on this line or line 3; remove it.',
    ])
  })

  it('does not call a suppression unused when its rule is turned off for the path', () => {
    const files = { 'dags/etl.py': 'x = BADCALL()  # astro-guard: ignore[AG991] legacy\n' }
    expect(brief(run(files, { rules: { AG991: 'off' } }).result.findings)).toEqual([])
    expect(brief(run(files, { overrides: [{ files: ['dags/**'], rules: { AG991: 'off' } }] }).result.findings)).toEqual([])
  })

  it('names the lines of a continued instruction it covers', () => {
    const result = run({ Dockerfile: 'FROM python:3.12\n# astro-guard: ignore[AG991] stale\nRUN a \\\n  b \\\n  c\nRUN BADCALL\n' })
    expect(messages(result.result.findings)).toEqual([
      'AG991 Dockerfile:6: BADCALL found.',
      'AG005 Dockerfile:2: The suppression of AG991 matches no AG991 finding on this line or lines 3-5; remove it.',
    ])
  })

  it('follows the configuration for its own findings', () => {
    const files = { 'dags/etl.py': 'x = 1  # astro-guard: ignore[AG991]\ny = 1  # astro-guard: ignore[AG991] stale\n' }
    expect(brief(run(files, { rules: { AG004: 'off' } }).result.findings)).toEqual(['AG005@2'])
    expect(run(files, { rules: { AG005: 'warning' } }).result.findings.map((finding) => finding.severity)).toEqual(['warning', 'notice'])
  })
})

describe('credential suppressions bind to the secret', () => {
  const secret = fakeSecret(24, 'suppress-1')
  const other = fakeSecret(24, 'suppress-2')
  const fingerprintOf = (value: string) =>
    run({ 'include/job.py': `token=${value}\n` }).result.findings.find((finding) => finding.ruleId === 'AG992')?.fingerprint ?? ''

  it('does not apply a credential suppression without the fingerprint, and says which one to add', () => {
    const result = run({ 'include/job.py': `token=${secret}  # astro-guard: ignore[AG992] test account\n` })
    const prefix = fingerprintOf(secret).slice(0, 8)
    expect(result.suppressed).toBe(0)
    expect(messages(result.result.findings)).toEqual([
      'AG992 include/job.py:1: A literal token.',
      `AG004 include/job.py:1: AG992 reports a credential here, so its suppression must name that credential: write ignore[AG992:${prefix}] (a different secret placed here later is then reported again).`,
    ])
  })

  it('suppresses the credential named by its fingerprint (8 characters or more, any case)', () => {
    const fingerprint = fingerprintOf(secret)
    for (const quoted of [fingerprint.slice(0, 8), fingerprint.slice(0, 12).toUpperCase(), fingerprint]) {
      const result = run({ 'include/job.py': `# astro-guard: ignore[AG992:${quoted}] test account\ntoken=${secret}\n` })
      expect(brief(result.result.findings)).toEqual([])
      expect(result.suppressed).toBe(1)
    }
  })

  it('reports a different secret later placed on the suppressed line, and the suppression as changed', () => {
    const prefix = fingerprintOf(secret).slice(0, 8)
    const result = run({ 'include/job.py': `token=${other}  # astro-guard: ignore[AG992:${prefix}] test account\n` })
    expect(messages(result.result.findings)).toEqual([
      'AG992 include/job.py:1: A literal token.',
      `AG005 include/job.py:1: The AG992 finding here no longer has fingerprint ${prefix}: what it flags has changed, so it is reported again; review it, then update or remove the suppression.`,
    ])
    expect(result.redactor.apply(JSON.stringify(result.result.findings))).not.toContain(other)
  })

  it('binds a real credential rule (AG201) the same way', () => {
    const password = fakeSecret(20, 'suppress-ag201')
    const settings = (comment: string) =>
      `airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n      conn_password: ${password}${comment}\n`
    const plain = triageMemory({ 'airflow_settings.yaml': settings('') }, { rules: RULES })
    const finding = plain.result.findings.find((candidate) => candidate.ruleId === 'AG201')
    expect(finding?.secret).toBe(password)
    const prefix = finding?.fingerprint.slice(0, 8)
    const bound = triageMemory({ 'airflow_settings.yaml': settings(`  # astro-guard: ignore[AG201:${prefix}] local only`) }, { rules: RULES })
    expect(brief(bound.result.findings)).toEqual([])
    const unbound = triageMemory({ 'airflow_settings.yaml': settings('  # astro-guard: ignore[AG201] local only') }, { rules: RULES })
    expect(brief(unbound.result.findings)).toEqual(['AG201@5', 'AG004@5'])
  })
})

describe('AG004 and AG005 doc examples', () => {
  it.each([['AG004', AG004], ['AG005', AG005]] as const)('%s: the bad example is reported and the good one is clean', (_, rule) => {
    const bad = triageMemory(rule.docs.examples.bad, { rules: RULES }).result.findings
    expect(bad.map((finding) => finding.ruleId)).toContain(rule.id)
    const good = triageMemory(rule.docs.examples.good, { rules: RULES }).result.findings
    expect(good.filter((finding) => finding.ruleId === 'AG004' || finding.ruleId === 'AG005')).toEqual([])
  })
})
