import { describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { baselineFromFindings, pruneBaseline } from '../../src/baseline/apply-baseline.js'
import { type LoadedBaseline, parseBaseline, renderBaseline } from '../../src/baseline/baseline-file.js'
import { ConfigError } from '../../src/config/resolve-config.js'
import type { InternalFinding } from '../../src/engine/finding.js'
import type { FileSet } from '../../src/engine/rule.js'
import { fakeSecret } from '../../src/testing/fake-secret.js'
import { triageMemory } from '../../src/testing/scan-memory.js'

const PASSWORD = fakeSecret(20, 'baseline-1')
const OTHER_PASSWORD = fakeSecret(20, 'baseline-2')

function settings(...connections: [string, string][]): string {
  const items = connections.map(
    ([id, password]) => `    - conn_id: ${id}\n      conn_type: postgres\n      conn_host: db.example.com\n      conn_password: ${password}\n`,
  )
  return `airflow:\n  connections:\n${items.join('')}`
}

const PROJECT: FileSet = {
  'airflow_settings.yaml': settings(['warehouse', PASSWORD]),
  'requirements.txt': 'apache-airflow-providers-snowflake\npandas>=2\n',
  Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0\n',
  'dags/etl.py': 'x = 1\n',
}

function scanWith(files: FileSet, baseline?: LoadedBaseline, today?: string) {
  return triageMemory(files, { rules: RULES, baseline, today })
}

/** Writes a baseline as `astro-guard baseline` does and reads it back. */
function writeBaseline(files: FileSet, previous?: LoadedBaseline): { text: string; baseline: LoadedBaseline } {
  const { unbaselined, redactor } = scanWith(files)
  const text = redactor.apply(renderBaseline(baselineFromFindings(unbaselined, previous)))
  return { text, baseline: parseBaseline(text, '.astro-guard-baseline.json') }
}

function brief(findings: readonly InternalFinding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.path}:${finding.range.startLine}${finding.baselined ? ' baselined' : ''}`)
}

const gating = (findings: readonly InternalFinding[]) => findings.filter((finding) => !finding.baselined && finding.severity === 'error')

describe('baseline round trip', () => {
  it('writes sorted entries keyed by rule, path and fingerprint, one per line, without line numbers, timestamps or secrets', () => {
    const { text, baseline } = writeBaseline(PROJECT)
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toMatch(/"line|"date|"generated/i)
    const lines = text.split('\n')
    expect(lines[0]).toBe('{')
    expect(lines[1]).toBe('  "version": 1,')
    expect(lines[2]).toBe('  "entries": [')
    expect(lines.slice(3, 7).map((line) => JSON.parse(line.replace(/,$/, '')))).toEqual([
      expect.objectContaining({ rule: 'AG501', path: 'Dockerfile' }),
      expect.objectContaining({ rule: 'AG201', path: 'airflow_settings.yaml', message: "Connection 'warehouse' has a literal conn_password in airflow_settings.yaml." }),
      expect.objectContaining({ rule: 'AG401', path: 'requirements.txt' }),
      expect.objectContaining({ rule: 'AG401', path: 'requirements.txt' }),
    ])
    expect(lines.slice(7)).toEqual(['  ]', '}', ''])
    expect(Object.keys(JSON.parse(lines[4].replace(/,$/, '')))).toEqual(['rule', 'path', 'fingerprint', 'message'])
    expect(baseline.entries).toHaveLength(4)
    // Writing again from the same tree gives the same bytes: nothing in the file churns.
    expect(writeBaseline(PROJECT, baseline).text).toBe(text)
  })

  it('marks every known finding baselined, so nothing gates', () => {
    const { baseline } = writeBaseline(PROJECT)
    const { result, baselined } = scanWith(PROJECT, baseline)
    expect(baselined).toBe(4)
    expect(result.findings.every((finding) => finding.baselined)).toBe(true)
  })

  it('still matches findings whose lines moved', () => {
    const { baseline } = writeBaseline(PROJECT)
    const moved: FileSet = {
      ...PROJECT,
      'airflow_settings.yaml': `# local development only\n\n${settings(['staging', ''], ['warehouse', PASSWORD])}`,
      'requirements.txt': '# providers\nrequests==2.32.3\npandas>=2\n\napache-airflow-providers-snowflake\n',
    }
    const { result } = scanWith(moved, baseline)
    expect(brief(result.findings)).toEqual([
      'AG501 Dockerfile:1 baselined',
      'AG201 airflow_settings.yaml:12 baselined',
      'AG401 requirements.txt:3 baselined',
      'AG401 requirements.txt:5 baselined',
    ])
  })

  it('reports a changed secret on a baselined line as new, and the old entry as stale', () => {
    const { baseline } = writeBaseline(PROJECT)
    const changed = { ...PROJECT, 'airflow_settings.yaml': settings(['warehouse', OTHER_PASSWORD]) }
    const { result } = scanWith(changed, baseline)
    expect(brief(gating(result.findings))).toEqual(['AG201 airflow_settings.yaml:6'])
    const stale = result.findings.filter((finding) => finding.ruleId === 'AG006')
    expect(stale.map((finding) => `${finding.path}:${finding.range.startLine}: ${finding.message}`)).toEqual([
      ".astro-guard-baseline.json:5: This baseline entry for AG201 in 'airflow_settings.yaml' matches no finding any more; remove it with 'astro-guard baseline --prune'.",
    ])
    expect(stale[0].severity).toBe('notice')
  })

  it('counts identical findings: one more copy than the entry accepts is new', () => {
    const files = { ...PROJECT, 'dags/a/requirements.txt': 'pandas>=2\n', 'dags/b/requirements.txt': 'pandas>=2\n' }
    const twice = { ...PROJECT, 'requirements.txt': 'apache-airflow-providers-snowflake\npandas>=2\npandas>=2\n' }
    const { text, baseline } = writeBaseline(twice)
    expect(text).toContain('"count":2')
    const thrice = { ...PROJECT, 'requirements.txt': 'pandas>=2\napache-airflow-providers-snowflake\npandas>=2\npandas>=2\n' }
    const { result } = scanWith(thrice, baseline)
    expect(brief(result.findings.filter((finding) => finding.ruleId === 'AG401'))).toEqual([
      'AG401 requirements.txt:1 baselined',
      'AG401 requirements.txt:2 baselined',
      'AG401 requirements.txt:3 baselined',
      'AG401 requirements.txt:4',
    ])
    const once = { ...PROJECT, 'requirements.txt': 'apache-airflow-providers-snowflake\npandas>=2\n' }
    expect(scanWith(once, baseline).result.findings.filter((finding) => finding.ruleId === 'AG006').map((finding) => finding.message)).toEqual([
      "This baseline entry for AG401 in 'requirements.txt' counts 2 occurrences but 1 remain; update it with 'astro-guard baseline --prune'.",
      // The repeated line was also a duplicate requirement (AG404); with one line left that entry is stale.
      "This baseline entry for AG404 in 'requirements.txt' matches no finding any more; remove it with 'astro-guard baseline --prune'.",
    ])
    // The same content in another file is another finding (the path is part of the fingerprint).
    expect(brief(gating(scanWith(files, writeBaseline(PROJECT).baseline).result.findings))).toEqual([])
  })

  it('adds the counts of duplicate entries (what a merge of two branches can leave)', () => {
    const { baseline } = writeBaseline(PROJECT)
    const entry = baseline.entries.find((candidate) => candidate.rule === 'AG401' && candidate.message?.includes('pandas'))
    if (!entry) throw new Error('no pandas entry')
    const merged = { ...baseline, entries: [...baseline.entries, { ...entry }] }
    const twice = { ...PROJECT, 'requirements.txt': 'apache-airflow-providers-snowflake\npandas>=2\npandas>=2\n' }
    expect(gating(scanWith(twice, merged).result.findings)).toEqual([])
  })
})

describe('baseline expiry', () => {
  function withExpiry(expires: string) {
    const { baseline } = writeBaseline(PROJECT)
    return {
      ...baseline,
      entries: baseline.entries.map((entry) => (entry.rule === 'AG201' ? { ...entry, expires, reason: 'rotating in JIRA-7' } : entry)),
    }
  }

  it('applies an entry until the day before its expiry date', () => {
    const { result } = scanWith(PROJECT, withExpiry('2026-12-01'), '2026-11-30')
    expect(gating(result.findings)).toEqual([])
    expect(result.findings.filter((finding) => finding.ruleId === 'AG007')).toEqual([])
  })

  it('gates the entry\'s findings again from its expiry date on, and reports the entry', () => {
    const { result } = scanWith(PROJECT, withExpiry('2026-12-01'), '2026-12-01')
    expect(brief(gating(result.findings))).toEqual(['AG201 airflow_settings.yaml:6'])
    expect(result.findings.filter((finding) => finding.ruleId === 'AG007').map((finding) => `${finding.path}:${finding.range.startLine}: ${finding.message}`)).toEqual([
      ".astro-guard-baseline.json:5: This baseline entry for AG201 in 'airflow_settings.yaml' expired on 2026-12-01: its finding gates again.",
    ])
  })

  it('keeps reason and expires when the baseline is written again', () => {
    const previous = withExpiry('2027-03-31')
    const { text } = writeBaseline(PROJECT, parseBaseline(renderBaseline(previous.entries), 'b.json'))
    expect(text).toContain('"reason":"rotating in JIRA-7","expires":"2027-03-31"')
  })
})

describe('baseline --prune', () => {
  it('removes entries that match nothing and lowers counts, and adds nothing new', () => {
    const twice = { ...PROJECT, 'requirements.txt': 'apache-airflow-providers-snowflake\npandas>=2\npandas>=2\n' }
    const { baseline } = writeBaseline(twice)
    const fixed: FileSet = {
      ...PROJECT,
      'airflow_settings.yaml': settings(['warehouse', '${WAREHOUSE_PASSWORD}'], ['new_one', OTHER_PASSWORD]),
      'requirements.txt': 'apache-airflow-providers-snowflake==6.0.0\npandas>=2\n',
    }
    const { unbaselined } = scanWith(fixed)
    const pruned = pruneBaseline(unbaselined, baseline)
    // AG201 (the secret is gone), AG401 for the now pinned provider, AG404 for the duplicate pandas line.
    expect(pruned.removed).toBe(3)
    expect(pruned.lowered).toBe(1)
    expect(pruned.entries.map((entry) => `${entry.rule} ${entry.path} ${entry.count ?? 1}`)).toEqual([
      'AG501 Dockerfile 1',
      'AG401 requirements.txt 1',
    ])
    const after = parseBaseline(renderBaseline(pruned.entries), 'b.json')
    const { result } = scanWith(fixed, after)
    expect(result.findings.filter((finding) => finding.ruleId === 'AG006')).toEqual([])
    expect(brief(gating(result.findings))).toEqual(['AG201 airflow_settings.yaml:10'])
  })
})

describe('baseline file validation', () => {
  function error(text: string): string {
    try {
      parseBaseline(text, '.astro-guard-baseline.json')
      return 'OK'
    } catch (caught) {
      expect(caught).toBeInstanceOf(ConfigError)
      return (caught as Error).message
    }
  }

  it.each([
    ['{"version": 1, "entries": []}', 'OK'],
    ['', ".astro-guard-baseline.json:1:1: the baseline is empty; write it with 'astro-guard baseline'."],
    ['{"version": 2, "entries": []}', ".astro-guard-baseline.json:1:13: 'version' must be one of 1."],
    [
      '{\n  "version": 1,\n  "entries": [\n    {"rule":"AG201","path":"a","fingerprint":"00112233445566778899aabbccddeeff","expires":"2027-02-30"}\n  ]\n}\n',
      ".astro-guard-baseline.json:4:91: 'entries[0].expires': not a calendar date.",
    ],
    [
      '{\n  "version": 1,\n  "entries": [\n    {"rule":"AG201","path":"a","fingerprint":"00112233445566778899aabbccddeeff","expire":"2027-01-30"}\n  ]\n}\n',
      ".astro-guard-baseline.json:4:81: unknown key 'expire' in 'entries[0]'; did you mean 'expires'? Allowed keys: rule, path, fingerprint, count, reason, expires, message.",
    ],
    [
      '{\n  "version": 1,\n  "entries": [\n    {"rule":"AG201","path":"a","fingerprint":"secret"}\n  ]\n}\n',
      ".astro-guard-baseline.json:4:46: 'entries[0].fingerprint': the 32 hexadecimal characters astro-guard wrote.",
    ],
    [
      '{\n  "version": 1,\n  "entries": [\n<<<<<<< HEAD\n    {"rule":"AG201","path":"a","fingerprint":"00112233445566778899aabbccddeeff"}\n',
      '.astro-guard-baseline.json:5:5: invalid YAML: Missing , or : between flow sequence items',
    ],
  ])('%j', (text, message) => {
    expect(error(text).split('\n')[0]).toBe(message)
  })
})
