import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { RULES } from '../../rules/index.js'
import { parseConfigText } from '../../src/config/load-config.js'
import { ConfigError, resolveConfig } from '../../src/config/resolve-config.js'
import { defineFileRule } from '../../src/engine/rule.js'
import { runScan } from '../../src/run-scan.js'

/** Parses and resolves like a scan does, returning the error message (or 'OK'). */
function check(text: string, rules = RULES): string {
  try {
    const loaded = parseConfigText(text, '.astro-guard.yml')
    resolveConfig(loaded.config, rules, { source: loaded.source, locate: loaded.locate })
    return 'OK'
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
}

describe('.astro-guard.yml validation', () => {
  it('accepts a complete valid configuration', () => {
    const text = [
      '# yaml-language-server: $schema=https://raw.githubusercontent.com/astro-guard/astro-guard/main/schema/astro-guard.schema.json',
      'fail-on: warning',
      'scope: changed-files',
      'include: ["**"]',
      'exclude: [legacy/**, "tests/fixtures/*.yaml"]',
      'projects: [., teams/sales/]',
      'rules:',
      '  AG401: warning',
      '  AG501: off',
      '  AG201: { severity: error }',
      'overrides:',
      '  - files: ["tests/**"]',
      '    rules: { AG201: notice }',
      'baseline: ci/astro-guard-baseline.json',
      'trusted-registries: [registry.corp.example/astronomer]',
      'placeholders: [CHANGE_ME]',
      'test-fixture-paths: ["tests/fixtures/**"]',
      'max-file-size: 1048576',
      '',
    ].join('\n')
    expect(check(text)).toBe('OK')
    const { config } = parseConfigText(text, '.astro-guard.yml')
    const resolved = resolveConfig(config, RULES)
    expect(resolved.failOn).toBe('warning')
    expect(resolved.projects).toEqual(['', 'teams/sales'])
    expect(resolved.baseline).toBe('ci/astro-guard-baseline.json')
    expect(resolved.severityFor('AG201', 'tests/x.yaml', 'error')).toBe('notice')
    expect(resolved.severityFor('AG201', 'dags/x.yaml', 'error')).toBe('error')
    expect(resolved.severityFor('AG501', 'Dockerfile', 'error')).toBe('off')
    expect(resolved.enabledRules.map((rule) => rule.id)).not.toContain('AG501')
  })

  it.each([
    ['an empty file', ''],
    ['a file with only comments', '# nothing configured yet\n'],
    ['an explicit null document', '~\n'],
  ])('treats %s as the defaults', (_, text) => {
    expect(parseConfigText(text, '.astro-guard.yml').config).toEqual({})
    expect(check(text)).toBe('OK')
  })

  it.each([
    ['fail-on: warn\n', ".astro-guard.yml:1:10: 'fail-on' must be one of error, warning, notice, never."],
    ['scope: diff\n', ".astro-guard.yml:1:8: 'scope' must be one of all, changed-files, changed-lines."],
    ['exclude: dags\n', ".astro-guard.yml:1:10: 'exclude' must be a list, not the string 'dags'."],
    ['include:\n', ".astro-guard.yml:1:9: 'include' must be a list, not empty."],
    ['max-file-size: big\n', ".astro-guard.yml:1:16: 'max-file-size' must be a number, not the string 'big'."],
    ['max-file-size: -1\n', ".astro-guard.yml:1:16: 'max-file-size' must be more than 0."],
    [
      'rules:\n  AG201: high\n',
      ".astro-guard.yml:2:10: 'rules.AG201' must be one of off, error, warning, notice, or a mapping with keys severity, options; got the string 'high'.",
    ],
    [
      'rules:\n  AG201:\n    severity: high\n',
      ".astro-guard.yml:3:15: 'rules.AG201.severity' must be one of off, error, warning, or notice; got the string 'high'.",
    ],
    ['overrides:\n  - files: []\n    rules: {}\n', ".astro-guard.yml:2:12: 'overrides[0].files' must list at least 1 item."],
    ['overrides: {files: [a]}\n', ".astro-guard.yml:1:12: 'overrides' must be a list, not a mapping."],
    [
      '- fail-on\n',
      '.astro-guard.yml:1:1: the configuration must be a mapping of settings (fail-on, scope, include, exclude, projects, rules, overrides, baseline, trusted-registries, placeholders, test-fixture-paths, max-file-size).',
    ],
  ])('rejects a wrong type or value: %j', (text, message) => {
    expect(check(text)).toBe(message)
  })

  it.each([
    [
      'top level',
      'fail-on: error\nexclud:\n  - x\n',
      ".astro-guard.yml:2:1: unknown key 'exclud'; did you mean 'exclude'? Allowed keys: fail-on, scope, include, exclude, projects, rules, overrides, baseline, trusted-registries, placeholders, test-fixture-paths, max-file-size.",
    ],
    [
      'top level, nothing close',
      'colour: true\n',
      ".astro-guard.yml:1:1: unknown key 'colour'; Allowed keys: fail-on, scope, include, exclude, projects, rules, overrides, baseline, trusted-registries, placeholders, test-fixture-paths, max-file-size.",
    ],
    [
      'inside rules.<id>',
      'rules:\n  AG201:\n    severty: error\n',
      ".astro-guard.yml:3:5: unknown key 'severty' in 'rules.AG201'; did you mean 'severity'? Allowed keys: severity, options.",
    ],
    [
      'inside an overrides entry (and the key it replaced is missing)',
      'overrides:\n  - files: [dags/**]\n    rulez: {}\n',
      [
        ".astro-guard.yml:2:5: 'overrides[0].rules' is required: a mapping.",
        ".astro-guard.yml:3:5: unknown key 'rulez' in 'overrides[0]'; did you mean 'rules'? Allowed keys: files, rules.",
      ].join('\n'),
    ],
    [
      'inside an override rule setting',
      'overrides:\n  - files: [dags/**]\n    rules:\n      AG401: {level: notice}\n',
      ".astro-guard.yml:4:15: unknown key 'level' in 'overrides[0].rules.AG401'; Allowed keys: severity, options.",
    ],
    [
      'a rule id that does not exist',
      'rules:\n  AG2O1: off\n',
      ".astro-guard.yml:2:3: unknown rule 'AG2O1' in 'rules'; did you mean 'AG201'? Run 'astro-guard rules' for the list.",
    ],
    [
      'a rule named by name instead of id',
      'overrides:\n  - files: [x]\n    rules:\n      hardcoded-connection-password: off\n',
      ".astro-guard.yml:4:7: unknown rule 'hardcoded-connection-password' in 'overrides[0].rules'; rules are named by id here: did you mean 'AG201'? Run 'astro-guard rules' for the list.",
    ],
    [
      'a rule id far from any',
      'rules:\n  AG999: off\n',
      ".astro-guard.yml:2:3: unknown rule 'AG999' in 'rules'. Run 'astro-guard rules' for the list.",
    ],
  ])('reports an unknown key or rule (%s) with a did-you-mean', (_, text, message) => {
    expect(check(text)).toBe(message)
  })

  it('reports every bad glob, each at its own line and column', () => {
    const text = [
      'exclude:',
      '  - "legacy/[abc"',
      '  - /abs/**',
      '  - "dags\\\\x.py"',
      '  - ../up',
      '  - "{a,b"',
      '  - ""',
      'test-fixture-paths: ["[z-a]"]',
      'overrides:',
      '  - files: ["tests/(x"]',
      '    rules: {AG201: notice}',
      '  - {files: ["a]"], rules: {}}',
      '',
    ].join('\n')
    expect(check(text)).toBe(
      [
        ".astro-guard.yml:2:5: 'exclude[0]': invalid glob 'legacy/[abc': '[' is never closed; add ']', or write '\\[' to match a literal '['.",
        ".astro-guard.yml:3:5: 'exclude[1]': invalid glob '/abs/**': patterns are relative to the scanned folder; drop the leading / or drive letter.",
        ".astro-guard.yml:4:5: 'exclude[2]': invalid glob 'dags\\x.py': use / between folders, not \\.",
        ".astro-guard.yml:5:5: 'exclude[3]': invalid glob '../up': '..' never matches: every scanned path is inside the scanned folder.",
        ".astro-guard.yml:6:5: 'exclude[4]': invalid glob '{a,b': '{' is never closed; add '}', or write '\\{' to match a literal '{'.",
        ".astro-guard.yml:7:5: 'exclude[5]': invalid glob '': an empty pattern matches nothing.",
        ".astro-guard.yml:8:22: 'test-fixture-paths[0]': invalid glob '[z-a]': the pattern matches nothing (is a character range reversed?).",
        ".astro-guard.yml:10:13: 'overrides[0].files[0]': invalid glob 'tests/(x': '(' is never closed; add ')', or write '\\(' to match a literal '('.",
        ".astro-guard.yml:12:14: 'overrides[1].files[0]': invalid glob 'a]': ']' has no opening '['; write '\\]' to match a literal ']'.",
      ].join('\n'),
    )
  })

  it.each([
    ['fail-on: [error\n', '.astro-guard.yml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['fail-on: error\nfail-on: warning\n', '.astro-guard.yml:2:1: invalid YAML: Map keys must be unique'],
    ['rules:\n  AG201: error\n AG401: off\n', '.astro-guard.yml:3:1: invalid YAML: All mapping items must start at the same column'],
    ['exclude: ["a"\n---\nfail-on: error\n', '.astro-guard.yml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('locates a YAML syntax error: %j', (text, message) => {
    expect(check(text).split('\n')[0]).toBe(message)
  })

  it('checks rule options against the rule\'s own schema, with unknown option names suggested', () => {
    const withOptions = defineFileRule<{ X: (p: Record<string, never>) => string }, { allow: string[]; maxAge: number }>({
      id: 'AG901',
      name: 'test-rule',
      title: 'Test rule',
      severity: 'warning',
      responsibility: 'secure-pipelines',
      kinds: ['python'],
      messages: { X: () => 'x' },
      options: { schema: z.object({ allow: z.array(z.string()), maxAge: z.number().int().min(1) }).strict(), defaults: { allow: [], maxAge: 30 } },
      docs: { what: '', why: '', fix: '', examples: { bad: {}, good: {} } },
      check() {},
      cases: { flag: [], pass: [] },
    })
    const rules = [...RULES, withOptions]
    expect(check('rules:\n  AG901:\n    options:\n      alow: [x]\n      maxAge: 0\n', rules)).toBe(
      [
        ".astro-guard.yml:4:7: unknown option 'alow' for AG901; did you mean 'allow'? Allowed options: allow, maxAge.",
        ".astro-guard.yml:5:15: 'rules.AG901.options.maxAge' must be at least 1.",
      ].join('\n'),
    )
    expect(check('rules:\n  AG901: {options: {allow: [a, b]}}\n', rules)).toBe('OK')
    const resolved = resolveConfig(parseConfigText('rules:\n  AG901: {options: {allow: [a]}}\n', 'x').config, rules)
    expect(resolved.optionsFor(withOptions)).toEqual({ allow: ['a'], maxAge: 30 })
    expect(check('rules:\n  AG401:\n    options:\n      foo: 1\n')).toBe('.astro-guard.yml:3:5: rule AG401 takes no options.')
    expect(check('overrides:\n  - files: [x]\n    rules:\n      AG901: {options: {maxAge: 3}}\n', rules)).toBe(
      ".astro-guard.yml:4:15: options can only be set under the top-level 'rules', not per path; set 'AG901' to a severity or {severity} here.",
    )
  })

  it('rejects project folders that are globs, absolute or outside the scanned folder', () => {
    expect(check('projects:\n  - /abs\n  - "teams/*"\n  - ../other\n')).toBe(
      [
        ".astro-guard.yml:2:5: 'projects[0]': invalid folder '/abs': folders are relative to the scanned folder; drop the leading / or drive letter.",
        ".astro-guard.yml:3:5: 'projects[1]': invalid folder 'teams/*': list each project folder by its path; globs are not supported here.",
        ".astro-guard.yml:4:5: 'projects[2]': invalid folder '../other': '..' leaves the scanned folder.",
      ].join('\n'),
    )
  })
})

describe('configuration in a scan', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ag-config-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('reports a project folder that does not exist, at its line', async () => {
    const root = join(scratch, 'missing-project')
    mkdirSync(join(root, 'teams/sales/dags'), { recursive: true })
    writeFileSync(join(root, '.astro-guard.yml'), 'projects:\n  - teams/sales\n  - teams/finance\n')
    await expect(runScan({ root, runtimeFeed: 'embedded' })).rejects.toThrow(
      `${join(root, '.astro-guard.yml').replace(process.cwd() + '/', '')}:3:5: project folder 'teams/finance' does not exist in the scanned folder.`,
    )
  })

  it('uses the configured fail-on unless one is given explicitly', async () => {
    const root = join(scratch, 'fail-on')
    mkdirSync(root, { recursive: true })
    writeFileSync(join(root, '.astro-guard.yml'), 'fail-on: notice\n')
    expect((await runScan({ root, runtimeFeed: 'embedded' })).failOn).toBe('notice')
    expect((await runScan({ root, failOn: 'never', runtimeFeed: 'embedded' })).failOn).toBe('never')
    rmSync(join(root, '.astro-guard.yml'))
    expect((await runScan({ root, runtimeFeed: 'embedded' })).failOn).toBe('error')
  })
})
