import { defineFileRule } from '../src/engine/rule.js'
import { isPlainHttp, pipSourceOptions } from './helpers/package-sources.js'
import { ownedFiles, requirementLabel } from './helpers/requirements-files.js'
import { hostName } from './helpers/url-host.js'

const URL_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links'])

export const rule = defineFileRule({
  id: 'AG407',
  name: 'plain-http-package-index',
  title: 'Packages downloaded over plain HTTP',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: ['requirements', 'dockerfile'],
  keywords: ['http:', '-r', '-c', '--requirement', '--constraint'],
  messages: {
    HTTP_INDEX: (p: { option: string; host: string }) =>
      `${p.option} points at http://${p.host}: packages and their index pages travel unencrypted and can be swapped in transit.`,
    HTTP_URL: (p: { name: string; host: string }) =>
      `'${p.name}' is downloaded from http://${p.host} without TLS, so anyone on the path can replace it.`,
  },
  docs: {
    what: 'Flags `--index-url`, `--extra-index-url` and `--find-links` values that use `http://` (in requirements files and Dockerfile `pip install` commands), and requirements downloaded from `http://` URLs. Loopback addresses (a mirror on the build machine) are allowed.',
    why: 'Without TLS, a network attacker (or a compromised proxy) between the image build and the index can serve any package under any name; pip has no way to notice unless every requirement is hash-pinned.',
    fix: 'Use the index\'s `https://` URL. For a private index with a self-signed certificate, give pip the CA with `--cert` or `PIP_CERT` instead of falling back to HTTP or `--trusted-host`.',
    examples: {
      bad: { 'requirements.txt': '--index-url http://pypi.corp.example/simple\npandas==2.2.3\n' },
      good: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\npandas==2.2.3\n' },
    },
    references: [{ title: 'pip: HTTPS certificates', url: 'https://pip.pypa.io/en/stable/topics/https-certificates/' }],
  },
  check({ file, report, getFile }) {
    for (const option of pipSourceOptions(file, getFile)) {
      if (!URL_OPTIONS.has(option.name) || !option.value || !isPlainHttp(option.value)) continue
      report({ file: option.file, messageId: 'HTTP_INDEX', data: { option: option.name, host: hostName(option.value) }, span: option.valueSpan ?? option.span })
    }
    if (file.kind !== 'requirements') return
    for (const node of ownedFiles(file, getFile)) {
      for (const line of node.file.requirements().lines) {
        if (line.kind !== 'requirement' || !line.url) continue
        const url = line.url.replace(/^[a-z]+\+/i, '')
        if (!isPlainHttp(url)) continue
        report({ file: node.file, messageId: 'HTTP_URL', data: { name: requirementLabel(line), host: hostName(url) }, span: line.urlSpan ?? line.span })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'index, extra index and find-links over http',
        files: {
          'requirements.txt': '-i http://pypi.corp.example/simple\n--extra-index-url=http://mirror.corp.example:8080/simple\n-f http://wheels.corp.example/\npandas==2.2.3\n',
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'HTTP_INDEX' },
          { file: 'requirements.txt', line: 2, messageId: 'HTTP_INDEX' },
          { file: 'requirements.txt', line: 3, messageId: 'HTTP_INDEX' },
        ],
      },
      {
        name: 'requirements downloaded over http (archive and VCS)',
        files: {
          'requirements.txt': `acme @ http://files.corp.example/acme-1.0.tar.gz#sha256=${'a'.repeat(64)}\ngit+http://git.corp.example/etl.git@${'b'.repeat(40)}#egg=etl\n`,
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'HTTP_URL' },
          { file: 'requirements.txt', line: 2, messageId: 'HTTP_URL' },
        ],
      },
      {
        name: 'pip install --index-url http:// in a Dockerfile',
        files: {
          Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN pip install --no-cache-dir \\\n    --index-url http://pypi.corp.example/simple \\\n    -r requirements-private.txt\n',
        },
        findings: [{ file: 'Dockerfile', line: 3, messageId: 'HTTP_INDEX' }],
      },
    ],
    pass: [
      { name: 'https everywhere', files: { 'requirements.txt': '--index-url https://pypi.corp.example/simple\nacme @ https://files.corp.example/acme-1.0.whl\n' } },
      { name: 'a mirror on the build machine', files: { 'requirements.txt': '--extra-index-url http://localhost:3141/root/pypi/+simple/\n' } },
      { name: 'an http URL in a comment', files: { 'requirements.txt': '# old mirror: http://pypi.corp.example/simple\npandas==2.2.3\n' } },
    ],
  },
})
