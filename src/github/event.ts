import { readFileSync } from 'node:fs'
import { z } from 'zod'

/**
 * What the run is about, read once from the runner's environment and the event payload at GITHUB_EVENT_PATH
 * (docs.github.com "Events that trigger workflows"; payload shapes from github/rest-api-description webhooks).
 * Nothing here calls the API.
 */

export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'] as const

export interface Repo {
  owner: string
  repo: string
}

export interface PullRequestRef {
  number: number
  baseSha: string
  headSha: string
  /** `owner/name` of the head repository; undefined when the fork was deleted. */
  headRepo: string | undefined
  baseRepo: string
  /** The pull request's `changed_files`, to tell a truncated file list (the files API stops at 3000). */
  changedFiles: number | undefined
  /** Login of the pull request's author. */
  author: string | undefined
}

/** Why the token is expected to be read-only, decided from the event alone. */
export type TokenRestriction =
  /** `pull_request` from a fork: GitHub caps the token at read, whatever `permissions:` says. */
  | 'fork'
  /** Started by Dependabot: read-only by default, but `permissions:` may raise it, so writes are still tried. */
  | 'dependabot'

export interface RunContext {
  eventName: string
  repo: Repo | undefined
  /** The commit the findings belong to: check runs attach to it and summary links point at it. */
  sha: string | undefined
  pullRequest: PullRequestRef | undefined
  /** Commits to diff when there is no pull request (push, merge_group); base undefined for a new branch. */
  diffRange: { base: string; head: string } | undefined
  /** `workflow_run`: the triggering run, whose pull request is resolved later (src/github/pull-request.ts). */
  workflowRun: { headSha: string; headRepo: string | undefined; event: string; pullRequests: WorkflowRunPull[] } | undefined
  actor: string | undefined
  restriction: TokenRestriction | undefined
  serverUrl: string
  apiUrl: string
  runUrl: string | undefined
}

export interface WorkflowRunPull {
  number: number
  headSha: string
  baseSha: string
}

const Sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i)
const RepoRef = z.object({ full_name: z.string() }).nullish()

const PullRequestPayload = z.object({
  number: z.number().int().positive(),
  changed_files: z.number().int().nonnegative().optional(),
  user: z.object({ login: z.string() }).nullish(),
  head: z.object({ sha: Sha, repo: RepoRef }),
  base: z.object({ sha: Sha, repo: RepoRef }),
})

const PayloadSchema = z.object({
  pull_request: PullRequestPayload.optional(),
  before: z.string().optional(),
  after: z.string().optional(),
  merge_group: z.object({ head_sha: Sha, base_sha: Sha }).optional(),
  workflow_run: z
    .object({
      head_sha: Sha,
      event: z.string(),
      head_repository: RepoRef,
      pull_requests: z
        .array(z.object({ number: z.number().int().positive(), head: z.object({ sha: Sha }), base: z.object({ sha: Sha }) }))
        .default([]),
    })
    .optional(),
})

const ZERO_SHA = /^0+$/
export const DEPENDABOT = 'dependabot[bot]'

export function isPullRequestEvent(eventName: string): boolean {
  return (PULL_REQUEST_EVENTS as readonly string[]).includes(eventName)
}

function sameRepo(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()
}

export interface ReadContextResult {
  context: RunContext
  /** Problems with the payload, for a core.warning; the run carries on without what could not be read. */
  problems: string[]
}

/** Reads the run's context from the environment and the event payload file. Never throws. */
export function readRunContext(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ReadContextResult {
  const problems: string[] = []
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  let raw: unknown = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      raw = JSON.parse(readFile(env.GITHUB_EVENT_PATH))
    } catch (error) {
      problems.push(`could not read the event payload at ${env.GITHUB_EVENT_PATH}: ${(error as Error).message}`)
    }
  }
  const parsed = PayloadSchema.safeParse(raw)
  const payload = parsed.success ? parsed.data : {}
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    problems.push(`the ${eventName || 'event'} payload has an unexpected '${issue.path.join('.')}' (${issue.message}); pull request features are off`)
  }

  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')
  const actor = env.GITHUB_ACTOR || undefined
  let pullRequest: PullRequestRef | undefined
  if (isPullRequestEvent(eventName) && payload.pull_request) {
    const pr = payload.pull_request
    pullRequest = {
      number: pr.number,
      baseSha: pr.base.sha,
      headSha: pr.head.sha,
      headRepo: pr.head.repo?.full_name,
      baseRepo: pr.base.repo?.full_name ?? `${owner}/${repo}`,
      changedFiles: pr.changed_files,
      author: pr.user?.login,
    }
  } else if (isPullRequestEvent(eventName)) {
    problems.push(`a ${eventName} event without a pull_request in its payload; pull request features are off`)
  }

  let sha = env.GITHUB_SHA || undefined
  let diffRange: RunContext['diffRange']
  if (pullRequest) sha = pullRequest.headSha
  else if (eventName === 'merge_group' && payload.merge_group) {
    sha = payload.merge_group.head_sha
    diffRange = { base: payload.merge_group.base_sha, head: payload.merge_group.head_sha }
  } else if (eventName === 'push' && payload.after && Sha.safeParse(payload.after).success && !ZERO_SHA.test(payload.after)) {
    sha = payload.after
    const before = payload.before && Sha.safeParse(payload.before).success && !ZERO_SHA.test(payload.before) ? payload.before : undefined
    if (before) diffRange = { base: before, head: payload.after }
  }

  let workflowRun: RunContext['workflowRun']
  if (eventName === 'workflow_run' && payload.workflow_run) {
    const run = payload.workflow_run
    sha = run.head_sha
    workflowRun = {
      headSha: run.head_sha,
      headRepo: run.head_repository?.full_name,
      event: run.event,
      pullRequests: run.pull_requests.map((pull) => ({ number: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha })),
    }
  }

  let restriction: TokenRestriction | undefined
  if (eventName === 'pull_request' && pullRequest && !sameRepo(pullRequest.headRepo, pullRequest.baseRepo)) {
    restriction = 'fork'
  } else if (
    // docs.github.com "Automating Dependabot with GitHub Actions": runs started by Dependabot get a read-only
    // token by default; for pull_request_target, when the pull request itself is Dependabot's.
    (eventName === 'pull_request_target' ? pullRequest?.author === DEPENDABOT : actor === DEPENDABOT)
  ) {
    restriction = 'dependabot'
  }

  const runUrl = owner && repo && env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined
  return {
    context: {
      eventName,
      repo: owner && repo ? { owner, repo } : undefined,
      sha,
      pullRequest,
      diffRange,
      workflowRun,
      actor,
      restriction,
      serverUrl,
      apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
      runUrl,
    },
    problems,
  }
}
