import type { FileKind } from '../engine/file-kind.js'
import type { Span } from '../engine/source-text.js'

/** Every suppression starts with this; a file without it is never parsed for suppressions. */
export const SUPPRESSION_MARKER = 'astro-guard:'

interface CommentStyle {
  /** Strings that start a comment. */
  markers: readonly string[]
  /** Whether a comment may follow content on the same line. */
  trailing: boolean
}

const HASH: CommentStyle = { markers: ['#'], trailing: true }
const NONE: CommentStyle = { markers: [], trailing: false }

/**
 * How each kind of file writes comments, so a suppression is only recognized where the format itself has a
 * comment. Dockerfiles only have whole-line comments ("Docker treats lines that begin with # as a comment",
 * https://docs.docker.com/reference/dockerfile/#format), and so does configparser, which reads airflow.cfg, unless
 * `inline_comment_prefixes` is set (https://docs.python.org/3/library/configparser.html). pip ends a requirement
 * at whitespace followed by `#` (https://pip.pypa.io/en/stable/reference/requirements-file-format/). JSON has no
 * comments: use the baseline or a config override there.
 */
export const COMMENT_STYLES: Record<FileKind, CommentStyle> = {
  dockerfile: { markers: ['#'], trailing: false },
  requirements: HASH,
  packages: HASH,
  'airflow-settings': HASH,
  dotenv: HASH,
  python: HASH,
  workflow: HASH,
  yaml: HASH,
  json: NONE,
  ini: { markers: ['#', ';'], trailing: false },
  shell: HASH,
  sql: { markers: ['--'], trailing: true },
  markdown: { markers: ['<!--'], trailing: true },
  'private-key': NONE,
  netrc: HASH,
  text: { markers: ['#', '//'], trailing: true },
}

/** One rule named in a suppression, with the fingerprint prefix that binds it to one finding's content. */
export interface SuppressedRule {
  id: string
  /** Lower-case hex prefix (8 to 32 characters) of the finding's fingerprint, when given. */
  fingerprint: string | undefined
}

export interface SuppressionComment {
  /** 1-based line of the comment. */
  line: number
  /** The line holds nothing but the comment (so it also covers the line below). */
  commentOnly: boolean
  /**
   * Lines below it whose findings it covers besides its own: for a comment-only line, the next line that is not
   * one (all of it when it continues); empty for a trailing comment. Stacked comments share one array.
   */
  covers: readonly number[]
  /** From `astro-guard:` to the end of the comment. */
  span: Span
  /** Not of the form `ignore[...]`: nothing is suppressed. */
  malformed: boolean
  rules: SuppressedRule[]
  /** Entries between the brackets that are not a rule id (optionally with `:fingerprint`). */
  invalid: string[]
  /** The text after the bracket; '' when missing. */
  reason: string
}

const NONE_BELOW: readonly number[] = []

const IGNORE = /^\s*ignore\b/i
const FORM = /^\s*ignore\s*\[([^\]\n]*)\]([^\n]*)$/i
const ENTRY = /^(AG\d{3})(?::([0-9a-f]{8,32}))?$/i

function commentStart(before: string, style: CommentStyle): { marker: string; at: number } | undefined {
  const trimmed = before.trimEnd()
  for (const marker of style.markers) {
    if (!trimmed.endsWith(marker)) continue
    const at = trimmed.length - marker.length
    // A marker glued to other text (`abc#astro-guard:`) is part of a value, not a comment.
    if (at === 0 || /\s/.test(trimmed[at - 1])) return { marker, at }
  }
  return undefined
}

function parseBody(body: string): Pick<SuppressionComment, 'malformed' | 'rules' | 'invalid' | 'reason'> {
  const form = FORM.exec(body)
  if (!form) return { malformed: true, rules: [], invalid: [], reason: '' }
  const rules: SuppressedRule[] = []
  const invalid: string[] = []
  for (const raw of form[1].split(',')) {
    const token = raw.trim()
    if (!token) continue
    const entry = ENTRY.exec(token)
    if (entry) rules.push({ id: entry[1].toUpperCase(), fingerprint: entry[2]?.toLowerCase() })
    else invalid.push(token.length > 40 ? `${token.slice(0, 40)}…` : token)
  }
  if (rules.length === 0 && invalid.length === 0) return { malformed: true, rules, invalid, reason: '' }
  const reason = form[2]
    .replace(/-->\s*$/, '')
    .replace(/^[\s:\-–—]+/, '')
    .trim()
  return { malformed: false, rules, invalid, reason }
}

/**
 * Finds the `astro-guard: ignore[RULE-ID[:fingerprint], ...] reason` comments of a file, in the file's own comment
 * style. Linear in the file's size: it only visits occurrences of the marker.
 */
export function parseSuppressionComments(text: string, kind: FileKind): SuppressionComment[] {
  const style = COMMENT_STYLES[kind]
  if (style.markers.length === 0) return []
  const comments: SuppressionComment[] = []
  let line = 1
  let counted = 0
  let index = text.indexOf(SUPPRESSION_MARKER)
  while (index !== -1) {
    const lineStart = text.lastIndexOf('\n', index - 1) + 1
    const newline = text.indexOf('\n', index)
    const lineEnd = newline === -1 ? text.length : newline
    const start = commentStart(text.slice(lineStart, index), style)
    const bodyStart = index + SUPPRESSION_MARKER.length
    const body = text.slice(bodyStart, lineEnd)
    if (start && IGNORE.test(body)) {
      const commentOnly = text.slice(lineStart, lineStart + start.at).trim() === ''
      if (commentOnly || style.trailing) {
        for (let at = text.indexOf('\n', counted); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++
        counted = index
        comments.push({
          line,
          commentOnly,
          covers: NONE_BELOW,
          span: { start: index, end: index + body.replace(/\s+$/, '').length + SUPPRESSION_MARKER.length },
          ...parseBody(body),
        })
      }
    }
    index = newline === -1 ? -1 : text.indexOf(SUPPRESSION_MARKER, lineEnd)
  }
  const continuation = CONTINUED_KINDS.has(kind) ? continuationOf(text, kind) : undefined
  let lines: string[] | undefined
  /**
   * The lines a comment-only suppression covers when `first` is the line after it. Like hadolint's
   * `# hadolint ignore=` (which covers the next instruction), that is every line of a continued line, so a
   * finding inside a multi-line RUN is covered too.
   */
  const coveredFrom = (first: number): number[] => {
    const covered = [first]
    if (!continuation) return covered
    lines ??= text.split('\n')
    const last = Math.min(lines.length, first + MAX_CONTINUED_LINES)
    for (let line = first; line < last && lines[line - 1].trimEnd().endsWith(continuation); line++) {
      covered.push(line + 1)
    }
    return covered
  }
  // Stacked comment-only suppressions all cover the first line after the stack: walk from the last one up, so a
  // stack of any height costs one pass.
  let below: { line: number; covered: readonly number[] } | undefined
  for (let index = comments.length - 1; index >= 0; index--) {
    const comment = comments[index]
    if (!comment.commentOnly) continue
    const covered = below && below.line === comment.line + 1 ? below.covered : coveredFrom(comment.line + 1)
    below = { line: comment.line, covered }
    comment.covers = covered
  }
  return comments
}

/**
 * A comment above a continued line covers at most this many lines of it, so that a hostile file (a huge stack of
 * suppressions over a huge continued line) cannot make the work quadratic. Real instructions are far shorter.
 */
const MAX_CONTINUED_LINES = 500

/** Kinds whose lines continue after a trailing escape character. */
const CONTINUED_KINDS = new Set<FileKind>(['dockerfile', 'shell', 'requirements'])

/** The line-continuation character: `\`, or a backtick after a Dockerfile's `# escape=\`` parser directive. */
function continuationOf(text: string, kind: FileKind): string {
  return kind === 'dockerfile' && /^(?:#\s*\w+\s*=[^\n]*\n)*#\s*escape\s*=\s*`/.test(text) ? '`' : '\\'
}
