import { describe, expect, it } from 'vitest'
import data from '../../rules/data/runtime-versions.json' with { type: 'json' }
import { catalogFromFeed, RuntimeFeedSchema } from '../../src/runtime/catalog.js'
import { embeddedFeed, embeddedRuntimeCatalog } from '../../src/runtime/embedded-catalog.js'

/**
 * Every Runtime version of the research table (../shared/research/astro-runtime.md §2.5 and
 * astro-runtime-versions.json), listed here so the coverage check needs nothing outside the repository.
 */
const RESEARCH_VERSIONS = [
  '2.1.1', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4', '4.0.0', '4.0.1', '4.0.2', '4.0.3', '4.0.4', '4.0.5',
  '4.0.6', '4.0.7', '4.0.8', '4.0.9', '4.0.10', '4.0.11', '4.1.0', '4.2.0', '4.2.1', '4.2.4', '4.2.5', '4.2.6',
  '4.2.7', '4.2.8', '4.2.9', '5.0.0', '5.0.1', '5.0.2', '5.0.3', '5.0.4', '5.0.5', '5.0.6', '5.0.7', '5.0.8',
  '5.0.9', '5.0.10', '5.0.11', '5.0.12', '5.0.13', '5.1.0', '5.2.0', '5.2.1', '5.3.0', '5.4.0', '5.5.0', '6.0.0',
  '6.0.1', '6.0.2', '6.0.3', '6.0.4', '6.1.0', '6.2.0', '6.2.1', '6.3.0', '6.4.0', '6.5.0', '6.6.0', '6.7.0',
  '6.8.0', '6.9.0', '6.9.1', '6.9.2', '6.10.0', '7.0.0', '7.1.0', '7.2.0', '7.3.0', '7.4.0', '7.4.1', '7.4.2',
  '7.4.3', '7.5.0', '7.6.0', '8.0.0', '8.1.0', '8.2.0', '8.3.0', '8.4.0', '8.5.0', '8.6.0', '8.7.0', '8.8.0',
  '8.9.0', '8.10.0', '9.0.0', '9.1.0', '9.2.0', '9.3.0', '9.4.0', '9.5.0', '9.6.0', '9.7.0', '9.8.0', '9.9.0',
  '9.10.0', '9.10.1', '9.10.2', '9.11.0', '9.12.0', '9.13.0', '9.14.0', '9.15.0', '9.16.0', '9.17.0', '10.0.0',
  '10.1.0', '10.2.0', '10.3.0', '10.4.0', '10.5.0', '10.6.0', '10.7.0', '10.8.0', '10.9.0', '11.0.0', '11.1.0',
  '11.2.0', '11.3.0', '11.4.0', '11.5.0', '11.6.0', '11.7.0', '11.8.0', '12.0.0', '12.8.0', '12.12.0', '13.5.0',
  '13.10.0', '13.11.0', '3.0-1', '3.0-9', '3.0-17', '3.0-18', '3.1-8', '3.1-10', '3.1-11', '3.1-12', '3.1-21',
  '3.2-1', '3.2-2', '3.2-6', '3.2-10', '3.3-1', '3.3-2', '3.3-8',
]

/** Yanked per the research (§2.3): docs lifecycle page, feed fixture, and (3.0-9) astro-cli test data. */
const RESEARCH_YANKED = ['8.0.0', '9.0.0', '9.1.0', '9.2.0', '9.3.0', '9.4.0', '9.5.0', '9.6.0', '11.0.0', '11.1.0', '13.5.0', '3.0-9', '3.1-8', '3.2-1']

type Entry = { metadata: Record<string, unknown>; source: string }
const maps = data as unknown as { takenAt: string; source: string; runtimeVersions: Record<string, Entry>; runtimeVersionsV3: Record<string, Entry> }

describe('embedded Runtime lifecycle data (rules/data/runtime-versions.json)', () => {
  const catalog = embeddedRuntimeCatalog()

  it('is a valid feed, and the schema changes nothing in it (so run time skips the validation)', () => {
    const parsed = RuntimeFeedSchema.parse(data)
    expect(parsed).toEqual(embeddedFeed())
    expect(catalogFromFeed(parsed, 'embedded table', '1970-01-01').releases).toEqual(catalog.releases)
  })

  it('covers every version of the research table, each in the map of its tag scheme', () => {
    expect(RESEARCH_VERSIONS).toHaveLength(147)
    const missing = RESEARCH_VERSIONS.filter((version) => catalog.get(version) === undefined)
    expect(missing).toEqual([])
    for (const version of RESEARCH_VERSIONS) {
      const map = /^\d+\.\d+-\d+$/.test(version) ? maps.runtimeVersionsV3 : maps.runtimeVersions
      expect(map[version], version).toBeDefined()
    }
    expect(catalog.releases).toHaveLength(147)
  })

  it('says when and from where it was taken, and where each entry comes from', () => {
    expect(maps.takenAt).toBe('2026-09-25')
    expect(catalog.takenAt).toBe('2026-09-25')
    expect(maps.source).toContain('not the live feed')
    for (const [version, entry] of [...Object.entries(maps.runtimeVersions), ...Object.entries(maps.runtimeVersionsV3)]) {
      expect(entry.source.length, version).toBeGreaterThan(20)
    }
  })

  it('has lifecycle dates for every release but the pre-GA 2.1.1', () => {
    const undated = catalog.releases.filter((release) => release.lastSupportedDay === undefined).map((release) => release.version)
    expect(undated).toEqual(['2.1.1'])
    for (const release of catalog.releases.filter((candidate) => candidate.scheme === 'airflow3')) {
      expect(release.endOfMaintenance, release.version).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(release.endOfBasicSupport, release.version).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it('marks exactly the research table’s yanked versions, each with a reason', () => {
    const yanked = catalog.releases.filter((release) => release.yanked === true)
    expect(yanked.map((release) => release.version)).toEqual(RESEARCH_YANKED)
    for (const release of yanked) expect(release.yankedReason, release.version).toMatch(/\.$/)
  })

  it.each([
    ['3.0.4', { airflowVersion: '2.1.1', releaseDate: '2021-10-26', endOfMaintenance: '2022-02-28', lastSupportedDay: '2022-02-28', lts: false }],
    ['11.8.0', { airflowVersion: '2.9.3', releaseDate: '2024-08-09', endOfMaintenance: '2025-10-31', lts: true }],
    ['12.12.0', { airflowVersion: '2.10.5', channel: 'deprecated', endOfMaintenance: '2026-02-28' }],
    ['13.11.0', { airflowVersion: '2.11.2', channel: 'stable', releaseDate: '2026-09-17', lastSupportedDay: '2027-04-30' }],
    ['3.0-1', { airflowVersion: '3.0.0', releaseDate: undefined, endOfMaintenance: '2027-04-30', endOfBasicSupport: '2027-10-30' }],
    ['3.3-8', { airflowVersion: '3.3.2', channel: 'stable', lastSupportedDay: '2029-01-31', pythonVersions: ['3.12', '3.13', '3.14'] }],
  ])('keeps the research facts of %s', (version, facts) => {
    expect(catalog.get(version)).toMatchObject(facts)
  })
})
