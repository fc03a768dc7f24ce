// Fails when dist/ is not what the current source builds to: rebuilds into a scratch copy and compares.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

function listFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...listFiles(path))
    else out.push(path)
  }
  return out
}

const committed = mkdtempSync(join(tmpdir(), 'astro-guard-dist-'))
cpSync('dist', committed, { recursive: true })
try {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const before = new Map(listFiles(committed).map((f) => [relative(committed, f), readFileSync(f)]))
  const after = new Map(listFiles('dist').map((f) => [relative('dist', f), readFileSync(f)]))
  const stale = []
  for (const [file, content] of after) if (!before.get(file)?.equals(content)) stale.push(file)
  for (const file of before.keys()) if (!after.has(file)) stale.push(file)
  if (stale.length) {
    console.error(`dist/ is stale: ${stale.join(', ')} differ from a fresh build. Run 'npm run build' and commit dist/.`)
    process.exitCode = 1
  } else {
    console.log('dist/ is up to date with the source.')
  }
} finally {
  rmSync('dist', { recursive: true, force: true })
  cpSync(committed, 'dist', { recursive: true })
  rmSync(committed, { recursive: true, force: true })
}
