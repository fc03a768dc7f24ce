import { posix } from 'node:path'
import { parseDockerfile } from '../parsers/dockerfile.js'
import type { RuntimeCatalog } from '../runtime/catalog.js'
import { airflowMajorOf, type BaseImage, parseImageReference } from '../runtime/image-ref.js'
import type { DiscoveredFile } from './file-source.js'
import type { ProjectInfo } from './scanned-file.js'

/** The image the deployed (last) stage of a Dockerfile is built from, following `FROM <earlier stage>`. */
export function finalBaseImage(text: string, mirrors: readonly string[]): BaseImage | undefined {
  const dockerfile = parseDockerfile(text)
  if (dockerfile.stages.length === 0) return undefined
  const byName = new Map<string, number>()
  for (const stage of dockerfile.stages) {
    byName.set(String(stage.index), stage.index)
    if (stage.from.alias) byName.set(stage.from.alias.toLowerCase(), stage.index)
  }
  let stage = dockerfile.stages[dockerfile.stages.length - 1]
  // FROM builder AS final → the image is builder's base. Bounded by the stage count, so a cycle cannot hang.
  for (let hops = 0; hops < dockerfile.stages.length; hops++) {
    const parent = byName.get(stage.from.resolvedImage.toLowerCase())
    if (parent === undefined || parent >= stage.index) break
    stage = dockerfile.stages[parent]
  }
  return parseImageReference(stage.from.resolvedImage, stage.from.imageSpan, mirrors)
}

/**
 * Finds every Astro project under the root: a folder whose `Dockerfile` builds FROM an Astro Runtime (or legacy
 * Astronomer Certified) image and that has a `dags/` folder beside it. With `explicitRoots` (the `projects`
 * setting) those folders are the projects, whatever their Dockerfile says, and nothing is auto-detected.
 */
export function detectProjects(
  files: readonly DiscoveredFile[],
  readText: (path: string) => string | undefined,
  catalog: () => RuntimeCatalog,
  mirrors: readonly string[],
  explicitRoots?: readonly string[],
): ProjectInfo[] {
  const folders = new Set<string>()
  for (const file of files) {
    let dir = posix.dirname(file.path)
    while (dir !== '.' && !folders.has(dir)) {
      folders.add(dir)
      dir = posix.dirname(dir)
    }
  }
  const projects: ProjectInfo[] = []
  if (explicitRoots) {
    for (const root of new Set(explicitRoots)) {
      const dockerfilePath = root ? `${root}/Dockerfile` : 'Dockerfile'
      const hasDockerfile = files.some((file) => file.path === dockerfilePath && file.kind === 'dockerfile')
      const text = hasDockerfile ? readText(dockerfilePath) : undefined
      const baseImage = text === undefined ? undefined : finalBaseImage(text, mirrors)
      const release = baseImage?.version && !baseImage.floating ? catalog().get(baseImage.version) : undefined
      projects.push({
        root,
        dockerfilePath: hasDockerfile ? dockerfilePath : undefined,
        baseImage,
        airflowMajor: baseImage ? airflowMajorOf(baseImage) : undefined,
        airflowVersion: release?.airflowVersion,
        hasDags: folders.has(root ? `${root}/dags` : 'dags'),
      })
    }
    return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))
  }
  for (const file of files) {
    if (file.kind !== 'dockerfile' || posix.basename(file.path) !== 'Dockerfile') continue
    const root = posix.dirname(file.path) === '.' ? '' : posix.dirname(file.path)
    const hasDags = folders.has(root ? `${root}/dags` : 'dags')
    const text = readText(file.path)
    if (text === undefined) continue
    const baseImage = finalBaseImage(text, mirrors)
    if (!baseImage || (baseImage.family !== 'astro-runtime' && baseImage.family !== 'astronomer-certified')) continue
    if (!hasDags) continue
    const release = baseImage.version && !baseImage.floating ? catalog().get(baseImage.version) : undefined
    projects.push({
      root,
      dockerfilePath: file.path,
      baseImage,
      airflowMajor: airflowMajorOf(baseImage),
      airflowVersion: release?.airflowVersion,
      hasDags,
    })
  }
  return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))
}

/** The nearest enclosing project of a path (projects may nest in odd monorepos; the deepest wins). */
export function projectOf(path: string, projects: readonly ProjectInfo[]): ProjectInfo | undefined {
  let best: ProjectInfo | undefined
  for (const project of projects) {
    if (project.root === '' || path.startsWith(`${project.root}/`)) {
      if (!best || project.root.length > best.root.length) best = project
    }
  }
  return best
}
