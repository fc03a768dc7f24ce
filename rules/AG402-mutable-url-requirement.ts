import { defineFileRule } from '../src/engine/rule.js'
import type { Requirement } from '../src/parsers/requirements.js'
import { ownedFiles, requirementLabel } from './helpers/requirements-files.js'

const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i

/**
 * Whether a VCS revision names one immutable state: a full git/hg commit id (40 hex; 64 for SHA-256 git
 * repositories), a Subversion revision number, or a Bazaar revision id.
 */
export function isImmutableRevision(vcs: string, ref: string): boolean {
  if (vcs === 'git' || vcs === 'hg') return COMMIT.test(ref)
  if (vcs === 'svn') return /^r?\d+$/.test(ref)
  return ref.startsWith('revid:')
}

/** A strong hash in the URL fragment (`#sha256=…`, also after `&`), as pip's Link reads it (pip models/link.py). */
function hasFragmentHash(url: string): boolean {
  const hash = url.indexOf('#')
  return hash !== -1 && /(?:^|&)(?:sha256|sha384|sha512)=[0-9a-f]+/i.test(url.slice(hash + 1))
}

export type UrlPinProblem = 'VCS_NO_REVISION' | 'VCS_MUTABLE_REVISION' | 'URL_NO_HASH'

/** Why a URL requirement can change under the same text, or undefined when it cannot. */
export function urlPinProblem(requirement: Requirement): UrlPinProblem | undefined {
  const url = requirement.url
  if (!url || requirement.isLocalPath || url.startsWith('${') || url.toLowerCase().startsWith('file:')) return undefined
  if (requirement.vcs) {
    if (!requirement.vcsRef) return 'VCS_NO_REVISION'
    return isImmutableRevision(requirement.vcs, requirement.vcsRef) ? undefined : 'VCS_MUTABLE_REVISION'
  }
  return hasFragmentHash(url) || requirement.hashes.length > 0 ? undefined : 'URL_NO_HASH'
}

const commit = '4f2b1c0e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c'

export const rule = defineFileRule({
  id: 'AG402',
  name: 'mutable-url-requirement',
  title: 'URL or VCS requirement that is not pinned to immutable content',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  messages: {
    VCS_NO_REVISION: (p: { name: string; vcs: string }) =>
      `'${p.name}' installs from ${p.vcs} without a revision, so every build takes whatever the default branch holds.`,
    VCS_MUTABLE_REVISION: (p: { name: string; vcs: string; ref: string }) =>
      `'${p.name}' installs ${p.vcs} revision '${p.ref}', a branch, tag or short id that can point elsewhere tomorrow.`,
    URL_NO_HASH: (p: { name: string }) =>
      `'${p.name}' downloads an archive by URL without a '#sha256=' checksum or --hash, so its content can change unnoticed.`,
  },
  docs: {
    what: 'Flags a requirement installed from a VCS URL (`git+https://…`) that does not name a full commit hash (40 hex characters for git), and a requirement downloaded from an http(s) URL without a `#sha256=` fragment or `--hash`.',
    why: 'A branch or tag is a pointer anyone with push access can move, and a URL serves whatever the server has today. The image build then installs code nobody reviewed, and two builds of the same commit differ.',
    fix: 'Pin VCS requirements to the full commit id (`git+https://github.com/org/pkg.git@<40-hex commit>#egg=pkg`; `git rev-parse <tag>` prints it) and add `#sha256=<digest>` to archive URLs (`pip hash <file>` or `sha256sum` prints it). Better still, publish the package to your private index and pin it with `==`.',
    examples: {
      bad: { 'requirements.txt': 'git+https://github.com/acme/etl-utils.git@main#egg=etl-utils\n' },
      good: { 'requirements.txt': `git+https://github.com/acme/etl-utils.git@${commit}#egg=etl-utils\n` },
    },
    references: [
      { title: 'pip: VCS support', url: 'https://pip.pypa.io/en/stable/topics/vcs-support/' },
      { title: 'pip: secure installs', url: 'https://pip.pypa.io/en/stable/topics/secure-installs/' },
    ],
  },
  check({ file, report, getFile }) {
    for (const node of ownedFiles(file, getFile)) {
      for (const line of node.file.requirements().lines) {
        if (line.kind !== 'requirement') continue
        const problem = urlPinProblem(line)
        if (!problem) continue
        const name = requirementLabel(line)
        const span = line.urlSpan ?? line.span
        if (problem === 'URL_NO_HASH') report({ file: node.file, messageId: problem, data: { name }, span })
        else if (problem === 'VCS_NO_REVISION') report({ file: node.file, messageId: problem, data: { name, vcs: line.vcs ?? 'vcs' }, span })
        else report({ file: node.file, messageId: problem, data: { name, vcs: line.vcs ?? 'vcs', ref: line.vcsRef ?? '' }, span })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'git branch, tag and short commit',
        files: {
          'requirements.txt': [
            'git+https://github.com/acme/etl-utils.git@main#egg=etl-utils',
            'etl-tools @ git+https://github.com/acme/etl-tools.git@v1.4.0',
            'git+ssh://git@github.com/acme/dq.git@4f2b1c0#egg=dq',
            '',
          ].join('\n'),
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'VCS_MUTABLE_REVISION' },
          { file: 'requirements.txt', line: 2, messageId: 'VCS_MUTABLE_REVISION' },
          { file: 'requirements.txt', line: 3, messageId: 'VCS_MUTABLE_REVISION' },
        ],
      },
      {
        name: 'git without any revision',
        files: { 'requirements.txt': 'git+https://github.com/acme/etl-utils.git#egg=etl-utils\n' },
        findings: [{ file: 'requirements.txt', line: 1, messageId: 'VCS_NO_REVISION' }],
      },
      {
        name: 'archive URLs without a checksum (a weak md5 fragment does not count)',
        files: {
          'requirements.txt':
            'acme-hooks @ https://files.acme.example/acme_hooks-1.2.0-py3-none-any.whl\nhttps://files.acme.example/acme-2.0.tar.gz#md5=0f343b0931126a20f133d67c2b018a3b\n',
        },
        findings: [
          { file: 'requirements.txt', line: 1, messageId: 'URL_NO_HASH' },
          { file: 'requirements.txt', line: 2, messageId: 'URL_NO_HASH' },
        ],
      },
      {
        name: 'editable VCS install on a branch, in an included file',
        files: { 'requirements.txt': '-r extra.txt\n', 'extra.txt': '-e git+https://github.com/acme/x.git@develop#egg=x\n' },
        findings: [{ file: 'extra.txt', line: 1, messageId: 'VCS_MUTABLE_REVISION' }],
      },
    ],
    pass: [
      {
        name: 'full commit ids (SHA-1 and SHA-256 git), a Subversion revision',
        files: {
          'requirements.txt': `git+https://github.com/acme/a.git@${commit}#egg=a\nb @ git+https://github.com/acme/b.git@${'0'.repeat(64)}\nsvn+https://svn.acme.example/repo/trunk@2019#egg=c\n`,
        },
      },
      {
        name: 'archive URLs with a checksum fragment or --hash',
        files: {
          'requirements.txt': `https://files.acme.example/a-1.0.tar.gz#sha256=${'d'.repeat(64)}\nb @ https://files.acme.example/b-1.0.whl --hash=sha256:${'e'.repeat(64)}\nhttps://files.acme.example/c-1.0.zip#egg=c&sha256=${'f'.repeat(64)}\n`,
        },
      },
      { name: 'local paths and file URLs', files: { 'requirements.txt': './plugins/acme_hooks\nfile:///wheels/acme-1.0-py3-none-any.whl\n' } },
      { name: 'named requirements', files: { 'requirements.txt': 'pandas==2.2.3\nrequests\n' } },
      { name: 'a URL from an environment variable', files: { 'requirements.txt': '${ACME_WHEEL_URL}\n' } },
    ],
  },
})
