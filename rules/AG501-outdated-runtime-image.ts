import { z } from 'zod'
import { defineFileRule } from '../src/engine/rule.js'
import { baseImageSites } from '../src/runtime/base-images.js'
import { fromImageFix } from './helpers/from-fix.js'
import {
  CERTIFIED_END_OF_MAINTENANCE,
  type CertifiedData,
  type DeprecatedChannelData,
  type DigestOnlyData,
  type FloatingTagData,
  type MajorUpgradeData,
  type NewerBuildData,
  type NewerSeriesData,
  type NoSupportDatesData,
  type PastMaintenanceData,
  type PastSupportData,
  type PreReleaseData,
  runtimeVerdict,
  type SupportEndingData,
  type UnknownVersionData,
  type UnresolvedImageData,
  VERDICT_SEVERITY,
  type YankedData,
} from './helpers/runtime-verdict.js'

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`
const PROJECT = { '.astro/config.yaml': 'project:\n  name: analytics\n', 'dags/.airflowignore': '' }

const OptionsSchema = z
  .object({
    /** Warn this many days before a Runtime's end of maintenance (or of support, where that is the only date). */
    warningWindowDays: z.number().int().min(0).max(3650),
  })
  .strict()

/**
 * One rule, one finding per FROM: the verdict helper ranks every lifecycle fact about the image and the rule
 * reports only the most severe, with that verdict's own severity (error, warning or notice). A single rule keeps
 * the ranking in one place (several rules could not see each other's options, such as the warning window); a
 * severity set for AG501 in the config applies to all of its verdicts.
 */
export const rule = defineFileRule({
  id: 'AG501',
  name: 'outdated-runtime-image',
  title: 'Base image that is not a supported, current, pinned Astro Runtime',
  severity: 'error',
  responsibility: 'runtime-upgrades',
  kinds: ['dockerfile'],
  options: { schema: OptionsSchema, defaults: { warningWindowDays: 90 } },
  messages: {
    CERTIFIED: (p: CertifiedData) =>
      `'${p.image}' is an Astronomer Certified image${p.airflow}, and Astronomer has maintained no Astronomer Certified version since ${CERTIFIED_END_OF_MAINTENANCE}: ${p.advice}.`,
    YANKED: (p: YankedData) => `Astro Runtime ${p.version} was yanked by Astronomer (${p.reason.replace(/\.$/, '')}): ${p.advice}.`,
    PAST_SUPPORT: (p: PastSupportData) =>
      `Astronomer's support for Astro Runtime ${p.version} ended on ${p.date} (${p.milestone}), so it gets no fixes and no help: ${p.advice}.`,
    PAST_MAINTENANCE: (p: PastMaintenanceData) =>
      `Astro Runtime ${p.version} left maintenance on ${p.endOfMaintenance} and gets no more fixes; basic support ends on ${p.endOfBasicSupport} (in ${p.days}): ${p.advice}.`,
    SUPPORT_ENDING: (p: SupportEndingData) =>
      `Astro Runtime ${p.version} reaches ${p.milestone} on ${p.date} (in ${p.days})${p.after}: ${p.advice}.`,
    DEPRECATED_CHANNEL: (p: DeprecatedChannelData) =>
      `Astro Runtime ${p.version} is on the deprecated channel: Astronomer has retired the line (support ends ${p.lastDay}) and offers it for no new Deployment: ${p.advice}.`,
    PRE_RELEASE: (p: PreReleaseData) => `'${p.image}' is a pre-release Astro Runtime build (${p.why}), not one for Deployments: ${p.advice}.`,
    FLOATING_TAG: (p: FloatingTagData) =>
      `'${p.image}' ${p.how}, which today means Astro Runtime ${p.pinned} (${p.airflow}): pin ${p.pinnedImage} so builds are reproducible and upgrades deliberate.`,
    UNRESOLVED_IMAGE: (p: UnresolvedImageData) =>
      `The base image '${p.image}' depends on build argument ${p.args} without a default, so the Astro Runtime it deploys cannot be told from the repository: give the ARG a pinned default.`,
    UNKNOWN_VERSION: (p: UnknownVersionData) => `Astro Runtime tag '${p.tag}' is not in the lifecycle data taken ${p.takenAt}${p.hint}.`,
    NO_SUPPORT_DATES: (p: NoSupportDatesData) =>
      `Astro Runtime ${p.version} has no support dates in the lifecycle data taken ${p.takenAt}: ${p.advice}.`,
    DIGEST_ONLY: (p: DigestOnlyData) =>
      `'${p.image}' is pinned by digest alone, so its Astro Runtime version cannot be checked: keep the tag beside the digest (image:TAG@sha256:...).`,
    NEWER_BUILD: (p: NewerBuildData) =>
      `A newer build of Astro Runtime ${p.series} than ${p.version} is out: ${p.target} (released ${p.released}); use ${p.targetImage}${p.also}.`,
    NEWER_SERIES: (p: NewerSeriesData) =>
      `Astro Runtime ${p.version} is supported, and the newer Astro Runtime ${p.target} is out (${p.dates}): use ${p.targetImage}.`,
    MAJOR_UPGRADE: (p: MajorUpgradeData) =>
      `Astro Runtime ${p.version} runs Airflow ${p.fromMajor}, and Airflow ${p.toMajor} runs on ${p.target} (${p.dates}): plan that upgrade with Astronomer's upgrade guide and \`astro dev upgrade-test\` rather than switching the tag.`,
  },
  docs: {
    what:
      'Judges every FROM image the deployed image is built from (the final stage and the stages it copies from or builds on; ARG defaults, digests, `--platform` and configured mirrors understood) against the Astro Runtime lifecycle data, and reports one finding per FROM, the most severe: ' +
      'error when the Runtime is past the last day Astronomer supports it (end of basic support where published, otherwise end of support), yanked, or an Astronomer Certified image; ' +
      'warning when it is past end of maintenance but in basic support, within `warningWindowDays` (default 90) of end of maintenance or support, on the deprecated channel, a pre-release, a moving tag (`latest`, `3.1`, no tag), a build argument without a default, or a version the data does not know; ' +
      'notice when a newer build of the same series, a newer series, or a newer Airflow major is out, or when a digest alone hides the version.',
    why:
      "Upgrading the Astro Runtime regularly is the customer's side of the shared responsibility model. A Runtime past maintenance gets no bug or security fixes, cannot be used for new Deployments, and Astronomer support may ask you to upgrade before helping; a yanked build has a known defect; a moving tag changes what you deploy without review.",
    fix:
      'Apply the suggested FROM (the tag keeps your registry, mirror and variants; an ARG default is edited in place), run `astro dev upgrade-test`, and redeploy. For an Airflow major upgrade (2 to 3) or a move off Astronomer Certified follow Astronomer\'s upgrade guide instead of switching the tag. Refresh the data with `--runtime-feed` (auto, the default, reads Astronomer\'s feed).',
    examples: {
      bad: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0\n', 'dags/.airflowignore': '' },
      good: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'dags/.airflowignore': '' },
    },
    references: [
      { title: 'Astro Runtime lifecycle policy', url: 'https://www.astronomer.io/docs/astro/runtime-version-lifecycle-policy' },
      { title: 'Upgrade Astro Runtime', url: 'https://www.astronomer.io/docs/astro/upgrade-runtime' },
      { title: 'Astro Runtime versions feed', url: 'https://updates.astronomer.io/astronomer-runtime' },
    ],
  },
  check({ file, env, options, report }) {
    const dockerfile = file.dockerfile()
    const projectDockerfile = file.project?.dockerfilePath === file.path
    for (const site of baseImageSites(dockerfile, env.settings.trustedRegistries)) {
      const { image, stage } = site
      const span = stage.from.imageSpan
      const astro = image.family === 'astro-runtime' || image.family === 'astronomer-certified'
      if (image.unresolvedArgs.length > 0) {
        // Unknown at scan time: worth a word when it is (or may be) the Runtime the project deploys.
        if (astro || (site.deployed && projectDockerfile)) {
          report({
            messageId: 'UNRESOLVED_IMAGE',
            data: { image: stage.from.image, args: image.unresolvedArgs.join(', ') },
            span,
            severity: VERDICT_SEVERITY.UNRESOLVED_IMAGE,
          })
        }
        continue
      }
      if (!astro) continue
      const result = runtimeVerdict({ image, catalog: env.runtimeCatalog(), today: env.today, warningWindowDays: options.warningWindowDays })
      if (!result) continue
      const { verdict, severity, replacement } = result
      const fix = replacement
        ? fromImageFix(
            file.text,
            dockerfile,
            stage.from,
            replacement,
            verdict.messageId === 'FLOATING_TAG' ? `Pin Astro Runtime ${replacement.release.version}` : `Use Astro Runtime ${replacement.release.version}`,
          )
        : undefined
      report({ messageId: verdict.messageId, data: verdict.data, span, severity, fix })
    }
  },
  cases: {
    flag: [
      // Errors
      {
        name: 'Runtime 11 past its end of support (2025-10-31)',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:11.8.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT', severity: 'error' }],
      },
      {
        name: 'semver 3.0.4 is Runtime 3 on Airflow 2.1, out of support since 2022',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0.4\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT', severity: 'error' }],
      },
      {
        name: 'Airflow 3 series past its end of basic support',
        today: '2027-11-01',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-18\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT', severity: 'error' }],
      },
      {
        name: 'yanked build',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.5.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'YANKED', severity: 'error' }],
      },
      {
        name: 'yanked outranks past support (9.1.0)',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0-python-3.11\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'YANKED', severity: 'error' }],
      },
      {
        name: 'Astronomer Certified in every tag form',
        files: {
          'ac/onbuild.Dockerfile': 'FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n',
          'ac/hotfix.Dockerfile': 'FROM quay.io/astronomer/ap-airflow:2.3.4-7\n',
          'ac/hotfix-onbuild.Dockerfile': 'FROM quay.io/astronomer/ap-airflow:2.4.3-6-onbuild\n',
          'ac/distro.Dockerfile': 'FROM astronomerinc/ap-airflow:1.10.12-buster-onbuild\n',
          'ac/alpine.Dockerfile': 'FROM astronomerinc/ap-airflow:1.10.12-alpine3.10-onbuild\n',
          'ac/latest.Dockerfile': 'FROM astronomerinc/ap-airflow:latest-onbuild\n',
          'ac/nightly.Dockerfile': 'FROM quay.io/astronomer/ap-airflow:2.2.4-nightly-20220314\n',
          'ac/dev.Dockerfile': 'FROM quay.io/astronomer/ap-airflow:main-dev\n',
          'ac/untagged.Dockerfile': 'FROM astronomerinc/ap-airflow\n',
        },
        findings: [
          { file: 'ac/alpine.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/dev.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/distro.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/hotfix-onbuild.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/hotfix.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/latest.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/nightly.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/onbuild.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
          { file: 'ac/untagged.Dockerfile', line: 1, messageId: 'CERTIFIED', severity: 'error' },
        ],
      },
      // Warnings
      {
        name: 'past end of maintenance, still in basic support',
        today: '2027-06-01',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-17\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_MAINTENANCE', severity: 'warning' }],
      },
      {
        name: 'end of maintenance within the default 90 days',
        today: '2027-02-15',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-18-python-3.12\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'SUPPORT_ENDING', severity: 'warning' }],
      },
      {
        name: 'end of support within a configured 200-day window (Runtime 13 ends 2027-04-30)',
        options: { warningWindowDays: 200 },
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0-base\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'SUPPORT_ENDING', severity: 'warning' }],
      },
      {
        name: 'deprecated channel while still supported (Runtime 9 in August 2024)',
        today: '2024-08-01',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.17.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'DEPRECATED_CHANNEL', severity: 'warning' }],
      },
      {
        name: 'pre-release registry air.astronomer.io',
        files: { Dockerfile: 'FROM air.astronomer.io/runtime:3.0-1\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PRE_RELEASE', severity: 'warning' }],
      },
      {
        name: 'pre-release marker on an Airflow 3 tag',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-1-nightly20260601\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PRE_RELEASE', severity: 'warning' }],
      },
      {
        name: 'moving tags: series, major, latest and none',
        files: {
          'series.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.1\n',
          'series-variant.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.2-python-3.13\n',
          'major.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3\n',
          'latest.Dockerfile': 'FROM quay.io/astronomer/astro-runtime:latest\n',
          'untagged.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime\n',
        },
        findings: [
          { file: 'latest.Dockerfile', line: 1, messageId: 'FLOATING_TAG', severity: 'warning' },
          { file: 'major.Dockerfile', line: 1, messageId: 'FLOATING_TAG', severity: 'warning' },
          { file: 'series-variant.Dockerfile', line: 1, messageId: 'FLOATING_TAG', severity: 'warning' },
          { file: 'series.Dockerfile', line: 1, messageId: 'FLOATING_TAG', severity: 'warning' },
          { file: 'untagged.Dockerfile', line: 1, messageId: 'FLOATING_TAG', severity: 'warning' },
        ],
      },
      {
        name: 'a moving tag whose series is ending reports the ending',
        today: '2027-02-15',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'SUPPORT_ENDING', severity: 'warning' }],
      },
      {
        name: 'build argument without a default',
        files: { Dockerfile: 'ARG RUNTIME_TAG\nFROM quay.io/astronomer/astro-runtime:${RUNTIME_TAG}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'UNRESOLVED_IMAGE', severity: 'warning' }],
      },
      {
        name: "the project's whole base image from a build argument without a default",
        files: { ...PROJECT, Dockerfile: 'ARG RUNTIME_IMAGE\nFROM ${RUNTIME_IMAGE}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'UNRESOLVED_IMAGE', severity: 'warning' }],
      },
      {
        name: 'versions the data does not know',
        files: {
          'newer.Dockerfile': 'FROM quay.io/astronomer/astro-runtime:13.12.0\n',
          'typo.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.3-5\n',
          'series.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.9-1\n',
          'moving.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.9\n',
          'word.Dockerfile': 'FROM quay.io/astronomer/astro-runtime:main\n',
        },
        findings: [
          { file: 'moving.Dockerfile', line: 1, messageId: 'UNKNOWN_VERSION', severity: 'warning' },
          { file: 'newer.Dockerfile', line: 1, messageId: 'UNKNOWN_VERSION', severity: 'warning' },
          { file: 'series.Dockerfile', line: 1, messageId: 'UNKNOWN_VERSION', severity: 'warning' },
          { file: 'typo.Dockerfile', line: 1, messageId: 'UNKNOWN_VERSION', severity: 'warning' },
          { file: 'word.Dockerfile', line: 1, messageId: 'UNKNOWN_VERSION', severity: 'warning' },
        ],
      },
      {
        name: 'a build the data lacks still gets its series dates (Runtime 12 ended 2026-02-28)',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.5.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT', severity: 'error' }],
      },
      {
        name: 'a release without support dates (pre-GA 2.1.1)',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:2.1.1\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'NO_SUPPORT_DATES', severity: 'warning' }],
      },
      // Notices
      {
        name: 'pinned by digest alone',
        files: { Dockerfile: `FROM quay.io/astronomer/astro-runtime@${DIGEST}\n` },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'DIGEST_ONLY', severity: 'notice' }],
      },
      {
        name: 'newer build of the same series',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.10.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'NEWER_BUILD', severity: 'notice' }],
      },
      {
        name: 'newer build, with --platform, variants, ubi and digest',
        files: {
          'platform.Dockerfile': 'FROM --platform=linux/amd64 astrocrpublic.azurecr.io/runtime:3.1-12-python-3.12-base\n',
          'ubi.Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.2-2-ubi9-python-3.12\n',
          'digest.Dockerfile': `FROM astrocrpublic.azurecr.io/runtime:3.3-2@${DIGEST}\n`,
        },
        findings: [
          { file: 'digest.Dockerfile', line: 1, messageId: 'NEWER_BUILD', severity: 'notice' },
          { file: 'platform.Dockerfile', line: 1, messageId: 'NEWER_BUILD', severity: 'notice' },
          { file: 'ubi.Dockerfile', line: 1, messageId: 'NEWER_BUILD', severity: 'notice' },
        ],
      },
      {
        name: 'newer series of the same Airflow major',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-21\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'NEWER_SERIES', severity: 'notice' }],
      },
      {
        name: 'newest Airflow 2 Runtime: Airflow 3 is the next step',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0-python-3.12-slim\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'MAJOR_UPGRADE', severity: 'notice' }],
      },
      // Where the image comes from
      {
        name: 'whole image from an ARG default',
        files: { Dockerfile: 'ARG RUNTIME_IMAGE=quay.io/astronomer/astro-runtime:11.8.0\nFROM ${RUNTIME_IMAGE}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'tag from an ARG default, with a variant',
        files: { Dockerfile: 'ARG TAG=11.8.0-python-3.11\nFROM quay.io/astronomer/astro-runtime:${TAG}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'tag from ${VAR:-default}',
        files: { Dockerfile: 'ARG TAG\nFROM quay.io/astronomer/astro-runtime:${TAG:-10.9.0}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'a stage the final stage copies from counts',
        files: {
          Dockerfile:
            'FROM quay.io/astronomer/astro-runtime:11.8.0 AS deps\nRUN pip wheel -w /wheels pandas\n\nFROM astrocrpublic.azurecr.io/runtime:3.3-8\nCOPY --from=deps /wheels /wheels\n',
        },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'the final stage built on an earlier stage',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:10.9.0 AS base\nENV A=1\nFROM base\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'only the final stage counts, not an unrelated tools stage',
        files: { Dockerfile: 'FROM python:3.12 AS tools\nRUN echo hi\nFROM quay.io/astronomer/astro-runtime:10.9.0\n' },
        findings: [{ file: 'Dockerfile', line: 3, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'copied through a registry that keeps the upstream path',
        files: { Dockerfile: 'FROM artifactory.corp.example/quay.io/astronomer/astro-runtime:11.8.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT' }],
      },
    ],
    pass: [
      { name: 'newest Airflow 3 Runtime', files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n' } },
      { name: 'newest Airflow 3 Runtime with variants', files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8-python-3.13-slim-base\n' } },
      { name: 'newest build pinned by tag and digest', files: { Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.3-8@${DIGEST}\n` } },
      { name: 'not a Runtime image (another rule speaks for project Dockerfiles)', files: { Dockerfile: 'FROM python:3.12-slim\n' } },
      {
        name: 'an old Runtime in a stage the final image does not use',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0 AS old\nRUN true\nFROM astrocrpublic.azurecr.io/runtime:3.3-8\n' },
      },
      {
        name: 'remote-execution agent image (its own feed)',
        files: { 'Dockerfile.client': 'FROM images.astronomer.cloud/baseimages/astro-remote-execution-agent:3.1-1-python-3.12-astro-agent-1.1.0\n' },
      },
      {
        name: 'an unresolved base outside an Astro project',
        files: { 'tools/Dockerfile': 'ARG BASE\nFROM ${BASE}\n' },
      },
      {
        name: 'ARG default overridden by a later global ARG',
        files: { Dockerfile: 'ARG TAG=9.1.0\nARG TAG=3.3-8\nFROM astrocrpublic.azurecr.io/runtime:${TAG}\n' },
      },
      {
        name: 'a new series dated after today is not offered yet',
        today: '2026-09-20',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-2\n' },
      },
    ],
  },
})
