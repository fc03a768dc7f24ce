import { defineFileRule } from '../src/engine/rule.js'
import { basename, dockerRunCommands, pipelines, programIndex, SHELLS, type ShellCommand } from './helpers/shell-commands.js'

const FETCHERS = new Set(['curl', 'wget'])
/** Interpreters that run a script read from stdin when given no script file. */
const STDIN_INTERPRETERS = /^(?:python[0-9.]*|perl|ruby|node)$/
/** `$(curl …)`, `<(wget …)`, `` `curl …` `` inside a word. */
const FETCH_SUBSTITUTION = /(?:\$\(|<\(|`)\s*(?:[\w./-]*\/)?(?:curl|wget)\b/

function program(command: ShellCommand): { name: string; index: number } | undefined {
  const index = programIndex(command.words)
  return index === -1 ? undefined : { name: basename(command.words[index].value), index }
}

/** Whether the command runs what arrives on stdin: `sh`, `bash -s`, `sudo -E bash -`, `python3 -`. */
function runsStdin(command: ShellCommand): string | undefined {
  const found = program(command)
  if (!found) return undefined
  const args = command.words.slice(found.index + 1).map((word) => word.value)
  if (SHELLS.has(found.name)) return args.includes('-c') ? undefined : found.name
  if (STDIN_INTERPRETERS.test(found.name) && args.every((arg) => arg === '-' || arg.startsWith('-'))) return found.name
  return undefined
}

const FROM = 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n'

export const rule = defineFileRule({
  id: 'AG415',
  name: 'remote-script-piped-to-shell',
  title: 'Script downloaded and run in one step (curl | sh)',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['dockerfile'],
  keywords: ['curl', 'wget'],
  messages: {
    PIPE_TO_SHELL: (p: { fetcher: string; shell: string }) =>
      `RUN pipes ${p.fetcher} output straight into ${p.shell}: whatever the server sends today runs in the image build, unreviewed.`,
    SUBSTITUTION: (p: { shell: string }) =>
      `RUN makes ${p.shell} execute a script fetched during the build: whatever the server sends today runs unreviewed.`,
  },
  docs: {
    what: 'Flags `RUN` commands that download a script and execute it without checking it: `curl … | sh`/`bash` (also `wget -O- …`, `sudo bash`, `python3 -`), `sh -c "$(curl …)"` and `bash <(curl …)`.',
    why: 'The script is whatever the server (or anyone who compromised it, its CDN or DNS) returns at build time, and it runs with the build\'s privileges (often root). Nothing pins it, so the same Dockerfile builds different images, and a tampered installer compromises every Deployment.',
    fix: 'Download to a file, verify it, then run it: `curl -fsSLo /tmp/install.sh https://…/v1.2.3/install.sh && echo "<sha256>  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh`, with a versioned URL. Better: install the tool from a pinned package (apt `name=version`, `pip install name==version`) or copy it from a pinned image with `COPY --from=image@sha256:…`.',
    examples: {
      bad: { Dockerfile: `${FROM}RUN curl -fsSL https://install.example.com/tool.sh | bash\n` },
      good: {
        Dockerfile: `${FROM}RUN curl -fsSLo /tmp/tool.sh https://install.example.com/v1.2.3/tool.sh && echo "${'a'.repeat(64)}  /tmp/tool.sh" | sha256sum -c - && sh /tmp/tool.sh\n`,
      },
    },
    references: [{ title: 'Docker: build checks and best practices', url: 'https://docs.docker.com/build/building/best-practices/' }],
  },
  check({ file, report }) {
    for (const { commands } of dockerRunCommands(file)) {
      for (const pipeline of pipelines(commands)) {
        let fetcher: { name: string; start: number } | undefined
        for (const command of pipeline) {
          const found = program(command)
          if (fetcher) {
            const shell = runsStdin(command)
            if (shell) {
              const last = command.words[command.words.length - 1]
              report({ messageId: 'PIPE_TO_SHELL', data: { fetcher: fetcher.name, shell }, span: { start: fetcher.start, end: last.end } })
              break
            }
          }
          if (found && FETCHERS.has(found.name)) fetcher = { name: found.name, start: command.words[found.index].start }
        }
      }
      for (const command of commands) {
        const found = program(command)
        if (!found || !(SHELLS.has(found.name) || found.name === 'source' || found.name === '.' || found.name === 'eval')) continue
        const word = command.words.slice(found.index + 1).find((candidate) => candidate.dynamic && FETCH_SUBSTITUTION.test(candidate.raw))
        if (word) report({ messageId: 'SUBSTITUTION', data: { shell: found.name }, span: { start: command.words[found.index].start, end: word.end } })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'curl | bash, wget -O- | sh, sudo and python',
        files: {
          Dockerfile: `${FROM}USER root\nRUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs=20.18.0-1nodesource1\nRUN wget -qO- https://install.example.com/get.sh | sudo -E sh\nRUN curl -sSL https://install.python-poetry.org | python3 -\nUSER astro\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 3, messageId: 'PIPE_TO_SHELL' },
          { file: 'Dockerfile', line: 4, messageId: 'PIPE_TO_SHELL' },
          { file: 'Dockerfile', line: 5, messageId: 'PIPE_TO_SHELL' },
        ],
      },
      {
        name: 'a pipe across a line continuation, and through a filter',
        files: { Dockerfile: `${FROM}RUN curl -fsSL https://get.example.com \\\n    | tr -d '\\r' \\\n    | bash\n` },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PIPE_TO_SHELL' }],
      },
      {
        name: 'command and process substitution',
        files: {
          Dockerfile: `${FROM}RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\nRUN bash <(wget -qO- https://get.example.com/install)\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'SUBSTITUTION' },
          { file: 'Dockerfile', line: 3, messageId: 'SUBSTITUTION' },
        ],
      },
      {
        name: 'in a heredoc script',
        files: { Dockerfile: `${FROM}RUN <<EOF\nset -eux\ncurl -fsSL https://get.example.com | sh\nEOF\n` },
        findings: [{ file: 'Dockerfile', line: 4, messageId: 'PIPE_TO_SHELL' }],
      },
    ],
    pass: [
      {
        name: 'download, verify, then run',
        files: {
          Dockerfile: `${FROM}RUN curl -fsSLo /tmp/i.sh https://get.example.com/v1/i.sh && echo "${'b'.repeat(64)}  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n`,
        },
      },
      {
        name: 'curl piped into other programs',
        files: {
          Dockerfile: `${FROM}RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg\nRUN curl -s https://api.example.com/v | jq -r .version | tee /tmp/v\nRUN wget -qO- https://example.com/a.tar.gz | tar -xz -C /opt\n`,
        },
      },
      {
        name: 'a shell with a command string that fetches nothing, and mentions in comments',
        files: { Dockerfile: `${FROM}# never curl | sh\nRUN bash -c "echo curl | sh"\nRUN echo 'curl x | sh' > /tmp/notes\n` },
      },
    ],
  },
})
