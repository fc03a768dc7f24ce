import { execFile, execFileSync } from 'node:child_process'
import { closeSync, fstatSync, openSync, readFileSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import picomatch from 'picomatch'
import { classifyPath, type FileKind } from './file-kind.js'

export interface DiscoveredFile {
  /** POSIX path relative to the scan root. */
  path: string
  kind: FileKind
  /**
   * Size in bytes. The disk source does not stat files while it walks (that doubled discovery's system calls): its
   * sizes are 0 until the engine reads the file, which sets them.
   */
  size: number
  tracked: boolean | undefined
}

/** Something discovery passed over that the user should hear about (a notice, never silence). */
export interface DiscoveryNotice {
  path: string
  reason: 'symlink-outside-root' | 'unreadable-directory' | 'broken-symlink'
  detail: string
}

export interface DiscoveryResult {
  files: DiscoveredFile[]
  notices: DiscoveryNotice[]
  /** Whether git tracking information was available. */
  gitAvailable: boolean
}

/** Where files come from: the disk for real scans, memory for rule cases. The engine's only way to read. */
export interface FileSource {
  discover(filter: PathFilter): DiscoveryResult
  /** The bytes of a discovered file, or undefined when it cannot be read. */
  read(path: string, maxBytes: number): Uint8Array | 'too-large' | undefined
  /** The folder the files are in, when they are on disk (scan worker threads read them there themselves). */
  readonly diskRoot?: string
  /**
   * Optional: discover() without blocking on slow steps (the disk source runs git meanwhile), telling `onProgress`
   * how many files it has found so far as it goes.
   */
  discoverAsync?(filter: PathFilter, onProgress?: (files: number) => void): Promise<DiscoveryResult>
  /**
   * A faster read for callers that decode at once: `bytes` may be a shared buffer, valid only until the next call
   * on this source; `bytes` is undefined when the file is larger than `maxBytes`. Undefined when unreadable.
   */
  readTransient?(path: string, maxBytes: number): TransientRead | undefined
}

export interface TransientRead {
  bytes: Uint8Array | undefined
  size: number
}

/** Files up to this size are read into one reused buffer instead of a new one each (less allocation and GC). */
const SCRATCH_BYTES = 1 << 20

/** Folders that never hold project source: version control, dependency and tool caches. */
export const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.eggs',
])

export interface PathFilter {
  /** Globs (relative to the scan root) a file must match; empty means everything. */
  include: readonly string[]
  exclude: readonly string[]
}

export function compilePathFilter(filter: PathFilter): (path: string) => boolean {
  const options = { dot: true }
  const included = filter.include.length ? picomatch(filter.include as string[], options) : () => true
  const excluded = filter.exclude.length ? picomatch(filter.exclude as string[], options) : () => false
  // A pattern such as `legacy/**` or `legacy` excludes the folder and everything under it.
  return (path) => included(path) && !excluded(path) && !excludedByParent(path, excluded)
}

function excludedByParent(path: string, excluded: (path: string) => boolean): boolean {
  let index = path.indexOf('/')
  while (index !== -1) {
    if (excluded(path.slice(0, index))) return true
    index = path.indexOf('/', index + 1)
  }
  return false
}

/** Paths git tracks under `root` (relative to it), or undefined when git or a work tree is not available. */
export function gitTrackedFiles(root: string): Set<string> | undefined {
  try {
    // Run in the root itself: git then prints paths relative to it, which is what discovery uses.
    const output = execFileSync('git', GIT_LS_FILES, { cwd: root, encoding: 'utf8', maxBuffer: GIT_MAX_BUFFER, stdio: ['ignore', 'pipe', 'ignore'] })
    return new Set(output.split('\0').filter(Boolean))
  } catch {
    return undefined
  }
}

const GIT_LS_FILES = ['ls-files', '-z']
const GIT_MAX_BUFFER = 256 * 1024 * 1024

/** The same, without blocking: git reads its index while the caller walks the tree. */
export function gitTrackedFilesAsync(root: string): Promise<Set<string> | undefined> {
  return new Promise((resolve) => {
    try {
      execFile('git', GIT_LS_FILES, { cwd: root, encoding: 'utf8', maxBuffer: GIT_MAX_BUFFER }, (error, stdout) => {
        resolve(error ? undefined : new Set(stdout.split('\0').filter(Boolean)))
      })
    } catch {
      resolve(undefined)
    }
  })
}

/** Reads the scan root from disk. Symlinks are followed only while they resolve inside the root. */
export class DiskFileSource implements FileSource {
  private readonly realRoot: string

  constructor(
    readonly root: string,
    private readonly useGit = true,
  ) {
    this.realRoot = realpathSync(root)
  }

  get diskRoot(): string {
    return this.root
  }

  discover(filter: PathFilter): DiscoveryResult {
    const tracked = this.useGit ? gitTrackedFiles(this.root) : undefined
    return this.withTracking(this.walk(filter), tracked)
  }

  /** discover(), with `git ls-files` running while the tree is walked. */
  async discoverAsync(filter: PathFilter, onProgress?: (files: number) => void): Promise<DiscoveryResult> {
    const tracking = this.useGit ? gitTrackedFilesAsync(this.root) : Promise.resolve(undefined)
    const walked = this.walk(filter, onProgress)
    return this.withTracking(walked, await tracking)
  }

  private withTracking(walked: { files: DiscoveredFile[]; notices: DiscoveryNotice[] }, tracked: Set<string> | undefined): DiscoveryResult {
    if (tracked) for (const file of walked.files) file.tracked = tracked.has(file.path)
    return { ...walked, gitAvailable: tracked !== undefined }
  }

  private walk(filter: PathFilter, onProgress?: (files: number) => void): { files: DiscoveredFile[]; notices: DiscoveryNotice[] } {
    const accept = compilePathFilter(filter)
    const files: DiscoveredFile[] = []
    const notices: DiscoveryNotice[] = []
    const stack: string[] = ['']
    while (stack.length > 0) {
      const dir = stack.pop() as string
      onProgress?.(files.length)
      let entries
      try {
        entries = readdirSync(dir ? `${this.root}/${dir}` : this.root, { withFileTypes: true })
      } catch (error) {
        notices.push({ path: dir || '.', reason: 'unreadable-directory', detail: String((error as Error).message ?? error) })
        continue
      }
      for (const entry of entries) {
        const path = dir ? `${dir}/${entry.name}` : entry.name
        if (entry.isSymbolicLink()) {
          // A link that stays inside the root points at something the walk reaches at its real path, so it is
          // not followed (no file is scanned twice, no loop is possible); one that leaves the root is never
          // followed and is reported.
          this.checkLink(path, notices)
        } else if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) stack.push(path)
        } else if (entry.isFile() && accept(path)) {
          files.push({ path, kind: classifyPath(path), size: 0, tracked: undefined })
        }
      }
    }
    // Sorted so output order is the same on every machine.
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    notices.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return { files, notices }
  }

  private checkLink(path: string, notices: DiscoveryNotice[]): void {
    let real: string
    try {
      real = realpathSync(join(this.root, path))
    } catch {
      notices.push({ path, reason: 'broken-symlink', detail: 'points to a target that does not exist' })
      return
    }
    const inside = relative(this.realRoot, real)
    if (inside.startsWith('..') || isAbsolute(inside)) {
      notices.push({ path, reason: 'symlink-outside-root', detail: 'points outside the scanned folder' })
    }
  }

  read(path: string, maxBytes: number): Uint8Array | 'too-large' | undefined {
    const result = this.readInto(path, maxBytes, undefined)
    if (!result) return undefined
    return result.bytes ?? 'too-large'
  }

  private scratch: Buffer | undefined

  readTransient(path: string, maxBytes: number): TransientRead | undefined {
    this.scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)
    return this.readInto(path, maxBytes, this.scratch)
  }

  /** open, fstat, read, close: the fewest system calls that still know the exact size. */
  private readInto(path: string, maxBytes: number, scratch: Buffer | undefined): TransientRead | undefined {
    let fd: number | undefined
    try {
      fd = openSync(`${this.root}/${path}`, 'r')
      const size = fstatSync(fd).size
      if (size > maxBytes) return { bytes: undefined, size }
      if (size === 0) return { bytes: new Uint8Array(0), size }
      const buffer = scratch && size <= scratch.byteLength ? scratch : Buffer.allocUnsafe(size)
      let read = 0
      while (read < size) {
        const n = readSync(fd, buffer, read, size - read, read)
        if (n === 0) break
        read += n
      }
      return { bytes: read === buffer.byteLength ? buffer : buffer.subarray(0, read), size: read }
    } catch {
      return undefined
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
  }
}

/** Files held in memory: rule cases, doc examples and unit tests run the real pipeline over these. */
export class MemoryFileSource implements FileSource {
  private readonly files: Map<string, Uint8Array>

  constructor(
    files: Record<string, string | Uint8Array>,
    private readonly tracked: readonly string[] | undefined = undefined,
  ) {
    this.files = new Map(
      Object.entries(files).map(([path, content]) => [
        path,
        typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      ]),
    )
  }

  discover(filter: PathFilter): DiscoveryResult {
    const accept = compilePathFilter(filter)
    const trackedSet = this.tracked ? new Set(this.tracked) : undefined
    const files = [...this.files.entries()]
      .filter(([path]) => accept(path) && !path.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)))
      .map(([path, bytes]) => ({
        path,
        kind: classifyPath(path),
        size: bytes.byteLength,
        tracked: trackedSet ? trackedSet.has(path) : true,
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return { files, notices: [], gitAvailable: true }
  }

  read(path: string, maxBytes: number): Uint8Array | 'too-large' | undefined {
    const bytes = this.files.get(path)
    if (bytes && bytes.byteLength > maxBytes) return 'too-large'
    return bytes
  }
}

/** For callers that hold a path and want to know if it is a readable folder. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
