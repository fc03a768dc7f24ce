import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { FAKE_CREDENTIAL_KINDS, type FakeCredentialKind, fakeCredential, fakePrivateKey } from '../../src/testing/fake-credentials.js'

/**
 * The labelled credential corpus (__tests__/credentials-corpus/): many small files, grouped by carrier (the first
 * folder), each line labelled at its end:
 *
 *   `  #!flag` (a credential: a finding at error or warning must start on this line), `  #!flag:AG206` (…by this
 *   rule), `  #!notice` (at most a notice: well-known local defaults, files git does not track), `  #!clean` (no
 *   finding). Unlabelled lines are clean. A first line `#!untracked` makes the file one git does not track.
 *
 * Credential values are never committed: `{{!<kind>:<seed>}}` is replaced by a generated provider-format token
 * (src/testing/fake-credentials.ts), `{{!pem:<seed>}}` / `{{!pem-rsa:…}}` / `{{!pem-encrypted:…}}` by a private
 * key block, `{{!pem-escaped:…}}` by a one-line key with `\n` escapes, `{{!b64:<kind>:<seed>}}` by the base64 of
 * a generated value, and `{{!lit:<text>}}` by the text itself (a weak, human-chosen password worth tracking as
 * planted). Every generated or `lit` value is a planted secret that no output may contain.
 */
export type Label = 'flag' | 'clean' | 'notice'

export interface LabelledLine {
  /** Path in the scanned tree (carrier folder included). */
  file: string
  line: number
  label: Label
  rule?: string
}

export interface Corpus {
  files: Record<string, string>
  /** Paths git does not track. */
  untracked: string[]
  lines: LabelledLine[]
  /** Every planted secret value. */
  secrets: string[]
}

export const CORPUS_DIR = new URL('../credentials-corpus/', import.meta.url)

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else out.push(path)
  }
}

function generate(spec: string, secrets: string[]): string {
  const [kind, ...rest] = spec.split(':')
  const arg = rest.join(':')
  let value: string
  if (kind === 'lit') value = arg
  else if (kind === 'pem') value = fakePrivateKey(arg)
  else if (kind === 'pem-rsa') value = fakePrivateKey(arg, 'RSA PRIVATE KEY')
  else if (kind === 'pem-openssh') value = fakePrivateKey(arg, 'OPENSSH PRIVATE KEY')
  else if (kind === 'pem-encrypted') value = fakePrivateKey(arg, 'ENCRYPTED PRIVATE KEY')
  else if (kind === 'pem-escaped') value = fakePrivateKey(arg, 'PRIVATE KEY', true)
  else if (kind === 'b64') {
    const [inner, seed] = [rest[0], rest.slice(1).join(':')]
    const plain = fakeCredential(inner as FakeCredentialKind, seed)
    secrets.push(plain)
    value = Buffer.from(plain).toString('base64')
  } else if ((FAKE_CREDENTIAL_KINDS as readonly string[]).includes(kind)) value = fakeCredential(kind as FakeCredentialKind, arg)
  else throw new Error(`unknown corpus generator '${spec}'`)
  secrets.push(value)
  return value
}

const TEMPLATE = /\{\{!([a-z0-9-]+:[^}]*)\}\}/g
const MARKER = /\s+#!(flag|clean|notice)(?::(AG\d{3}))?\s*$/

/** Loads and expands the corpus (deterministic: the same seeds give the same values). */
export function loadCorpus(dir: URL = CORPUS_DIR): Corpus {
  const root = dir.pathname
  const paths: string[] = []
  walk(root, paths)
  paths.sort()
  const files: Record<string, string> = {}
  const untracked: string[] = []
  const lines: LabelledLine[] = []
  const secrets: string[] = []
  for (const path of paths) {
    const file = relative(root, path).split(sep).join('/')
    if (file === 'README.md') continue
    const source = readFileSync(path, 'utf8').split('\n')
    if (source[0] === '#!untracked') {
      untracked.push(file)
      source.shift()
    }
    const out: string[] = []
    for (const raw of source) {
      const marker = MARKER.exec(raw)
      const label: Label = marker ? (marker[1] as Label) : 'clean'
      const text = (marker ? raw.slice(0, marker.index) : raw).replace(TEMPLATE, (_, spec: string) => generate(spec, secrets))
      const produced = text.split('\n')
      lines.push({ file, line: out.length + 1, label, ...(marker?.[2] ? { rule: marker[2] } : {}) })
      for (let i = 1; i < produced.length; i++) lines.push({ file, line: out.length + 1 + i, label: 'clean' })
      out.push(...produced)
    }
    files[file] = out.join('\n')
  }
  return { files, untracked, lines, secrets: [...new Set(secrets)] }
}

/** The carrier a corpus file belongs to: its first folder. */
export function carrierOf(file: string): string {
  return file.slice(0, file.indexOf('/'))
}

export interface CarrierScore {
  carrier: string
  flagged: number
  truePositives: number
  falseNegatives: number
  falsePositives: number
  clean: number
  precision: number
  recall: number
}

export interface LineFinding {
  file: string
  line: number
  /** Last line of a multi-line finding (a PEM block): it counts for the first credential line it covers. */
  endLine?: number
  ruleId: string
  severity: 'error' | 'warning' | 'notice'
}

/** Scores findings against the labels, per carrier and overall ('all'). Only error/warning findings flag a line. */
export function scoreCorpus(corpus: Corpus, findings: readonly LineFinding[]): { scores: CarrierScore[]; misses: string[] } {
  const flagLines = new Set(corpus.lines.filter((line) => line.label === 'flag').map((line) => `${line.file}:${line.line}`))
  const at = new Map<string, LineFinding[]>()
  for (const finding of findings) {
    if (finding.severity === 'notice') continue
    let line = finding.line
    for (let l = finding.line; l <= (finding.endLine ?? finding.line); l++) {
      if (flagLines.has(`${finding.file}:${l}`)) {
        line = l
        break
      }
    }
    const key = `${finding.file}:${line}`
    at.set(key, [...(at.get(key) ?? []), finding])
  }
  const byCarrier = new Map<string, CarrierScore>()
  const misses: string[] = []
  const score = (carrier: string) => {
    let s = byCarrier.get(carrier)
    if (!s) {
      s = { carrier, flagged: 0, truePositives: 0, falseNegatives: 0, falsePositives: 0, clean: 0, precision: 1, recall: 1 }
      byCarrier.set(carrier, s)
    }
    return s
  }
  const labelled = new Set<string>()
  for (const line of corpus.lines) {
    const key = `${line.file}:${line.line}`
    labelled.add(key)
    const s = score(carrierOf(line.file))
    const found = at.get(key) ?? []
    if (line.label === 'flag') {
      s.flagged++
      const hit = line.rule ? found.some((f) => f.ruleId === line.rule) : found.length > 0
      if (hit) s.truePositives++
      else {
        s.falseNegatives++
        misses.push(`missed ${key}${line.rule ? ` (${line.rule}; got ${found.map((f) => f.ruleId).join(',') || 'nothing'})` : ''}`)
      }
    } else {
      s.clean++
      if (found.length > 0) {
        s.falsePositives++
        misses.push(`false positive ${key} (${found.map((f) => `${f.ruleId}/${f.severity}`).join(',')}, labelled ${line.label})`)
      }
    }
  }
  for (const [key, found] of at) {
    if (!labelled.has(key)) misses.push(`finding on an unknown line ${key} (${found.map((f) => f.ruleId).join(',')})`)
  }
  const all = { carrier: 'all', flagged: 0, truePositives: 0, falseNegatives: 0, falsePositives: 0, clean: 0, precision: 1, recall: 1 }
  const scores = [...byCarrier.values()].sort((a, b) => (a.carrier < b.carrier ? -1 : 1))
  for (const s of scores) {
    all.flagged += s.flagged
    all.truePositives += s.truePositives
    all.falseNegatives += s.falseNegatives
    all.falsePositives += s.falsePositives
    all.clean += s.clean
  }
  for (const s of [...scores, all]) {
    s.precision = s.truePositives + s.falsePositives === 0 ? 1 : s.truePositives / (s.truePositives + s.falsePositives)
    s.recall = s.flagged === 0 ? 1 : s.truePositives / s.flagged
  }
  return { scores: [...scores, all], misses }
}

export function renderScoreTable(scores: readonly CarrierScore[], title = 'astro-guard'): string {
  const rows = scores.map(
    (s) =>
      `| ${s.carrier.padEnd(20)} | ${String(s.flagged).padStart(4)} | ${String(s.clean).padStart(5)} | ${String(s.truePositives).padStart(4)} | ${String(s.falsePositives).padStart(3)} | ${String(s.falseNegatives).padStart(3)} | ${s.precision.toFixed(3).padStart(9)} | ${s.recall.toFixed(3).padStart(6)} |`,
  )
  return [
    `${title}: precision and recall per carrier`,
    '| carrier              | flag | clean |   TP |  FP |  FN | precision | recall |',
    '|----------------------|------|-------|------|-----|-----|-----------|--------|',
    ...rows,
  ].join('\n')
}
