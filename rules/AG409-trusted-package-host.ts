import { defineFileRule } from '../src/engine/rule.js'
import { pipSourceOptions } from './helpers/package-sources.js'

export const rule = defineFileRule({
  id: 'AG409',
  name: 'trusted-package-host',
  title: 'TLS verification turned off for a package host (--trusted-host)',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements', 'dockerfile'],
  keywords: ['--trusted-host', '--allow-insecure-host', '-r', '-c', '--requirement', '--constraint'],
  messages: {
    TRUSTED_HOST: (p: { host: string }) =>
      `--trusted-host ${p.host} makes pip accept that host over plain HTTP or with any TLS certificate.`,
  },
  docs: {
    what: 'Flags `--trusted-host` in requirements files and Dockerfile `pip install` commands (and uv\'s `--allow-insecure-host`).',
    why: 'A trusted host is exempt from certificate checks and may be reached over `http://`, so whoever can intercept the build\'s traffic can serve any package from it. It usually papers over a corporate proxy\'s certificate.',
    fix: 'Remove `--trusted-host` and give pip the certificate authority instead: `--cert /path/ca.pem` or `PIP_CERT`, or add the CA to the image\'s trust store (`update-ca-certificates`) before the pip step.',
    examples: {
      bad: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\n--trusted-host pypi.corp.example\n' },
      good: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\n' },
    },
    references: [{ title: 'pip: --trusted-host', url: 'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host' }],
  },
  check({ file, report, getFile }) {
    for (const option of pipSourceOptions(file, getFile)) {
      if (option.name !== '--trusted-host') continue
      const host = option.value && !option.dynamic ? option.value : 'a host from a variable'
      report({ file: option.file, messageId: 'TRUSTED_HOST', data: { host }, span: option.span })
    }
  },
  cases: {
    flag: [
      {
        name: 'trusted host in requirements.txt',
        files: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\n--trusted-host pypi.corp.example\n' },
        findings: [{ file: 'requirements.txt', line: 2, messageId: 'TRUSTED_HOST' }],
      },
      {
        name: 'trusted host in a Dockerfile (pip and uv)',
        files: {
          Dockerfile:
            'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN pip install --trusted-host=pypi.corp.example -r requirements-private.txt\nRUN uv pip install --system --allow-insecure-host pypi.corp.example -r r.txt\n',
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'TRUSTED_HOST' },
          { file: 'Dockerfile', line: 3, messageId: 'TRUSTED_HOST' },
        ],
      },
    ],
    pass: [
      { name: 'a CA bundle instead', files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN pip install --cert /etc/ssl/corp-ca.pem -r requirements-private.txt\n' } },
      { name: 'mentioned in a comment', files: { 'requirements.txt': '# do not add --trusted-host here\npandas==2.2.3\n' } },
    ],
  },
})
