import { posix } from 'node:path'
import type { ProjectInfo, ScannedFile } from '../../src/engine/scanned-file.js'
import type { IncludeLine, Requirement, RequirementOption } from '../../src/parsers/requirements.js'
import { hostName } from './url-host.js'

/**
 * A pip requirements file together with the files it includes (`-r`/`--requirement`, `-c`/`--constraint`), as
 * pip reads them: lines in order, each include read where it appears, paths relative to the including file
 * (pip req_file.py `handle_requirement_line`/`_parse_and_recurse`). Shared by the dependency rules.
 */

export interface RequirementsNode {
  file: ScannedFile
  /** Reached through a `-c` include somewhere on the way: its requirements only constrain versions. */
  constraint: boolean
}

export interface RequirementEntry {
  file: ScannedFile
  requirement: Requirement
  constraint: boolean
}

export interface OptionEntry {
  file: ScannedFile
  option: RequirementOption
}

export interface IncludeProblem {
  /**
   * `missing`: not among the scanned files; `outside`: leaves the scanned folder; `remote`: an http(s) URL pip
   * downloads at install time; `cycle`: closes a loop of includes (reported at one canonical include of the loop).
   */
  kind: 'missing' | 'outside' | 'remote' | 'cycle'
  file: ScannedFile
  include: IncludeLine
  /** The resolved path (or the URL's host for `remote`). */
  target: string
}

export interface RequirementsClosure {
  /** The root first, then every included file once, in the order pip reaches them. */
  nodes: RequirementsNode[]
  /** Every requirement in pip's order (an include's lines where the include stands). */
  entries: RequirementEntry[]
  /** Every global option line (`--index-url`, `--pre`, ...) of every file. */
  options: OptionEntry[]
  problems: IncludeProblem[]
}

/** Deeper include chains are not followed (pip would recurse, but no real project nests this deep). */
const MAX_DEPTH = 64

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

const cache = new WeakMap<ScannedFile, RequirementsClosure>()

interface Frame {
  file: ScannedFile
  /** The include line of this frame's file that leads to the next frame. */
  via: IncludeLine | undefined
}

/** Resolves an include path against the including file; undefined when it leaves the scan root. */
export function resolveInclude(from: string, path: string): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), path))
  return target === '..' || target.startsWith('../') || posix.isAbsolute(path) ? undefined : target
}

/** The requirements file `root` and everything it includes; computed once per file per scan. */
export function requirementsClosure(root: ScannedFile, getFile: (path: string) => ScannedFile | undefined): RequirementsClosure {
  const cached = cache.get(root)
  if (cached) return cached
  const closure: RequirementsClosure = { nodes: [], entries: [], options: [], problems: [] }
  const visited = new Set<string>()
  const stack: Frame[] = []
  const reportedCycles = new Set<string>()

  const visit = (file: ScannedFile, constraint: boolean): void => {
    visited.add(file.path)
    closure.nodes.push({ file, constraint })
    const frame: Frame = { file, via: undefined }
    stack.push(frame)
    for (const line of file.requirements().lines) {
      if (line.kind === 'requirement') {
        closure.entries.push({ file, requirement: line, constraint })
        continue
      }
      if (line.kind === 'option') {
        closure.options.push({ file, option: line.option })
        continue
      }
      if (!line.path || line.path.includes('$')) continue // pip expands ${VAR} at install time: unknowable here
      if (URL_SCHEME.test(line.path)) {
        if (!line.path.toLowerCase().startsWith('file:')) {
          closure.problems.push({ kind: 'remote', file, include: line, target: hostName(line.path) })
        }
        continue
      }
      const target = resolveInclude(file.path, line.path)
      if (target === undefined) {
        closure.problems.push({ kind: 'outside', file, include: line, target: line.path })
        continue
      }
      const onStack = stack.findIndex((entry) => entry.file.path === target)
      if (onStack !== -1) {
        // The loop's edges: each frame's include from the one the loop starts at, then this include. Reporting at
        // the smallest (path, offset) makes every file of the loop report the same single finding.
        const edges = stack.slice(onStack, -1).map((entry) => ({ file: entry.file, include: entry.via as IncludeLine }))
        edges.push({ file, include: line })
        let canonical = edges[0]
        for (const edge of edges) {
          if (
            edge.file.path < canonical.file.path ||
            (edge.file.path === canonical.file.path && edge.include.span.start < canonical.include.span.start)
          ) {
            canonical = edge
          }
        }
        const key = `${canonical.file.path}\0${canonical.include.span.start}`
        if (!reportedCycles.has(key)) {
          reportedCycles.add(key)
          const next = resolveInclude(canonical.file.path, canonical.include.path) ?? canonical.include.path
          closure.problems.push({ kind: 'cycle', file: canonical.file, include: canonical.include, target: next })
        }
        continue
      }
      if (visited.has(target)) continue
      const included = getFile(target)
      if (!included) {
        closure.problems.push({ kind: 'missing', file, include: line, target })
        continue
      }
      if (included.unreadable || stack.length >= MAX_DEPTH) continue
      frame.via = line
      visit(included, constraint || line.constraint)
      frame.via = undefined
    }
    stack.pop()
  }

  visit(root, false)
  cache.set(root, closure)
  return closure
}

/**
 * The files a per-line rule checks when it runs on `root`: the root itself and the included files that are not
 * requirements files by name (those are scanned on their own, so checking them here would report twice).
 */
export function ownedFiles(root: ScannedFile, getFile: (path: string) => ScannedFile | undefined): RequirementsNode[] {
  return requirementsClosure(root, getFile).nodes.filter((node) => node.file === root || node.file.kind !== 'requirements')
}

/** Path of the requirements file the Astro Runtime image installs for a project (its ONBUILD `COPY requirements.txt`). */
export function projectRequirementsPath(project: ProjectInfo): string {
  return project.root ? `${project.root}/requirements.txt` : 'requirements.txt'
}

/** Whether `file` is the project's `requirements.txt` or reached from it through includes: installed into the image. */
export function installedIntoImage(file: ScannedFile, getFile: (path: string) => ScannedFile | undefined): boolean {
  const project = file.project
  if (!project) return false
  const path = projectRequirementsPath(project)
  if (file.path === path) return true
  const root = getFile(path)
  return root ? requirementsClosure(root, getFile).nodes.some((node) => node.file.path === file.path) : false
}

/** A requirement's name for messages: the name, or a description of a nameless URL or path. */
export function requirementLabel(requirement: Requirement): string {
  if (requirement.name) return requirement.name
  if (requirement.isLocalPath) return requirement.url ?? 'local path'
  return requirement.url ? `requirement from ${hostName(requirement.url)}` : 'requirement'
}
