import type { Finding, FindingFix } from '../engine/finding.js'
import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import type { Severity } from '../engine/severity.js'
import type { ChangeSet } from './changed-lines.js'
import { isTrustedAuthor } from './comment-author.js'
import { type FilePatch, hunkOf, inOneHunk } from './diff-hunks.js'
import type { PullRequestRef, Repo } from './event.js'
import { type GitHubClient, httpStatus } from './octokit.js'

/**
 * Review comments: one review per run, each comment on a line GitHub accepts (inside a hunk, checked here
 * before posting), the most severe first and at most `max`, a suggestion block where the finding has a fix,
 * and a hidden fingerprint marker so the next push neither repeats a comment nor forgets one: a comment whose
 * finding is gone is edited to say so. Needs `pull-requests: write`.
 */

const FINGERPRINT_MARKER = /<!-- astro-guard:fp=([0-9a-f]{8,64}) -->/
const RESOLVED_MARKER = '<!-- astro-guard:resolved -->'
const REVIEW_MARKER = '<!-- astro-guard:review -->'
/** Review and comment bodies are limited to 65,536 characters. */
const BODY_LIMIT = 65_000

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', notice: '🔵' }

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- astro-guard:fp=${fingerprint} -->`
}

/** A review comment astro-guard wrote on an earlier run (trusted author, marker present). */
export interface ExistingComment {
  id: number
  path: string
  fingerprint: string
  resolved: boolean
  body: string
}

export interface PlannedComment {
  finding: Finding
  path: string
  line: number
  startLine?: number
  body: string
  /** Every line the comment covers is an added line (not a context line). */
  onAddedLines: boolean
}

export interface ReviewPlan {
  post: PlannedComment[]
  /** Commentable findings left out by `max`. */
  overLimit: number
  /** In-scope findings that are not on a line of the diff (only the check run and summary show them). */
  outsideDiff: number
  /** Findings already commented on an earlier run. */
  alreadyCommented: number
  /** Earlier comments whose finding is gone: edited to say it is resolved. */
  resolve: ExistingComment[]
  /** Earlier comments marked resolved whose finding came back: edited back. */
  reopen: { comment: ExistingComment; body: string }[]
}

export interface PlanInput {
  /** Findings in report order (most severe first). */
  findings: readonly Finding[]
  changes: ChangeSet
  existing: readonly ExistingComment[]
  max: number
  /** The file's current lines (for suggestion blocks), or undefined when it cannot be read. */
  readLines(path: string): string[] | undefined
  redact(text: string): string
  /** Repository-relative folder this run scanned ('' for the whole repository): comments elsewhere are not ours to resolve. */
  scanPrefix: string
  /** Short head commit, for the "resolved" note. */
  headSha: string
}

export function planReview(input: PlanInput): ReviewPlan {
  const existingByFingerprint = new Map(input.existing.map((comment) => [comment.fingerprint, comment]))
  const current = new Set(input.findings.map((finding) => finding.fingerprint))
  const plan: ReviewPlan = { post: [], overLimit: 0, outsideDiff: 0, alreadyCommented: 0, resolve: [], reopen: [] }
  const planned = new Set<string>()
  for (const finding of input.findings) {
    if (finding.baselined || finding.outOfScope) continue
    if (planned.has(finding.fingerprint)) continue
    const file = input.changes.files.get(finding.path)
    const placed = file?.patch ? placeComment(finding, file.patch, input) : undefined
    if (!placed) {
      plan.outsideDiff++
      continue
    }
    planned.add(finding.fingerprint)
    const earlier = existingByFingerprint.get(finding.fingerprint)
    if (earlier) {
      plan.alreadyCommented++
      if (earlier.resolved) plan.reopen.push({ comment: earlier, body: placed.body })
      continue
    }
    if (plan.post.length >= input.max) {
      plan.overLimit++
      continue
    }
    plan.post.push(placed)
  }
  for (const comment of input.existing) {
    if (comment.resolved || current.has(comment.fingerprint)) continue
    if (!isUnder(comment.path, input.scanPrefix)) continue
    plan.resolve.push(comment)
  }
  return plan
}

function isUnder(path: string, prefix: string): boolean {
  const folder = prefix.replace(/\/+$/, '')
  return folder === '' || folder === '.' || path.startsWith(`${folder}/`)
}

function placeComment(finding: Finding, patch: FilePatch, input: PlanInput): PlannedComment | undefined {
  const onAdded = (start: number, end: number) => {
    for (let line = start; line <= end; line++) if (!patch.added.has(line)) return false
    return true
  }
  const build = (start: number, end: number, suggestion?: string): PlannedComment => ({
    finding,
    path: finding.path,
    line: end,
    ...(start < end ? { startLine: start } : {}),
    body: commentBody(finding, suggestion),
    onAddedLines: onAdded(start, end),
  })
  if (finding.fix) {
    const lines = input.readLines(finding.path)
    const suggestion = lines ? suggestionFor(finding.fix, lines) : undefined
    if (
      suggestion &&
      input.redact(suggestion.text) === suggestion.text &&
      inOneHunk(patch, suggestion.startLine, suggestion.endLine)
    ) {
      return build(suggestion.startLine, suggestion.endLine, suggestion.text)
    }
  }
  const { startLine, endLine } = finding.range
  if (inOneHunk(patch, startLine, endLine)) return build(startLine, endLine)
  if (hunkOf(patch, startLine)) return build(startLine, startLine)
  return undefined
}

/**
 * The replacement for whole lines that applies a fix: GitHub's suggestion blocks replace the lines the comment
 * covers, so the text before the fix on its first line and after it on its last line is kept.
 */
export function suggestionFor(
  fix: FindingFix,
  lines: readonly string[],
): { startLine: number; endLine: number; text: string } | undefined {
  const { startLine, startColumn, endLine, endColumn } = fix.range
  if (startLine < 1 || endLine < startLine || endLine > lines.length) return undefined
  const block = lines.slice(startLine - 1, endLine)
  if (startColumn - 1 > block[0].length || endColumn - 1 > block[block.length - 1].length) return undefined
  const original = block.join('\n')
  const startOffset = startColumn - 1
  const endOffset = original.length - block[block.length - 1].length + endColumn - 1
  if (endOffset < startOffset) return undefined
  const text = original.slice(0, startOffset) + fix.replacement + original.slice(endOffset)
  if (text === original) return undefined
  return { startLine, endLine, text }
}

function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length))
  return '`'.repeat(Math.max(3, longest + 1))
}

export function commentBody(finding: Finding, suggestion?: string): string {
  const area = RESPONSIBILITY_INFO[finding.responsibility]
  const parts = [`${ICON[finding.severity]} **${finding.ruleId} · ${finding.title}** (${finding.severity})`, '', finding.message]
  if (finding.fix) {
    parts.push('')
    if (suggestion !== undefined) {
      const marks = fence(suggestion)
      parts.push(`${marks}suggestion`, ...(suggestion === '' ? [] : [suggestion]), marks)
    }
    parts.push(`Fix: ${finding.fix.description}`)
  }
  parts.push(
    '',
    `<sub>Customer responsibility ${area.number}: ${area.label} · details: \`astro-guard explain ${finding.ruleId}\`</sub>`,
    fingerprintMarker(finding.fingerprint),
  )
  return clip(parts.join('\n'))
}

function clip(body: string): string {
  if (body.length <= BODY_LIMIT) return body
  const marker = FINGERPRINT_MARKER.exec(body)?.[0] ?? ''
  return `${body.slice(0, BODY_LIMIT - marker.length - 10)}\n…\n${marker}`
}

/** The body of an earlier comment once its finding is gone: suggestion blocks are disarmed. */
export function resolvedBody(comment: ExistingComment, headSha: string): string {
  const original = comment.body
    .replace(FINGERPRINT_MARKER, '')
    .replace(/^(`{3,})suggestion$/gm, '$1text')
    .trim()
  return clip(
    [
      `✅ **Resolved**: astro-guard no longer reports this finding as of ${headSha.slice(0, 7)}.`,
      '',
      '<details><summary>Original comment</summary>',
      '',
      original,
      '',
      '</details>',
      RESOLVED_MARKER,
      fingerprintMarker(comment.fingerprint),
    ].join('\n'),
  )
}

/** astro-guard's review comments from earlier runs on this pull request (paginated). */
export async function listOwnReviewComments(client: GitHubClient, repo: Repo, pullRequest: PullRequestRef): Promise<ExistingComment[]> {
  const comments = await client.paginate(client.rest.pulls.listReviewComments, {
    ...repo,
    pull_number: pullRequest.number,
    per_page: 100,
  })
  const own: ExistingComment[] = []
  for (const comment of comments) {
    const fingerprint = FINGERPRINT_MARKER.exec(comment.body)?.[1]
    if (!fingerprint || !isTrustedAuthor(comment)) continue
    own.push({ id: comment.id, path: comment.path, fingerprint, resolved: comment.body.includes(RESOLVED_MARKER), body: comment.body })
  }
  return own
}

export type ReviewFallback = 'none' | 'added lines only' | 'summary only'

export interface ReviewResult {
  reviewId: number | undefined
  posted: number
  fallback: ReviewFallback
  resolved: number
  reopened: number
  /** Edits that failed (logged, not fatal). */
  failedEdits: number
}

function reviewBody(plan: ReviewPlan, inScope: number, posted: number, listed: PlannedComment[], max: number, checkName: string): string {
  const lines = [
    `**astro-guard** found ${inScope} finding${inScope === 1 ? '' : 's'} in this change${posted ? `; ${posted} ${posted === 1 ? 'is' : 'are'} commented below` : ''}.`,
  ]
  const elsewhere = plan.overLimit + plan.outsideDiff
  if (elsewhere > 0) {
    const why = [
      plan.overLimit ? `${plan.overLimit} beyond the ${max} comments a review gets` : '',
      plan.outsideDiff ? `${plan.outsideDiff} on lines the diff does not show` : '',
    ].filter(Boolean)
    lines.push('', `The other ${elsewhere} (${why.join(', ')}) are in the \`${checkName}\` check run and the job summary.`)
  }
  if (listed.length) {
    lines.push('', 'GitHub did not accept these as line comments:')
    for (const comment of listed) {
      lines.push(`- \`${comment.path}:${comment.startLine ?? comment.line}\` ${comment.finding.ruleId}: ${comment.finding.message}`)
    }
  }
  lines.push(REVIEW_MARKER)
  return clip(lines.join('\n'))
}

/**
 * Posts one review holding the planned comments, then edits earlier comments (resolved / back again). A 422
 * ("line must be part of the diff") rejects a whole review without saying which comment; the lines were checked
 * against the hunks, so it means GitHub's view of the diff differs (a push in between, a context line it will not
 * take). Then the review is retried with only comments on added lines, and finally with none, the findings
 * listed in its body, so nothing is lost and there is still one review.
 */
export async function postReview(args: {
  client: GitHubClient
  repo: Repo
  pullRequest: PullRequestRef
  plan: ReviewPlan
  /** In-scope findings in the change, for the review text. */
  inScope: number
  max: number
  checkName: string
  log(message: string): void
}): Promise<ReviewResult> {
  const { client, repo, pullRequest, plan, log } = args
  const result: ReviewResult = { reviewId: undefined, posted: 0, fallback: 'none', resolved: 0, reopened: 0, failedEdits: 0 }
  if (plan.post.length > 0) {
    const attempts: { fallback: ReviewFallback; comments: PlannedComment[] }[] = [
      { fallback: 'none', comments: plan.post },
      {
        fallback: 'added lines only',
        comments: plan.post
          .filter((comment) => comment.onAddedLines)
          .map((comment) => ({ ...comment, startLine: undefined, body: commentBody({ ...comment.finding, fix: undefined }) })),
      },
      { fallback: 'summary only', comments: [] },
    ]
    for (const [index, attempt] of attempts.entries()) {
      if (index === 1 && attempt.comments.length === 0) continue
      const listed = plan.post.filter((comment) => !attempt.comments.some((kept) => kept.finding === comment.finding))
      try {
        const review = await client.rest.pulls.createReview({
          ...repo,
          pull_number: pullRequest.number,
          commit_id: pullRequest.headSha,
          event: 'COMMENT',
          body: reviewBody(plan, args.inScope, attempt.comments.length, listed, args.max, args.checkName),
          comments: attempt.comments.map((comment) => ({
            path: comment.path,
            line: comment.line,
            side: 'RIGHT',
            ...(comment.startLine !== undefined ? { start_line: comment.startLine, start_side: 'RIGHT' } : {}),
            body: comment.body,
          })),
        })
        result.reviewId = review.data.id
        result.posted = attempt.comments.length
        result.fallback = attempt.fallback
        break
      } catch (error) {
        if (httpStatus(error) !== 422 || attempt.fallback === 'summary only') throw error
        log(
          `GitHub rejected the review (HTTP 422: ${(error as Error).message}); retrying with ${index === 0 ? 'comments on added lines only' : 'the findings listed in the review body'}.`,
        )
      }
    }
  }
  for (const { comment, body } of plan.reopen) {
    if (await editComment(client, repo, comment.id, body, log)) result.reopened++
    else result.failedEdits++
  }
  for (const comment of plan.resolve) {
    if (await editComment(client, repo, comment.id, resolvedBody(comment, pullRequest.headSha), log)) result.resolved++
    else result.failedEdits++
  }
  return result
}

async function editComment(client: GitHubClient, repo: Repo, id: number, body: string, log: (message: string) => void): Promise<boolean> {
  try {
    await client.rest.pulls.updateReviewComment({ ...repo, comment_id: id, body })
    return true
  } catch (error) {
    // A 403 here is a permission problem for the caller to report once; anything else is logged and skipped.
    if (httpStatus(error) === 403) throw error
    log(`could not edit review comment ${id}: ${(error as Error).message}`)
    return false
  }
}
