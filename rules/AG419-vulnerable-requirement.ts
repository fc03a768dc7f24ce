import type { Advisory } from '../src/dependencies/advisories.js'
import { isExactPin } from '../src/dependencies/inventory.js'
import { defineFileRule } from '../src/engine/rule.js'
import { ownedFiles } from './helpers/requirements-files.js'

/** What an advisory adds after its id: aliases (CVE ids) and the summary, shortened. */
function describe(advisory: Advisory): string {
  const parts: string[] = []
  if (advisory.aliases.length > 0) parts.push(advisory.aliases.slice(0, 3).join(', '))
  if (advisory.summary) parts.push(`"${advisory.summary.length > 100 ? `${advisory.summary.slice(0, 99)}…` : advisory.summary}"`)
  return parts.length > 0 ? ` (${parts.join('; ')})` : ''
}

const jinjaAdvisory: Advisory = {
  id: 'GHSA-h5c8-rqwp-cp95',
  aliases: ['CVE-2024-22195'],
  summary: 'Jinja vulnerable to HTML attribute injection when passing user input as keys to xmlattr filter',
  package: 'jinja2',
  version: '3.1.2',
  fixed: '3.1.3',
  detailsAvailable: true,
}

export const rule = defineFileRule({
  id: 'AG419',
  name: 'vulnerable-requirement',
  title: 'Pinned requirement with a known vulnerability',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  messages: {
    VULNERABLE: (p: { name: string; version: string; id: string; detail: string; fixed: string }) =>
      `'${p.name}' ${p.version} is affected by ${p.id}${p.detail}; the first fixed version is ${p.fixed}.`,
    NO_FIX: (p: { name: string; version: string; id: string; detail: string }) =>
      `'${p.name}' ${p.version} is affected by ${p.id}${p.detail}; no fixed version is published yet.`,
    NO_DETAILS: (p: { name: string; version: string; id: string }) =>
      `'${p.name}' ${p.version} is affected by ${p.id}; its details could not be fetched (see the report notes).`,
  },
  docs: {
    what: 'Opt-in (`vulnerability-check: osv` for the action, `--vulnerability-check osv` for the CLI): flags every exactly pinned (`==`) requirement of a requirements file (and the files it includes) that the OSV database lists as vulnerable, one finding per advisory, with the advisory id, its aliases (CVE ids) and the first version that fixes it. The check queries the OSV API before the scan; if it cannot (timeout, HTTP error, rate limit) the report notes say so and the run is not a clean result.',
    why: 'Managing the vulnerabilities of plugins and dependencies is the customer\'s side of the shared responsibility model: Astronomer patches the Runtime image, but packages you add in `requirements.txt` are yours to keep current. A pin makes a build reproducible; it also freezes known vulnerabilities in place until someone bumps it.',
    fix: 'Raise the pin to the fixed version named in the finding (or later), rebuild with `astro dev restart`, and run your DAG tests (`astro dev pytest`). If the package is one the Runtime already ships, remove the pin and upgrade the Runtime instead. Where no fix exists, read the advisory: the vulnerable code path may not be used, and the rule can be turned off for that line with a suppression comment giving the reason.',
    examples: {
      bad: { 'requirements.txt': 'jinja2==3.1.2\n' },
      good: { 'requirements.txt': 'jinja2==3.1.4\n' },
      advisories: [jinjaAdvisory],
    },
    references: [
      { title: 'OSV API', url: 'https://google.github.io/osv.dev/api/' },
      { title: 'Astro: shared responsibility model', url: 'https://www.astronomer.io/docs/astro/shared-responsibility-model' },
    ],
  },
  check({ file, report, getFile, env }) {
    const index = env.advisories?.()
    if (!index) return
    for (const node of ownedFiles(file, getFile)) {
      for (const line of node.file.requirements().lines) {
        if (line.kind !== 'requirement' || !line.name || line.url || line.editable || !isExactPin(line)) continue
        const version = line.specifiers[0].version
        for (const advisory of index.lookup(line.name, version)) {
          const at = { file: node.file, span: line.specifierSpan ?? line.span, key: advisory.id }
          const base = { name: line.name, version, id: advisory.id }
          if (!advisory.detailsAvailable) report({ ...at, messageId: 'NO_DETAILS', data: base })
          else if (advisory.fixed) report({ ...at, messageId: 'VULNERABLE', data: { ...base, detail: describe(advisory), fixed: advisory.fixed } })
          else report({ ...at, messageId: 'NO_FIX', data: { ...base, detail: describe(advisory) } })
        }
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'one finding per advisory, with the fixed version',
        files: { 'requirements.txt': 'pandas==2.2.3\nJinja2==3.1.2\n' },
        advisories: [
          jinjaAdvisory,
          { ...jinjaAdvisory, id: 'GHSA-q2x7-8rv6-6q7h', aliases: ['CVE-2024-56326'], summary: 'Jinja has a sandbox breakout', fixed: '3.1.5' },
        ],
        findings: [
          { file: 'requirements.txt', line: 2, messageId: 'VULNERABLE' },
          { file: 'requirements.txt', line: 2, messageId: 'VULNERABLE' },
        ],
      },
      {
        name: 'no fix published, details missing, and an included file',
        files: { 'requirements.txt': '-r base.txt\nacme-lib==0.9.0\n', 'base.txt': 'legacy-lib==1.0\n' },
        advisories: [
          { id: 'PYSEC-2099-1', aliases: [], summary: undefined, package: 'acme-lib', version: '0.9.0', fixed: undefined, detailsAvailable: true },
          { id: 'PYSEC-2099-2', aliases: [], summary: undefined, package: 'legacy_lib', version: '1.0', fixed: undefined, detailsAvailable: false },
        ],
        findings: [
          { file: 'base.txt', line: 1, messageId: 'NO_DETAILS' },
          { file: 'requirements.txt', line: 2, messageId: 'NO_FIX' },
        ],
      },
    ],
    pass: [
      { name: 'the check was not requested', files: { 'requirements.txt': 'jinja2==3.1.2\n' } },
      { name: 'a fixed version', files: { 'requirements.txt': 'jinja2==3.1.4\n' }, advisories: [jinjaAdvisory] },
      { name: 'ranges are not looked up (the pinning rule asks for a pin first)', files: { 'requirements.txt': 'jinja2>=3.1.2\n' }, advisories: [jinjaAdvisory] },
    ],
  },
})
