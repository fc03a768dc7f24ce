import embedded from '../../rules/data/runtime-versions.json' with { type: 'json' }
import { catalogFromFeed, type RuntimeCatalog, type RuntimeFeed } from './catalog.js'

let cached: RuntimeCatalog | undefined

/**
 * The lifecycle table committed in rules/data/runtime-versions.json, built on first use. It is our own data, checked
 * against RuntimeFeedSchema by the tests, so it is not validated again at run time (that cost ~10 ms of every cold
 * start of the action); feeds from the network are.
 */
export function embeddedRuntimeCatalog(): RuntimeCatalog {
  cached ??= catalogFromFeed(embeddedFeed(), 'embedded table', '1970-01-01')
  return cached
}

/** The embedded table as a feed, with the schema's defaults for absent maps. */
export function embeddedFeed(): RuntimeFeed {
  return { runtimeVersions: {}, runtimeVersionsV3: {}, ...(embedded as Partial<RuntimeFeed>) }
}
