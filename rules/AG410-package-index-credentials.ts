import { defineFileRule } from '../src/engine/rule.js'
import type { ScannedFile } from '../src/engine/scanned-file.js'
import type { Span } from '../src/engine/source-text.js'
import { fakeSecret, fakeToken } from '../src/testing/fake-secret.js'
import { pipInstalls } from './helpers/pip-command.js'
import { pipSourceOptions } from './helpers/package-sources.js'
import { ownedFiles, requirementLabel } from './helpers/requirements-files.js'
import { dockerRunCommands } from './helpers/shell-commands.js'
import { urlCredential } from './helpers/url-credentials.js'

const URL_OPTIONS = new Set(['--index-url', '--extra-index-url', '--find-links'])

interface Candidate {
  file: ScannedFile
  url: string
  /** Where the URL is written; offsets inside it are exact only when `exact`. */
  span: Span
  exact: boolean
  what: string
}

const astroProject = { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n', 'dags/.airflowignore': '' }

export const rule = defineFileRule({
  id: 'AG410',
  name: 'package-index-credentials',
  title: 'Credential written into a package index or requirement URL',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: ['requirements', 'dockerfile'],
  keywords: ['@', '-r', '-c', '--requirement', '--constraint'],
  messages: {
    INDEX_CREDENTIAL: (p: { what: string; host: string }) =>
      `The ${p.what} URL for ${p.host} embeds a credential: it is in git history and in every image layer built from it.`,
  },
  docs: {
    what: 'Flags a password or token in the user-info part of a URL (`https://user:token@host/…`, `git+https://<token>@github.com/…`) given to `--index-url`, `--extra-index-url` or `--find-links`, or used as a requirement, in requirements files (and their includes) and in Dockerfile `pip install` commands. `${VARIABLE}` references, which pip expands from the environment, are the right way and are not flagged. pip.conf, .pypirc and .netrc are checked by the credential rules.',
    why: 'A credential committed to the repository is readable by everyone with access to it and stays in git history after removal. Passed on the `pip install` command line in a Dockerfile it is also baked into the image\'s layer history (`docker history`), which every Deployment pulls.',
    fix: 'Revoke the exposed token first. Then reference it from the environment: requirements files accept `https://${PIP_USER}:${PIP_TOKEN}@pypi.corp.example/simple` (pip expands `${VAR}`), and in the Dockerfile mount it as a BuildKit secret for that one step (`RUN --mount=type=secret,id=pip_token …`) instead of an ARG or ENV. On Astro, set it as a secret environment variable of the Deployment.',
    examples: {
      bad: { ...astroProject, 'requirements.txt': `--extra-index-url https://ci:${fakeSecret(24, 'ag410-doc')}@pypi.corp.example/simple\nacme-hooks==1.2.0\n` },
      good: { ...astroProject, 'requirements.txt': '--index-url https://${PIP_USER}:${PIP_TOKEN}@pypi.corp.example/simple\nacme-hooks==1.2.0\n' },
    },
    references: [
      { title: 'pip: environment variables in requirements files', url: 'https://pip.pypa.io/en/stable/reference/requirements-file-format/#using-environment-variables' },
      { title: 'Docker: build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
    ],
  },
  check({ file, report, getFile, env }) {
    const candidates: Candidate[] = []
    for (const option of pipSourceOptions(file, getFile)) {
      if (!URL_OPTIONS.has(option.name) || !option.value) continue
      candidates.push({ file: option.file, url: option.value, span: option.valueSpan ?? option.span, exact: option.exact, what: option.name })
    }
    if (file.kind === 'requirements') {
      for (const node of ownedFiles(file, getFile)) {
        for (const line of node.file.requirements().lines) {
          if (line.kind !== 'requirement' || !line.url || !line.urlSpan) continue
          const span = line.urlSpan
          const exact = node.file.text.slice(span.start, span.end) === line.url
          candidates.push({ file: node.file, url: line.url, span, exact, what: `'${requirementLabel(line)}' requirement` })
        }
      }
    } else {
      for (const { commands } of dockerRunCommands(file)) {
        for (const install of pipInstalls(commands)) {
          for (const target of install.targets) {
            const at = target.value.indexOf('@')
            const url = at === -1 ? '' : target.value.slice(target.value.search(/[a-z][a-z0-9+.-]*:\/\//i))
            if (!url.includes('://')) continue
            const offset = target.raw.indexOf(url)
            const exact = offset !== -1
            const span = exact ? { start: target.start + offset, end: target.start + offset + url.length } : { start: target.start, end: target.end }
            candidates.push({ file, url, span, exact, what: 'pip install' })
          }
        }
      }
    }
    for (const candidate of candidates) {
      const credential = urlCredential(candidate.url, env.settings.placeholders)
      if (!credential) continue
      const span = candidate.exact
        ? { start: candidate.span.start + credential.start, end: candidate.span.start + credential.end }
        : candidate.span
      report({
        file: candidate.file,
        messageId: 'INDEX_CREDENTIAL',
        data: { what: candidate.what, host: credential.host },
        span,
        secret: credential.secret,
      })
    }
  },
  cases: {
    flag: [
      {
        name: 'user and password in --index-url and --extra-index-url',
        files: {
          'requirements.txt': `--index-url https://deploy:${fakeSecret(20, 'ag410-a')}@pypi.corp.example/simple\n--extra-index-url=https://__token__:${fakeToken('pypi-', 40, 'ag410-b')}@upload.corp.example/simple\n-i https://svc:${fakeSecret(16, 'ag410-c')}@mirror.corp.example/simple\n`,
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'INDEX_CREDENTIAL' },
          { file: 'requirements.txt', line: 2, messageId: 'INDEX_CREDENTIAL' },
          { file: 'requirements.txt', line: 3, messageId: 'INDEX_CREDENTIAL' },
        ],
      },
      {
        name: 'a GitHub token as the user part of a VCS requirement, in an included file',
        files: {
          'requirements.txt': '-r private.txt\n',
          'private.txt': `git+https://${fakeToken('ghp_', 36, 'ag410-d')}@github.com/acme/etl.git@${'a'.repeat(40)}#egg=etl\netl2 @ git+https://${fakeSecret(30, 'ag410-e')}:x-oauth-basic@github.com/acme/etl2.git@${'b'.repeat(40)}\n`,
        },
        findings: [
          { file: 'private.txt', line: 1, messageId: 'INDEX_CREDENTIAL' },
          { file: 'private.txt', line: 2, messageId: 'INDEX_CREDENTIAL' },
        ],
      },
      {
        name: 'pip install --index-url with a password in a Dockerfile RUN',
        files: {
          Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.3-8\nRUN pip install --no-cache-dir \\\n    --extra-index-url "https://ci:${fakeSecret(22, 'ag410-f')}@pypi.corp.example/simple" \\\n    acme-hooks==1.2.0 \\\n    git+https://oauth2:${fakeSecret(26, 'ag410-g')}@gitlab.corp.example/data/etl.git@${'c'.repeat(40)}\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 3, messageId: 'INDEX_CREDENTIAL' },
          { file: 'Dockerfile', line: 5, messageId: 'INDEX_CREDENTIAL' },
        ],
      },
    ],
    pass: [
      {
        name: 'credentials from environment variables',
        files: {
          'requirements.txt': '--index-url https://${PIP_USER}:${PIP_TOKEN}@pypi.corp.example/simple\ngit+https://${GITHUB_TOKEN}@github.com/acme/etl.git@0123456789abcdef0123456789abcdef01234567#egg=etl\n',
          Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nARG PIP_TOKEN\nRUN --mount=type=secret,id=pip_token pip install --index-url "https://ci:$PIP_TOKEN@pypi.corp.example/simple" -r requirements-private.txt\n',
        },
      },
      {
        name: 'account names are not credentials (git@, a placeholder password)',
        files: {
          'requirements.txt': 'git+ssh://git@github.com/acme/etl.git@0123456789abcdef0123456789abcdef01234567#egg=etl\n--extra-index-url https://user:<password>@pypi.corp.example/simple\n',
        },
      },
      { name: 'an @ outside any URL', files: { 'requirements.txt': 'etl @ https://files.corp.example/etl-1.0.whl\n# contact data@corp.example\n' } },
    ],
  },
})
