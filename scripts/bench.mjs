#!/usr/bin/env node
// `npm run bench`: how fast astro-guard scans a large Airflow monorepo, against ripgrep (the near-physical
// reference) and secretlint (the JavaScript peer), plus tree doubling, action cold start and pathological inputs.
// Everything is generated under .bench/ (git-ignored). Nothing here is a test: the numbers depend on the machine.
//
//   npm run bench                      full run (about 12,000 files / 60 MB, and a tree twice as large)
//   npm run bench -- --tiny            a few files, one run each: checks the script itself (used by the tests)
//   options: --runs N  --out DIR  --cli PATH  --action PATH  --node PATH  --only suite,suite  --json FILE  --no-install
//   suites: astro-guard, double, ripgrep, secretlint, cold-start, pathological, extra
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureTree } from './bench/generate-tree.mjs'
import { cleanEnv, Runner } from './bench/measure.mjs'
import { writePathological } from './bench/pathological.mjs'

const REPO = resolve(dirname(new URL(import.meta.url).pathname), '..')
const { values: args } = parseArgs({
  options: {
    tiny: { type: 'boolean', default: false },
    runs: { type: 'string' },
    out: { type: 'string' },
    cli: { type: 'string' },
    action: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'string' },
    'no-install': { type: 'boolean', default: false },
    'secretlint-budget': { type: 'string' },
    node: { type: 'string' },
  },
})
const tiny = args.tiny
const out = resolve(args.out ?? join(REPO, '.bench'))
mkdirSync(out, { recursive: true })
const runs = Number(args.runs ?? (tiny ? 1 : 5))
const warmup = tiny ? 0 : 1
const cli = resolve(args.cli ?? join(REPO, 'dist/cli/index.js'))
const action = resolve(args.action ?? join(REPO, 'dist/index.js'))
const suites = new Set((args.only ?? 'astro-guard,double,ripgrep,secretlint,cold-start,pathological,extra').split(','))
const install = !args['no-install'] && !tiny
const secretlintBudgetMs = Number(args['secretlint-budget'] ?? 300) * 1000
const runner = new Runner(out)
const results = { tiny, runs, warmup, machine: machineInfo(), started: new Date().toISOString(), notes: [] }

const log = (text = '') => process.stdout.write(`${text}\n`)
const note = (text) => {
  results.notes.push(text)
  log(`  note: ${text}`)
}
const ms = (value) => (value === undefined ? 'n/a' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`)
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
const timing = (summary) =>
  `median ${ms(summary.wallMs.median)} (min ${ms(summary.wallMs.min)}, max ${ms(summary.wallMs.max)}, spread ${(summary.spread * 100).toFixed(0)}%, ${summary.runs} runs)` +
  (summary.cpuMs ? `, CPU ${ms(summary.cpuMs.median)}` : '') +
  (summary.rssKb ? `, peak RSS ${(summary.rssKb.max / 1024).toFixed(0)} MB` : '')
const strip = ({ last, ...rest }) => rest

function machineInfo() {
  return {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadavgAtStart: loadavg().map((v) => Number(v.toFixed(2))),
  }
}

function findNode24() {
  const candidates = [
    process.env.BENCH_NODE24,
    join(out, 'node24/node_modules/node/bin/node'),
    '/tmp/node24/node_modules/node/bin/node',
    '/opt/node24/node_modules/node/bin/node',
  ].filter(Boolean)
  for (const candidate of candidates) {
    if (existsSync(candidate) && spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.startsWith('v24.')) return candidate
  }
  if (process.version.startsWith('v24.')) return process.execPath
  if (!install) return undefined
  log('  installing Node 24 from npm into .bench/node24 (npm i --no-save node@24)...')
  const result = spawnSync('npm', ['i', '--prefix', join(out, 'node24'), '--no-save', '--no-audit', '--no-fund', 'node@24'], { stdio: 'ignore', timeout: 300_000 })
  const installed = join(out, 'node24/node_modules/node/bin/node')
  return result.status === 0 && existsSync(installed) ? installed : undefined
}

// GitHub runs the action on Node 24, so scans and cold start are measured there (installed from npm if missing).
let scanNode = args.node ? resolve(args.node) : findNode24()
if (!scanNode) {
  scanNode = process.execPath
  results.notes.push(`Node 24 is not available here; everything runs on ${process.version}`)
}
const scanNodeVersion = spawnSync(scanNode, ['--version'], { encoding: 'utf8' }).stdout.trim()
results.scanNode = scanNodeVersion

// ---------------------------------------------------------------------------------------------------- trees
const size = tiny ? { projects: 3, dags: 4 } : { projects: 100, dags: 60 }
log(`astro-guard benchmark${tiny ? ' (tiny mode: checks the script, the numbers mean nothing)' : ''}`)
log(`machine: ${results.machine.cores} cores, load average ${results.machine.loadavgAtStart.join(' ')}; scans run on Node ${scanNodeVersion}`)
if (!tiny && results.machine.loadavgAtStart[0] > results.machine.cores) {
  note(`the load average (${results.machine.loadavgAtStart[0]}) is above the core count: other work competes for the CPU, expect noisy numbers`)
}
if (!existsSync(cli)) {
  log(`The CLI bundle ${cli} is missing: run \`npm run build\` first.`)
  process.exit(2)
}
log('\ngenerating trees (cached under .bench/ when unchanged)...')
const tree1 = join(out, tiny ? 'tiny-1x' : 'tree-1x')
const tree2 = join(out, tiny ? 'tiny-2x' : 'tree-2x')
const started = performance.now()
const info1 = ensureTree(tree1, { ...size, seed: 1 })
const info2 = suites.has('double') ? ensureTree(tree2, { projects: size.projects * 2, dags: size.dags, seed: 1 }) : undefined
log(`  1x: ${info1.files} files, ${mb(info1.bytes)}, ${size.projects} projects${info1.cached ? ' (cached)' : ''}`)
if (info2) log(`  2x: ${info2.files} files, ${mb(info2.bytes)}, ${size.projects * 2} projects${info2.cached ? ' (cached)' : ''}`)
log(`  planted in 1x: ${Object.entries(info1.planted).map(([k, v]) => `${k} ${v}`).join(', ')}`)
log(`  (${ms(performance.now() - started)})`)
results.trees = { '1x': { ...info1, root: tree1 }, ...(info2 ? { '2x': { ...info2, root: tree2 } } : {}) }

// ---------------------------------------------------------------------------------------------- astro-guard
const help = spawnSync(scanNode, [cli, '--help'], { encoding: 'utf8', env: cleanEnv() }).stdout ?? ''
const feedFlag = help.includes('--runtime-feed') ? ['--runtime-feed', 'embedded'] : []
function astroGuard(tree, label, threads) {
  const sarif = join(out, `astro-guard-${label}.sarif`)
  const argv = [cli, 'scan', tree, '--format', 'sarif', '--output', sarif, '--fail-on', 'never', ...feedFlag]
  const env = cleanEnv(threads ? { ASTRO_GUARD_THREADS: String(threads) } : {})
  const summary = runner.repeat(scanNode, argv, { runs, warmup, node: true, env, expectStatus: [0] })
  const report = JSON.parse(readFileSync(sarif, 'utf8'))
  const byRule = {}
  for (const run of report.runs) for (const result of run.results) byRule[result.ruleId] = (byRule[result.ruleId] ?? 0) + 1
  return { ...strip(summary), findingsByRule: byRule }
}
function throughput(summary, info) {
  const seconds = summary.wallMs.median / 1000
  return { filesPerSecond: info.files / seconds, mbPerSecond: info.bytes / 1e6 / seconds }
}
if (suites.has('astro-guard')) {
  log(`\nastro-guard scan (node dist/cli/index.js scan <tree> --format sarif${feedFlag.length ? ' --runtime-feed embedded' : ''}, Node ${scanNodeVersion}):`)
  const summary = astroGuard(tree1, '1x')
  results.astroGuard = { ...summary, ...throughput(summary, info1) }
  log(`  1x: ${timing(summary)}`)
  log(`      ${results.astroGuard.filesPerSecond.toFixed(0)} files/s, ${results.astroGuard.mbPerSecond.toFixed(1)} MB/s; findings ${JSON.stringify(summary.findingsByRule)}`)
  // The same scan kept on one thread (ASTRO_GUARD_THREADS=1), to show what the worker threads bring.
  const single = astroGuard(tree1, '1x-one-thread', 1)
  results.astroGuardOneThread = { ...single, ...throughput(single, info1) }
  log(`  1x on one thread: ${timing(single)}`)
}
if (suites.has('double') && info2) {
  const summary = astroGuard(tree2, '2x')
  results.astroGuard2x = { ...summary, ...throughput(summary, info2) }
  log(`  2x: ${timing(summary)}`)
  if (results.astroGuard) {
    results.doublingRatio = summary.wallMs.median / results.astroGuard.wallMs.median
    log(`  doubling the tree multiplies the time by ${results.doublingRatio.toFixed(2)} (target at most 2.2)`)
  }
}

// ------------------------------------------------------------------------------------------------- ripgrep
// The same kinds of credential the astro-guard rules look for, as one alternation per pattern (ripgrep runs them
// as one automaton). --hidden/--no-ignore so it reads what astro-guard reads (.env, .astro/, ignored files).
const RIPGREP_PATTERNS = [
  'AKIA[0-9A-Z]{16}',
  '(?i)aws_secret_access_key\\s*[=:]\\s*["\']?[A-Za-z0-9/+=]{40}',
  'gh[pousr]_[A-Za-z0-9_]{36}',
  'github_pat_[A-Za-z0-9_]{82}',
  'glpat-[A-Za-z0-9_-]{20}',
  'xox[baprse]-[0-9A-Za-z-]{10,}',
  'hooks\\.slack\\.com/services/[A-Za-z0-9/]+',
  '[rs]k_live_[A-Za-z0-9]{20,}',
  'npm_[A-Za-z0-9]{36}',
  'AIza[0-9A-Za-z_-]{35}',
  '-----BEGIN [A-Z ]*PRIVATE KEY-----',
  '[a-z][a-z0-9+.-]*://[^:/\\s@]+:[^@\\s/]+@',
  'conn_password:\\s*\\S+',
  '(?i)(password|passwd|secret|token|api_key)\\s*[=:]\\s*["\'][^"\']{8,}["\']',
]
function findRipgrep() {
  const which = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' })
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim()
  if (!install) return undefined
  log('  ripgrep is missing: trying apt-get install -y ripgrep')
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n']
  for (const command of [[...sudo, 'apt-get', 'update', '-qq'], [...sudo, 'apt-get', 'install', '-y', '-qq', 'ripgrep']]) {
    const result = spawnSync(command[0], command.slice(1), { stdio: 'ignore', timeout: 300_000 })
    if (result.status !== 0) return undefined
  }
  const again = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' })
  return again.status === 0 ? again.stdout.trim() : undefined
}
if (suites.has('ripgrep')) {
  log('\nripgrep with equivalent credential patterns:')
  const rg = findRipgrep()
  if (!rg) {
    note('ripgrep is not available (install it with `apt-get install ripgrep`); no reference time')
  } else {
    const version = spawnSync(rg, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]
    const argv = ['--hidden', '--no-ignore', '-g', '!.git', '-n', '--no-heading', ...RIPGREP_PATTERNS.flatMap((p) => ['-e', p]), tree1]
    const summary = runner.repeat(rg, argv, { runs: tiny ? 1 : Math.max(runs, 10), warmup, expectStatus: [0, 1] })
    const matches = summary.last.stdout.split('\n').filter(Boolean).length
    results.ripgrep = { version, ...strip(summary), matches }
    log(`  ${version}: ${timing(summary)}; ${matches} matching lines`)
  }
}

// ----------------------------------------------------------------------------------------------- secretlint
const SECRETLINT = join(REPO, 'node_modules/.bin/secretlint')
const SECRETLINT_JS = join(REPO, 'node_modules/secretlint/bin/secretlint.js')
function secretlint(tree, label) {
  const rc = join(out, 'secretlintrc.json')
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }))
  const output = join(out, `secretlint-${label}.txt`)
  return ['--secretlintrc', rc, '--no-gitignore', '--format', 'unix', '--output', output, `${tree}/**/*`]
}
if (suites.has('secretlint')) {
  log(`\nsecretlint, recommended preset (Node ${scanNodeVersion}):`)
  if (!existsSync(SECRETLINT)) {
    note('secretlint is not installed (it is a dev dependency: npm ci)')
  } else {
    // Probe on a subset (the first tenth of the projects: the generator is per-project deterministic, so it is
    // exactly those projects of the 1x tree), then run the whole tree only if it fits the time budget.
    const subsetSize = { projects: Math.max(1, Math.round(size.projects / 10)), dags: size.dags, seed: 1 }
    const subsetRoot = join(out, tiny ? 'tiny-subset' : 'tree-subset')
    const subset = ensureTree(subsetRoot, subsetSize)
    const probe = runner.once(scanNode, [SECRETLINT_JS, ...secretlint(subsetRoot, 'subset')], { node: true })
    const estimate = (probe.wallMs * info1.bytes) / subset.bytes
    const slRuns = tiny ? 1 : Math.min(runs, 3)
    if (tiny || estimate * slRuns <= secretlintBudgetMs) {
      const summary = runner.repeat(scanNode, [SECRETLINT_JS, ...secretlint(tree1, '1x')], { runs: slRuns, warmup: 0, node: true })
      results.secretlint = { ...strip(summary), extrapolated: false }
      log(`  whole tree: ${timing(summary)}`)
    } else {
      const summary = runner.repeat(scanNode, [SECRETLINT_JS, ...secretlint(subsetRoot, 'subset')], { runs: slRuns, warmup: 0, node: true })
      const factor = info1.bytes / subset.bytes
      const scaled = { median: summary.wallMs.median * factor, min: summary.wallMs.min * factor, max: summary.wallMs.max * factor }
      results.secretlint = { ...strip(summary), wallMs: scaled, extrapolated: true, subset: { ...subset, measured: summary.wallMs } }
      log(`  subset of ${subsetSize.projects} projects (${mb(subset.bytes)}): ${timing(summary)}`)
      log(`  EXTRAPOLATED to the whole tree (x${factor.toFixed(1)} by bytes): median ${ms(scaled.median)}`)
    }
  }
}

// ------------------------------------------------------------------------------------------------- ratios
if (results.astroGuard && results.ripgrep) {
  results.astroGuardOverRipgrep = results.astroGuard.wallMs.median / results.ripgrep.wallMs.median
}
if (results.astroGuard && results.secretlint) {
  results.secretlintOverAstroGuard = results.secretlint.wallMs.median / results.astroGuard.wallMs.median
}

// ---------------------------------------------------------------------------------------------- cold start
if (suites.has('cold-start')) {
  log('\naction cold start (node dist/index.js on a tiny project, GitHub environment set):')
  if (!existsSync(action)) {
    note(`${action} is missing: run \`npm run build\``)
  } else {
    const node = scanNode
    const version = scanNodeVersion
    const project = join(out, 'cold-start')
    mkdirSync(join(project, 'dags'), { recursive: true })
    writeFileSync(join(project, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n')
    writeFileSync(join(project, 'requirements.txt'), 'apache-airflow-providers-snowflake==5.6.0\n')
    writeFileSync(join(project, 'dags/etl.py'), 'from airflow.decorators import dag\n\n\n@dag(schedule="@daily")\ndef etl():\n    pass\n\n\netl()\n')
    const event = join(out, 'cold-start-event.json')
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/analytics' } }))
    const env = cleanEnv({
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: project,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: join(out, 'cold-start-output.txt'),
      GITHUB_STEP_SUMMARY: join(out, 'cold-start-summary.md'),
      GITHUB_REPOSITORY: 'acme/analytics',
      GITHUB_SHA: '0'.repeat(40),
      RUNNER_TEMP: out,
      INPUT_PATH: '.',
      'INPUT_FAIL-ON': 'never',
      // The action's default is the live Runtime feed; a cold-start measure must not wait on the network.
      'INPUT_RUNTIME-FEED': 'embedded',
    })
    writeFileSync(env.GITHUB_OUTPUT, '')
    writeFileSync(env.GITHUB_STEP_SUMMARY, '')
    const coldRuns = tiny ? 1 : 20
    const bare = runner.repeat(node, ['-e', '0'], { runs: coldRuns, warmup: tiny ? 0 : 2, env, node: true })
    const summary = runner.repeat(node, [action], { runs: coldRuns, warmup: tiny ? 0 : 2, env, node: true, expectStatus: [0] })
    results.coldStart = { node: version, ...strip(summary), bareNodeMs: bare.wallMs }
    log(`  ${version}: ${timing(summary)}; \`node -e 0\` alone: ${ms(bare.wallMs.median)}`)
  }
}

// -------------------------------------------------------------------------------------------- pathological
if (suites.has('pathological')) {
  log('\npathological inputs (each at half and full size; growth = (full - empty) / (half - empty): linear is 2, quadratic 4):')
  const patho = writePathological(join(out, 'pathological'), tiny ? 0.01 : 1)
  const scanDir = (dir) => [cli, 'scan', dir, '--format', 'sarif', '--output', join(out, 'pathological.sarif'), '--fail-on', 'never', ...feedFlag]
  const pRuns = tiny ? 1 : 3
  const empty = runner.repeat(scanNode, scanDir(patho.empty), { runs: pRuns, warmup, node: true, expectStatus: [0] })
  results.pathological = { emptyMs: empty.wallMs.median, cases: [] }
  for (const item of patho.cases) {
    const half = runner.repeat(scanNode, scanDir(item.dirs.half.dir), { runs: pRuns, warmup, node: true, expectStatus: [0] })
    const full = runner.repeat(scanNode, scanDir(item.dirs.full.dir), { runs: pRuns, warmup, node: true, expectStatus: [0] })
    // Below ~100 ms over the empty scan the difference is noise on a busy machine, not growth.
    const halfCost = half.wallMs.median - empty.wallMs.median
    const growth = halfCost >= 100 ? (full.wallMs.median - empty.wallMs.median) / halfCost : undefined
    results.pathological.cases.push({ name: item.name, bytes: item.dirs.full.bytes, half: strip(half), full: strip(full), growth })
    log(`  ${item.name} (${mb(item.dirs.full.bytes)}): full ${ms(full.wallMs.median)}, half ${ms(half.wallMs.median)}, growth ${growth === undefined ? 'n/a (too small to tell)' : `x${growth.toFixed(2)}`}, peak RSS ${((full.rssKb?.max ?? 0) / 1024).toFixed(0)} MB`)
  }
  log(`  (an empty project takes ${ms(empty.wallMs.median)}: Node start-up and bundle loading)`)
}

// ------------------------------------------------------------------------------------ other helpers' benches
if (suites.has('extra')) {
  const scripts = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts ?? {}
  for (const name of ['bench:corpus', 'bench:requirements']) {
    if (!scripts[name]) {
      log(`\n${name}: not defined in package.json yet (run \`npm run ${name}\` once it exists).`)
    } else if (tiny) {
      log(`\n${name}: skipped in tiny mode; run \`npm run ${name}\`.`)
    } else {
      log(`\n${name}:`)
      const result = spawnSync('npm', ['run', '--silent', name], { cwd: REPO, stdio: 'inherit', env: cleanEnv() })
      if (result.status !== 0) note(`npm run ${name} exited ${result.status}`)
    }
  }
}

// ------------------------------------------------------------------------------------------------- summary
results.machine.loadavgAtEnd = loadavg().map((v) => Number(v.toFixed(2)))
const targets = []
const target = (name, value, limit, unit, ok) => targets.push({ name, value, limit, unit, met: ok })
if (results.astroGuardOverRipgrep !== undefined) target('full scan / ripgrep wall time', results.astroGuardOverRipgrep, 2, 'x', results.astroGuardOverRipgrep <= 2)
if (results.secretlintOverAstroGuard !== undefined) target('secretlint / astro-guard wall time', results.secretlintOverAstroGuard, 10, 'x', results.secretlintOverAstroGuard >= 10)
if (results.astroGuard?.rssKb) target('peak RSS of the full scan', results.astroGuard.rssKb.max / 1024, 300, 'MB', results.astroGuard.rssKb.max / 1024 <= 300)
if (results.astroGuard2x?.rssKb) target('peak RSS of the 2x scan', results.astroGuard2x.rssKb.max / 1024, 300, 'MB', results.astroGuard2x.rssKb.max / 1024 <= 300)
if (results.doublingRatio !== undefined) target('2x tree / 1x tree wall time', results.doublingRatio, 2.2, 'x', results.doublingRatio <= 2.2)
if (results.coldStart) target(`action cold start (${results.coldStart.node})`, results.coldStart.wallMs.median, 250, 'ms', results.coldStart.wallMs.median <= 250)
// Linear growth is 2 from half to full size, quadratic 4; 2.5 leaves room for timing noise.
for (const item of results.pathological?.cases ?? []) {
  if (item.growth !== undefined) target(`${item.name}: growth half -> full size`, item.growth, 2.5, 'x', item.growth <= 2.5)
}
results.targets = targets
log('\ntargets:')
for (const t of targets) {
  const value = t.unit === 'x' ? `${t.value.toFixed(2)}x` : `${t.value.toFixed(0)} ${t.unit}`
  const limit = t.unit === 'x' ? `${t.limit}x` : `${t.limit} ${t.unit}`
  log(`  ${t.met ? 'met ' : 'MISS'}  ${t.name}: ${value} (target ${t.name.startsWith('secretlint') ? '>=' : '<='} ${limit})`)
}
if (tiny) log('  (tiny mode: the targets are not meaningful)')
const jsonPath = resolve(args.json ?? join(out, tiny ? 'results-tiny.json' : 'results.json'))
writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`)
log(`\nresults written to ${jsonPath}`)
