import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import * as core from '@actions/core'
import type { Severity } from '../engine/severity.js'
import { type Annotation, selectAnnotations } from '../report/annotations.js'
import { renderSarif } from '../report/sarif.js'
import { renderSummary } from '../report/summary.js'
import { runScan } from '../run-scan.js'
import { getInputs, InputError } from './inputs.js'

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}

/** The commit findings should link to: a pull request's head, else the pushed commit. */
function headSha(): string | undefined {
  const eventPath = process.env.GITHUB_EVENT_PATH
  if (eventPath) {
    try {
      const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { head?: { sha?: string } } }
      if (event.pull_request?.head?.sha) return event.pull_request.head.sha
    } catch {
      core.debug(`could not read the event payload at ${eventPath}`)
    }
  }
  return process.env.GITHUB_SHA
}

const EMIT: Record<Severity, (message: string, properties: core.AnnotationProperties) => void> = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
}

function emit(annotation: Annotation, redact: (text: string) => string): void {
  const { title, file, line, endLine, col, endColumn } = annotation.properties
  EMIT[annotation.type](redact(annotation.message), {
    title: redact(title),
    file,
    startLine: line,
    endLine,
    startColumn: col,
    endColumn,
  })
}

/** The action: scan, then report on every surface that needs no token, then set outputs and the verdict. */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd())
    const root = resolve(workspace, inputs.path)
    const inside = relative(workspace, root)
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new InputError(`Input 'path' was '${inputs.path}'; expected a folder inside the workspace ${workspace}.`)
    }
    core.startGroup('astro-guard: scanning')
    const scanned = await runScan({
      root,
      configPath: inputs.config ? resolve(workspace, inputs.config) : undefined,
      failOn: inputs.failOn,
      baseline: inputs.baseline ? resolve(workspace, inputs.baseline) : undefined,
      pathPrefix: inside,
      runtimeFeed: inputs.runtimeFeed,
    })
    const { report, redactor, gating, failOn, result } = scanned
    core.info(
      `Scanned ${result.stats.files} files in ${result.stats.projects} Astro projects in ${result.stats.durationMs.toFixed(0)} ms: ${report.findings.length} findings, ${gating} at or above '${failOn}'.`,
    )
    core.endGroup()

    const redact = (text: string) => redactor.apply(text)
    let sarifPath = ''
    if (inputs.sarifFile) {
      sarifPath = resolve(workspace, inputs.sarifFile)
      mkdirSync(dirname(sarifPath), { recursive: true })
      writeFileSync(sarifPath, redact(renderSarif(report)))
      core.info(`SARIF written to ${relative(workspace, sarifPath)}`)
    }

    const whereToSeeAll = inputs.sarifFile
      ? 'See the job summary or the uploaded SARIF for all of them.'
      : 'See the job summary for all of them.'
    for (const annotation of selectAnnotations(report.findings, failOn, whereToSeeAll)) emit(annotation, redact)

    if (process.env.GITHUB_STEP_SUMMARY) {
      const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com'
      const repository = process.env.GITHUB_REPOSITORY
      const sha = headSha()
      const blobBase = repository && sha ? `${server}/${repository}/blob/${sha}/` : undefined
      const markdown = renderSummary(report, { blobBase, fullReport: whereToSeeAll }, gating)
      await core.summary.addRaw(redact(markdown)).write()
    }

    const count = (severity: Severity) => report.findings.filter((finding) => finding.severity === severity).length
    core.setOutput('findings', report.findings.length)
    core.setOutput('errors', count('error'))
    core.setOutput('warnings', count('warning'))
    core.setOutput('notices', count('notice'))
    core.setOutput('sarif-file', sarifPath)

    if (gating > 0) {
      core.setFailed(`astro-guard: ${gating} finding${gating === 1 ? '' : 's'} at or above '${failOn}'.`)
    }
  } catch (error) {
    core.setFailed(`astro-guard: ${errorMessage(error)}`)
  }
}
