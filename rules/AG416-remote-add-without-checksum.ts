import { defineFileRule } from '../src/engine/rule.js'
import { parseShell } from './helpers/shell-commands.js'
import { hostName } from './helpers/url-host.js'

const FROM = 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n'
const REMOTE = /^(?:https?:\/\/|git@)/i

export const rule = defineFileRule({
  id: 'AG416',
  name: 'remote-add-without-checksum',
  title: 'ADD of a remote URL without --checksum',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['dockerfile'],
  keywords: ['add'],
  messages: {
    NO_CHECKSUM: (p: { host: string }) =>
      `ADD downloads from ${p.host} without --checksum, so the image gets whatever that URL serves at build time.`,
  },
  docs: {
    what: 'Flags an `ADD` instruction whose source is a remote URL (`https://…`, `http://…`, a git repository) and that has no `--checksum=sha256:…` flag.',
    why: 'ADD fetches the URL at every build without verifying it: a changed, compromised or hijacked download ends up in the image silently, and two builds of the same commit differ. BuildKit can verify the content with `--checksum` (Dockerfile syntax 1.6+ for HTTP sources; for git sources a commit checksum).',
    fix: 'Add `--checksum=sha256:<digest>` (`sha256sum <file>` of a download you trust prints it) and point at a versioned URL, or download with `RUN curl -fsSLo …` followed by `sha256sum -c`. For git sources, pin the commit in the URL fragment and pass it as `--checksum`.',
    examples: {
      bad: { Dockerfile: `${FROM}ADD https://truststore.example.com/ca-bundle.pem /usr/local/share/ca-certificates/corp.crt\n` },
      good: {
        Dockerfile: `${FROM}ADD --checksum=sha256:${'c'.repeat(64)} https://truststore.example.com/v3/ca-bundle.pem /usr/local/share/ca-certificates/corp.crt\n`,
      },
    },
    references: [{ title: 'Dockerfile reference: ADD --checksum', url: 'https://docs.docker.com/reference/dockerfile/#add---checksum' }],
  },
  check({ file, report }) {
    const dockerfile = file.dockerfile()
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'ADD' || instruction.flags.some((flag) => flag.name === 'checksum')) continue
      const args = instruction.args.trim()
      let sources: { value: string; start: number; end: number }[]
      if (args.startsWith('[')) {
        let parsed: unknown
        try {
          parsed = JSON.parse(args)
        } catch {
          parsed = undefined
        }
        const values = Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : []
        sources = values.slice(0, -1).map((value) => ({ value, ...instruction.argsSpan }))
      } else {
        const words = parseShell(file.text, instruction.argsSpan.start, instruction.argsSpan.end, {
          escape: dockerfile.escapeChar,
          dockerContinuations: true,
        }).flatMap((command) => command.words)
        sources = words.slice(0, -1)
      }
      for (const source of sources) {
        if (!REMOTE.test(source.value)) continue
        const host = source.value.toLowerCase().startsWith('git@') ? source.value.slice(4).split(':')[0] : hostName(source.value)
        report({ messageId: 'NO_CHECKSUM', data: { host }, span: { start: source.start, end: source.end } })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'https and http downloads, a git repository',
        files: {
          Dockerfile: `${FROM}ADD https://truststore.example.com/ca.pem /usr/local/share/ca-certificates/corp.crt\nADD --chown=astro:0 http://files.example.com/a.tar.gz https://files.example.com/b.tar.gz /opt/\nADD git@github.com:acme/configs.git#v1 /opt/configs\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'NO_CHECKSUM' },
          { file: 'Dockerfile', line: 3, messageId: 'NO_CHECKSUM' },
          { file: 'Dockerfile', line: 3, messageId: 'NO_CHECKSUM' },
          { file: 'Dockerfile', line: 4, messageId: 'NO_CHECKSUM' },
        ],
      },
      {
        name: 'JSON form',
        files: { Dockerfile: `${FROM}ADD ["https://files.example.com/tool", "/usr/local/bin/tool"]\n` },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'NO_CHECKSUM' }],
      },
    ],
    pass: [
      { name: 'with --checksum', files: { Dockerfile: `${FROM}ADD --checksum=sha256:${'d'.repeat(64)} https://files.example.com/tool /usr/local/bin/tool\n` } },
      { name: 'local sources and COPY of URLs is not ADD', files: { Dockerfile: `${FROM}ADD include/ /usr/local/airflow/include/\nADD vendor.tar.gz /opt/\nCOPY https.txt /tmp/\n` } },
    ],
  },
})
