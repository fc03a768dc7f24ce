import type { Finding } from '../engine/finding.js'
import type { FailOn } from '../engine/severity.js'
import type { ChangeSet } from './changed-lines.js'
import { CheckRunIncomplete, type CheckRunResult, OUTPUT_TEXT_LIMIT, publishCheckRun } from './check-run.js'
import type { PullRequestRef, RunContext, TokenRestriction } from './event.js'
import { type GitHubClient, httpStatus } from './octokit.js'
import { COMMENT_LIMIT_BYTES, type SummaryCommentOutcome, upsertSummaryComment } from './pr-comment.js'
import { listOwnReviewComments, planReview, postReview, type ReviewResult } from './review-comments.js'
import { describeFailure } from './scope.js'

/**
 * Publishes to the surfaces that need the API: the check run, review comments and the summary comment. Runs
 * after the findings, outputs, job summary and SARIF are written, and never throws: a failure is a warning, a
 * refused token is one notice for the whole run, and neither changes the verdict.
 */

type Surface = 'check run' | 'review comments' | 'summary comment'
type Permission = 'checks: write' | 'pull-requests: write'
const PERMISSION: Record<Surface, Permission> = {
  'check run': 'checks: write',
  'review comments': 'pull-requests: write',
  'summary comment': 'pull-requests: write',
}

export interface PublishOptions {
  checkRun: boolean
  reviewComments: boolean
  maxReviewComments: number
  prComment: boolean
}

export interface PublishLog {
  info(message: string): void
  warning(message: string): void
  notice(message: string): void
}

export interface PublishInput {
  client: GitHubClient | undefined
  context: RunContext
  pullRequest: PullRequestRef | undefined
  options: PublishOptions
  /** Findings after scoping, public and redacted, in report order. */
  findings: readonly Finding[]
  gating: number
  failOn: FailOn
  changes: ChangeSet | undefined
  /** False when the checked-out tree is not the pull request's head, so line numbers may not match its diff. */
  checkoutMatchesHead: boolean | undefined
  checkName: string
  /** Repository-relative folder scanned ('' for the whole repository). */
  scanPrefix: string
  /** The job summary's markdown, redacted, rendered within `limitBytes`. */
  renderSummary(limitBytes: number): string
  readLines(path: string): string[] | undefined
  redact(text: string): string
  /** Where else the findings are, for the notice ("the SARIF file" when one was written). */
  otherOutputs: string
  now(): Date
  log: PublishLog
}

export interface PublishReport {
  checkRun?: CheckRunResult
  review?: ReviewResult
  summaryComment?: SummaryCommentOutcome
  /** Surfaces not published because the token may not write, with the reason; empty when all went through. */
  skipped: Surface[]
  skipReason: SkipReason | undefined
  failed: Surface[]
}

type SkipReason = TokenRestriction | 'no token' | 'refused'

function isPermissionDenied(error: unknown): boolean {
  // 403 without rate-limit wording: "Resource not accessible by integration" (a token without the permission).
  return httpStatus(error) === 403 && !/rate limit|abuse/i.test(error instanceof Error ? error.message : '')
}

export async function publish(input: PublishInput): Promise<PublishReport> {
  const { context, pullRequest, options, log } = input
  const report: PublishReport = { skipped: [], skipReason: undefined, failed: [] }
  const wanted: Surface[] = []
  if (options.checkRun && context.repo && context.sha) wanted.push('check run')
  if (pullRequest && options.reviewComments && options.maxReviewComments > 0) wanted.push('review comments')
  if (pullRequest && options.prComment) wanted.push('summary comment')
  if (wanted.length === 0) return report

  const client = input.client
  const upFront: SkipReason | undefined = !client ? 'no token' : context.restriction === 'fork' ? 'fork' : undefined
  if (upFront || !client || !context.repo) {
    report.skipped.push(...wanted)
    report.skipReason = upFront
    log.notice(skipNotice(report.skipped, upFront ?? 'no token', input.otherOutputs))
    return report
  }
  const repo = context.repo
  const denied = new Set<Permission>()

  const attempt = async (surface: Surface, work: () => Promise<void>) => {
    if (denied.has(PERMISSION[surface])) {
      report.skipped.push(surface)
      return
    }
    try {
      await work()
    } catch (error) {
      if (isPermissionDenied(error)) {
        denied.add(PERMISSION[surface])
        report.skipped.push(surface)
        return
      }
      report.failed.push(surface)
      const detail = error instanceof CheckRunIncomplete ? `${error.message} (${describeFailure(error.cause)})` : describeFailure(error)
      log.warning(
        `astro-guard could not publish the ${surface}: ${input.redact(detail)}. The verdict is unchanged and every finding is in this job's annotations and summary${input.otherOutputs ? ` and ${input.otherOutputs}` : ''}.`,
      )
    }
  }

  if (wanted.includes('check run') && context.sha) {
    const headSha = context.sha
    await attempt('check run', async () => {
      const result = await publishCheckRun(client, {
        repo,
        headSha,
        name: input.checkName,
        findings: input.findings,
        gating: input.gating,
        failOn: input.failOn,
        summary: input.renderSummary(OUTPUT_TEXT_LIMIT),
        detailsUrl: context.runUrl,
        now: input.now,
      })
      report.checkRun = result
      log.info(
        `Check run '${input.checkName}' ${result.conclusion}: ${result.annotations} annotations in ${result.requests} request${result.requests === 1 ? '' : 's'}.`,
      )
    })
  }

  if (wanted.includes('review comments') && pullRequest) {
    if (!input.changes) {
      log.info('Review comments skipped: the pull request diff is not available, so no line could be checked against it.')
    } else if (input.checkoutMatchesHead === false) {
      log.warning(
        `Review comments skipped: the checked-out commit is not pull request #${pullRequest.number}'s head ${pullRequest.headSha.slice(0, 7)}, so line numbers may not match its diff. Check out the head (actions/checkout with ref: \${{ github.event.pull_request.head.sha }}).`,
      )
    } else {
      const changes = input.changes
      await attempt('review comments', async () => {
        const existing = await listOwnReviewComments(client, repo, pullRequest)
        const plan = planReview({
          findings: input.findings,
          changes,
          existing,
          max: options.maxReviewComments,
          readLines: input.readLines,
          redact: input.redact,
          scanPrefix: input.scanPrefix,
          headSha: pullRequest.headSha,
        })
        const inScope = input.findings.filter((finding) => !finding.baselined && !finding.outOfScope).length
        const result = await postReview({
          client,
          repo,
          pullRequest,
          plan,
          inScope,
          max: options.maxReviewComments,
          checkName: input.checkName,
          log: (message) => log.warning(message),
        })
        report.review = result
        log.info(
          `Review: ${result.posted} new comment${result.posted === 1 ? '' : 's'}${result.fallback === 'none' ? '' : ` (after a 422: ${result.fallback})`}, ${plan.alreadyCommented} already commented, ${result.resolved} marked resolved, ${result.reopened} reopened, ${plan.overLimit} over the limit of ${options.maxReviewComments}, ${plan.outsideDiff} outside the diff.`,
        )
      })
    }
  }

  if (wanted.includes('summary comment') && pullRequest) {
    await attempt('summary comment', async () => {
      const outcome = await upsertSummaryComment({
        client,
        repo,
        pullRequest,
        markdown: input.renderSummary(COMMENT_LIMIT_BYTES),
        key: input.scanPrefix || '.',
      })
      report.summaryComment = outcome
      log.info(`Summary comment ${outcome.action} (${outcome.id}).`)
    })
  }

  if (report.skipped.length > 0) {
    report.skipReason = context.restriction ?? 'refused'
    log.notice(skipNotice(report.skipped, report.skipReason, input.otherOutputs))
  }
  return report
}

function list(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

/** The one notice a run prints when its token may not write: what was skipped, why, and what would enable it. */
export function skipNotice(skipped: readonly Surface[], reason: SkipReason, otherOutputs: string): string {
  const surfaces = [...new Set(skipped)]
  const permissions = [...new Set(surfaces.map((surface) => PERMISSION[surface]))]
  const what = list(surfaces.map((surface) => `the ${surface} (\`${PERMISSION[surface]}\`)`))
  const why: Record<SkipReason, string> = {
    fork: 'this pull request comes from a fork, and GitHub gives `pull_request` runs from forks a read-only token',
    dependabot: 'this run was started by Dependabot, whose runs get a read-only token by default (GitHub answered 403)',
    'no token': 'the `github-token` input is empty',
    refused: 'the token was refused (HTTP 403)',
  }
  const how: Record<SkipReason, string> = {
    fork: 'To publish them for pull requests from forks, add the second workflow triggered by `workflow_run` (README, "Pull requests from forks").',
    dependabot: `Grant ${list(permissions.map((p) => `\`${p}\``))} under \`permissions:\` in the workflow, or use the \`workflow_run\` set-up (README, "Pull requests from forks").`,
    'no token': 'Leave `github-token` at its default (`${{ github.token }}`) or pass a token.',
    refused: `Grant ${list(permissions.map((p) => `\`${p}\``))} under \`permissions:\` in the job.`,
  }
  return `astro-guard skipped ${what}: ${why[reason]}. Every finding is still in this job's annotations and summary, the step outputs${otherOutputs ? ` and ${otherOutputs}` : ''}, and the verdict does not depend on it. ${how[reason]}`
}
