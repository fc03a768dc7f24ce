import { defineFileRule } from '../src/engine/rule.js'
import { ownedFiles, requirementLabel } from './helpers/requirements-files.js'

export const rule = defineFileRule({
  id: 'AG403',
  name: 'editable-requirement',
  title: 'Editable (-e) install in a requirements file',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  messages: {
    EDITABLE: (p: { name: string }) =>
      `'${p.name}' is an editable (-e) install: a development checkout, not a released artifact pip can verify.`,
  },
  docs: {
    what: 'Flags `-e`/`--editable` lines in requirements files (and the files they include).',
    why: 'An editable install links the environment to a source tree instead of installing a built release: from a VCS URL pip clones whatever the ref holds into `src/`, and hash-checking mode refuses editables altogether. In an Astro image it also breaks the ONBUILD order, which copies only `requirements.txt` before running pip. Nothing about the installed code is pinned or verifiable.',
    fix: 'Build the package into a wheel and install that release: publish it to your private index and pin it with `==`, or pin a VCS requirement to a full commit without `-e`. Keep project code that must live in the repository under `include/` or `plugins/`, which Astro puts on the Python path without pip.',
    examples: {
      bad: { 'requirements.txt': '-e git+https://github.com/acme/etl-utils.git@4f2b1c0e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c#egg=etl-utils\n' },
      good: { 'requirements.txt': 'etl-utils==1.4.2\n' },
    },
    references: [
      { title: 'pip: requirements file format (-e)', url: 'https://pip.pypa.io/en/stable/reference/requirements-file-format/' },
      { title: 'pip: hash-checking mode refuses editables', url: 'https://pip.pypa.io/en/stable/topics/secure-installs/' },
    ],
  },
  check({ file, report, getFile }) {
    for (const node of ownedFiles(file, getFile)) {
      for (const line of node.file.requirements().lines) {
        if (line.kind !== 'requirement' || !line.editable) continue
        report({ file: node.file, messageId: 'EDITABLE', data: { name: requirementLabel(line) }, span: line.span })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'editable local path and editable VCS URL',
        files: {
          'requirements.txt': '-e ./plugins/acme_hooks\n--editable git+https://github.com/acme/x.git@4f2b1c0e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c#egg=x\n',
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'EDITABLE' },
          { file: 'requirements.txt', line: 2, messageId: 'EDITABLE' },
        ],
      },
      {
        name: 'in an included file',
        files: { 'requirements.txt': '-r dev.txt\n', 'dev.txt': '-e .\n' },
        findings: [{ file: 'dev.txt', line: 1, messageId: 'EDITABLE' }],
      },
    ],
    pass: [
      { name: 'released packages and a non-editable local wheel', files: { 'requirements.txt': 'etl-utils==1.4.2\n./wheels/acme-1.0-py3-none-any.whl\n' } },
      { name: 'an -e inside a comment', files: { 'requirements.txt': '# use -e ./pkg while developing\npandas==2.2.3\n' } },
    ],
  },
})
