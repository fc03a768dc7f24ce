import picomatch from 'picomatch'

const PAIRS: Record<string, string> = { ']': '[', '[': ']', '}': '{', '{': '}', ')': '(', '(': ')' }

/** Characters that make a pattern a glob rather than a plain path. */
const GLOB_CHARACTERS = /[*?[\]{}()!]/

/**
 * Why a glob from the configuration can never do what its author meant, or undefined when it is fine.
 * picomatch accepts almost anything (an unclosed `[` silently becomes a literal), so unbalanced brackets are
 * checked with `strictBrackets`, and the mistakes that compile but never match are caught by hand.
 */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'an empty pattern matches nothing'
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) {
    return 'patterns are relative to the scanned folder; drop the leading / or drive letter'
  }
  // A backslash that does not escape a glob character is a Windows folder separator, which never matches.
  if (/\\(?![*?[\]{}()!+@\\])/.test(pattern)) return 'use / between folders, not \\'
  if (pattern.split('/').includes('..')) return "'..' never matches: every scanned path is inside the scanned folder"
  let source: string
  try {
    source = picomatch.makeRe(pattern, { dot: true, strictBrackets: true }).source
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const unbalanced = /^Missing (closing|opening): "(.)"/.exec(message)
    if (unbalanced) {
      const [, side, bracket] = unbalanced
      const other = PAIRS[bracket] ?? bracket
      return side === 'closing'
        ? `'${other}' is never closed; add '${bracket}', or write '\\${other}' to match a literal '${other}'`
        : `'${other}' has no opening '${bracket}'; write '\\${other}' to match a literal '${other}'`
    }
    return `${message.charAt(0).toLowerCase()}${message.slice(1)}`
  }
  if (source === '$^') return 'the pattern matches nothing (is a character range reversed?)'
  return undefined
}

/** Why a `projects` entry is not a folder path relative to the scanned folder, or undefined when it is one. */
export function folderProblem(path: string): string | undefined {
  if (path.trim() === '') return "an empty path; write '.' for the scanned folder itself"
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
    return 'folders are relative to the scanned folder; drop the leading / or drive letter'
  }
  if (path.includes('\\')) return 'use / between folders, not \\'
  if (path.split('/').includes('..')) return "'..' leaves the scanned folder"
  if (GLOB_CHARACTERS.test(path)) return 'list each project folder by its path; globs are not supported here'
  return undefined
}

/** `./teams/sales/` → `teams/sales`; `.` → '' (the scanned folder itself). */
export function normalizeFolder(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.')
  return parts.join('/')
}
