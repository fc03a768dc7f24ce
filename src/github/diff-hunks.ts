/**
 * Unified-diff parsing: which lines of the new file a change added, and which lines a review comment may sit on.
 * GitHub accepts a review comment on the RIGHT side only on a line inside a hunk (an added line or a context
 * line shown with it), and a multi-line comment only when both ends lie in the same hunk; anything else makes
 * it reject the whole review with 422 "Pull request review thread line must be part of the diff"
 * (../shared/research/peers-and-github-platform.md §D4).
 */

/** Lines `start..end` (inclusive) of the new file that one hunk shows. */
export interface HunkRange {
  start: number
  end: number
}

export interface FilePatch {
  /** Lines of the new file that the change added or modified. */
  added: Set<number>
  /** Right-side ranges of the hunks, in order. */
  hunks: HunkRange[]
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/

/** Parses the hunks of one file's patch (the `patch` of the pull request files API, or one file of `git diff`). */
export function parsePatch(patch: string): FilePatch {
  const added = new Set<number>()
  const hunks: HunkRange[] = []
  let line = 0
  let remaining = 0
  for (const text of patch.split('\n')) {
    const header = HUNK_HEADER.exec(text)
    if (header) {
      const start = Number(header[1])
      const count = header[2] === undefined ? 1 : Number(header[2])
      if (count > 0) hunks.push({ start, end: start + count - 1 })
      line = start
      remaining = count
      continue
    }
    if (remaining <= 0) continue
    const marker = text[0]
    if (marker === '+') {
      added.add(line)
      line++
      remaining--
    } else if (marker === ' ' || (marker === undefined && text === '')) {
      // An empty line inside a hunk is a context line whose leading space was stripped by some tools.
      line++
      remaining--
    }
    // '-' lines belong to the old file; '\' is "\ No newline at end of file".
  }
  return { added, hunks }
}

/** The hunk holding `line`, if any. */
export function hunkOf(patch: FilePatch, line: number): HunkRange | undefined {
  return patch.hunks.find((hunk) => hunk.start <= line && line <= hunk.end)
}

/** True when lines `start..end` lie in one hunk, so a (multi-line) review comment there is accepted. */
export function inOneHunk(patch: FilePatch, start: number, end: number): boolean {
  const hunk = hunkOf(patch, start)
  return hunk !== undefined && end <= hunk.end
}

export interface GitDiffFile {
  path: string
  deleted: boolean
  /** undefined for a binary file: git shows no lines. */
  patch: FilePatch | undefined
}

function unquote(path: string): string {
  // git quotes paths with unusual bytes ("a/t\303\251st"); decode the C escapes to UTF-8.
  if (!path.startsWith('"')) return path
  const bytes: number[] = []
  const body = path.slice(1, -1)
  for (let i = 0; i < body.length; i++) {
    const char = body[i]
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'))
      continue
    }
    const next = body[++i]
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8))
      i += 2
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * Parses `git diff --no-color --no-ext-diff --src-prefix=a/ --dst-prefix=b/` output into files. Renamed files are
 * listed under their new path.
 */
export function parseGitDiff(output: string): GitDiffFile[] {
  const files: GitDiffFile[] = []
  const sections = output.split(/^(?=diff --git )/m).filter((section) => section.startsWith('diff --git '))
  for (const section of sections) {
    const hunkStart = section.search(/^@@ /m)
    const head = hunkStart === -1 ? section : section.slice(0, hunkStart)
    const [header] = head.split('\n', 1)
    let path: string | undefined
    let deleted = /^deleted file mode/m.test(head)
    const plus = /^\+\+\+ (.+)$/m.exec(head)
    if (plus) {
      const target = unquote(plus[1].replace(/\t$/, ''))
      if (target === '/dev/null') deleted = true
      else path = target.replace(/^b\//, '')
    }
    const renamed = /^rename to (.+)$/m.exec(head)
    if (!path && renamed) path = unquote(renamed[1])
    if (!path) path = headerPath(header.slice('diff --git '.length))
    if (!path) continue
    const binary = /^Binary files |^GIT binary patch/m.test(head)
    files.push({ path, deleted, patch: binary ? undefined : parsePatch(hunkStart === -1 ? '' : section.slice(hunkStart)) })
  }
  return files
}

/** The path in `a/<path> b/<path>` (a header without a rename, as for binary files); quoted forms decoded. */
function headerPath(pair: string): string | undefined {
  if (pair.startsWith('"')) {
    const second = pair.lastIndexOf(' "b/')
    return second === -1 ? undefined : unquote(`"${pair.slice(second + 4)}`)
  }
  const length = (pair.length - 5) / 2
  if (!Number.isInteger(length) || length <= 0) return undefined
  const a = pair.slice(2, 2 + length)
  return pair.startsWith('a/') && pair.slice(2 + length, 5 + length) === ' b/' && pair.slice(5 + length) === a ? a : undefined
}
