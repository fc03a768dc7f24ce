import { isRequirementsInput } from '../src/dependencies/inventory.js'
import { defineFileRule } from '../src/engine/rule.js'
import { requirementLabel, requirementsClosure } from './helpers/requirements-files.js'

const hash = (seed: string) => `sha256:${seed.repeat(64).slice(0, 64)}`

export const rule = defineFileRule({
  id: 'AG411',
  name: 'incomplete-hash-pinning',
  title: 'Requirement without --hash in a hash-checking install',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  keywords: ['--hash', '--require-hashes', '-r', '--requirement'],
  messages: {
    MISSING_HASH: (p: { name: string; root: string }) =>
      `'${p.name}' has no --hash, but installing ${p.root} runs pip in hash-checking mode: the install fails until every requirement is hashed.`,
  },
  docs: {
    what: 'Flags requirements without `--hash` when the install they belong to is in pip\'s hash-checking mode: some requirement of the file (or of a file it includes with `-r`) carries `--hash`, or `--require-hashes` is set.',
    why: 'Hash-checking mode is all or nothing: pip refuses to install anything when one requirement lacks a hash (and refuses editable installs outright). A partly hashed file is usually a hand edit of a generated one, and the next image build fails, or someone drops the hashes to get it through.',
    fix: 'Regenerate the file instead of editing it: `pip-compile --generate-hashes requirements.in` (pip-tools) or `uv pip compile --generate-hashes requirements.in -o requirements.txt`. To add one package by hand, `pip hash <wheel>` prints the line to append.',
    examples: {
      bad: { 'requirements.txt': `certifi==2024.8.30 --hash=${hash('a')}\nidna==3.10\n` },
      good: { 'requirements.txt': `certifi==2024.8.30 --hash=${hash('a')}\nidna==3.10 --hash=${hash('b')}\n` },
    },
    references: [{ title: 'pip: hash-checking mode', url: 'https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode' }],
  },
  check({ file, report, getFile }) {
    if (isRequirementsInput(file.path)) return
    const closure = requirementsClosure(file, getFile)
    // Constraints (-c) are not installed, so they need no hashes.
    const installed = closure.entries.filter((entry) => !entry.constraint)
    const hashMode =
      installed.some((entry) => entry.requirement.hashes.length > 0) ||
      closure.options.some((entry) => entry.option.name === '--require-hashes')
    if (!hashMode) return
    for (const entry of installed) {
      if (entry.requirement.hashes.length > 0) continue
      report({ file: entry.file, messageId: 'MISSING_HASH', data: { name: requirementLabel(entry.requirement), root: file.path }, span: entry.requirement.span })
    }
  },
  cases: {
    flag: [
      {
        name: 'one requirement without a hash among hashed ones',
        files: { 'requirements.txt': `certifi==2024.8.30 \\\n    --hash=${hash('a')}\nidna==3.10\nurllib3==2.2.3 --hash=${hash('c')}\n` },
        findings: [{ file: 'requirements.txt', line: 3, messageId: 'MISSING_HASH' }],
      },
      {
        name: '--require-hashes with no hashes at all, and an editable install',
        files: { 'requirements.txt': '--require-hashes\npandas==2.2.3\n-e ./plugins/acme\n' },
        findings: [
          { file: 'requirements.txt', line: 2, messageId: 'MISSING_HASH' },
          { file: 'requirements.txt', line: 3, messageId: 'MISSING_HASH' },
        ],
      },
      {
        name: 'a hashed file that includes an unhashed one',
        files: { 'requirements-lock.txt': `-r base.txt\ncertifi==2024.8.30 --hash=${hash('a')}\n`, 'base.txt': 'six==1.16.0\n' },
        findings: [{ file: 'base.txt', line: 1, messageId: 'MISSING_HASH' }],
      },
    ],
    pass: [
      { name: 'every requirement hashed', files: { 'requirements.txt': `certifi==2024.8.30 --hash=${hash('a')}\nidna==3.10 --hash=${hash('b')} --hash=${hash('d')}\n` } },
      { name: 'no hashes anywhere', files: { 'requirements.txt': 'certifi==2024.8.30\nidna==3.10\n' } },
      {
        name: 'a constraints file needs no hashes',
        files: { 'requirements.txt': `-c constraints.txt\ncertifi==2024.8.30 --hash=${hash('a')}\n`, 'constraints.txt': 'urllib3<3\n' },
      },
    ],
  },
})
