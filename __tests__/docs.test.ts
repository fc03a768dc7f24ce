import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RULES } from '../rules/index.js'
import { RULES_TABLE_END, RULES_TABLE_START, renderRulesTable, replaceBetweenMarkers } from '../src/docs/rules-table.js'

const README = new URL('../README.md', import.meta.url)

describe('README', () => {
  it('has a rules table generated from the rules (run `npm run docs` to refresh it)', () => {
    const current = readFileSync(README, 'utf8')
    const expected = replaceBetweenMarkers(current, RULES_TABLE_START, RULES_TABLE_END, renderRulesTable(RULES))
    if (process.env.UPDATE_DOCS === '1' && current !== expected) writeFileSync(README, expected)
    else expect(current).toBe(expected)
  })

  it('starts with the two commands a newcomer runs: scan the example project and run the tests', () => {
    const top = readFileSync(README, 'utf8').split('\n').slice(0, 30).join('\n')
    expect(top).toContain('npm run scan-example')
    expect(top).toContain('npm test')
  })
})
