// Times scanning requirements files of 10,000, 20,000 and 40,000 lines through the CLI, to show that the
// dependency rules stay linear: a pinned file (what pip-compile writes) and a worst-case mix that draws about two
// findings per line. Not a test: it prints figures (wall time of the whole CLI run, and the engine's own
// scan duration from the JSON report) for a human to read.
//
//   npm run bench:requirements                      # bundles the CLI from src/ into a scratch folder first
//   npm run bench:requirements -- --cli dist/cli/index.js
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const SIZES = [10_000, 20_000, 40_000]
const RUNS = 5
/** Prints the child's own CPU time (user + system) at exit: steadier than wall time on a busy machine. */
const CPU_PROBE = "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('CPU_MS '+((u.user+u.system)/1000).toFixed(0)+'\\n')})"

const scratch = mkdtempSync(join(tmpdir(), 'astro-guard-bench-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))

function cliPath() {
  const index = process.argv.indexOf('--cli')
  if (index !== -1 && process.argv[index + 1]) return resolve(process.argv[index + 1])
  const out = join(scratch, 'cli')
  console.log('Bundling the CLI from src/ (ncc) ...')
  execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'src/cli/index.ts', '-o', out, '--quiet'], {
    stdio: 'inherit',
  })
  return join(out, 'index.js')
}

/** A pinned file: what a pip-compile'd requirements.txt looks like (few findings, so parsing dominates). */
function pinnedText(lines) {
  const out = ['# generated for the benchmark', '-r base.txt']
  for (let index = 0; out.length < lines; index++) out.push(`package-${index}==1.${index % 50}.${index % 7}`)
  return `${out.join('\n')}\n`
}

/** A worst case: exact pins, ranges, bare names, extras and markers, hashes, VCS URLs, comments, options. */
function requirementsText(lines) {
  const out = ['# generated for the benchmark', '--index-url https://pypi.org/simple', '-r base.txt']
  for (let index = 0; out.length < lines; index++) {
    switch (index % 10) {
      case 0:
        out.push(`package-${index}==1.${index % 50}.${index % 7}`)
        break
      case 1:
        out.push(`package_${index}>=2.0,<3 ; python_version >= "3.9"`)
        break
      case 2:
        out.push(`Package.${index}`)
        break
      case 3:
        out.push(`package-${index}[extra-a,extra-b]~=4.1`)
        break
      case 4:
        out.push(`package-${index}==0.${index % 9}.0 \\`)
        out.push(`    --hash=sha256:${(index % 16).toString(16).repeat(64)}`)
        break
      case 5:
        out.push(`git+https://github.com/acme/package-${index}.git@${index % 2 ? 'main' : 'a'.repeat(40)}#egg=package-${index}`)
        break
      case 6:
        out.push(`# comment about package-${index}`)
        break
      case 7:
        out.push('')
        break
      case 8:
        out.push(`package-${index % 400}==9.9.9`) // repeats: duplicates and conflicts
        break
      default:
        out.push(`package-${index} @ https://files.acme.example/package-${index}-1.0.tar.gz`)
    }
  }
  return `${out.slice(0, lines).join('\n')}\n`
}

function project(lines, kind) {
  const root = join(scratch, `${kind}${lines}`)
  mkdirSync(join(root, 'dags'), { recursive: true })
  writeFileSync(join(root, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n')
  writeFileSync(join(root, 'dags', 'etl.py'), 'print("dag")\n')
  writeFileSync(join(root, 'requirements.txt'), kind === 'pinned' ? pinnedText(lines) : requirementsText(lines))
  writeFileSync(join(root, 'base.txt'), 'pandas==2.2.3\n')
  writeFileSync(join(root, 'requirements-dev.txt'), '-r requirements.txt\npytest==8.3.3\n')
  return root
}

const cli = cliPath()
const rows = []
for (const kind of ['pinned', 'mixed']) for (const lines of SIZES) {
  const root = project(lines, kind)
  let wall = Number.POSITIVE_INFINITY
  let engine = Number.POSITIVE_INFINITY
  let cpu = Number.POSITIVE_INFINITY
  let findings = 0
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now()
    const result = spawnSync(process.execPath, ['--import', CPU_PROBE, cli, 'scan', root, '--format', 'json', '--fail-on', 'never', '--today', '2026-11-22', '--runtime-feed', 'embedded'], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    })
    const elapsed = performance.now() - started
    if (result.status !== 0) {
      console.error(result.stderr)
      process.exit(1)
    }
    const report = JSON.parse(result.stdout)
    wall = Math.min(wall, elapsed)
    engine = Math.min(engine, report.summary.durationMs)
    const probe = /CPU_MS (\d+)/.exec(result.stderr)
    if (probe) cpu = Math.min(cpu, Number(probe[1]))
    findings = report.summary.findings
  }
  rows.push({ kind, lines, wall, engine, cpu, findings })
}

console.log(`\nBest of ${RUNS} runs. CPU ms is the CLI process's user+system time (steadier than wall time on a busy machine).`)
console.log('file   |  lines | findings | CLI CPU ms | CLI wall ms | engine scan ms | CPU ms per 1k lines | CPU vs 10k')
for (const row of rows) {
  const base = rows.find((candidate) => candidate.kind === row.kind)
  const cells = [
    row.kind.padEnd(6),
    String(row.lines).padStart(6),
    String(row.findings).padStart(8),
    row.cpu.toFixed(0).padStart(10),
    row.wall.toFixed(0).padStart(11),
    row.engine.toFixed(0).padStart(14),
    ((row.cpu / row.lines) * 1000).toFixed(1).padStart(19),
    `${(row.cpu / base.cpu).toFixed(2)}x`.padStart(10),
  ]
  console.log(cells.join(' | '))
}
