import { posix } from 'node:path'
import { isRequirementsInput } from '../src/dependencies/inventory.js'
import { defineFileRule } from '../src/engine/rule.js'
import type { Requirement } from '../src/parsers/requirements.js'
import { isAirflowPackage } from './helpers/airflow-packages.js'
import { installedIntoImage, ownedFiles } from './helpers/requirements-files.js'

const astroProject = { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'dags/.airflowignore': '' }

function isExactPin(requirement: Requirement): boolean {
  return (
    requirement.specifiers.length > 0 &&
    requirement.specifiers.every((s) => (s.operator === '==' || s.operator === '===') && !s.version.includes('*'))
  )
}

/** `constraints.txt`, `constraints-3.12.txt`: a constraints file only caps versions, ranges are its purpose. */
function isConstraintsFile(path: string): boolean {
  return /^constraints([-_.].*)?\.txt$/i.test(posix.basename(path))
}

export const rule = defineFileRule({
  id: 'AG401',
  name: 'unpinned-requirement',
  title: 'Python requirement without an exact version',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  messages: {
    NO_VERSION: (p: { name: string }) => `Requirement '${p.name}' has no version: every image build may install a different release.`,
    RANGE: (p: { name: string; spec: string }) =>
      `Requirement '${p.name}' uses the range '${p.spec}' instead of an exact '==' pin.`,
  },
  docs: {
    what: 'Flags a named requirement in `requirements*.txt` (and in files it includes with `-r`) without a version, or with a range (`>=`, `~=`, `<`, `!=`, `==1.*`) instead of an exact `==` pin. A requirement that carries `--hash` is pinned by its hashes and is left alone, as are pip-tools input files (`*.in`) and constraints files. URL, VCS and local-path requirements are judged by `mutable-url-requirement`, and Airflow itself by `airflow-in-requirements`.',
    why: 'The image Astro deploys is built from `requirements.txt`. Unpinned requirements make every build pull whatever is newest, so an untested release, a yanked one or a compromised one reaches production without review, and a vulnerability scan of the file cannot say what is installed.',
    fix: 'Pin each requirement with `==` to the version you tested. Inside the project, `astro dev bash` then `pip freeze` shows the installed versions; `pip-compile --generate-hashes` (pip-tools) or `uv pip compile --generate-hashes` turns a `requirements.in` of loose names into a fully pinned, hashed `requirements.txt`.',
    examples: {
      bad: { ...astroProject, 'requirements.txt': 'pandas>=2.0\n' },
      good: { ...astroProject, 'requirements.txt': 'pandas==2.2.3\n' },
    },
    references: [
      { title: 'pip: requirements file format', url: 'https://pip.pypa.io/en/stable/reference/requirements-file-format/' },
      { title: 'pip: secure installs (hash-checking mode)', url: 'https://pip.pypa.io/en/stable/topics/secure-installs/' },
    ],
  },
  check({ file, report, getFile }) {
    if (isRequirementsInput(file.path) || isConstraintsFile(file.path)) return
    const airflowChecked = installedIntoImage(file, getFile)
    for (const node of ownedFiles(file, getFile)) {
      if (node.constraint || isConstraintsFile(node.file.path)) continue
      for (const line of node.file.requirements().lines) {
        if (line.kind !== 'requirement' || line.url || line.isLocalPath || !line.name) continue
        if (isExactPin(line) || line.hashes.length > 0) continue
        if (airflowChecked && isAirflowPackage(line.normalizedName)) continue
        if (line.specifiers.length === 0) {
          report({ file: node.file, messageId: 'NO_VERSION', data: { name: line.name }, span: line.nameSpan })
        } else {
          const spec = line.specifiers.map((s) => `${s.operator}${s.version}`).join(',')
          report({ file: node.file, messageId: 'RANGE', data: { name: line.name, spec }, span: line.specifierSpan ?? line.span })
        }
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'no version',
        files: { ...astroProject, 'requirements.txt': '# providers\napache-airflow-providers-snowflake\n' },
        findings: [{ file: 'requirements.txt', line: 2, messageId: 'NO_VERSION' }],
      },
      {
        name: 'ranges of every kind',
        files: {
          'requirements.txt': 'pandas>=2.0\nrequests~=2.31\nboto3<2\nnumpy!=1.26.0\nsqlalchemy==1.4.*\n',
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'RANGE' },
          { file: 'requirements.txt', line: 2, messageId: 'RANGE' },
          { file: 'requirements.txt', line: 3, messageId: 'RANGE' },
          { file: 'requirements.txt', line: 4, messageId: 'RANGE' },
          { file: 'requirements.txt', line: 5, messageId: 'RANGE' },
        ],
      },
      {
        name: 'extras and markers do not hide a missing pin',
        files: { 'requirements-dev.txt': 'dbt-core[postgres] ; python_version >= "3.9"\n' },
        findings: [{ file: 'requirements-dev.txt', line: 1, messageId: 'NO_VERSION' }],
      },
      {
        name: 'a file included with -r is checked where it is written',
        files: { 'requirements.txt': 'pandas==2.2.3\n-r deps/base.txt\n', 'deps/base.txt': 'requests\n' },
        findings: [{ file: 'deps/base.txt', line: 1, messageId: 'NO_VERSION' }],
      },
      {
        name: 'a file included by two requirements files is reported once',
        files: {
          'requirements.txt': '-r shared.txt\n',
          'requirements-dev.txt': '-r shared.txt\npytest==8.3.3\n',
          'shared.txt': 'boto3>=1.34\n',
        },
        findings: [{ file: 'shared.txt', line: 1, messageId: 'RANGE' }],
      },
      {
        name: 'a hash on one requirement does not pin the others',
        files: { 'requirements.txt': `six==1.16.0 --hash=sha256:${'a'.repeat(64)}\nurllib3\n` },
        findings: [{ file: 'requirements.txt', line: 2, messageId: 'NO_VERSION' }],
      },
      {
        name: 'Airflow outside the installed requirements.txt is an ordinary requirement',
        files: { ...astroProject, 'requirements.txt': '', 'tests/requirements.txt': 'apache-airflow>=3\n' },
        findings: [{ file: 'tests/requirements.txt', line: 1, messageId: 'RANGE' }],
      },
    ],
    pass: [
      { name: 'exact pins', files: { 'requirements.txt': 'pandas==2.2.3\nrequests===2.32.3\n' } },
      { name: 'comments and options only', files: { 'requirements.txt': '# nothing\n--index-url https://pypi.org/simple\n' } },
      { name: 'empty file from the template', files: { 'requirements.txt': '' } },
      {
        name: 'VCS requirement is another rule\'s business',
        files: { 'requirements.txt': 'git+https://github.com/org/pkg.git@0123456789abcdef0123456789abcdef01234567#egg=pkg\n' },
      },
      {
        name: 'hash-checking mode: hashes pin the artifacts',
        files: {
          'requirements.txt': `--require-hashes\ncertifi==2024.8.30 \\\n    --hash=sha256:${'b'.repeat(64)}\nidna>=3.7 --hash=sha256:${'c'.repeat(64)}\n`,
        },
      },
      { name: 'pip-tools input file', files: { 'requirements.in': 'pandas\nrequests>=2\n' } },
      { name: 'constraints file', files: { 'constraints.txt': 'urllib3<3\n' } },
      {
        name: 'a constraints file included with -c only caps versions',
        files: { 'requirements.txt': '-c caps.txt\npandas==2.2.3\n', 'caps.txt': 'numpy<2\n' },
      },
      {
        name: 'Airflow in the installed requirements.txt is judged by airflow-in-requirements',
        files: { ...astroProject, 'requirements.txt': 'apache-airflow\n' },
      },
    ],
  },
})
