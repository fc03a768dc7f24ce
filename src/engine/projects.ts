import { posix } from 'node:path'
import { parseDockerfile } from '../parsers/dockerfile.js'
import { airflowOfImage, deployedBaseImage } from '../runtime/base-images.js'
import type { RuntimeCatalog } from '../runtime/catalog.js'
import type { BaseImage } from '../runtime/image-ref.js'
import type { DiscoveredFile } from './file-source.js'
import type { ProjectInfo } from './scanned-file.js'

/** The image the deployed (last) stage of a Dockerfile is built from, following `FROM <earlier stage>`. */
export function finalBaseImage(text: string, mirrors: readonly string[]): BaseImage | undefined {
  return deployedBaseImage(parseDockerfile(text), mirrors)
}

/**
 * Finds every Astro project under the root: a folder with a `dags/` folder and a `Dockerfile` that builds FROM
 * an Astro Runtime (or legacy Astronomer Certified) image, or whose `.astro/config.yaml` (written by
 * `astro dev init`) marks it as an Astro project whatever its base image.
 * `today` resolves moving tags (`3.1`, `latest`) to the build they point to now, for `airflowVersion`.
 * With `explicitRoots` (the `projects` setting) those folders are the projects, whatever their Dockerfile says,
 * and nothing is auto-detected.
 */
export function detectProjects(
  files: readonly DiscoveredFile[],
  readText: (path: string) => string | undefined,
  catalog: () => RuntimeCatalog,
  mirrors: readonly string[],
  today: string,
  explicitRoots?: readonly string[],
): ProjectInfo[] {
  const folders = new Set<string>()
  const paths = new Set<string>()
  for (const file of files) {
    paths.add(file.path)
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
      const airflow = baseImage ? airflowOfImage(baseImage, catalog(), today) : undefined
      projects.push({
        root,
        dockerfilePath: hasDockerfile ? dockerfilePath : undefined,
        baseImage,
        airflowMajor: airflow?.airflowMajor,
        airflowVersion: airflow?.airflowVersion,
        hasDags: folders.has(root ? `${root}/dags` : 'dags'),
      })
    }
    return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))
  }
  for (const file of files) {
    if (file.kind !== 'dockerfile' || posix.basename(file.path) !== 'Dockerfile') continue
    const root = posix.dirname(file.path) === '.' ? '' : posix.dirname(file.path)
    const inRoot = (path: string) => (root ? `${root}/${path}` : path)
    const hasDags = folders.has(inRoot('dags'))
    if (!hasDags) continue
    const text = readText(file.path)
    if (text === undefined) continue
    const baseImage = finalBaseImage(text, mirrors)
    const astroBase = baseImage?.family === 'astro-runtime' || baseImage?.family === 'astronomer-certified'
    if (!astroBase && !paths.has(inRoot('.astro/config.yaml'))) continue
    const airflow = baseImage ? airflowOfImage(baseImage, catalog(), today) : undefined
    projects.push({
      root,
      dockerfilePath: file.path,
      baseImage,
      airflowMajor: airflow?.airflowMajor,
      airflowVersion: airflow?.airflowVersion,
      hasDags,
    })
  }
  return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))
}

/** The nearest enclosing project of a path (projects may nest in odd monorepos; the deepest wins). */
export function projectOf(path: string, projects: readonly ProjectInfo[]): ProjectInfo | undefined {
  return projectIndex(projects)(path)
}

const indexes = new WeakMap<readonly ProjectInfo[], (path: string) => ProjectInfo | undefined>()

/**
 * A lookup from a file path to its nearest enclosing project that walks up the path's folders (a few map lookups
 * per file), instead of testing every project against every file. Built once per project list.
 */
export function projectIndex(projects: readonly ProjectInfo[]): (path: string) => ProjectInfo | undefined {
  const cached = indexes.get(projects)
  if (cached) return cached
  const byRoot = new Map(projects.map((project) => [project.root, project]))
  const lookup = (path: string): ProjectInfo | undefined => {
    if (byRoot.size === 0) return undefined
    let end = path.lastIndexOf('/')
    while (end > 0) {
      const project = byRoot.get(path.slice(0, end))
      if (project) return project
      end = path.lastIndexOf('/', end - 1)
    }
    return byRoot.get('')
  }
  indexes.set(projects, lookup)
  return lookup
}

/**
 * The files under each project's folder, in discovery order (a nested project's files are also under the
 * enclosing one). One pass over the files, walking up each path's folders.
 */
export function filesByProject(
  files: readonly DiscoveredFile[],
  projects: readonly ProjectInfo[],
): Map<ProjectInfo, DiscoveredFile[]> {
  const byRoot = new Map(projects.map((project) => [project.root, project]))
  const out = new Map<ProjectInfo, DiscoveredFile[]>(projects.map((project) => [project, []]))
  if (projects.length === 0) return out
  const rootProject = byRoot.get('')
  for (const file of files) {
    let end = file.path.lastIndexOf('/')
    while (end > 0) {
      const project = byRoot.get(file.path.slice(0, end))
      if (project) out.get(project)?.push(file)
      end = file.path.lastIndexOf('/', end - 1)
    }
    if (rootProject) out.get(rootProject)?.push(file)
  }
  return out
}
