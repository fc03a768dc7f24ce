import type { PullRequestRef, RunContext } from './event.js'
import type { GitHubClient } from './octokit.js'

/**
 * The pull request a run is about. For `pull_request`/`pull_request_target` it is in the payload. For
 * `workflow_run` (the privileged half of the two-workflow set-up) it is the triggering run's pull request: from
 * the payload when GitHub lists it (same-repository branches), else from the `pull-request-number` input, which
 * the unprivileged workflow passed along as an artifact and so is untrusted: the pull request is fetched and
 * used only if its head is the very commit the triggering run checked out.
 */
export async function resolvePullRequest(args: {
  client: GitHubClient | undefined
  context: RunContext
  numberInput: number | undefined
}): Promise<{ pullRequest: PullRequestRef | undefined; problem?: string }> {
  const { client, context, numberInput } = args
  if (!context.workflowRun) return { pullRequest: context.pullRequest }
  const run = context.workflowRun
  if (run.event !== 'pull_request' && run.event !== 'pull_request_target') return { pullRequest: undefined }
  const listed = run.pullRequests.find((pull) => pull.headSha === run.headSha)
  const number = listed?.number ?? numberInput
  if (number === undefined) {
    return {
      pullRequest: undefined,
      problem:
        "the triggering run's payload names no pull request (GitHub leaves it empty for forks); pass its number with the 'pull-request-number' input",
    }
  }
  if (!client || !context.repo) return { pullRequest: undefined, problem: `pull request #${number} cannot be read without a token` }
  const { data } = await client.rest.pulls.get({ ...context.repo, pull_number: number })
  if (data.head.sha !== run.headSha) {
    return {
      pullRequest: undefined,
      problem: `pull request #${number} has head ${data.head.sha.slice(0, 7)}, not ${run.headSha.slice(0, 7)} which the triggering run scanned; it is left alone`,
    }
  }
  return {
    pullRequest: {
      number,
      baseSha: data.base.sha,
      headSha: data.head.sha,
      headRepo: data.head.repo?.full_name,
      baseRepo: data.base.repo.full_name,
      changedFiles: data.changed_files,
      author: data.user?.login,
    },
  }
}
