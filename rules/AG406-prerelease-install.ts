import { defineFileRule } from '../src/engine/rule.js'
import { pipSourceOptions } from './helpers/package-sources.js'

export const rule = defineFileRule({
  id: 'AG406',
  name: 'prerelease-install',
  title: 'pip allowed to install pre-releases (--pre)',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements', 'dockerfile'],
  messages: {
    PRE: (p: { where: string }) =>
      `--pre in ${p.where} lets pip pick alpha, beta and release-candidate versions of every unpinned package.`,
  },
  docs: {
    what: 'Flags `--pre` in a requirements file (or a file it includes) and in a Dockerfile `pip install` (`uv pip install --prerelease allow` too).',
    why: 'With `--pre` pip considers pre-releases for every requirement, not only the one you meant: any package that is not pinned exactly can resolve to an untested alpha or release candidate in production.',
    fix: 'Remove `--pre`. If you need one pre-release, pin it exactly (`package==2.0.0rc1`): an exact pre-release pin installs without `--pre`.',
    examples: {
      bad: { 'requirements.txt': '--pre\nacme-sdk==2.0.0rc1\n' },
      good: { 'requirements.txt': 'acme-sdk==2.0.0rc1\n' },
    },
    references: [{ title: 'pip install --pre', url: 'https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-pre' }],
  },
  check({ file, report, getFile }) {
    for (const option of pipSourceOptions(file, getFile)) {
      if (option.name !== '--pre') continue
      const where = option.where === 'dockerfile' ? 'a RUN pip install' : 'this requirements file'
      report({ file: option.file, messageId: 'PRE', data: { where }, span: option.span })
    }
  },
  cases: {
    flag: [
      {
        name: '--pre in requirements.txt and in an included file',
        files: { 'requirements.txt': '--pre\n-r more.txt\npandas==2.2.3\n', 'more.txt': '--pre\n' },
        findings: [
          { file: 'more.txt', line: 1, messageId: 'PRE' },
          { file: 'requirements.txt', line: 1, messageId: 'PRE' },
        ],
      },
      {
        name: 'pip install --pre and uv --prerelease allow in a Dockerfile',
        files: {
          Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN pip install --pre -r requirements-extra.txt\nRUN uv pip install --system --prerelease allow -r r.txt\n',
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'PRE' },
          { file: 'Dockerfile', line: 3, messageId: 'PRE' },
        ],
      },
    ],
    pass: [
      { name: 'an exact pre-release pin', files: { 'requirements.txt': 'acme-sdk==2.0.0rc1\n' } },
      {
        name: 'words that only look like the option',
        files: {
          'requirements.txt': '# never use --pre here\n',
          Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN echo --pre && uv pip install --prerelease disallow -r r.txt\n',
        },
      },
    ],
  },
})
