import { describe, expect, it } from 'vitest'
import { rule as AG501 } from '../../rules/AG501-outdated-runtime-image.js'
import { VERDICT_SEVERITY } from '../../rules/helpers/runtime-verdict.js'
import { RULES } from '../../rules/index.js'
import type { Config } from '../../src/config/config-schema.js'
import { scanMemory } from '../../src/testing/scan-memory.js'

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`
const MIRROR = 'registry.corp.example/astronomer-mirror'

interface Judged {
  line: number
  messageId: string
  severity: string
  /** The fix as `line:column replacement`, or null. */
  fix: string | null
}

function judge(dockerfile: string, options: { today?: string; config?: Config } = {}): Judged[] {
  return scanMemory({ Dockerfile: dockerfile }, { rules: [AG501], today: options.today, config: options.config }).findings.map((finding) => ({
    line: finding.range.startLine,
    messageId: finding.messageId,
    severity: finding.severity,
    fix: finding.fix ? `${finding.fix.range.startLine}:${finding.fix.range.startColumn} ${finding.fix.replacement}` : null,
  }))
}

describe('AG501 fixes keep registry, mirror and variants, and edit ARG defaults in place', () => {
  it.each<[string, string, Judged[], Config?]>([
    [
      'pinned old Runtime',
      'FROM quay.io/astronomer/astro-runtime:11.8.0\n',
      [{ line: 1, messageId: 'PAST_SUPPORT', severity: 'error', fix: '1:6 quay.io/astronomer/astro-runtime:13.11.0' }],
    ],
    [
      'trusted mirror keeping the upstream path, with a Python variant',
      `FROM ${MIRROR}/astronomer/astro-runtime:11.8.0-python-3.11\n`,
      [{ line: 1, messageId: 'PAST_SUPPORT', severity: 'error', fix: `1:6 ${MIRROR}/astronomer/astro-runtime:13.11.0-python-3.11` }],
      { 'trusted-registries': [MIRROR] },
    ],
    [
      'trusted mirror of the Airflow 3 repository with a moving tag',
      `FROM ${MIRROR}/runtime:3.1\n`,
      [{ line: 1, messageId: 'FLOATING_TAG', severity: 'warning', fix: `1:6 ${MIRROR}/runtime:3.1-21` }],
      { 'trusted-registries': [MIRROR] },
    ],
    ['the same mirror, not configured: not known to be a Runtime', `FROM ${MIRROR}/runtime:3.1\n`, []],
    [
      'tag and digest: the digest goes, it pinned the old build',
      `FROM quay.io/astronomer/astro-runtime:13.10.0@${DIGEST}\n`,
      [{ line: 1, messageId: 'NEWER_BUILD', severity: 'notice', fix: '1:6 quay.io/astronomer/astro-runtime:13.11.0' }],
    ],
    [
      '--platform flag',
      'FROM --platform=$BUILDPLATFORM quay.io/astronomer/astro-runtime:11.8.0-slim AS runtime\n',
      [{ line: 1, messageId: 'PAST_SUPPORT', severity: 'error', fix: '1:32 quay.io/astronomer/astro-runtime:13.11.0-slim' }],
    ],
    [
      'whole image from a quoted ARG default',
      'ARG RUNTIME_IMAGE="quay.io/astronomer/astro-runtime:11.8.0"\nFROM ${RUNTIME_IMAGE}\n',
      [{ line: 2, messageId: 'PAST_SUPPORT', severity: 'error', fix: '1:19 "quay.io/astronomer/astro-runtime:13.11.0"' }],
    ],
    [
      'tag from an ARG default',
      'ARG TAG=11.8.0-python-3.11\nFROM quay.io/astronomer/astro-runtime:$TAG\n',
      [{ line: 2, messageId: 'PAST_SUPPORT', severity: 'error', fix: '1:9 13.11.0-python-3.11' }],
    ],
    [
      'tag from ${VAR:-default} in the FROM line',
      'ARG TAG\nFROM quay.io/astronomer/astro-runtime:${TAG:-10.9.0}\n',
      [{ line: 2, messageId: 'PAST_SUPPORT', severity: 'error', fix: '2:46 13.11.0' }],
    ],
    [
      'whole image from ${VAR:-default} in the FROM line',
      'FROM ${IMAGE:-quay.io/astronomer/astro-runtime:10.9.0}\n',
      [{ line: 1, messageId: 'PAST_SUPPORT', severity: 'error', fix: '1:15 quay.io/astronomer/astro-runtime:13.11.0' }],
    ],
    [
      'a mix of text and variables: the FROM image is rewritten',
      'ARG REPO=astro-runtime\nFROM quay.io/astronomer/${REPO}:11.8.0\n',
      [{ line: 2, messageId: 'PAST_SUPPORT', severity: 'error', fix: '2:6 quay.io/astronomer/astro-runtime:13.11.0' }],
    ],
    [
      'the pre-release registry moves to the GA one, so the tag ARG is not enough',
      'ARG TAG=3.0-1\nFROM air.astronomer.io/runtime:${TAG}\n',
      [{ line: 2, messageId: 'PRE_RELEASE', severity: 'warning', fix: '2:6 astrocrpublic.azurecr.io/runtime:3.0-18' }],
    ],
    [
      'one finding per FROM that matters',
      'FROM quay.io/astronomer/astro-runtime:9.1.0 AS deps\nFROM quay.io/astronomer/astro-runtime:13.10.0\nCOPY --from=deps /a /a\n',
      [
        { line: 1, messageId: 'YANKED', severity: 'error', fix: '1:6 quay.io/astronomer/astro-runtime:13.11.0' },
        { line: 2, messageId: 'NEWER_BUILD', severity: 'notice', fix: '2:6 quay.io/astronomer/astro-runtime:13.11.0' },
      ],
    ],
  ])('%s', (_, dockerfile, expected, config) => {
    expect(judge(dockerfile, { config })).toEqual(expected)
  })
})

describe('AG501 verdict details', () => {
  it('ranks verdicts from most to least severe, so the first that applies is the most severe', () => {
    const rank = { error: 3, warning: 2, notice: 1 }
    const ranks = Object.values(VERDICT_SEVERITY).map((severity) => rank[severity])
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a))
    expect(Object.keys(VERDICT_SEVERITY).sort()).toEqual(Object.keys(AG501.messages).sort())
  })

  it('names the dates, the reason and the replacement in one sentence per verdict', () => {
    const messages = (dockerfile: string, today?: string) =>
      scanMemory({ Dockerfile: dockerfile }, { rules: [AG501], today }).findings.map((finding) => finding.message)
    expect(messages('FROM quay.io/astronomer/astro-runtime:11.8.0\n')).toEqual([
      "Astronomer's support for Astro Runtime 11.8.0 ended on 2025-10-31 (end of support), so it gets no fixes and no help: move to quay.io/astronomer/astro-runtime:13.11.0 (released 2026-09-17, supported until 2027-04-30).",
    ])
    expect(messages('FROM astrocrpublic.azurecr.io/runtime:3.2-1\n')).toEqual([
      'Astro Runtime 3.2-1 was yanked by Astronomer (Environment-manager connections were not found): move to astrocrpublic.azurecr.io/runtime:3.2-10 (released 2026-09-24, maintained until 2028-04-30, basic support until 2028-10-30).',
    ])
    expect(messages('FROM astrocrpublic.azurecr.io/runtime:3.0-17\n', '2027-06-01')).toEqual([
      'Astro Runtime 3.0-17 left maintenance on 2027-04-30 and gets no more fixes; basic support ends on 2027-10-30 (in 151 days): move to astrocrpublic.azurecr.io/runtime:3.3-8 (released 2026-09-23, maintained until 2028-07-31, basic support until 2029-01-31).',
    ])
    expect(messages('FROM quay.io/astronomer/astro-runtime:13.11.0\n', '2027-03-01')).toEqual([
      "Astro Runtime 13.11.0 reaches end of support on 2027-04-30 (in 60 days): upgrade to Airflow 3 on astrocrpublic.azurecr.io/runtime:3.3-8 (released 2026-09-23, maintained until 2028-07-31, basic support until 2029-01-31) with Astronomer's upgrade guide, testing first with `astro dev upgrade-test`.",
    ])
    expect(messages('FROM astrocrpublic.azurecr.io/runtime:3.1\n')).toEqual([
      "'astrocrpublic.azurecr.io/runtime:3.1' uses the moving tag '3.1', which today means Astro Runtime 3.1-21 (Airflow 3.1.8): pin astrocrpublic.azurecr.io/runtime:3.1-21 so builds are reproducible and upgrades deliberate.",
    ])
    expect(messages('FROM astrocrpublic.azurecr.io/runtime:3.1-12\n')).toEqual([
      'A newer build of Astro Runtime 3.1 than 3.1-12 is out: 3.1-21 (released 2026-09-10); use astrocrpublic.azurecr.io/runtime:3.1-21; Astro Runtime 3.3 is out too (newest 3.3-8).',
    ])
    expect(messages('FROM quay.io/astronomer/astro-runtime:13.11.0\n')).toEqual([
      "Astro Runtime 13.11.0 runs Airflow 2, and Airflow 3 runs on astrocrpublic.azurecr.io/runtime:3.3-8 (released 2026-09-23, maintained until 2028-07-31, basic support until 2029-01-31): plan that upgrade with Astronomer's upgrade guide and `astro dev upgrade-test` rather than switching the tag.",
    ])
  })

  it('keeps the Python variant when moving series, and says so when no newer series ships it', () => {
    expect(judge('FROM astrocrpublic.azurecr.io/runtime:3.0-17-python-3.11\n', { today: '2027-02-15' })).toEqual([
      { line: 1, messageId: 'SUPPORT_ENDING', severity: 'warning', fix: '1:6 astrocrpublic.azurecr.io/runtime:3.1-21-python-3.11' },
    ])
    const findings = scanMemory({ Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-21-python-3.11\n' }, { rules: [AG501], today: '2027-08-01' }).findings
    expect(findings.map((finding) => [finding.messageId, finding.fix])).toEqual([['SUPPORT_ENDING', undefined]])
    expect(findings[0].message).toContain('move to Astro Runtime 3.3-8 (released 2026-09-23, maintained until 2028-07-31, basic support until 2029-01-31), which does not ship Python 3.11: pick one of 3.12, 3.13, 3.14')
  })

  it('takes the warning window from the rule options', () => {
    const dockerfile = 'FROM astrocrpublic.azurecr.io/runtime:3.0-18\n'
    expect(judge(dockerfile, { today: '2027-02-15' }).map((finding) => finding.messageId)).toEqual(['SUPPORT_ENDING'])
    const quiet: Config = { rules: { AG501: { options: { warningWindowDays: 30 } } } }
    expect(judge(dockerfile, { today: '2027-02-15', config: quiet }).map((finding) => finding.messageId)).toEqual(['NEWER_SERIES'])
    expect(() => judge(dockerfile, { config: { rules: { AG501: { options: { warningWindowDays: -1 } } } } })).toThrow(
      'rules.AG501.options.warningWindowDays',
    )
  })

  it('applies a configured severity to every verdict of the rule', () => {
    const dockerfile = 'FROM quay.io/astronomer/astro-runtime:13.10.0\n'
    expect(judge(dockerfile, { config: { rules: { AG501: 'warning' } } }).map((finding) => finding.severity)).toEqual(['warning'])
  })
})

describe('project detection tells rules the Airflow the image ships', () => {
  const detect = (files: Record<string, string>, options: { today?: string; config?: Config } = {}) =>
    scanMemory({ 'dags/etl.py': 'x = 1\n', ...files }, { rules: RULES, ...options }).projects.map((project) => [
      project.root,
      project.baseImage?.family,
      project.airflowMajor,
      project.airflowVersion,
    ])

  it.each<[string, string, [string, string | undefined, number | undefined, string | undefined][], { today?: string; config?: Config }?]>([
    ['a pinned Airflow 3 Runtime', 'FROM astrocrpublic.azurecr.io/runtime:3.2-10\n', [['', 'astro-runtime', 3, '3.2.2']]],
    ['a moving series tag: the build it points to today', 'FROM astrocrpublic.azurecr.io/runtime:3.1\n', [['', 'astro-runtime', 3, '3.1.8']]],
    ['the same tag before the newest build was out', 'FROM astrocrpublic.azurecr.io/runtime:3.3\n', [['', 'astro-runtime', 3, '3.3.0']], { today: '2026-09-20' }],
    ['no tag on the Airflow 3 repository', 'FROM astrocrpublic.azurecr.io/runtime\n', [['', 'astro-runtime', 3, '3.3.2']]],
    ['latest on the Airflow 2 repository', 'FROM quay.io/astronomer/astro-runtime:latest\n', [['', 'astro-runtime', 2, '2.11.2']]],
    ['a version the data lacks', 'FROM quay.io/astronomer/astro-runtime:13.12.0\n', [['', 'astro-runtime', 2, undefined]]],
    ['digest only', `FROM quay.io/astronomer/astro-runtime@${DIGEST}\n`, [['', 'astro-runtime', undefined, undefined]]],
    ['Astronomer Certified', 'FROM quay.io/astronomer/ap-airflow:2.3.4-7-onbuild\n', [['', 'astronomer-certified', 2, '2.3.4']]],
    ['through a trusted mirror', `FROM ${MIRROR}/runtime:3.2-10\n`, [['', 'astro-runtime', 3, '3.2.2']], { config: { 'trusted-registries': [MIRROR] } }],
    ['apache/airflow without .astro/config.yaml is no Astro project', 'FROM apache/airflow:2.9.3\n', []],
  ])('%s', (_, dockerfile, expected, options) => {
    expect(detect({ Dockerfile: dockerfile }, options)).toEqual(expected)
  })

  it('counts a folder with .astro/config.yaml as a project whatever its base image', () => {
    const astro = { '.astro/config.yaml': 'project:\n  name: x\n' }
    expect(detect({ ...astro, Dockerfile: 'FROM apache/airflow:2.9.3-python3.11\n' })).toEqual([['', 'apache-airflow', 2, '2.9.3']])
    expect(detect({ ...astro, Dockerfile: 'ARG IMAGE\nFROM ${IMAGE}\n' })).toEqual([['', 'other', undefined, undefined]])
  })
})
