import { defineFileRule } from '../src/engine/rule.js'
import { pipSourceOptions } from './helpers/package-sources.js'
import { hostName } from './helpers/url-host.js'

export const rule = defineFileRule({
  id: 'AG408',
  name: 'extra-package-index',
  title: 'Additional package index (--extra-index-url)',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements', 'dockerfile'],
  keywords: ['--extra-index', '--index', '-r', '-c', '--requirement', '--constraint'],
  messages: {
    EXTRA_INDEX: (p: { host: string }) =>
      `--extra-index-url ${p.host} is merged with the default index: a public package with the same name as a private one can be installed instead (dependency confusion).`,
  },
  docs: {
    what: 'Flags `--extra-index-url` in requirements files and Dockerfile `pip install` commands (and `uv pip install --index`).',
    why: 'pip does not prefer one index over another: it collects candidates from every index and installs the highest version. If a private package name is also registered on PyPI by someone else with a higher version, the build installs the attacker\'s package. This is the dependency-confusion attack.',
    fix: 'Serve everything from one index with `--index-url`: a private repository (Artifactory, Nexus, CodeArtifact, devpi) that proxies PyPI and gives your own namespace priority. If you must keep two indexes, pin every private package with `--hash`, or use uv with its default `first-index` strategy and an explicit index per package.',
    examples: {
      bad: { 'requirements.txt': '--extra-index-url https://pypi.corp.example/simple\nacme-hooks==1.2.0\n' },
      good: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\nacme-hooks==1.2.0\n' },
    },
    references: [
      { title: 'pip: --extra-index-url merges indexes', url: 'https://pip.pypa.io/en/stable/cli/pip_install/#finding-packages' },
      { title: 'uv: dependency confusion and index strategies', url: 'https://docs.astral.sh/uv/concepts/indexes/#searching-across-multiple-indexes' },
    ],
  },
  check({ file, report, getFile }) {
    for (const option of pipSourceOptions(file, getFile)) {
      if (option.name !== '--extra-index-url') continue
      const host = option.value && !option.dynamic ? hostName(option.value) : 'an index from a variable'
      report({ file: option.file, messageId: 'EXTRA_INDEX', data: { host }, span: option.span })
    }
  },
  cases: {
    flag: [
      {
        name: 'extra index in requirements.txt',
        files: { 'requirements.txt': '--extra-index-url https://pypi.corp.example/simple\nacme-hooks==1.2.0\n' },
        findings: [{ file: 'requirements.txt', line: 1, messageId: 'EXTRA_INDEX' }],
      },
      {
        name: 'extra index in a Dockerfile, from a build argument, and uv --index',
        files: {
          Dockerfile:
            'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nARG PRIVATE_INDEX\nRUN pip install --extra-index-url "${PRIVATE_INDEX}" acme-hooks==1.2.0\nRUN uv pip install --system --index https://pypi.corp.example/simple acme-sdk==2.0.0\n',
        },
        findings: [
          { file: 'Dockerfile', line: 3, messageId: 'EXTRA_INDEX' },
          { file: 'Dockerfile', line: 4, messageId: 'EXTRA_INDEX' },
        ],
      },
    ],
    pass: [
      { name: 'a single private index', files: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\nacme-hooks==1.2.0\n' } },
      { name: 'uv --default-index replaces PyPI', files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN uv pip install --system --default-index https://pypi.corp.example/simple -r r.txt\n' } },
    ],
  },
})
