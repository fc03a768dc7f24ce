import embedded from '../../rules/data/runtime-versions.json' with { type: 'json' }
import { catalogFromFeed, RuntimeFeedSchema, type RuntimeCatalog } from './catalog.js'

let cached: RuntimeCatalog | undefined

/** The lifecycle table committed in rules/data/runtime-versions.json, parsed on first use. */
export function embeddedRuntimeCatalog(): RuntimeCatalog {
  cached ??= catalogFromFeed(RuntimeFeedSchema.parse(embedded), 'embedded table', '1970-01-01')
  return cached
}
