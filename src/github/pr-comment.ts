import { isTrustedAuthor } from './comment-author.js'
import type { PullRequestRef, Repo } from './event.js'
import type { GitHubClient } from './octokit.js'

/**
 * The pull request summary comment: one per pull request (and per scanned folder), created once and then
 * edited in place, found again by a hidden marker. Needs `pull-requests: write` (issue comments on a pull
 * request; `issues: write` also works).
 */

/** Issue comment bodies are limited to 65,536 characters; the summary is rendered below this. */
export const COMMENT_LIMIT_BYTES = 60_000

export function summaryMarker(key: string): string {
  return `<!-- astro-guard:summary path=${key.replace(/-->/g, '')} -->`
}

export type SummaryCommentOutcome = { action: 'created' | 'updated' | 'unchanged'; id: number }

export async function upsertSummaryComment(args: {
  client: GitHubClient
  repo: Repo
  pullRequest: PullRequestRef
  /** The summary markdown, redacted and within COMMENT_LIMIT_BYTES. */
  markdown: string
  /** The scanned folder, so two steps scanning two projects keep two comments. */
  key: string
}): Promise<SummaryCommentOutcome> {
  const { client, repo, pullRequest } = args
  const marker = summaryMarker(args.key)
  const body = `${args.markdown}\n${marker}`
  const comments = await client.paginate(client.rest.issues.listComments, {
    ...repo,
    issue_number: pullRequest.number,
    per_page: 100,
  })
  const earlier = comments.find((comment) => comment.body?.includes(marker) && isTrustedAuthor(comment))
  if (!earlier) {
    const created = await client.rest.issues.createComment({ ...repo, issue_number: pullRequest.number, body })
    return { action: 'created', id: created.data.id }
  }
  if (earlier.body === body) return { action: 'unchanged', id: earlier.id }
  await client.rest.issues.updateComment({ ...repo, comment_id: earlier.id, body })
  return { action: 'updated', id: earlier.id }
}
