import type { Scope } from '../config/config-schema.js'
import type { Finding } from '../engine/finding.js'
import { type ChangeSet, changesFromGit, changesFromPullRequest, type GitRunner, isChangedLine } from './changed-lines.js'
import type { PullRequestRef, RunContext } from './event.js'
import { type GitHubClient, httpStatus } from './octokit.js'

/** The input wins over the config file; without either, pull requests gate on their changed lines only. */
export function effectiveScope(input: Scope | undefined, config: Scope | undefined, isPullRequest: boolean): Scope {
  return input ?? config ?? (isPullRequest ? 'changed-lines' : 'all')
}

export interface LoadedChanges {
  changes: ChangeSet | undefined
  /** Why a source could not be used, for the log. */
  problems: string[]
}

/**
 * The change to scope findings by: for a pull request, its files from the API (the diff GitHub checks review
 * comments against), else `git diff base...head` when the clone has both commits; for a push or merge queue
 * run, `git diff` of its range. Never throws.
 */
export async function loadChanges(args: {
  client: GitHubClient | undefined
  context: RunContext
  pullRequest: PullRequestRef | undefined
  git: GitRunner
}): Promise<LoadedChanges> {
  const { client, context, pullRequest, git } = args
  const problems: string[] = []
  if (pullRequest) {
    if (client && context.repo) {
      try {
        const listed = await changesFromPullRequest(client, context.repo, pullRequest)
        if ('files' in listed) return { changes: listed, problems }
        problems.push(
          `the pull request files API listed ${listed.incomplete} of ${pullRequest.changedFiles} changed files (it stops at 3000)`,
        )
      } catch (error) {
        problems.push(`could not list the pull request's files (${describeFailure(error)})`)
      }
    }
    const fromGit = changesFromGit(git, pullRequest.baseSha, pullRequest.headSha, true)
    if (fromGit) return { changes: fromGit, problems }
    problems.push(
      `git history does not hold both ${pullRequest.baseSha.slice(0, 7)} and ${pullRequest.headSha.slice(0, 7)} (use actions/checkout with fetch-depth: 0)`,
    )
    return { changes: undefined, problems }
  }
  if (context.diffRange) {
    const fromGit = changesFromGit(git, context.diffRange.base, context.diffRange.head, false)
    if (fromGit) return { changes: fromGit, problems }
    problems.push(
      `git history does not hold ${context.diffRange.base.slice(0, 7)}..${context.diffRange.head.slice(0, 7)} (use actions/checkout with fetch-depth: 0)`,
    )
  } else {
    problems.push(`a ${context.eventName || 'local'} run has no change to compare with`)
  }
  return { changes: undefined, problems }
}

/**
 * Marks findings outside the scope `outOfScope` (they stay in every report but do not gate). Without a change
 * set every finding stays in scope: failing on too much is safer than passing on too little.
 */
export function applyScope(findings: readonly Finding[], scope: Scope, changes: ChangeSet | undefined): Finding[] {
  if (scope === 'all' || !changes) return [...findings]
  return findings.map((finding) => {
    const inScope =
      scope === 'changed-files'
        ? changes.files.has(finding.path)
        : isChangedLine(changes, finding.path, finding.range.startLine, finding.range.endLine)
    return inScope ? finding : { ...finding, outOfScope: true }
  })
}

export function describeFailure(error: unknown): string {
  const status = httpStatus(error)
  const message = error instanceof Error ? error.message : String(error)
  return status ? `HTTP ${status}: ${message}` : message
}
