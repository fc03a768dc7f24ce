import { defineFileRule } from '../src/engine/rule.js'
import { requirementsClosure } from './helpers/requirements-files.js'

export const rule = defineFileRule({
  id: 'AG405',
  name: 'broken-requirements-include',
  title: 'Requirements include (-r/-c) that is missing, remote or circular',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  keywords: ['-r', '-c', '--requirement', '--constraint'],
  messages: {
    MISSING: (p: { option: string; path: string }) =>
      `${p.option} ${p.path} names a file that is not in the repository (or is excluded from the scan): pip fails, and its requirements go unchecked.`,
    OUTSIDE: (p: { option: string; path: string }) =>
      `${p.option} ${p.path} reaches outside the scanned folder: the image build cannot see it and astro-guard cannot check it.`,
    REMOTE: (p: { option: string; host: string }) =>
      `${p.option} downloads a requirements file from ${p.host} at install time: its content can change without a commit.`,
    CYCLE: (p: { option: string; path: string }) =>
      `${p.option} ${p.path} closes a loop of includes: pip recurses until it fails.`,
  },
  docs: {
    what: 'Flags a `-r`/`--requirement` or `-c`/`--constraint` line whose file is missing, lies outside the scanned folder, is downloaded from a URL, or includes the including file again (a loop, reported once at one of its includes).',
    why: 'The dependency set is only reviewable when every file of it is in the repository. A missing include breaks the image build; a remote one lets whoever controls that URL change what the image installs; a loop never finishes resolving.',
    fix: 'Commit the included file next to the one that includes it and refer to it by a relative path (pip resolves it relative to the including file). Replace a remote include with a committed copy, and break loops by moving shared requirements into one base file that the others include.',
    examples: {
      bad: { 'requirements.txt': '-r requirements/base.txt\n' },
      good: { 'requirements.txt': '-r requirements/base.txt\n', 'requirements/base.txt': 'pandas==2.2.3\n' },
    },
    references: [{ title: 'pip: requirements file format (-r, -c)', url: 'https://pip.pypa.io/en/stable/reference/requirements-file-format/' }],
  },
  check({ file, report, getFile }) {
    for (const problem of requirementsClosure(file, getFile).problems) {
      const include = problem.include
      const option = include.constraint ? '-c' : '-r'
      // Every file of the closure is checked from here, and the engine folds identical findings of other roots.
      const at = { file: problem.file, span: include.pathSpan }
      if (problem.kind === 'remote') report({ ...at, messageId: 'REMOTE', data: { option, host: problem.target } })
      else if (problem.kind === 'missing') report({ ...at, messageId: 'MISSING', data: { option, path: include.path } })
      else if (problem.kind === 'outside') report({ ...at, messageId: 'OUTSIDE', data: { option, path: include.path } })
      else report({ ...at, messageId: 'CYCLE', data: { option, path: include.path } })
    }
  },
  cases: {
    flag: [
      {
        name: 'missing include and missing constraints file',
        files: { 'requirements.txt': '-r requirements/base.txt\n--constraint constraints.txt\npandas==2.2.3\n' },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'MISSING' },
          { file: 'requirements.txt', line: 2, messageId: 'MISSING' },
        ],
      },
      {
        name: 'paths resolve relative to the including file',
        files: {
          'requirements.txt': '-r reqs/base.txt\n',
          'reqs/base.txt': '-r common.txt\n-r ../reqs/common.txt\n-r base-extra.txt\n',
          'reqs/common.txt': 'pandas==2.2.3\n',
        },
        findings: [{ file: 'reqs/base.txt', line: 3, messageId: 'MISSING' }],
      },
      {
        name: 'a two-file loop is reported once, whichever file is scanned first',
        files: { 'requirements.txt': '-r requirements-dev.txt\npandas==2.2.3\n', 'requirements-dev.txt': '-r requirements.txt\npytest==8.3.3\n' },
        findings: [{ file: 'requirements-dev.txt', line: 1, messageId: 'CYCLE' }],
      },
      {
        name: 'a file that includes itself, through a file that is not a requirements file by name',
        files: { 'requirements.txt': '-r deps.txt\n', 'deps.txt': 'pandas==2.2.3\n-r ./deps.txt\n' },
        findings: [{ file: 'deps.txt', line: 2, messageId: 'CYCLE' }],
      },
      {
        name: 'remote include and an include outside the scanned folder',
        files: {
          'requirements.txt': '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.9.3/constraints-3.11.txt\n-r ../shared/requirements.txt\n',
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'REMOTE' },
          { file: 'requirements.txt', line: 2, messageId: 'OUTSIDE' },
        ],
      },
    ],
    pass: [
      {
        name: 'includes that exist, a diamond, and a constraints file',
        files: {
          'requirements-dev.txt': '-r requirements.txt\n-r requirements-test.txt\n-c constraints.txt\n',
          'requirements-test.txt': '-r requirements.txt\npytest==8.3.3\n',
          'requirements.txt': 'pandas==2.2.3\n',
          'constraints.txt': 'numpy<2\n',
        },
      },
      { name: 'an include named by an environment variable', files: { 'requirements.txt': '-r ${REQUIREMENTS_FILE}\n' } },
      { name: 'words that only contain -r', files: { 'requirements.txt': 'dbt-redshift==1.8.1\n' } },
    ],
  },
})
