import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { checkSync } from 'recheck'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { CREDENTIAL_RULE_SCOPE, KEYWORD_INDEX } from '../rules/helpers/credential-scan.js'
import { KeywordIndex } from '../rules/helpers/keyword-index.js'

/**
 * Every regular expression of the credential rules and their helpers is free of catastrophic backtracking,
 * proven with recheck (its bundled native checker: RECHECK_BACKEND unset). The expressions are collected from the
 * sources with the TypeScript scanner, so a new literal cannot escape the check; `new RegExp(…)` is not allowed
 * in these modules at all (a dynamic pattern could not be checked here).
 */
const ROOT = new URL('..', import.meta.url).pathname
const RULE_IDS = [...Object.keys(CREDENTIAL_RULE_SCOPE), 'AG214', 'AG302']

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (path.endsWith('.ts')) out.push(path)
  }
}

/** The credential family's helper modules (other families' helpers have their own checks). */
const HELPERS = [
  'char-scan.ts',
  'credential-docs.ts',
  'credential-scan.ts',
  'credentials.ts',
  'keyword-index.ts',
  'placeholders.ts',
  'private-keys.ts',
  'provider-tokens.ts',
  'uri-credentials.ts',
]

function sources(): string[] {
  const files: string[] = HELPERS.map((name) => join(ROOT, 'rules/helpers', name))
  walk(join(ROOT, 'rules/helpers/carriers'), files)
  for (const name of readdirSync(join(ROOT, 'rules'))) {
    if (RULE_IDS.some((id) => name.startsWith(`${id}-`))) files.push(join(ROOT, 'rules', name))
  }
  return files.sort()
}

interface Literal {
  file: string
  source: string
  flags: string
}

/** Regular-expression literals of a TypeScript file, from its syntax tree. */
function regexLiterals(file: string): Literal[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const out: Literal[] = []
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(source)
      const close = literal.lastIndexOf('/')
      out.push({ file: relative(ROOT, file), source: literal.slice(1, close), flags: literal.slice(close + 1) })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

const files = sources()
const literals = files.flatMap(regexLiterals)

describe('credential rules: regular expressions', () => {
  it('finds the sources and their literals', () => {
    expect(files.length).toBeGreaterThanOrEqual(25)
    expect(literals.length).toBeGreaterThan(0)
  })

  it('has a checker that tells a catastrophic pattern apart', () => {
    expect(checkSync('^(a+)+$', '').status).toBe('vulnerable')
  }, 60_000)

  it('uses no dynamically built regular expressions', () => {
    const dynamic = files.filter((file) => /new RegExp\(|RegExp\(/.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file))
    expect(dynamic).toEqual([])
  })

  it('finds keywords without any regular expression (an Aho-Corasick automaton)', () => {
    const index = new KeywordIndex(['passw', 'password=', 'sword', 'eyj', '://'])
    expect([...index.scan('DB_PASSWORD=x and eyJhbGci… http://')].sort()).toEqual(['://', 'eyj', 'passw', 'password=', 'sword'])
    expect([...index.scan('nothing here')]).toEqual([])
    expect(() => new KeywordIndex(['Upper'])).toThrow(/lower-case ASCII/)
    expect(KEYWORD_INDEX.keywords.size).toBeGreaterThan(100)
  })

  it.each(literals.map((literal) => [`${literal.file}: /${literal.source}/${literal.flags}`, literal] as const))('%s is safe', (_, literal) => {
    const result = checkSync(literal.source, literal.flags.replace(/[^gimsuyd]/g, ''))
    expect(result.status, JSON.stringify(result)).toBe('safe')
  }, 60_000)
})
