import { defineFileRule } from '../src/engine/rule.js'
import { basename, dockerRunCommands, programIndex } from './helpers/shell-commands.js'

/** apt-get/apt options that take a separate value. */
const VALUE_OPTIONS = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release'])
const APT = new Set(['apt-get', 'apt'])
const SHOWN = 4

const FROM = 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\nUSER root\n'

export const rule = defineFileRule({
  id: 'AG417',
  name: 'unpinned-apt-install',
  title: 'apt-get install without package versions in a Dockerfile',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: ['dockerfile'],
  keywords: ['apt'],
  messages: {
    UNPINNED: (p: { packages: string; count: number }) =>
      `apt-get install of ${p.count === 1 ? 'a package' : `${p.count} packages`} without versions (${p.packages}): each build installs whatever the mirror serves that day.`,
  },
  docs: {
    what: 'Flags `apt-get install` / `apt install` commands in a Dockerfile `RUN` that name packages without an apt version pin (`name=version`), once per command. A notice by default, like `unpinned-system-package` for `packages.txt`.',
    why: 'Unpinned system packages make the image depend on the state of the Debian mirror at build time. Exact apt pins are often impractical (superseded versions disappear from the mirror after security updates), so this is a prompt to pin what matters rather than a failure.',
    fix: 'Pin the packages you rely on (`apt-get install -y --no-install-recommends libpq-dev=15.8-0+deb12u1`; `apt-cache policy <package>` shows versions), or list them in `packages.txt` and let the Runtime image install them. Rebuild regularly on the latest Runtime so unpinned packages stay patched.',
    examples: {
      bad: { Dockerfile: `${FROM}RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev\nUSER astro\n` },
      good: { Dockerfile: `${FROM}RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev=15.8-0+deb12u1\nUSER astro\n` },
    },
    references: [{ title: 'hadolint DL3008: pin versions in apt-get install', url: 'https://github.com/hadolint/hadolint/wiki/DL3008' }],
  },
  check({ file, report }) {
    for (const { commands } of dockerRunCommands(file)) {
      for (const command of commands) {
        const words = command.words
        const program = programIndex(words)
        if (program === -1 || !APT.has(basename(words[program].value))) continue
        let subcommand: string | undefined
        const unpinned = []
        for (let index = program + 1; index < words.length; index++) {
          const value = words[index].value
          if (value.startsWith('-')) {
            if (VALUE_OPTIONS.has(value)) index++
            continue
          }
          if (subcommand === undefined) {
            subcommand = value
            if (subcommand !== 'install') break
            continue
          }
          const word = words[index]
          if (word.dynamic || value.includes('=') || value.includes('/') || value.endsWith('.deb')) continue
          unpinned.push(word)
        }
        if (unpinned.length === 0) continue
        const names = unpinned.slice(0, SHOWN).map((word) => word.value).join(', ')
        const packages = unpinned.length > SHOWN ? `${names} and ${unpinned.length - SHOWN} more` : names
        report({
          messageId: 'UNPINNED',
          data: { packages, count: unpinned.length },
          span: { start: unpinned[0].start, end: unpinned[unpinned.length - 1].end },
        })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'unpinned packages, once per command',
        files: {
          Dockerfile: `${FROM}RUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      build-essential libpq-dev=15.8-0+deb12u1 unixodbc-dev git curl jq \\\n && rm -rf /var/lib/apt/lists/*\nRUN apt -o Dpkg::Options::=--force-confold install -y freetds-dev\nUSER astro\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 5, messageId: 'UNPINNED', severity: 'notice' },
          { file: 'Dockerfile', line: 7, messageId: 'UNPINNED', severity: 'notice' },
        ],
      },
    ],
    pass: [
      {
        name: 'pinned packages, packages from a variable or file, other apt commands',
        files: {
          Dockerfile: `${FROM}RUN apt-get update && apt-get install -y gcc=4:12.2.0-3 ./vendor/tool.deb \${EXTRA_PACKAGES} && apt-get clean\nRUN apt-get install -y $(cat /tmp/packages.txt) && apt-get -y upgrade && apt list --installed\nUSER astro\n`,
        },
      },
      { name: 'pip, not apt', files: { Dockerfile: `${FROM}RUN pip install --no-cache-dir apt==1.0.0\nUSER astro\n` } },
    ],
  },
})
