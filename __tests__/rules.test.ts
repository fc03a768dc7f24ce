import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RULES } from '../rules/index.js'
import { RESPONSIBILITY_INFO } from '../src/engine/responsibility.js'
import { testRule } from './helpers/rule-tester.js'

describe('rule registry', () => {
  it('has unique ids of the form AG + 3 digits whose hundreds digit is the responsibility number', () => {
    const ids = RULES.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^AG\d{3}$/)
      const hundreds = Number(rule.id[2])
      if (hundreds !== 0) expect(hundreds, rule.id).toBe(RESPONSIBILITY_INFO[rule.responsibility].number)
    }
  })

  it('is sorted by id', () => {
    const ids = RULES.map((rule) => rule.id)
    expect(ids).toEqual([...ids].sort())
  })

  it('has unique kebab-case names that do not start with no-/disallow-/check-', () => {
    const names = RULES.map((rule) => rule.name)
    expect(new Set(names).size).toBe(names.length)
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(name).not.toMatch(/^(no|disallow|check)-/)
    }
  })

  it('registers every rule module, each named <id>-<name>.ts', () => {
    const files = readdirSync(new URL('../rules/', import.meta.url)).filter((file) => /^AG\d{3}-.*\.ts$/.test(file))
    expect(files.sort()).toEqual(RULES.map((rule) => `${rule.id}-${rule.name}.ts`).sort())
  })

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s has docs, cases and messages that the cases use', (_, rule) => {
    expect(rule.title.length).toBeGreaterThan(0)
    expect(rule.docs.what.length).toBeGreaterThan(20)
    expect(rule.docs.why.length).toBeGreaterThan(20)
    expect(rule.docs.fix.length).toBeGreaterThan(20)
    expect(rule.cases.pass.length, 'at least one pass case').toBeGreaterThan(0)
    const names = [...rule.cases.flag, ...rule.cases.pass].map((c) => c.name)
    expect(new Set(names).size, 'duplicate case names').toBe(names.length)
    const contents = [...rule.cases.flag, ...rule.cases.pass].map((c) => JSON.stringify(c.files))
    expect(new Set(contents).size, 'duplicate case files').toBe(contents.length)
    if (!rule.engineReported && !rule.id.startsWith('AG0')) {
      expect(rule.cases.flag.length, 'at least one flag case').toBeGreaterThan(0)
      const used = new Set(rule.cases.flag.flatMap((c) => c.findings.map((f) => f.messageId)))
      for (const messageId of Object.keys(rule.messages)) expect(used, `messageId ${messageId} is never produced`).toContain(messageId)
    }
    for (const messageId of Object.keys(rule.messages)) expect(messageId).toMatch(/^[A-Z][A-Z0-9_]*$/)
  })
})

for (const rule of RULES) testRule(rule)
