import { compareVersionText } from '../src/dependencies/pep440.js'
import { defineFileRule, type Fix } from '../src/engine/rule.js'
import type { ScannedFile } from '../src/engine/scanned-file.js'
import type { Requirement } from '../src/parsers/requirements.js'
import { isAirflowPackage, shippedVersion } from './helpers/airflow-packages.js'
import { projectRequirementsPath, requirementsClosure } from './helpers/requirements-files.js'

/** The fix that always works: delete the requirement's lines (Runtime already installed that distribution). */
function removeLine(file: ScannedFile, requirement: Requirement, description: string): Fix {
  const text = file.text
  const start = text.lastIndexOf('\n', requirement.span.start - 1) + 1
  const newline = text.indexOf('\n', requirement.span.end)
  return { span: { start, end: newline === -1 ? text.length : newline + 1 }, replacement: '', description }
}

function exactPin(requirement: Requirement): string | undefined {
  if (requirement.url || requirement.specifiers.length !== 1) return undefined
  const [only] = requirement.specifiers
  return (only.operator === '==' || only.operator === '===') && !only.version.endsWith('*') ? only.version : undefined
}

function spec(requirement: Requirement): string {
  if (requirement.url) return 'a URL'
  if (requirement.specifiers.length === 0) return 'no version'
  return `'${requirement.specifiers.map((s) => `${s.operator}${s.version}`).join(',')}'`
}

const runtime13 = { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\n', 'dags/.airflowignore': '' }
const runtime3 = { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'dags/.airflowignore': '' }

export const rule = defineFileRule({
  id: 'AG412',
  name: 'airflow-in-requirements',
  title: 'Airflow itself listed in an Astro project\'s requirements.txt',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  keywords: ['airflow', '-r', '--requirement'],
  messages: {
    MISMATCH: (p: { name: string; pinned: string; expected: string; runtime: string }) =>
      `'${p.name}' is pinned to ${p.pinned}, but Astro Runtime ${p.runtime} ships ${p.expected}: installing it replaces the Runtime's Airflow.`,
    UNPINNED: (p: { name: string; spec: string; expected: string; runtime: string }) =>
      `'${p.name}' is listed with ${p.spec} instead of the ${p.expected} Astro Runtime ${p.runtime} ships, so pip may replace the Runtime's Airflow.`,
    NOT_SHIPPED: (p: { name: string; runtime: string; airflow: string }) =>
      `'${p.name}' is an Airflow 3 distribution, but Astro Runtime ${p.runtime} runs Airflow ${p.airflow}: installing it mixes two Airflow versions.`,
    UNKNOWN_VERSION: (p: { name: string; image: string }) =>
      `'${p.name}' re-installs part of Airflow, and the Airflow version of ${p.image} is not known to astro-guard, so the pin cannot be checked.`,
  },
  docs: {
    what: 'Flags `apache-airflow`, `apache-airflow-core` or `apache-airflow-task-sdk` in the `requirements.txt` an Astro Runtime image installs (and the files it includes), unless it is pinned with `==` to exactly the version that Runtime ships (the Airflow version comes from the Runtime lifecycle data; the Task SDK\'s own 1.x version is derived from it). When that version is unknown (a floating tag, a Runtime newer than the data) the finding is a warning.',
    why: 'The Runtime image is a tested combination of Airflow, providers and Astronomer\'s patches. Any other version (or an unpinned name pip may resolve differently) makes pip replace Airflow inside the image: the Runtime\'s guarantees and support no longer apply, the metadata database schema may not match, and upgrades happen by accident instead of through the base image. Runtime images also refuse a versioned `apache-airflow` line in their ONBUILD step.',
    fix: 'Remove the line (the automatic fix does): the Runtime already ships Airflow. To change the Airflow version, change the Runtime version in the Dockerfile\'s FROM line. An exact pin to the Runtime\'s own version passes this rule, but Runtime images with ONBUILD steps (tags without `-base`) may still reject any versioned `apache-airflow` line, so removing it is the safe choice.',
    examples: {
      bad: { ...runtime13, 'requirements.txt': 'apache-airflow==2.10.5\npandas==2.2.3\n' },
      good: { ...runtime13, 'requirements.txt': 'pandas==2.2.3\n' },
    },
    references: [
      { title: 'Astro Runtime image architecture', url: 'https://www.astronomer.io/docs/astro/runtime-image-architecture' },
      { title: 'Astro Runtime release notes (Airflow version per Runtime)', url: 'https://www.astronomer.io/docs/astro/runtime-release-notes' },
    ],
  },
  check({ file, project, report, getFile }) {
    if (!project || file.path !== projectRequirementsPath(project)) return
    const image = project.baseImage
    const runtime = image?.version ?? image?.reference ?? 'the base image'
    const airflow = project.airflowVersion
    for (const entry of requirementsClosure(file, getFile).entries) {
      const requirement = entry.requirement
      if (entry.constraint || !isAirflowPackage(requirement.normalizedName)) continue
      const name = requirement.name
      const at = { file: entry.file, span: requirement.span }
      if (!airflow) {
        const fix = removeLine(entry.file, requirement, `Remove ${name}: the Runtime image already ships Airflow`)
        report({ ...at, messageId: 'UNKNOWN_VERSION', data: { name, image: image?.reference ?? runtime }, severity: 'warning', fix })
        continue
      }
      const expected = shippedVersion(requirement.normalizedName, airflow)
      if (expected === undefined) {
        const fix = removeLine(entry.file, requirement, `Remove ${name}: Astro Runtime ${runtime} runs Airflow ${airflow}`)
        report({ ...at, messageId: 'NOT_SHIPPED', data: { name, runtime, airflow }, fix })
        continue
      }
      const pinned = exactPin(requirement)
      if (pinned !== undefined && compareVersionText(pinned, expected) === 0) continue
      const fix = removeLine(entry.file, requirement, `Remove ${name}: Astro Runtime ${runtime} already ships ${name} ${expected}`)
      const shipped = requirement.normalizedName === 'apache-airflow-task-sdk' ? `Task SDK ${expected} (Airflow ${airflow})` : `Airflow ${expected}`
      if (pinned !== undefined) report({ ...at, messageId: 'MISMATCH', data: { name, pinned, expected: shipped, runtime }, fix })
      else report({ ...at, messageId: 'UNPINNED', data: { name, spec: spec(requirement), expected: shipped, runtime }, fix })
    }
  },
  cases: {
    flag: [
      {
        name: 'Airflow pinned to another version than Runtime 13.11.0 ships (2.11.2)',
        files: { ...runtime13, 'requirements.txt': 'pandas==2.2.3\napache-airflow==2.10.5\n' },
        findings: [{ file: 'requirements.txt', line: 2, messageId: 'MISMATCH', severity: 'error' }],
      },
      {
        name: 'unpinned, ranged, with extras, and from an included file',
        files: {
          ...runtime3,
          'requirements.txt': 'apache-airflow\napache-airflow-core>=3.3\n-r airflow-extras.txt\n',
          'airflow-extras.txt': 'apache-airflow[celery]~=3.3.0\n',
        },
        findings: [
          { file: 'airflow-extras.txt', line: 1, messageId: 'UNPINNED' },
          { file: 'requirements.txt', line: 1, messageId: 'UNPINNED' },
          { file: 'requirements.txt', line: 2, messageId: 'UNPINNED' },
        ],
      },
      {
        name: 'the Task SDK pinned to the Airflow version instead of its own 1.x line',
        files: { ...runtime3, 'requirements.txt': 'apache-airflow-task-sdk==3.3.2\n' },
        findings: [{ file: 'requirements.txt', line: 1, messageId: 'MISMATCH' }],
      },
      {
        name: 'an Airflow 3 distribution on an Airflow 2 Runtime',
        files: { ...runtime13, 'requirements.txt': 'apache-airflow-task-sdk==1.1.0\n' },
        findings: [{ file: 'requirements.txt', line: 1, messageId: 'NOT_SHIPPED' }],
      },
      {
        name: 'Runtime whose Airflow version is not in the data: a warning',
        files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n', 'dags/.airflowignore': '', 'requirements.txt': 'apache-airflow==3.1.5\n' },
        findings: [{ file: 'requirements.txt', line: 1, messageId: 'UNKNOWN_VERSION', severity: 'warning' }],
      },
      {
        name: 'a project in a subfolder of a monorepo',
        files: {
          'airflow/Dockerfile': 'FROM quay.io/astronomer/astro-runtime:13.11.0\n',
          'airflow/dags/.airflowignore': '',
          'airflow/requirements.txt': 'Apache_Airflow==2.11.1\n',
        },
        findings: [{ file: 'airflow/requirements.txt', line: 1, messageId: 'MISMATCH' }],
      },
    ],
    pass: [
      { name: 'exact pin to the Runtime\'s Airflow', files: { ...runtime13, 'requirements.txt': 'apache-airflow==2.11.2\n' } },
      {
        name: 'exact pins of Airflow 3 distributions, the Task SDK on its own line',
        files: { ...runtime3, 'requirements.txt': 'apache-airflow==3.3.2\napache-airflow-core==3.3.2\napache-airflow-task-sdk==1.3.2\n' },
      },
      { name: 'providers are not Airflow itself', files: { ...runtime3, 'requirements.txt': 'apache-airflow-providers-snowflake==6.1.0\n' } },
      {
        name: 'requirements files the image does not install',
        files: { ...runtime3, 'requirements.txt': '', 'tests/requirements.txt': 'apache-airflow==3.0.0\n', 'requirements-dev.txt': 'apache-airflow\n' },
      },
      { name: 'not an Astro project', files: { 'requirements.txt': 'apache-airflow==2.10.5\n' } },
      {
        name: 'a constraints file that mentions Airflow',
        files: { ...runtime3, 'requirements.txt': '-c airflow-constraints.txt\npandas==2.2.3\n', 'airflow-constraints.txt': 'apache-airflow==3.0.0\n' },
      },
    ],
  },
})
