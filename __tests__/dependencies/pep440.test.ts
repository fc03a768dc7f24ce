import { describe, expect, it } from 'vitest'
import { compareVersionText, parseVersion, satisfies } from '../../src/dependencies/pep440.js'

describe('PEP 440 ordering', () => {
  it('orders dev, pre, final and post releases as packaging does', () => {
    const ordered = ['1.0.dev0', '1.0a1', '1.0a2.dev1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1.dev0', '1.0.post1', '1.1', '1!0.1']
    for (let index = 1; index < ordered.length; index++) {
      expect(compareVersionText(ordered[index - 1], ordered[index]), `${ordered[index - 1]} < ${ordered[index]}`).toBe(-1)
    }
  })

  it('treats spellings of one version as equal and rejects non-versions', () => {
    expect(compareVersionText('2.0', '2.0.0')).toBe(0)
    expect(compareVersionText('1.0RC1', '1.0-rc.1')).toBe(0)
    expect(compareVersionText('v1.0', '1.0')).toBe(0)
    expect(compareVersionText('1.0-1', '1.0.post1')).toBe(0)
    expect(parseVersion('main')).toBeUndefined()
    expect(compareVersionText('1.0', 'latest')).toBeUndefined()
  })
})

describe('PEP 440 specifiers', () => {
  it.each([
    ['2.2.3', '==', '2.2.3', true],
    ['2.2.3', '==', '2.2.*', true],
    ['2.3.0', '==', '2.2.*', false],
    ['2.2.3', '!=', '2.2.3', false],
    ['2.2.3', '<', '2', false],
    ['1.26.4', '<', '2', true],
    ['2.2.3', '>=', '2.0', true],
    ['2.2.3', '~=', '2.2.0', true],
    ['2.3.0', '~=', '2.2.0', false],
    ['2.9', '~=', '2.2', true],
    ['1.0+cpu', '==', '1.0', true],
    ['1.0', '===', '1.0', true],
    ['1.0.0', '===', '1.0', false],
  ] as const)('%s %s%s is %s', (version, operator, spec, expected) => {
    expect(satisfies(version, operator, spec)).toBe(expected)
  })

  it('cannot decide versions that are not PEP 440', () => {
    expect(satisfies('main', '>=', '1.0')).toBeUndefined()
    expect(satisfies('1.0', '>=', 'x')).toBeUndefined()
  })
})
