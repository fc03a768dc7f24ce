import { defineFileRule } from '../src/engine/rule.js'
import { stagesInFinalImage } from '../src/parsers/dockerfile.js'
import { parseImageReference } from '../src/runtime/image-ref.js'

export const rule = defineFileRule({
  id: 'AG501',
  name: 'unsupported-runtime-image',
  title: 'Astro Runtime version out of support',
  severity: 'error',
  responsibility: 'runtime-upgrades',
  kinds: ['dockerfile'],
  keywords: ['astro-runtime', 'runtime', 'ap-airflow'],
  messages: {
    PAST_SUPPORT: (p: { version: string; date: string }) =>
      `Astro Runtime ${p.version} has been out of support since ${p.date}: it gets no security fixes.`,
    CERTIFIED: (p: { image: string }) =>
      `'${p.image}' is an Astronomer Certified image; Astronomer no longer supports any Astronomer Certified version.`,
  },
  docs: {
    what: 'Flags a Dockerfile whose deployed stage builds FROM an Astro Runtime version past the last day Astronomer supports it (end of basic support where published, otherwise end of maintenance), or FROM any Astronomer Certified image.',
    why: 'Upgrading the Astro Runtime is the customer\'s side of the shared responsibility model. An unsupported Runtime gets no security fixes, cannot be used for new Deployments, and Astronomer support may ask you to upgrade before helping.',
    fix: 'Move the FROM line to a supported Runtime (the message of the upgrade rules names the exact tag), run `astro dev upgrade-test`, and redeploy. For a major upgrade follow Astronomer\'s upgrade guide.',
    examples: {
      bad: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0\n', 'dags/.airflowignore': '' },
      good: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'dags/.airflowignore': '' },
    },
    references: [
      { title: 'Astro Runtime lifecycle policy', url: 'https://www.astronomer.io/docs/astro/runtime-version-lifecycle-policy' },
    ],
  },
  check({ file, env, report }) {
    const dockerfile = file.dockerfile()
    for (const index of stagesInFinalImage(dockerfile)) {
      const from = dockerfile.stages[index].from
      const image = parseImageReference(from.resolvedImage, from.imageSpan, env.settings.trustedRegistries)
      if (image.family === 'astronomer-certified') {
        report({ messageId: 'CERTIFIED', data: { image: image.reference }, span: from.imageSpan })
        continue
      }
      if (image.family !== 'astro-runtime' || !image.version || image.floating) continue
      const release = env.runtimeCatalog().get(image.version)
      const lastDay = release?.endOfBasicSupport ?? release?.endOfMaintenance
      if (lastDay && lastDay < env.today) {
        report({ messageId: 'PAST_SUPPORT', data: { version: image.version, date: lastDay }, span: from.imageSpan })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'Runtime 9 (end of maintenance 2025-01-31)',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'old Runtime behind an ARG default, with a variant',
        files: { Dockerfile: 'ARG TAG=11.8.0-python-3.11\nFROM quay.io/astronomer/astro-runtime:${TAG}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'Astronomer Certified',
        files: { Dockerfile: 'FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'CERTIFIED' }],
      },
      {
        name: 'only the final stage counts',
        files: { Dockerfile: 'FROM python:3.12 AS tools\nRUN echo hi\nFROM quay.io/astronomer/astro-runtime:10.9.0\n' },
        findings: [{ file: 'Dockerfile', line: 3, messageId: 'PAST_SUPPORT' }],
      },
    ],
    pass: [
      { name: 'current Airflow 3 Runtime', files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n' } },
      { name: 'Runtime 13 is supported until 2027-04-30', files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\n' } },
      {
        name: 'semver 3.0.x and Airflow 3 3.0-N are different products',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.0-18\n' },
      },
      { name: 'not a Runtime image', files: { Dockerfile: 'FROM python:3.12-slim\n' } },
      {
        name: 'an old Runtime in a build stage that is not deployed',
        files: { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:9.1.0 AS old\nRUN true\nFROM astrocrpublic.azurecr.io/runtime:3.3-8\n' },
      },
    ],
  },
})
