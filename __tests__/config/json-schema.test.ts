import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { CONFIG_SCHEMA_URL, renderConfigJsonSchema } from '../../src/config/json-schema.js'

const SCHEMA = new URL('../../schema/astro-guard.schema.json', import.meta.url)

describe('schema/astro-guard.schema.json', () => {
  it('is generated from the zod schema and the rules (run `npm run docs` to refresh it)', () => {
    const expected = renderConfigJsonSchema(RULES)
    const current = existsSync(SCHEMA) ? readFileSync(SCHEMA, 'utf8') : ''
    if (process.env.UPDATE_DOCS === '1' && current !== expected) {
      mkdirSync(new URL('.', SCHEMA), { recursive: true })
      writeFileSync(SCHEMA, expected)
    } else {
      expect(current).toBe(expected)
    }
  })

  it('is published at the URL the README tells editors to use', () => {
    expect(JSON.parse(readFileSync(SCHEMA, 'utf8')).$id).toBe(CONFIG_SCHEMA_URL)
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(
      `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    )
  })

  const ajv = new Ajv2020({ allErrors: true, strict: false })
  const validate = ajv.compile(JSON.parse(renderConfigJsonSchema(RULES)))
  const valid = (yaml: string) => validate(parse(yaml) ?? {})

  it('accepts what astro-guard accepts', () => {
    expect(
      valid(
        'fail-on: warning\nexclude: [legacy/**]\nprojects: [.]\nrules:\n  AG401: off\n  AG201: {severity: notice}\noverrides:\n  - files: [tests/**]\n    rules: {AG201: notice}\nbaseline: x.json\n',
      ),
    ).toBe(true)
    expect(valid('')).toBe(true)
  })

  it.each([
    ['an unknown top-level key', 'exclud: [x]\n'],
    ['an unknown rule id', 'rules: {AG999: off}\n'],
    ['a bad severity', 'rules: {AG201: high}\n'],
    ['an unknown key in a rule setting', 'rules: {AG201: {severty: error}}\n'],
    ['options in an override', 'overrides: [{files: [x], rules: {AG201: {options: {}}}}]\n'],
    ['options for a rule without options', 'rules: {AG401: {options: {a: 1}}}\n'],
    ['a bad fail-on', 'fail-on: warn\n'],
  ])('rejects %s, so editors flag it while typing', (_, yaml) => {
    expect(valid(yaml)).toBe(false)
  })
})
