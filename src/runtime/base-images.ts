import { type Dockerfile, type DockerStage, stagesInFinalImage } from '../parsers/dockerfile.js'
import { type RuntimeCatalog, type RuntimeRelease, resolveMovingTag } from './catalog.js'
import { airflowMajorOf, type BaseImage, parseImageReference } from './image-ref.js'

/** One FROM whose image ends up in the deployed image. */
export interface FromSite {
  stage: DockerStage
  image: BaseImage
  /** The deployed (last) stage builds on this image, directly or through `FROM <earlier stage>`. */
  deployed: boolean
}

/** The earlier stage a FROM names (stage names are case-insensitive), or undefined when it names an image. */
function stageNamed(dockerfile: Dockerfile, name: string, before: number): number | undefined {
  const wanted = name.toLowerCase()
  for (let index = before - 1; index >= 0; index--) {
    if (dockerfile.stages[index].from.alias?.toLowerCase() === wanted) return index
  }
  return undefined
}

/** The stage whose FROM names the deployed image: the last stage, followed through `FROM <earlier stage>`. */
function deployedStage(dockerfile: Dockerfile): number | undefined {
  if (dockerfile.stages.length === 0) return undefined
  let index = dockerfile.stages.length - 1
  // Each hop goes to an earlier stage, so this ends after at most `stages.length` hops.
  for (;;) {
    const parent = stageNamed(dockerfile, dockerfile.stages[index].from.resolvedImage, index)
    if (parent === undefined) return index
    index = parent
  }
}

function imageOf(stage: DockerStage, mirrors: readonly string[]): BaseImage {
  const image = parseImageReference(stage.from.resolvedImage, stage.from.imageSpan, mirrors)
  image.unresolvedArgs = [...stage.from.unresolved]
  return image
}

/**
 * The FROM images that matter for what is deployed: the final stage's and those of the stages it copies from
 * or builds on (multi-stage builds; a `FROM <earlier stage>` line is followed, not judged).
 */
export function baseImageSites(dockerfile: Dockerfile, mirrors: readonly string[]): FromSite[] {
  const deployed = deployedStage(dockerfile)
  const sites: FromSite[] = []
  for (const index of stagesInFinalImage(dockerfile)) {
    const stage = dockerfile.stages[index]
    if (stageNamed(dockerfile, stage.from.resolvedImage, index) !== undefined) continue
    sites.push({ stage, image: imageOf(stage, mirrors), deployed: index === deployed })
  }
  return sites
}

/** The image the deployed stage is built from. */
export function deployedBaseImage(dockerfile: Dockerfile, mirrors: readonly string[]): BaseImage | undefined {
  const index = deployedStage(dockerfile)
  return index === undefined ? undefined : imageOf(dockerfile.stages[index], mirrors)
}

/** The release an Astro Runtime image runs today: its pinned version, or the build a moving tag points to now. */
export interface ResolvedRuntime {
  release: RuntimeRelease | undefined
  /** The tag moves (`latest`, `3.1`, no tag), whether or not a digest pins the pull. */
  moving: boolean
}

export function resolveRuntime(image: BaseImage, catalog: RuntimeCatalog, today: string): ResolvedRuntime {
  const tag = image.runtimeTag
  if (image.family !== 'astro-runtime' || !tag) return { release: undefined, moving: false }
  if (tag.kind === 'pinned' && tag.version) return { release: catalog.get(tag.version), moving: false }
  if (tag.kind === 'floating' || tag.kind === 'latest') {
    // `latest` follows its repository's line: `runtime` is the Airflow-3 repository, `astro-runtime` the semver one.
    const prefer = image.repository === 'runtime' ? 'airflow3' : 'semver'
    return { release: resolveMovingTag(catalog, tag.floatingPrefix ?? '', prefer, today), moving: true }
  }
  return { release: undefined, moving: false }
}

/** What a project's base image says about its Airflow: the major and the exact version the image ships. */
export function airflowOfImage(
  image: BaseImage,
  catalog: RuntimeCatalog,
  today: string,
): { airflowMajor: 2 | 3 | undefined; airflowVersion: string | undefined } {
  if (image.unresolvedArgs.length > 0) return { airflowMajor: undefined, airflowVersion: undefined }
  if (image.family === 'astro-runtime') {
    // A digest-only pin could be any build: only a tag tells the version.
    if (image.digest && (image.tag === undefined || image.tag === 'latest')) return { airflowMajor: undefined, airflowVersion: undefined }
    const { release } = resolveRuntime(image, catalog, today)
    if (release) {
      const major = release.airflowMajor
      return { airflowMajor: major === 2 || major === 3 ? major : undefined, airflowVersion: release.airflowVersion }
    }
    return { airflowMajor: airflowMajorOf(image), airflowVersion: undefined }
  }
  if (image.family === 'astronomer-certified' || image.family === 'apache-airflow') {
    return { airflowMajor: airflowMajorOf(image), airflowVersion: image.airflowVersion }
  }
  return { airflowMajor: undefined, airflowVersion: undefined }
}
