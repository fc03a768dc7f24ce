import { describe, expect, it } from 'vitest'
import { KeywordMatcher } from '../../src/engine/keyword-matcher.js'

describe('KeywordMatcher', () => {
  it('finds every keyword that occurs, overlapping ones included', () => {
    const matcher = new KeywordMatcher(['he', 'she', 'his', 'hers', 'rs'])
    expect(matcher.matches('ushers')).toEqual([0, 1, 3, 4])
    expect(matcher.matches('this')).toEqual([2])
    expect(matcher.matches('nothing here')).toEqual([0])
    expect(matcher.matches('')).toEqual([])
  })

  it('finds both of two keywords where one match would hide the other (a regex alternation misses passw here)', () => {
    expect(new KeywordMatcher(['_pass', 'passw']).matches('db_password = x')).toEqual([0, 1])
  })

  it('ignores ASCII case in the text and in the keywords', () => {
    expect(new KeywordMatcher(['aws_secret', 'Token']).matches('AWS_SECRET_ACCESS_KEY and a TOKEN')).toEqual([0, 1])
  })

  it('steps over characters outside ASCII and still finds keywords next to them', () => {
    expect(new KeywordMatcher(['key']).matches('clé→key€')).toEqual([0])
    expect(new KeywordMatcher(['ab']).matches('a\u00e9b')).toEqual([])
  })

  it('checks keywords outside ASCII on the lower-cased text', () => {
    expect(new KeywordMatcher(['mot de passe', 'clé']).matches('La CLÉ secrète')).toEqual([1])
  })

  it('reports a keyword once however often it occurs, also when keywords share states', () => {
    const matcher = new KeywordMatcher([':', 'sk', 'ask', 'k'])
    expect(matcher.matches('a:b:c ask sk sk k::')).toEqual([0, 1, 2, 3])
    expect(matcher.matches('::::')).toEqual([0])
  })

  it('is linear: a long run of a keyword prefix costs one pass', () => {
    const matcher = new KeywordMatcher(['aaaaaaaaab', 'aaab'])
    expect(matcher.matches(`${'a'.repeat(200_000)}b`)).toEqual([0, 1])
  })
})
