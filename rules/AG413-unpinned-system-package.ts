import { defineFileRule } from '../src/engine/rule.js'

/** `name=version` (apt's pin syntax, also `name:arch=version`); `name/release` picks a suite, not a version. */
function isPinned(word: string): boolean {
  const equals = word.indexOf('=')
  return equals > 0 && equals < word.length - 1
}

export const rule = defineFileRule({
  id: 'AG413',
  name: 'unpinned-system-package',
  title: 'System package in packages.txt without a version',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: ['packages'],
  messages: {
    UNPINNED: (p: { name: string }) => `System package '${p.name}' has no version ('${p.name}=<version>'): each image build installs whatever the mirror has that day.`,
  },
  docs: {
    what: 'Flags entries of `packages.txt` (the apt packages an Astro Runtime image installs at build time) without an apt version pin `name=version`. A notice by default: raise it with `rules: { AG413: warning }` in `.astro-guard.yml`, or turn it off with `AG413: off`.',
    why: 'Without a pin the build gets whatever version the Debian mirror serves when the image is built, so two deploys of the same commit can differ. Exact apt pins are often impractical (old versions leave the mirror after security updates, which breaks the build), hence only a notice.',
    fix: 'Pin the packages whose behaviour you depend on: `apt-cache policy <package>` inside `astro dev bash` shows the installed version; write it as `<package>=<version>`. Rebuilding often with the latest Runtime image keeps unpinned system packages patched.',
    examples: {
      bad: { 'packages.txt': 'libpq-dev\n' },
      good: { 'packages.txt': 'libpq-dev=15.8-0+deb12u1\n' },
    },
    references: [
      { title: 'Astro: install OS-level packages (packages.txt)', url: 'https://www.astronomer.io/docs/astro/cli/develop-project#add-os-level-packages' },
      { title: 'apt-get(8): install pkg=version', url: 'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html' },
    ],
  },
  check({ file, report }) {
    // The Runtime's ONBUILD step runs `cat packages.txt | tr '\r\n' '\n' | sed -e 's/#.*//' | xargs apt-get install`
    // (docker inspect of astro-runtime:9.6.0 OnBuild, quoted in a public "Astro Devcontainer Example" README): '#'
    // starts a comment anywhere on a line, and blanks separate package names.
    const text = file.text
    let index = 0
    while (index < text.length) {
      const char = text[index]
      if (char === '#') {
        const newline = text.indexOf('\n', index)
        index = newline === -1 ? text.length : newline
        continue
      }
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        index++
        continue
      }
      const start = index
      while (index < text.length && !' \t\n\r#'.includes(text[index])) index++
      const word = text.slice(start, index)
      if (word.startsWith('-') || word.endsWith('.deb') || isPinned(word)) continue
      report({ messageId: 'UNPINNED', data: { name: word }, span: { start, end: index } })
    }
  },
  cases: {
    flag: [
      {
        name: 'one per line, several on a line, comments',
        files: { 'packages.txt': '# build deps\nlibpq-dev\ngcc g++=4:12.2.0-3 # compilers\nunixodbc/bookworm-backports\n' },
        findings: [
          { file: 'packages.txt', line: 2, messageId: 'UNPINNED', severity: 'notice' },
          { file: 'packages.txt', line: 3, messageId: 'UNPINNED', severity: 'notice' },
          { file: 'packages.txt', line: 4, messageId: 'UNPINNED', severity: 'notice' },
        ],
      },
      {
        name: 'Windows line ends and an architecture qualifier',
        files: { 'packages.txt': 'libssl-dev:amd64\r\nfreetds-dev:amd64=1.3.17+ds-2\r\n' },
        findings: [{ file: 'packages.txt', line: 1, messageId: 'UNPINNED' }],
      },
    ],
    pass: [
      { name: 'the empty packages.txt of astro dev init', files: { 'packages.txt': '' } },
      { name: 'pinned packages', files: { 'packages.txt': 'libpq-dev=15.8-0+deb12u1\ngcc=4:12.2.0-3 # pinned\n' } },
      { name: 'comments only', files: { 'packages.txt': '# nothing yet\n   # indented comment\n' } },
    ],
  },
})
