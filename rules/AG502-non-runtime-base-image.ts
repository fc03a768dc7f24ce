import { defineProjectRule } from '../src/engine/rule.js'
import { fromImageFix } from './helpers/from-fix.js'
import { suggestedRuntime } from './helpers/runtime-verdict.js'

const ASTRO = { '.astro/config.yaml': 'project:\n  name: analytics\n', 'dags/.airflowignore': '' }

/** Same horizon as AG501's default: do not suggest a Runtime that is about to leave maintenance. */
const WARNING_WINDOW_DAYS = 90

/**
 * An Astro project (a `dags/` folder beside a Dockerfile and `.astro/config.yaml`) whose deployed image is not
 * built on Astro Runtime. `astro deploy` cancels a deploy whose image lacks the Runtime label
 * `io.astronomer.docker.runtime.version` (astro-cli cloud/deploy/deploy.go, with `show_warnings` on by default;
 * research §1.1), and only Runtime images get Astronomer's lifecycle, fixes and support.
 */
export const rule = defineProjectRule({
  id: 'AG502',
  name: 'non-runtime-base-image',
  title: 'Astro project built on an image that is not Astro Runtime',
  severity: 'notice',
  responsibility: 'runtime-upgrades',
  messages: {
    APACHE_AIRFLOW: (p: { image: string; advice: string }) =>
      `The project's image builds FROM '${p.image}', the Apache Airflow community image, but Astro Deployments run Astro Runtime images (\`astro deploy\` refuses an image without the Runtime label): ${p.advice}.`,
    OTHER_IMAGE: (p: { image: string; advice: string }) =>
      `The project's image builds FROM '${p.image}', which is not an Astro Runtime image, but Astro Deployments run Astro Runtime images: ${p.advice}, unless it is a company image built on one.`,
  },
  docs: {
    what:
      "Flags an Astro project (a `dags/` folder with a Dockerfile and `.astro/config.yaml` beside it) whose deployed image is built FROM something other than Astro Runtime, such as `apache/airflow` or `python`.",
    why:
      "Astro Deployments run Astro Runtime images: `astro deploy` cancels a deploy whose image lacks the Runtime label, and only Runtime versions get Astronomer's maintenance, security fixes and support. Keeping the project on a supported Runtime is the customer's side of the shared responsibility model.",
    fix:
      "Build FROM the Astro Runtime image the message names (for `apache/airflow` the suggested fix keeps the Airflow major version), move your customisations after the FROM line, and test with `astro dev upgrade-test`. A mirror of Astronomer's own repositories is recognised once its prefix is listed under `trusted-registries`; for a company base image that is itself built on Astro Runtime, turn AG502 off for that project with an `overrides` entry.",
    examples: {
      bad: { ...ASTRO, Dockerfile: 'FROM apache/airflow:2.9.3-python3.11\n' },
      good: { ...ASTRO, Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n' },
    },
    references: [
      { title: 'Astro Runtime image architecture', url: 'https://www.astronomer.io/docs/astro/runtime-image-architecture' },
      { title: 'Astro Runtime lifecycle policy', url: 'https://www.astronomer.io/docs/astro/runtime-version-lifecycle-policy' },
    ],
  },
  check({ project, env, getFile, report }) {
    const image = project.baseImage
    const file = project.dockerfilePath ? getFile(project.dockerfilePath) : undefined
    if (!image || !file) return
    // Runtime and Certified images are AG501's; an image hidden behind an ARG without a default is AG501's too.
    if (image.family !== 'apache-airflow' && image.family !== 'other') return
    if (image.unresolvedArgs.length > 0 || image.reference === '') return
    const apache = image.family === 'apache-airflow'
    const major = apache && image.airflowVersion ? Number.parseInt(image.airflowVersion, 10) : undefined
    const suggestion = suggestedRuntime(env.runtimeCatalog(), env.today, WARNING_WINDOW_DAYS, major)
    const advice = suggestion
      ? `build on ${suggestion.reference} (Airflow ${suggestion.release.airflowVersion ?? 'version unrecorded'}; ${suggestion.dates})`
      : 'build on a supported Astro Runtime image (see the lifecycle policy)'
    // A same-major swap is a tag change in spirit; anything else (a Python base, a major jump) needs a person.
    const stage = file.dockerfile().stages.find((candidate) => candidate.from.imageSpan.start === image.span.start)
    const fix =
      suggestion && stage && major !== undefined && suggestion.release.airflowMajor === major
        ? fromImageFix(
            file.text,
            file.dockerfile(),
            stage.from,
            { name: suggestion.reference.slice(0, suggestion.reference.lastIndexOf(':')), tag: suggestion.release.version, renamed: true },
            `Build on Astro Runtime ${suggestion.release.version}`,
          )
        : undefined
    report({ messageId: apache ? 'APACHE_AIRFLOW' : 'OTHER_IMAGE', data: { image: image.reference, advice }, span: image.span, file, fix })
  },
  cases: {
    flag: [
      {
        name: 'apache/airflow on Airflow 2',
        files: { ...ASTRO, Dockerfile: 'FROM apache/airflow:2.10.5\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'APACHE_AIRFLOW', severity: 'notice' }],
      },
      {
        name: 'apache/airflow on Airflow 3, through docker.io and an ARG default',
        files: { ...ASTRO, Dockerfile: 'ARG AIRFLOW_IMAGE=docker.io/apache/airflow:3.0.2\nFROM ${AIRFLOW_IMAGE}\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'APACHE_AIRFLOW' }],
      },
      {
        name: 'apache/airflow without a tag',
        files: { ...ASTRO, Dockerfile: 'FROM apache/airflow\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'APACHE_AIRFLOW' }],
      },
      {
        name: 'a Python base image',
        files: { ...ASTRO, Dockerfile: 'FROM python:3.12-slim\nRUN pip install apache-airflow==3.1.0\n' },
        findings: [{ file: 'Dockerfile', line: 1, messageId: 'OTHER_IMAGE', severity: 'notice' }],
      },
      {
        name: 'multi-stage: the deployed stage builds on a company image',
        files: {
          ...ASTRO,
          Dockerfile:
            'FROM astrocrpublic.azurecr.io/runtime:3.3-8 AS wheels\nRUN pip wheel -w /w pandas\nFROM registry.corp.example/platform/airflow-base:1.4 AS final\nCOPY --from=wheels /w /w\n',
        },
        findings: [{ file: 'Dockerfile', line: 3, messageId: 'OTHER_IMAGE' }],
      },
    ],
    pass: [
      { name: 'an Astro Runtime project', files: { ...ASTRO, Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\n' } },
      { name: 'an Astronomer Certified project is AG501 business', files: { ...ASTRO, Dockerfile: 'FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n' } },
      { name: 'an unresolved base image is AG501 business', files: { ...ASTRO, Dockerfile: 'ARG BASE\nFROM ${BASE}\n' } },
      {
        name: 'a Dockerfile outside an Astro project',
        files: { 'dags/.airflowignore': '', Dockerfile: 'FROM apache/airflow:2.10.5\n' },
      },
      {
        name: 'a tools Dockerfile in a subfolder of an Astro project',
        files: { ...ASTRO, Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'tools/Dockerfile': 'FROM python:3.12\n' },
      },
    ],
  },
})
