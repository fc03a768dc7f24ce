import { describe, expect, it } from 'vitest'
import { rule as AG401 } from '../../rules/AG401-unpinned-requirement.js'
import { rule as AG405 } from '../../rules/AG405-broken-requirements-include.js'
import { scanMemory } from '../../src/testing/scan-memory.js'

function brief(files: Record<string, string>, rules = [AG405]) {
  return scanMemory(files, { rules }).findings.map((finding) => `${finding.ruleId} ${finding.path}:${finding.range.startLine} ${finding.messageId}`)
}

describe('requirements includes', () => {
  it('reports a three-file loop once, from whichever file the scan starts', () => {
    const files = {
      'requirements.txt': '-r requirements-b.txt\n',
      'requirements-b.txt': '-r requirements-c.txt\n',
      'requirements-c.txt': '-r requirements.txt\n',
    }
    expect(brief(files)).toEqual(['AG405 requirements-b.txt:1 CYCLE'])
  })

  it('reports a missing include once even when several files include the file that has it', () => {
    const files = {
      'requirements.txt': '-r shared/base.txt\n',
      'requirements-dev.txt': '-r shared/base.txt\n',
      'shared/base.txt': '-r missing.txt\n',
    }
    expect(brief(files)).toEqual(['AG405 shared/base.txt:1 MISSING'])
  })

  it('follows a long chain of includes without recursing without bound', () => {
    const files: Record<string, string> = { 'requirements.txt': '-r deps/0.txt\n' }
    for (let index = 0; index < 500; index++) files[`deps/${index}.txt`] = `-r ${index + 1}.txt\npkg-${index}\n`
    files['deps/500.txt'] = '-r 0.txt\n'
    const findings = scanMemory(files, { rules: [AG401, AG405] }).findings
    // The first 64 files of the chain are read (the depth bound); the loop back to 0.txt is beyond it.
    expect(findings.filter((finding) => finding.ruleId === 'AG401').length).toBe(63)
    expect(findings.filter((finding) => finding.ruleId === 'AG405')).toEqual([])
  })
})
