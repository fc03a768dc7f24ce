import { readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'

/** Files larger than this get no suggestion block (reading them back is not worth it). */
const MAX_BYTES = 2 * 1024 * 1024

/**
 * Reads a repository file's lines back for suggestion blocks, normalised as the engine reads files (BOM
 * stripped, CRLF folded) so fix columns line up. Paths are repository-relative; anything resolving outside the
 * workspace, missing, or too large gives undefined.
 */
export function workspaceLines(workspace: string): (path: string) => string[] | undefined {
  const root = resolve(workspace)
  const outside = (file: string, base: string) => {
    const inside = relative(base, file)
    return inside.startsWith('..') || isAbsolute(inside)
  }
  return (path) => {
    const file = resolve(join(root, path))
    if (outside(file, root)) return undefined
    try {
      // A symlink may point out of the workspace: follow it and check again.
      if (outside(realpathSync(file), realpathSync(root))) return undefined
      if (statSync(file).size > MAX_BYTES) return undefined
      let text = readFileSync(file, 'utf8')
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      return text.replace(/\r\n/g, '\n').split('\n')
    } catch {
      return undefined
    }
  }
}
