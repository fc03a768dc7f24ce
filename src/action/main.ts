import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import * as core from '@actions/core'
import type { Severity } from '../engine/severity.js'
import { checkoutMatchesHead, gitRunner } from '../github/changed-lines.js'
import { type RunContext, readRunContext } from '../github/event.js'
import { createGitHubClient, type GitHubClient } from '../github/octokit.js'
import { publish } from '../github/publish.js'
import { resolvePullRequest } from '../github/pull-request.js'
import { applyScope, describeFailure, effectiveScope, loadChanges } from '../github/scope.js'
import { workspaceLines } from '../github/workspace-lines.js'
import { type Annotation, selectAnnotations } from '../report/annotations.js'
import type { ReportInput } from '../report/report-input.js'
import { renderSarif } from '../report/sarif.js'
import { countGating, renderSummary, SUMMARY_LIMIT_BYTES } from '../report/summary.js'
import { runScan } from '../run-scan.js'
import { getInputs, InputError } from './inputs.js'

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
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

function blobBase(context: RunContext): string | undefined {
  return context.repo && context.sha ? `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/blob/${context.sha}/` : undefined
}

/**
 * The action, in phases: scan; find what the change touched (the only API reads before any output, as they
 * decide which findings gate); write every output that needs no token (SARIF, annotations, job summary,
 * outputs); publish through the API (check run, review, summary comment), which never changes the verdict;
 * then the verdict.
 */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd())
    const root = resolve(workspace, inputs.path)
    const inside = relative(workspace, root)
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new InputError(`Input 'path' was '${inputs.path}'; expected a folder inside the workspace ${workspace}.`)
    }
    const { context, problems } = readRunContext(process.env)
    for (const problem of problems) core.warning(`astro-guard: ${problem}.`)

    core.startGroup('astro-guard: scanning')
    const scanned = await runScan({
      root,
      outputFiles: inputs.sarifFile ? [resolve(workspace, inputs.sarifFile)] : [],
      configPath: inputs.config ? resolve(workspace, inputs.config) : undefined,
      failOn: inputs.failOn,
      baseline: inputs.baseline ? resolve(workspace, inputs.baseline) : undefined,
      pathPrefix: inside,
      vulnerabilityCheck: inputs.vulnerabilityCheck,
      osvEndpoint: inputs.osvEndpoint,
      runtimeFeed: inputs.runtimeFeed,
    })
    const { redactor, failOn, result } = scanned
    const redact = (text: string) => redactor.apply(text)
    core.info(
      `Scanned ${result.stats.files} files in ${result.stats.projects} Astro projects in ${result.stats.durationMs.toFixed(0)} ms: ${scanned.report.findings.length} findings.`,
    )
    core.endGroup()
    // A vulnerability check that was asked for and did not complete must not look like a clean result.
    const vulnerabilityCheck = scanned.report.vulnerabilityCheck
    if (vulnerabilityCheck && vulnerabilityCheck.status !== 'complete') {
      core.warning(`astro-guard: the vulnerability check (${vulnerabilityCheck.source}) is ${vulnerabilityCheck.status}: ${vulnerabilityCheck.problems.join('; ')}`)
    }

    core.startGroup('astro-guard: what the change touched')
    const client: GitHubClient | undefined = inputs.githubToken
      ? createGitHubClient({
          token: inputs.githubToken,
          baseUrl: context.apiUrl,
          redact,
          onRetry: (retry, route) =>
            core.info(`GitHub API ${route}: HTTP ${retry.status} (${retry.reason}); retry ${retry.attempt} in ${Math.ceil(retry.delayMs / 1000)} s.`),
        })
      : undefined
    let pullRequest = context.pullRequest
    try {
      const resolved = await resolvePullRequest({ client, context, numberInput: inputs.pullRequestNumber })
      pullRequest = resolved.pullRequest
      if (resolved.problem) core.warning(`astro-guard: ${resolved.problem}.`)
    } catch (error) {
      core.warning(`astro-guard: could not read the pull request (${redact(describeFailure(error))}).`)
    }
    const scope = effectiveScope(inputs.scope, scanned.config.scope, pullRequest !== undefined)
    const git = gitRunner(workspace)
    const needChanges = scope !== 'all' || (pullRequest !== undefined && inputs.reviewComments)
    const { changes, problems: changeProblems } = needChanges
      ? await loadChanges({ client, context, pullRequest, git })
      : { changes: undefined, problems: [] }
    if (changes) core.info(`${changes.files.size} changed files (from the ${changes.source}); scope: ${scope}.`)
    for (const problem of changeProblems) core.info(`Changed lines: ${redact(problem)}.`)
    if (scope !== 'all' && !changes) {
      core.warning(`astro-guard: scope '${scope}' needs the change, but ${redact(changeProblems.join('; '))}. Every finding gates.`)
    }
    const findings = applyScope(scanned.report.findings, scope, changes)
    const report: ReportInput = { ...scanned.report, findings }
    const gating = countGating(findings, failOn)
    core.info(`${gating} finding${gating === 1 ? '' : 's'} at or above '${failOn}' in scope.`)
    core.endGroup()

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
    for (const annotation of selectAnnotations(findings, failOn, whereToSeeAll)) emit(annotation, redact)
    const summaryLinks = { blobBase: blobBase(context), fullReport: whereToSeeAll }
    const summaryWithin = (limitBytes: number) => redact(renderSummary(report, summaryLinks, gating, limitBytes))
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryWithin(SUMMARY_LIMIT_BYTES)).write()
    const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length
    core.setOutput('findings', findings.length)
    core.setOutput('errors', count('error'))
    core.setOutput('warnings', count('warning'))
    core.setOutput('notices', count('notice'))
    core.setOutput('gating', gating)
    core.setOutput('sarif-file', sarifPath)

    core.startGroup('astro-guard: publishing to GitHub')
    try {
      await publish({
        client,
        context,
        pullRequest,
        options: inputs,
        findings,
        gating,
        failOn,
        changes,
        checkoutMatchesHead: pullRequest ? checkoutMatchesHead(git, pullRequest.headSha) : undefined,
        checkName: inside ? `astro-guard (${inside})` : 'astro-guard',
        scanPrefix: inside,
        renderSummary: summaryWithin,
        readLines: workspaceLines(workspace),
        redact,
        otherOutputs: inputs.sarifFile ? 'the SARIF file' : '',
        now: () => new Date(),
        log: { info: core.info, warning: (message) => core.warning(message), notice: (message) => core.notice(message) },
      })
    } catch (error) {
      // publish() reports its own failures; this only guards the verdict against a bug in it.
      core.warning(`astro-guard: publishing to GitHub failed: ${redact(errorMessage(error))}. The verdict is unchanged.`)
    }
    core.endGroup()

    if (gating > 0) {
      core.setFailed(`astro-guard: ${gating} finding${gating === 1 ? '' : 's'} at or above '${failOn}'.`)
    }
  } catch (error) {
    core.setFailed(`astro-guard: ${errorMessage(error)}`)
  }
}
