import { defineFileRule } from '../src/engine/rule.js'
import type { Requirement } from '../src/parsers/requirements.js'

const astroProject = { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'dags/.airflowignore': '' }

function isExactPin(requirement: Requirement): boolean {
  return (
    requirement.specifiers.length > 0 &&
    requirement.specifiers.every((s) => (s.operator === '==' || s.operator === '===') && !s.version.includes('*'))
  )
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
    what: 'Flags a named requirement in `requirements*.txt` without a version, or with a range (`>=`, `~=`, `<`, `!=`, `==1.*`) instead of an exact `==` pin. URL, VCS and local-path requirements are judged by their own rules.',
    why: 'The image Astro deploys is built from `requirements.txt`. Unpinned requirements make every build pull whatever is newest, so an untested release, a yanked one or a compromised one reaches production without review, and a vulnerability scan of the file cannot say what is installed.',
    fix: 'Pin each requirement with `==` to the version you tested. Inside the project, `astro dev bash` then `pip freeze` shows the installed versions; `pip-compile` (pip-tools) generates a fully pinned file with hashes.',
    examples: {
      bad: { ...astroProject, 'requirements.txt': 'pandas>=2.0\n' },
      good: { ...astroProject, 'requirements.txt': 'pandas==2.2.3\n' },
    },
    references: [{ title: 'pip: requirements file format', url: 'https://pip.pypa.io/en/stable/reference/requirements-file-format/' }],
  },
  check({ file, report }) {
    for (const line of file.requirements().lines) {
      if (line.kind !== 'requirement' || line.url || line.isLocalPath || !line.name) continue
      if (isExactPin(line)) continue
      if (line.specifiers.length === 0) {
        report({ messageId: 'NO_VERSION', data: { name: line.name }, span: line.nameSpan })
      } else {
        const spec = line.specifiers.map((s) => `${s.operator}${s.version}`).join(',')
        report({ messageId: 'RANGE', data: { name: line.name, spec }, span: line.specifierSpan ?? line.span })
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
    ],
    pass: [
      { name: 'exact pins', files: { 'requirements.txt': 'pandas==2.2.3\nrequests===2.32.3\n' } },
      { name: 'comments and options only', files: { 'requirements.txt': '# nothing\n--index-url https://pypi.org/simple\n' } },
      { name: 'empty file from the template', files: { 'requirements.txt': '' } },
      {
        name: 'VCS requirement is another rule\'s business',
        files: { 'requirements.txt': 'git+https://github.com/org/pkg.git@0123456789abcdef0123456789abcdef01234567#egg=pkg\n' },
      },
    ],
  },
})
