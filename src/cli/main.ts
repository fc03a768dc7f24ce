import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { RULES } from '../../rules/index.js'
import { ConfigError } from '../config/resolve-config.js'
import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import { FAIL_ON_VALUES, type FailOn } from '../engine/severity.js'
import { annotationCommand, selectAnnotations } from '../report/annotations.js'
import { renderJson } from '../report/json.js'
import { ruleHelpText } from '../report/rule-help.js'
import { renderSarif } from '../report/sarif.js'
import { renderText } from '../report/text.js'
import { runScan } from '../run-scan.js'
import { parseRuntimeFeedSetting, quotableFeedValue, RUNTIME_FEED_EXPECTED } from '../runtime/feed.js'
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
                          [--runtime-feed auto|embedded|URL]
  astro-guard rules                 list every rule with its id, severity and responsibility
  astro-guard explain RULE-ID       print a rule's documentation
  astro-guard --version | --help

--runtime-feed: where Astro Runtime lifecycle data comes from: 'auto' (default) reads Astronomer's versions feed
  and falls back to the embedded table when it is unreachable; 'embedded' never uses the network; a URL reads
  that feed instead.

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
      'runtime-feed': { type: 'string' },
    },
  })
  if (positionals.length > 1) throw new UsageError(`Expected at most one PATH, got ${positionals.length}: ${positionals.join(' ')}.`)
  const format: Format = oneOf('format', values.format, FORMATS) ?? 'text'
  const failOn: FailOn | undefined = oneOf('fail-on', values['fail-on'], FAIL_ON_VALUES)
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw new UsageError(`Option '--today' was '${values.today}'; expected a date as YYYY-MM-DD.`)
  }
  const runtimeFeed = values['runtime-feed'] === undefined ? 'auto' : parseRuntimeFeedSetting(values['runtime-feed'])
  if (runtimeFeed === undefined) {
    throw new UsageError(`Option '--runtime-feed' was '${quotableFeedValue(values['runtime-feed'] ?? '')}'; expected ${RUNTIME_FEED_EXPECTED}.`)
  }
  const { report, redactor, gating, failOn: effectiveFailOn } = await runScan({
    root: positionals[0] ?? '.',
    configPath: values.config,
    failOn,
    today: values.today,
    runtimeFeed,
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

function rulesCommand(io: CliIo): number {
  const rows = RULES.map((rule) => {
    const area = RESPONSIBILITY_INFO[rule.responsibility]
    return `${rule.id}  ${rule.severity.padEnd(7)}  ${String(area.number)}. ${area.label.padEnd(34)}  ${rule.name}: ${rule.title}`
  })
  io.stdout(`${rows.join('\n')}\n`)
  return EXIT.ok
}

function explainCommand(args: string[], io: CliIo): number {
  const id = args[0]?.toUpperCase()
  const rule = RULES.find((candidate) => candidate.id === id || candidate.name === args[0])
  if (!rule) {
    throw new UsageError(`Unknown rule '${args[0] ?? ''}'; run 'astro-guard rules' for the list of ids.`)
  }
  io.stdout(`${ruleHelpText(rule)}\n`)
  return EXIT.ok
}

/** The CLI: argv in, exit code out. Never calls process.exit, so tests can run it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv
    switch (command) {
      case 'scan':
        return await scanCommand(rest, io)
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
        throw new UsageError(`Unknown command '${command}'; expected one of scan, rules, explain.`)
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
