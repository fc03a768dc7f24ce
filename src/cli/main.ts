import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { RULES } from '../../rules/index.js'
import { baselineFromFindings, pruneBaseline } from '../baseline/apply-baseline.js'
import { type BaselineEntry, renderBaseline } from '../baseline/baseline-file.js'
import { closest } from '../config/did-you-mean.js'
import { ConfigError } from '../config/resolve-config.js'
import { publicFinding } from '../engine/redactor.js'
import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import { FAIL_ON_VALUES, type FailOn } from '../engine/severity.js'
import { annotationCommand, selectAnnotations } from '../report/annotations.js'
import { renderJson } from '../report/json.js'
import { ruleHelpText } from '../report/rule-help.js'
import { renderSarif } from '../report/sarif.js'
import { renderText } from '../report/text.js'
import { runScan, VULNERABILITY_CHECKS, type VulnerabilityCheckMode } from '../run-scan.js'
import { parseRuntimeFeedSetting, quotableFeedValue, RUNTIME_FEED_EXPECTED, type RuntimeFeedSetting } from '../runtime/feed.js'
import { TOOL_VERSION } from '../version.js'

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const
type Format = (typeof FORMATS)[number]

/** Exit codes are a contract other tools rely on. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  isTty: boolean
  env: NodeJS.ProcessEnv
}

export const USAGE = `Usage:
  astro-guard scan [PATH] [--format text|json|sarif|github] [--output FILE]
                          [--fail-on error|warning|notice|never] [--config FILE] [--today YYYY-MM-DD]
                          [--vulnerability-check none|osv] [--osv-endpoint URL]
                          [--runtime-feed auto|embedded|URL]
                          [--baseline FILE | --no-baseline]
  astro-guard baseline [PATH] [--prune] [--baseline FILE] [--config FILE] [--today YYYY-MM-DD]
                              [--runtime-feed auto|embedded|URL]
                                    write the current findings to .astro-guard-baseline.json (they stop gating);
                                    --prune only removes entries that match nothing any more
  astro-guard rules                 list every rule with its id, severity and responsibility
  astro-guard explain RULE-ID       print a rule's documentation
  astro-guard --version | --help

--runtime-feed: where Astro Runtime lifecycle data comes from: 'auto' (default) reads Astronomer's versions feed
  and falls back to the embedded table when it is unreachable; 'embedded' never uses the network; a URL reads
  that feed instead.
--vulnerability-check osv: look up every exactly pinned requirement in the OSV database (network) and report
  known vulnerabilities; a check that fails is stated in the report, never a pass. --osv-endpoint: a mirror.

Exit codes: 0 no finding reaches --fail-on (default error); 1 at least one does; 2 usage or configuration error.
`

class UsageError extends Error {}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`Option '--${name}' was '${value}'; expected one of ${allowed.join(', ')}.`)
  }
  return value as T
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

async function scanCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      config: { type: 'string', short: 'c' },
      today: { type: 'string' },
      'vulnerability-check': { type: 'string' },
      'osv-endpoint': { type: 'string' },
      'runtime-feed': { type: 'string' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean' },
    },
  })
  const root = onePath(positionals)
  const format: Format = oneOf('format', values.format, FORMATS) ?? 'text'
  const failOn: FailOn | undefined = oneOf('fail-on', values['fail-on'], FAIL_ON_VALUES)
  checkToday(values.today)
  const vulnerabilityCheck: VulnerabilityCheckMode | undefined = oneOf('vulnerability-check', values['vulnerability-check'], VULNERABILITY_CHECKS)
  const osvEndpoint = values['osv-endpoint']
  if (osvEndpoint !== undefined && !isHttpUrl(osvEndpoint)) {
    throw new UsageError(`Option '--osv-endpoint' was '${quotableFeedValue(osvEndpoint)}'; expected an http(s) URL such as https://api.osv.dev.`)
  }
  if (values.baseline !== undefined && values['no-baseline']) {
    throw new UsageError("Options '--baseline' and '--no-baseline' exclude each other.")
  }
  const runtimeFeed = runtimeFeedOption(values['runtime-feed'])
  const { report, redactor, gating, failOn: effectiveFailOn } = await runScan({
    root,
    outputFiles: values.output ? [values.output] : [],
    configPath: values.config,
    failOn,
    today: values.today,
    vulnerabilityCheck,
    osvEndpoint,
    runtimeFeed,
    baseline: values.baseline,
    ignoreBaseline: values['no-baseline'],
  })
  let output: string
  switch (format) {
    case 'json':
      output = renderJson(report, gating)
      break
    case 'sarif':
      output = renderSarif(report)
      break
    case 'github':
      output = `${selectAnnotations(report.findings, effectiveFailOn, 'Run astro-guard locally or upload SARIF to see all of them.')
        .map(annotationCommand)
        .join('\n')}\n`
      break
    case 'text':
      output = renderText(report, io.isTty && !values.output && !('NO_COLOR' in io.env))
      break
  }
  output = redactor.apply(output)
  if (values.output) {
    writeFileSync(values.output, output)
    io.stderr(`astro-guard: wrote ${format} report to ${values.output} (${report.findings.length} findings, ${gating} at or above '${effectiveFailOn}').\n`)
  } else {
    io.stdout(output)
  }
  return gating > 0 ? EXIT.findings : EXIT.ok
}

function runtimeFeedOption(value: string | undefined): RuntimeFeedSetting {
  const runtimeFeed = value === undefined ? 'auto' : parseRuntimeFeedSetting(value)
  if (runtimeFeed === undefined) {
    throw new UsageError(`Option '--runtime-feed' was '${quotableFeedValue(value ?? '')}'; expected ${RUNTIME_FEED_EXPECTED}.`)
  }
  return runtimeFeed
}

function onePath(positionals: string[]): string {
  if (positionals.length > 1) throw new UsageError(`Expected at most one PATH, got ${positionals.length}: ${positionals.join(' ')}.`)
  return positionals[0] ?? '.'
}

function checkToday(today: string | undefined): void {
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new UsageError(`Option '--today' was '${today}'; expected a date as YYYY-MM-DD.`)
  }
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`
}

const entriesText = (count: number) => plural(count, 'entry', 'entries')

/** `astro-guard baseline`: record today's findings so that only new ones gate; `--prune` only forgets fixed ones. */
async function baselineCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      prune: { type: 'boolean' },
      baseline: { type: 'string' },
      config: { type: 'string', short: 'c' },
      today: { type: 'string' },
      'runtime-feed': { type: 'string' },
    },
  })
  const root = onePath(positionals)
  checkToday(values.today)
  const scanned = await runScan({
    root,
    configPath: values.config,
    today: values.today,
    runtimeFeed: runtimeFeedOption(values['runtime-feed']),
    baseline: values.baseline,
    ignoreBaseline: true,
  })
  const { baseline, redactor } = scanned
  // Messages are stored only to say what an entry is; they pass the redactor like any other output.
  const findings = scanned.unbaselined.map((finding) => ({ ...publicFinding(finding), message: redactor.apply(finding.message) }))
  let summary: string
  let entries: BaselineEntry[]
  if (values.prune) {
    if (!baseline.loaded) {
      throw new UsageError(`There is no baseline to prune at '${baseline.display}'; write one with 'astro-guard baseline'.`)
    }
    const pruned = pruneBaseline(findings, baseline.loaded)
    entries = pruned.entries
    summary = `removed ${entriesText(pruned.removed)} that matched nothing and lowered the count of ${entriesText(pruned.lowered)}; ${entriesText(entries.length)} remain.`
  } else {
    entries = baselineFromFindings(findings, baseline.loaded)
    const total = entries.reduce((sum, entry) => sum + (entry.count ?? 1), 0)
    summary = `${entriesText(entries.length)} for ${plural(total, 'finding')}; they no longer gate. Commit the file.`
  }
  const text = redactor.apply(renderBaseline(entries))
  mkdirSync(dirname(baseline.path), { recursive: true })
  writeFileSync(baseline.path, text)
  io.stderr(`astro-guard: wrote ${baseline.display}: ${summary}\n`)
  return EXIT.ok
}

function rulesCommand(io: CliIo): number {
  const rows = RULES.map((rule) => {
    const area = RESPONSIBILITY_INFO[rule.responsibility]
    return `${rule.id}  ${rule.severity.padEnd(7)}  ${String(area.number)}. ${area.label.padEnd(34)}  ${rule.name}: ${rule.title}`
  })
  io.stdout(`${rows.join('\n')}\n`)
  return EXIT.ok
}

function explainCommand(args: string[], io: CliIo): number {
  if (args.length !== 1) throw new UsageError(`Expected one RULE-ID, such as 'astro-guard explain AG201'.`)
  const id = args[0]?.toUpperCase()
  const rule = RULES.find((candidate) => candidate.id === id || candidate.name === args[0])
  if (!rule) {
    const word = args[0] ?? ''
    const suggestion = /^ag[0-9o]/i.test(word)
      ? closest(word, RULES.map((candidate) => candidate.id), 1)
      : closest(word, RULES.map((candidate) => candidate.name))
    throw new UsageError(
      `Unknown rule '${args[0] ?? ''}'${suggestion ? `; did you mean '${suggestion}'?` : ';'} Run 'astro-guard rules' for the list of ids.`,
    )
  }
  const options = rule.options
    ? `\n\nOptions (set under rules.${rule.id}.options in .astro-guard.yml), with their defaults:\n${JSON.stringify(rule.options.defaults, null, 2)}`
    : ''
  io.stdout(`${ruleHelpText(rule)}${options}\n`)
  return EXIT.ok
}

/** The CLI: argv in, exit code out. Never calls process.exit, so tests can run it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv
    switch (command) {
      case 'scan':
        return await scanCommand(rest, io)
      case 'baseline':
        return await baselineCommand(rest, io)
      case 'rules':
        return rulesCommand(io)
      case 'explain':
        return explainCommand(rest, io)
      case '--version':
      case '-v':
        io.stdout(`${TOOL_VERSION}\n`)
        return EXIT.ok
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE)
        return command === undefined ? EXIT.usage : EXIT.ok
      default:
        throw new UsageError(`Unknown command '${command}'; expected one of scan, baseline, rules, explain.`)
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`astro-guard: ${error.message}\n`)
      if (error instanceof UsageError) io.stderr(`\n${USAGE}`)
      return EXIT.usage
    }
    // parseArgs throws TypeErrors with a code for unknown or malformed options: a usage error too.
    const code = (error as { code?: string }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`astro-guard: ${(error as Error).message}\n\n${USAGE}`)
      return EXIT.usage
    }
    throw error
  }
}
