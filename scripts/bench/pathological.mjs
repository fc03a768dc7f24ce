// Inputs that break scanners with quadratic paths: each is generated at a full and a half size so the benchmark
// can show the cost grows linearly (time(full) / time(half) close to 2 once start-up is subtracted).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRandom } from './generate-tree.mjs'

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A Python file of about `bytes` bytes: ordinary DAG-like code lines. */
function bigPython(bytes) {
  const r = createRandom(11)
  const parts = []
  let size = 0
  let i = 0
  while (size < bytes) {
    const line = `def task_${i}(**context):\n    rows = [x * ${r.int(100)} for x in range(${r.int(1000)})]\n    return {"task": "t_${r.chars(8, ALNUM)}", "rows": len(rows)}\n\n`
    parts.push(line)
    size += line.length
    i++
  }
  return parts.join('')
}

function bigRequirements(lines) {
  const r = createRandom(12)
  const out = ['# generated']
  for (let i = 1; i < lines; i++) {
    const name = `pkg-${r.chars(6, ALNUM)}-${i}`
    const kind = i % 10
    if (kind === 0) out.push(`# section ${i}`)
    else if (kind === 1) out.push(`${name}>=1.${r.int(20)}`)
    else if (kind === 2) out.push(`${name}==1.${r.int(20)}.${r.int(9)} ; python_version >= "3.9"`)
    else out.push(`${name}==${r.int(9)}.${r.int(30)}.${r.int(9)}`)
  }
  return `${out.join('\n')}\n`
}

function minifiedJson(bytes) {
  const r = createRandom(13)
  const items = []
  let size = 0
  let i = 0
  while (size < bytes) {
    const item = { id: i, name: `item_${r.chars(10, ALNUM)}`, tags: [r.chars(5, ALNUM), r.chars(5, ALNUM)], nested: { a: r.int(1000), b: r.next() > 0.5, c: null } }
    const text = JSON.stringify(item)
    items.push(text)
    size += text.length + 1
    i++
  }
  return `{"items":[${items.join(',')}]}`
}

function manyStrings(count) {
  const r = createRandom(14)
  const lines = ['MAPPING = {']
  for (let i = 0; i < count / 2; i++) lines.push(`    "key_${i}": "value_${r.chars(12, ALNUM)}",`)
  lines.push('}')
  return `${lines.join('\n')}\n`
}

/** name → { path, make(scale) } with scale 1 = the full size named in the issue. */
export function pathologicalCases(tinyFactor = 1) {
  return [
    { name: '20 MB single Python file', path: 'dags/huge.py', make: (s) => bigPython(Math.round(20 * 1024 * 1024 * s * tinyFactor)) },
    { name: '100,000-line requirements file', path: 'requirements.txt', make: (s) => bigRequirements(Math.round(100_000 * s * tinyFactor)) },
    { name: '1 MB single-line minified JSON', path: 'include/data.json', make: (s) => minifiedJson(Math.round(1024 * 1024 * s * tinyFactor)) },
    { name: 'Python file with 50,000 string literals', path: 'dags/mapping.py', make: (s) => manyStrings(Math.round(50_000 * s * tinyFactor)) },
  ]
}

/** Writes one folder per case and scale (an Astro project holding the file); returns their paths. */
export function writePathological(root, tinyFactor) {
  rmSync(root, { recursive: true, force: true })
  const out = []
  pathologicalCases(tinyFactor).forEach((item, index) => {
    const entry = { name: item.name, dirs: {} }
    for (const [label, scale] of [['half', 0.5], ['full', 1]]) {
      const dir = join(root, `case-${index}-${label}`)
      mkdirSync(join(dir, 'dags'), { recursive: true })
      writeFileSync(join(dir, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n')
      const file = join(dir, item.path)
      mkdirSync(join(file, '..'), { recursive: true })
      const text = item.make(scale)
      writeFileSync(file, text)
      entry.dirs[label] = { dir, bytes: Buffer.byteLength(text) }
    }
    out.push(entry)
  })
  const empty = join(root, 'empty')
  mkdirSync(join(empty, 'dags'), { recursive: true })
  writeFileSync(join(empty, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n')
  return { cases: out, empty }
}
