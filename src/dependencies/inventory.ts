import { posix } from 'node:path'
import type { DiscoveredFile, DiscoveryResult, FileSource, PathFilter } from '../engine/file-source.js'
import { loadFile } from '../engine/load-file.js'
import { parseRequirements, type Requirement, type RequirementsFile } from '../parsers/requirements.js'
import type { PinnedPackage } from './osv.js'

/**
 * What the run needs to know about requirements files before (the vulnerability check) and after (the hash-mode
 * note) the scan, outside any rule. Reads through the scan's own FileSource, so it sees exactly what the rules see.
 */

/** A FileSource that discovers once: the inventory and the scan share one walk of the tree. */
export class DiscoverOnce implements FileSource {
  private cached: { key: string; result: DiscoveryResult } | undefined

  /** The disk source's fast read and its folder (for scan worker threads) go through unchanged. */
  readonly readTransient?: FileSource['readTransient']
  readonly diskRoot?: string

  constructor(private readonly inner: FileSource) {
    this.readTransient = inner.readTransient?.bind(inner)
    this.diskRoot = inner.diskRoot
  }

  discover(filter: PathFilter): DiscoveryResult {
    const key = JSON.stringify([filter.include, filter.exclude])
    if (this.cached?.key !== key) this.cached = { key, result: this.inner.discover(filter) }
    return this.cached.result
  }

  read(path: string, maxBytes: number): Uint8Array | 'too-large' | undefined {
    return this.inner.read(path, maxBytes)
  }
}

export interface RequirementsInventory {
  /** Exactly pinned (`==`/`===`, no wildcard) named requirements of every requirements file and its includes. */
  pinned: PinnedPackage[]
  /** Requirements files (by their own name) in which every requirement carries `--hash`. */
  fullyHashed: string[]
}

export function isExactPin(requirement: Requirement): boolean {
  return (
    requirement.specifiers.length === 1 &&
    (requirement.specifiers[0].operator === '==' || requirement.specifiers[0].operator === '===') &&
    !requirement.specifiers[0].version.endsWith('*')
  )
}

/** Whether a file is pip-tools input (`*.in`): unpinned on purpose, compiled into a pinned `.txt`. */
export function isRequirementsInput(path: string): boolean {
  return path.toLowerCase().endsWith('.in')
}

export interface InventoryOptions {
  /** Collect pinned packages (only needed for the vulnerability check). */
  pinned: boolean
  include: readonly string[]
  exclude: readonly string[]
  maxFileSize: number
}

export function requirementsInventory(source: FileSource, options: InventoryOptions): RequirementsInventory {
  const discovery = source.discover({ include: options.include, exclude: options.exclude })
  const byPath = new Map(discovery.files.map((file) => [file.path, file]))
  const parsed = new Map<string, RequirementsFile | undefined>()
  const parse = (entry: DiscoveredFile, requireText?: string): RequirementsFile | undefined => {
    if (parsed.has(entry.path)) return parsed.get(entry.path)
    const loaded = loadFile(source, entry, options.maxFileSize)
    const result = loaded.unreadable || (requireText && !loaded.text.includes(requireText)) ? undefined : parseRequirements(loaded.text)
    parsed.set(entry.path, result)
    return result
  }

  const fullyHashed: string[] = []
  const pinned: PinnedPackage[] = []
  const roots = discovery.files.filter((file) => file.kind === 'requirements')
  for (const root of roots) {
    // Without the vulnerability check only files that mention --hash are parsed at all.
    const file = parse(root, options.pinned ? undefined : '--hash')
    if (!file || isRequirementsInput(root.path)) continue
    const requirements = file.lines.filter((line): line is Requirement => line.kind === 'requirement')
    if (requirements.length > 0 && requirements.every((requirement) => requirement.hashes.length > 0)) {
      fullyHashed.push(root.path)
    }
  }

  if (options.pinned) {
    // Every requirements file and everything it includes, each file once.
    const seen = new Set<string>()
    const queue = roots.map((root) => root.path)
    while (queue.length > 0) {
      const path = queue.shift() as string
      if (seen.has(path)) continue
      seen.add(path)
      const entry = byPath.get(path)
      const file = entry && parse(entry)
      if (!file) continue
      for (const line of file.lines) {
        if (line.kind === 'include') {
          if (/^[a-z][a-z0-9+.-]*:\/\//i.test(line.path) || line.path.includes('$')) continue
          const target = posix.normalize(posix.join(posix.dirname(path), line.path))
          if (!target.startsWith('../') && !posix.isAbsolute(target)) queue.push(target)
        } else if (line.kind === 'requirement' && line.name && !line.url && !line.editable && isExactPin(line)) {
          pinned.push({ name: line.name, version: line.specifiers[0].version })
        }
      }
    }
  }
  return { pinned, fullyHashed }
}

/** The positive note for files in pip's hash-checking mode: the gold standard, said once in the report. */
export function hashModeNote(fullyHashed: readonly string[]): string | undefined {
  if (fullyHashed.length === 0) return undefined
  const files = fullyHashed.map((path) => `\`${path}\``).join(', ')
  return `${files} ${fullyHashed.length === 1 ? 'pins' : 'pin'} every requirement with --hash (pip's hash-checking mode): reproducible, tamper-evident installs, the gold standard for Astro images.`
}
