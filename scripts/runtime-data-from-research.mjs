#!/usr/bin/env node
// Builds rules/data/runtime-versions.json from the research version table (astro-runtime-versions.json) when the
// live feed cannot be reached, in the shape scripts/update-runtime-data.mjs writes from the feed: top-level
// `takenAt` and `source`, then the feed's `runtimeVersions` / `runtimeVersionsV3` maps with feed field names.
// Every entry keeps its research `source` string; facts added from the research notes (channel, yank reason,
// Python versions) say so in it.
//
//   node scripts/runtime-data-from-research.mjs ../shared/research/astro-runtime-versions.json [--out FILE]
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'rules/data/runtime-versions.json' } },
})
if (positionals.length !== 1) {
  process.stderr.write('usage: node scripts/runtime-data-from-research.mjs <astro-runtime-versions.json> [--out FILE]\n')
  process.exit(2)
}

const NOTES = 'research astro-runtime.md'
const FIXTURE = 'astronomer/astro-cli pkg/runtimeversions/testdata/catalog.json'

// Channels the research states (astro-runtime.md §2.2, §3.4); others are left out rather than guessed.
function channelOf(version) {
  if (/^9\./.test(version)) return ['deprecated', `${NOTES} §2.2 (feed: Runtime 9 line on channel 'deprecated')`]
  if (version === '11.0.0') return ['deprecated', `${NOTES} §3.4 (feed sample)`]
  if (version === '12.12.0') return ['deprecated', `${NOTES} §2.2 (feed fixture)`]
  if (/^13\./.test(version)) return ['stable', `${NOTES} §2.2 (feed: Runtime 13 still 'stable' in Sept 2026)`]
  if (version === '3.3-8') return ['stable', `${NOTES} §3.4 (feed sample)`]
  return undefined
}

// Yank reasons (astro-runtime.md §2.3; 11.0.0 verbatim from the feed sample in §3.4).
const YANK_REASONS = {
  '8.0.0': ['Cluster policies defined through pluggy were not applied.', 'DOCS lifecycle page'],
  '9.0.0': ['Significant scheduler performance problems.', 'DOCS lifecycle page'],
  '9.1.0': ['Celery workers did not terminate properly.', 'feed (the DOCS lifecycle page gives scheduler performance problems)'],
  '9.2.0': ['Significant scheduler performance problems.', 'DOCS lifecycle page'],
  '9.3.0': ['Significant scheduler performance problems.', 'DOCS lifecycle page'],
  '9.4.0': ['Significant scheduler performance problems.', 'DOCS lifecycle page'],
  '9.5.0': ['Significant scheduler performance problems.', 'DOCS lifecycle page'],
  '9.6.0': ['Significant scheduler performance problems.', 'DOCS lifecycle page'],
  '11.0.0': ['This version has db migration issues when you have running triggers.', 'feed sample'],
  '11.1.0': ['Database migration problems when triggers are running.', 'DOCS lifecycle page'],
  '13.5.0': ['The webserver returned HTTP 500 for existing sessions after the upgrade.', 'feed fixture'],
  '3.0-9': ['Broken deserialization of connection extras.', 'astro-cli test data, unconfirmed'],
  '3.1-8': ['Built on Airflow 3.1.4, which Apache yanked.', 'feed fixture'],
  '3.2-1': ['Environment-manager connections were not found.', 'feed fixture'],
}

// Python versions per Airflow-3 series, for entries taken from the feed fixture (astro-runtime.md §2.4).
const PYTHON = {
  '3.0': [['3.11', '3.12'], '3.12'],
  '3.1': [['3.11', '3.12'], '3.12'],
  '3.2': [['3.12', '3.13', '3.14'], '3.13'],
  '3.3': [['3.12', '3.13', '3.14'], '3.14'],
}

const rows = JSON.parse(readFileSync(positionals[0], 'utf8'))
const runtimeVersions = {}
const runtimeVersionsV3 = {}
for (const row of rows) {
  const v3 = /^\d+\.\d+-\d+$/.test(row.version)
  const metadata = {}
  const notes = []
  if (row.airflow) metadata.airflowVersion = row.airflow
  const channel = channelOf(row.version)
  if (channel) {
    metadata.channel = channel[0]
    notes.push(`channel from ${channel[1]}`)
  }
  if (row.released) metadata.releaseDate = row.released
  if (v3) {
    if (row.endOfMaintenance) metadata.endOfMaintenance = row.endOfMaintenance
    if (row.endOfBasicSupport) metadata.endOfBasicSupport = row.endOfBasicSupport
  }
  // The feed's Airflow-2 entries carry only endOfSupport; V3 entries repeat it (= end of maintenance).
  if (row.endOfMaintenance) metadata.endOfSupport = row.endOfMaintenance
  if (typeof row.yanked === 'boolean') metadata.yanked = row.yanked
  const reason = YANK_REASONS[row.version]
  if (row.yanked && reason) {
    metadata.yankedReason = reason[0]
    notes.push(`yankedReason from ${NOTES} §2.3 (${reason[1]})`)
  }
  if (typeof row.lts === 'boolean') metadata.LTS = row.lts
  const series = row.version.split('-')[0]
  if (v3 && row.source.startsWith(FIXTURE) && PYTHON[series]) {
    metadata.pythonVersions = PYTHON[series][0]
    metadata.defaultPythonVersion = PYTHON[series][1]
    notes.push(`pythonVersions from ${NOTES} §2.4 (feed fixture, per series)`)
  }
  const entry = { metadata, source: notes.length ? `${row.source}; ${notes.join('; ')}` : row.source }
  if (v3) runtimeVersionsV3[row.version] = entry
  else runtimeVersions[row.version] = entry
}

const byVersion = (a, b) => a.localeCompare(b, 'en', { numeric: true })
const sorted = (map) => Object.fromEntries(Object.keys(map).sort(byVersion).map((key) => [key, map[key]]))
const data = {
  takenAt: '2026-09-25',
  source:
    'embedded table from astro-guard research (Astronomer docs release notes and lifecycle policy to 11.8.0; astro-cli feed fixture cut from updates.astronomer.io/astronomer-runtime on 2026-09-25); not the live feed',
  generatedBy: 'scripts/runtime-data-from-research.mjs',
  runtimeVersions: sorted(runtimeVersions),
  runtimeVersionsV3: sorted(runtimeVersionsV3),
}
writeFileSync(values.out, `${JSON.stringify(data, null, 1)}\n`)
process.stderr.write(
  `wrote ${values.out}: ${Object.keys(runtimeVersions).length} runtimeVersions, ${Object.keys(runtimeVersionsV3).length} runtimeVersionsV3\n`,
)
