import { defineFileRule } from '../src/engine/rule.js'
import { parseRequirements, type Requirement } from '../src/parsers/requirements.js'
import { urlPinProblem } from './AG402-mutable-url-requirement.js'
import { pipInstalls } from './helpers/pip-command.js'
import { dockerRunCommands } from './helpers/shell-commands.js'

/** A `pip install` argument read as a requirements line would be (`'pandas>=2'`, `git+https://…@ref`). */
function asRequirement(value: string): Requirement | undefined {
  const parsed = parseRequirements(value)
  if (parsed.problems.length > 0 || parsed.lines.length !== 1) return undefined
  const [line] = parsed.lines
  return line.kind === 'requirement' ? line : undefined
}

function isExactPin(requirement: Requirement): boolean {
  return (
    requirement.specifiers.length > 0 &&
    requirement.specifiers.every((s) => (s.operator === '==' || s.operator === '===') && !s.version.endsWith('*'))
  )
}

const FROM = 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n'

export const rule = defineFileRule({
  id: 'AG414',
  name: 'unpinned-pip-install',
  title: 'pip install of an unpinned package in a Dockerfile',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['dockerfile'],
  keywords: ['pip'],
  messages: {
    NO_VERSION: (p: { name: string }) =>
      `RUN pip install '${p.name}' has no version, so every image build may install a different release.`,
    RANGE: (p: { name: string; spec: string }) =>
      `RUN pip install '${p.name}' uses the range '${p.spec}' instead of an exact '==' pin.`,
    MUTABLE_URL: (p: { name: string }) =>
      `RUN pip install '${p.name}' installs from a URL without a full commit hash or checksum, so its content can change.`,
  },
  docs: {
    what: 'Flags packages named on a `pip install` command line in a Dockerfile `RUN` (also `pip3`, `python -m pip`, `uv pip install`, heredoc scripts) without an exact `==` pin, and URL/VCS arguments without a commit hash or checksum. Installing from a requirements file (`-r`) is left to the requirements rules, and a command with a constraints file (`-c`) is pinned by it.',
    why: 'Packages installed on the command line bypass `requirements.txt`, so reviews, pinning and vulnerability checks of the requirements file never see them, and an unpinned name installs whatever is newest at build time.',
    fix: 'Move the package into `requirements.txt` with an exact pin (the Runtime image installs it for you), or pin it on the command line (`pip install --no-cache-dir acme-sdk==2.0.3`). `pip freeze` inside `astro dev bash` shows the versions you run today.',
    examples: {
      bad: { Dockerfile: `${FROM}RUN pip install --no-cache-dir dbt-snowflake\n` },
      good: { Dockerfile: `${FROM}RUN pip install --no-cache-dir dbt-snowflake==1.8.4\n` },
    },
    references: [{ title: 'hadolint DL3013: pin versions in pip', url: 'https://github.com/hadolint/hadolint/wiki/DL3013' }],
  },
  check({ file, report }) {
    for (const { commands } of dockerRunCommands(file)) {
      for (const install of pipInstalls(commands)) {
        if (install.options.some((option) => option.name === '--constraint')) continue
        for (const target of install.targets) {
          if (target.dynamic) continue
          const requirement = asRequirement(target.value)
          if (!requirement || requirement.isLocalPath) continue
          const span = { start: target.start, end: target.end }
          const name = requirement.name || target.value.replace(/^[a-z+]+:\/\/(?:[^@/]*@)?/i, '').split(/[/?#]/)[0]
          if (requirement.url) {
            if (urlPinProblem(requirement)) report({ messageId: 'MUTABLE_URL', data: { name }, span })
          } else if (requirement.hashes.length > 0 || isExactPin(requirement)) {
            continue
          } else if (requirement.specifiers.length === 0) {
            report({ messageId: 'NO_VERSION', data: { name }, span })
          } else {
            report({ messageId: 'RANGE', data: { name, spec: requirement.specifiers.map((s) => `${s.operator}${s.version}`).join(',') }, span })
          }
        }
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'unpinned and ranged packages, pip3 and python -m pip',
        files: {
          Dockerfile: `${FROM}RUN pip install --no-cache-dir dbt-snowflake 'pandas>=2.0' && \\\n    python3 -m pip install -U pip\nRUN pip3 install "requests[socks]~=2.32"\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'NO_VERSION' },
          { file: 'Dockerfile', line: 2, messageId: 'RANGE' },
          { file: 'Dockerfile', line: 3, messageId: 'NO_VERSION' },
          { file: 'Dockerfile', line: 4, messageId: 'RANGE' },
        ],
      },
      {
        name: 'uv pip install in a heredoc script, and a VCS URL on a branch',
        files: {
          Dockerfile: `${FROM}RUN <<EOF\nset -e\nuv pip install --system acme-sdk\npip install git+https://github.com/acme/etl.git@main\nEOF\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 4, messageId: 'NO_VERSION' },
          { file: 'Dockerfile', line: 5, messageId: 'MUTABLE_URL' },
        ],
      },
      {
        name: 'exec form, in any build stage',
        files: { Dockerfile: `FROM python:3.12-slim AS tools\nRUN ["pip", "install", "build"]\n${FROM}` },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'NO_VERSION' }],
      },
    ],
    pass: [
      {
        name: 'requirements files, exact pins, local paths, constraints',
        files: {
          Dockerfile: [
            FROM.trim(),
            'RUN pip install --no-cache-dir -r requirements-private.txt',
            'RUN pip install --no-cache-dir dbt-snowflake==1.8.4 "pandas==2.2.3" ./plugins/acme /tmp/wheels/acme-1.0-py3-none-any.whl',
            'RUN pip install apache-airflow-providers-snowflake -c "https://raw.githubusercontent.com/apache/airflow/constraints-2.9.3/constraints-3.11.txt"',
            'RUN pip install "git+https://github.com/acme/etl.git@0123456789abcdef0123456789abcdef01234567"',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'packages from variables, pip not installing, and other programs',
        files: {
          Dockerfile: `${FROM}ARG EXTRA\nRUN pip install $EXTRA "\${MORE_PACKAGES}" && pip freeze > /tmp/freeze.txt && pip uninstall -y foo\nRUN echo pip install foo && pipx list\nRUN python3 <<EOF\nprint("pip install foo")\nEOF\n`,
        },
      },
    ],
  },
})
