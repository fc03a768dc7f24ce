import { satisfies } from '../src/dependencies/pep440.js'
import { defineFileRule } from '../src/engine/rule.js'
import type { Requirement } from '../src/parsers/requirements.js'
import { type RequirementEntry, requirementsClosure } from './helpers/requirements-files.js'

/** The single exact version a requirement allows (`==1.2`, `===1.2`), if it is pinned that way. */
function exactVersion(requirement: Requirement): { operator: string; version: string } | undefined {
  if (requirement.specifiers.length !== 1) return undefined
  const [only] = requirement.specifiers
  if ((only.operator === '==' || only.operator === '===') && !only.version.endsWith('*')) return only
  return undefined
}

function describe(requirement: Requirement): string {
  if (requirement.url) return 'a URL'
  if (requirement.specifiers.length === 0) return 'any version'
  return requirement.specifiers.map((specifier) => `${specifier.operator}${specifier.version}`).join(',')
}

/** Whether no version can satisfy both: only claimed when it can be proven (pins against pins or ranges, URLs). */
function conflicts(a: Requirement, b: Requirement): boolean {
  if (a.url || b.url) return Boolean(a.url && b.url && a.url !== b.url)
  const pinA = exactVersion(a)
  const pinB = exactVersion(b)
  const excludes = (pin: { operator: string; version: string }, other: Requirement): boolean =>
    other.specifiers.some((specifier) => satisfies(pin.version, specifier.operator, specifier.version) === false)
  if (pinA) return excludes(pinA, b)
  if (pinB) return excludes(pinB, a)
  return false
}

/** Earlier entries kept per package: enough for any real file, and a bound for a hostile one. */
const MAX_COMPARED = 8

export const rule = defineFileRule({
  id: 'AG404',
  name: 'duplicate-requirement',
  title: 'Package listed more than once across requirements files',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['requirements'],
  messages: {
    DUPLICATE: (p: { name: string; where: string }) =>
      `'${p.name}' is listed again (first at ${p.where}): keep one entry so a version bump cannot miss the other.`,
    CONFLICT: (p: { name: string; spec: string; other: string; where: string }) =>
      `'${p.name}' ${p.spec} conflicts with ${p.other} at ${p.where}: no version satisfies both, so the build fails.`,
  },
  docs: {
    what: 'Flags a package that appears more than once in a requirements file and the files it includes with `-r`/`-c` (names compared as pip normalises them: `Foo_Bar` is `foo-bar`). Entries whose versions cannot both hold, and a constraint that excludes a requirement\'s pin, are conflicts; other repeats are duplicates. Entries with different environment markers are left alone.',
    why: 'Two entries for one package drift apart: someone bumps one pin after a security advisory and the other keeps the old version, or the two pins conflict and the image build fails on the next deploy. A single place per package keeps the dependency set reviewable.',
    fix: 'Keep one entry per package: in a layered setup (`requirements-dev.txt` with `-r requirements.txt`) list each package only in the lowest file that needs it, and use one constraints file for version caps.',
    examples: {
      bad: { 'requirements.txt': 'pandas==2.2.3\nrequests==2.32.3\nPandas==2.1.0\n' },
      good: { 'requirements.txt': 'pandas==2.2.3\nrequests==2.32.3\n' },
    },
    references: [{ title: 'PEP 503: normalized names', url: 'https://peps.python.org/pep-0503/#normalized-names' }],
  },
  check({ file, report, getFile }) {
    const closure = requirementsClosure(file, getFile)
    const seen = new Map<string, RequirementEntry[]>()
    for (const entry of closure.entries) {
      const requirement = entry.requirement
      if (!requirement.name) continue
      const key = `${requirement.normalizedName}\0${(requirement.marker ?? '').replace(/\s+/g, '')}`
      const earlier = seen.get(key)
      if (!earlier) {
        seen.set(key, [entry])
        continue
      }
      const where = (other: RequirementEntry): string =>
        `${other.file.path}:${other.file.source.position(other.requirement.span.start).line}`
      const conflicting = earlier.find((other) => conflicts(other.requirement, requirement))
      if (earlier.length < MAX_COMPARED) earlier.push(entry)
      if (conflicting) {
        report({
          file: entry.file,
          messageId: 'CONFLICT',
          data: { name: requirement.name, spec: describe(requirement), other: describe(conflicting.requirement), where: where(conflicting) },
          span: requirement.span,
        })
        continue
      }
      // A constraint restating a requirement is what constraints are for; only two requirements are a duplicate.
      if (entry.constraint) continue
      const duplicate = earlier.find((other) => other !== entry && !other.constraint)
      if (duplicate) {
        report({ file: entry.file, messageId: 'DUPLICATE', data: { name: requirement.name, where: where(duplicate) }, span: requirement.span })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'same package, different spelling, same file',
        files: { 'requirements.txt': 'pandas==2.2.3\nrequests==2.32.3\nPandas==2.2.3\n' },
        findings: [{ file: 'requirements.txt', line: 3, messageId: 'DUPLICATE' }],
      },
      {
        name: 'conflicting pins across an include (names normalised as pip does)',
        files: {
          'requirements-dev.txt': '-r requirements.txt\nSQLAlchemy==2.0.36\n',
          'requirements.txt': 'sqlalchemy==1.4.54\n',
        },
        findings: [{ file: 'requirements-dev.txt', line: 2, messageId: 'CONFLICT' }],
      },
      {
        name: 'a pin outside a range given earlier, and a constraint that excludes a pin',
        files: {
          'requirements.txt': 'numpy<2\n-c caps.txt\nnumpy==2.1.3\nurllib3==2.2.3\n',
          'caps.txt': 'urllib3<2\n',
        },
        findings: [
          { file: 'requirements.txt', line: 3, messageId: 'CONFLICT' },
          { file: 'requirements.txt', line: 4, messageId: 'CONFLICT' },
        ],
      },
      {
        name: 'a repeat with a compatible range',
        files: { 'requirements.txt': 'boto3==1.35.36\nboto3_stubs==1.35.36\nboto3>=1.34\n' },
        findings: [{ file: 'requirements.txt', line: 3, messageId: 'DUPLICATE' }],
      },
      {
        name: 'two different URLs for one package',
        files: {
          'requirements.txt': `etl @ git+https://github.com/acme/etl.git@${'1'.repeat(40)}\netl @ git+https://github.com/acme/etl.git@${'2'.repeat(40)}\n`,
        },
        findings: [{ file: 'requirements.txt', line: 2, messageId: 'CONFLICT' }],
      },
    ],
    pass: [
      {
        name: 'different environment markers select one entry each',
        files: {
          'requirements.txt': 'numpy==1.24.4; python_version < "3.9"\nnumpy==1.26.4; python_version >= "3.9"\n',
        },
      },
      {
        name: 'a constraints file that restates or caps a requirement',
        files: { 'requirements.txt': '-c constraints.txt\npandas==2.2.3\nnumpy==1.26.4\n', 'constraints.txt': 'pandas==2.2.3\nnumpy<2\n' },
      },
      {
        name: 'separate installs may each list a package',
        files: { 'requirements.txt': 'pandas==2.2.3\n', 'tests/requirements.txt': 'pandas==2.2.3\n' },
      },
      { name: 'similar names are different packages', files: { 'requirements.txt': 'boto3==1.35.36\nboto3-stubs==1.35.36\n' } },
    ],
  },
})
