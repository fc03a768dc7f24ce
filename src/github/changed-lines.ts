import { execFileSync } from 'node:child_process'
import { type FilePatch, parseGitDiff, parsePatch } from './diff-hunks.js'
import type { PullRequestRef, Repo } from './event.js'
import type { GitHubClient } from './octokit.js'

/** One changed file, by its path in the new tree (repository-relative, POSIX). */
export interface FileChange {
  path: string
  /** The hunks; undefined when the diff shows no lines (binary, or a patch too large for GitHub to include). */
  patch: FilePatch | undefined
}

/** The files a change touched. Removed files are left out: no finding can point into them. */
export interface ChangeSet {
  source: 'pull request files API' | 'git diff'
  files: Map<string, FileChange>
}

/**
 * The pull request files API returns at most 3000 files ("Note: Responses include a maximum of 3000 files",
 * docs.github.com "List pull requests files"), 100 per page.
 */
export const PULL_REQUEST_FILES_LIMIT = 3000

/** Reads the pull request's changed files and their patches, page by page. */
export async function changesFromPullRequest(
  client: GitHubClient,
  repo: Repo,
  pullRequest: PullRequestRef,
): Promise<ChangeSet | { incomplete: number }> {
  const files = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: pullRequest.number, per_page: 100 })
  if (pullRequest.changedFiles !== undefined && files.length < pullRequest.changedFiles) return { incomplete: files.length }
  const changes = new Map<string, FileChange>()
  for (const file of files) {
    if (file.status === 'removed') continue
    changes.set(file.filename, { path: file.filename, patch: file.patch === undefined ? undefined : parsePatch(file.patch) })
  }
  return { source: 'pull request files API', files: changes }
}

/** Runs git in the workspace; returns stdout, or undefined when git fails (no git, shallow clone, unknown commit). */
export type GitRunner = (args: string[]) => string | undefined

export function gitRunner(cwd: string): GitRunner {
  return (args) => {
    try {
      return execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 256 * 1024 * 1024,
        timeout: 60_000,
      })
    } catch {
      return undefined
    }
  }
}

/**
 * The same diff from local history: `base...head` (from the merge base, as a pull request shows it) or
 * `base..head` (a push). Undefined when either commit is not in the clone (actions/checkout fetches one commit
 * unless `fetch-depth: 0`). Paths are relative to the repository root.
 */
export function changesFromGit(git: GitRunner, base: string, head: string, mergeBase: boolean): ChangeSet | undefined {
  for (const sha of [base, head]) {
    if (git(['cat-file', '-e', `${sha}^{commit}`]) === undefined) return undefined
  }
  const output = git([
    '-c',
    'core.quotepath=off',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--find-renames',
    '--unified=3',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    mergeBase ? `${base}...${head}` : `${base}..${head}`,
  ])
  if (output === undefined) return undefined
  const files = new Map<string, FileChange>()
  for (const file of parseGitDiff(output)) {
    if (!file.deleted) files.set(file.path, { path: file.path, patch: file.patch })
  }
  return { source: 'git diff', files }
}

/** True when `line` of `path` was added or modified by the change (a file without lines counts as all changed). */
export function isChangedLine(changes: ChangeSet, path: string, startLine: number, endLine: number): boolean {
  const file = changes.files.get(path)
  if (!file) return false
  if (!file.patch) return true
  for (let line = startLine; line <= endLine; line++) if (file.patch.added.has(line)) return true
  return false
}

/**
 * Whether the checked-out commit is the pull request's head, or the merge commit GitHub builds from it
 * (`refs/pull/N/merge`, actions/checkout's default for `pull_request`): then line numbers match the diff.
 * `git cat-file` reads the parents from the commit object itself, so this works in a shallow clone.
 * Undefined when git cannot tell.
 */
export function checkoutMatchesHead(git: GitRunner, headSha: string): boolean | undefined {
  const commit = git(['cat-file', '-p', 'HEAD'])
  const head = git(['rev-parse', 'HEAD'])?.trim()
  if (commit === undefined || !head) return undefined
  if (head === headSha) return true
  const parents = [...commit.matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map((match) => match[1])
  return parents.length === 2 && parents[1] === headSha
}
