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
  let best: ProjectInfo | undefined
  for (const project of projects) {
    if (project.root === '' || path.startsWith(`${project.root}/`)) {
      if (!best || project.root.length > best.root.length) best = project
    }
  }
  return best
}
