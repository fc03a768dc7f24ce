// Runs the labelled credential corpus (__tests__/credentials-corpus/) through secretlint's recommended preset and
// through astro-guard, and prints both tools' precision and recall per carrier, side by side.
//
//   npm run bench:corpus
//
// The corpus is expanded (generated tokens) and written to a temporary git repository. astro-guard runs as users
// run it, `node dist/cli/index.js scan <dir> --format json`; when dist/ is missing or older than the credential
// rules, the script says so and scans with the sources instead. secretlint runs with
// `@secretlint/secretlint-rule-preset-recommend`, `--format json`, on the same files. No output of either tool is
// printed, only the scores (secretlint's JSON carries the file contents).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = join(ROOT, 'dist/cli/index.js')
const SECRETLINT = join(ROOT, 'node_modules/.bin/secretlint')
const TODAY = '2026-11-22'

async function load(path) {
  const { module } = await runnerImport(join(ROOT, path), { configFile: false, logLevel: 'error', root: ROOT })
  return module
}

const corpusModule = await load('__tests__/helpers/credential-corpus.ts')
const scope = await load('rules/helpers/credential-scan.ts')
const { loadCorpus, scoreCorpus, renderScoreTable } = corpusModule
// the credential rules plus the Airflow-settings rules that report secrets in AIRFLOW__* options and airflow.cfg
const credentialRules = new Set([...Object.keys(scope.CREDENTIAL_RULE_SCOPE), 'AG214', 'AG302', 'AG250', 'AG252'])

const corpus = loadCorpus()
const dir = mkdtempSync(join(tmpdir(), 'ag-corpus-'))
const tracked = Object.keys(corpus.files).filter((file) => !corpus.untracked.includes(file))

try {
  for (const [path, content] of Object.entries(corpus.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  execFileSync('git', ['init', '-q'], { cwd: dir })
  execFileSync('git', ['add', '--', ...tracked], { cwd: dir })

  // astro-guard
  let astroFindings
  let astroHow
  const started = performance.now()
  const rulesList = existsSync(CLI) ? spawnSync(process.execPath, [CLI, 'rules'], { encoding: 'utf8' }).stdout : ''
  if (existsSync(CLI) && rulesList.includes('AG215')) {
    const run = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--fail-on', 'never', '--today', TODAY], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    })
    if (run.status !== 0) throw new Error(`astro-guard exited ${run.status}: ${run.stderr}`)
    astroFindings = JSON.parse(run.stdout).findings
    astroHow = 'node dist/cli/index.js scan --format json'
  } else {
    console.log(
      existsSync(CLI)
        ? 'Note: dist/cli/index.js predates the credential rules (no AG215); scanning with the sources instead. Run `npm run build` to bench the bundle.'
        : 'Note: dist/cli/index.js is missing; scanning with the sources instead. Run `npm run build` to bench the bundle.',
    )
    const { runScan } = await load('src/run-scan.ts')
    const { report } = await runScan({ root: dir, today: TODAY, failOn: 'never' })
    astroFindings = report.findings
    astroHow = 'runScan() from the sources'
  }
  const astroMs = performance.now() - started
  const astroLines = astroFindings
    .filter((finding) => credentialRules.has(finding.ruleId))
    .map((finding) => ({ file: finding.path, line: finding.range.startLine, endLine: finding.range.endLine, ruleId: finding.ruleId, severity: finding.severity }))

  // secretlint (recommended preset), on the tracked files: the ones a repository scan sees
  const slStarted = performance.now()
  const sl = spawnSync(
    SECRETLINT,
    ['--format', 'json', '--no-glob', '--no-gitignore', '--secretlintrcJSON', JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }), ...tracked],
    { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  const slMs = performance.now() - slStarted
  if (sl.status !== 0 && sl.status !== 1) throw new Error(`secretlint exited ${sl.status}: ${sl.stderr.slice(0, 500)}`)
  const slLines = JSON.parse(sl.stdout || '[]').flatMap((result) =>
    result.messages.map((message) => ({
      file: relative(dir, result.filePath).split('\\').join('/'),
      line: message.loc.start.line,
      endLine: message.loc.end.line,
      ruleId: message.ruleId,
      severity: message.severity === 'info' ? 'notice' : 'error',
    })),
  )

  // Rule expectations (`#!flag:AG206`) are astro-guard's attribution; secretlint is scored on lines only.
  const lineOnly = { ...corpus, lines: corpus.lines.map(({ rule: _rule, ...line }) => line) }
  const astro = scoreCorpus(lineOnly, astroLines).scores
  const secretlint = scoreCorpus(lineOnly, slLines).scores

  const pct = (n) => n.toFixed(3)
  const rows = astro.map((a, i) => {
    const s = secretlint[i]
    return `| ${a.carrier.padEnd(20)} | ${String(a.flagged).padStart(4)} | ${pct(a.precision).padStart(13)} | ${pct(a.recall).padStart(13)} | ${pct(s.precision).padStart(12)} | ${pct(s.recall).padStart(12)} |`
  })
  console.log(`Credential corpus: ${Object.keys(corpus.files).length} files, ${corpus.lines.filter((l) => l.label === 'flag').length} credential lines, ${corpus.lines.filter((l) => l.label !== 'flag').length} clean lines.`)
  const slVersion = spawnSync(SECRETLINT, ['--version'], { encoding: 'utf8' }).stdout.trim()
  console.log(`astro-guard: ${astroHow}, ${astroMs.toFixed(0)} ms wall time. secretlint ${slVersion} with the recommended preset, ${slMs.toFixed(0)} ms wall time.`)
  console.log('A finding counts for a line it starts on, or for the first credential line a multi-line finding covers; notices do not flag.\n')
  console.log('| carrier              | flag | astro-guard P | astro-guard R | secretlint P | secretlint R |')
  console.log('|----------------------|------|---------------|---------------|--------------|--------------|')
  for (const row of rows) console.log(row)
  console.log(`\n${renderScoreTable(astro, 'astro-guard (lines)')}\n`)
  console.log(renderScoreTable(secretlint, 'secretlint recommended preset'))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
