import { z } from 'zod'
import { defineFileRule } from '../src/engine/rule.js'
import { actionReference, isFullSha, jobHoldsAstroCredential, parseWorkflow, stepReceivesAstroCredential } from './helpers/workflow.js'

const SHA = '7a5226229901e89cadc12d8e208922d133e1f12c'
const deployWorkflow = (uses: string, checkout = 'actions/checkout@v4') =>
  `on:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${checkout}\n      - uses: ${uses}\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n        with:\n          deployment-id: cl123\n`

export const rule = defineFileRule({
  id: 'AG123',
  name: 'unpinned-action-with-astro-token',
  title: 'Action that receives an Astro token referenced by a tag or branch',
  severity: 'warning',
  responsibility: 'access-management',
  kinds: ['workflow'],
  keywords: ['astro'],
  options: {
    schema: z.object({ tagPinnedOwners: z.array(z.string()) }),
    defaults: { tagPinnedOwners: ['actions', 'github'] },
  },
  messages: {
    UNPINNED: (p: { action: string; ref: string }) =>
      `'${p.action}' receives the Astro token but is referenced by '${p.ref}', a tag or branch that can be moved to other code.`,
  },
  docs: {
    what: 'Flags `uses:` references that are not a full 40-character commit SHA, for actions (and reusable workflows) that can read an Astro credential: through the step\'s `env:`/`with:`, or through job- or workflow-level `env:` (which every step of the job receives). Actions owned by GitHub (`actions/*`, `github/*`) may use tags; set the `tagPinnedOwners` option to `[]` to require SHAs for them too.',
    why: 'A tag or branch can be moved to new code by whoever controls the action\'s repository, or by an attacker who compromises it (as happened to `tj-actions/changed-files` in 2025). The next run then hands your Astro API token to that code. Astronomer recommends pinning third-party actions, `astronomer/deploy-action` included, to a full commit SHA.',
    fix: 'Pin to the commit SHA the tag points to and keep the tag as a comment (`uses: astronomer/deploy-action@<sha> # v0.13.0`); let Dependabot or Renovate update the pin. Give the token only to the step that deploys.',
    examples: {
      bad: { '.github/workflows/deploy.yml': deployWorkflow('astronomer/deploy-action@v0.13.0') },
      good: { '.github/workflows/deploy.yml': deployWorkflow(`astronomer/deploy-action@${SHA} # v0.13.0`) },
    },
    references: [
      { title: 'GitHub: security hardening, using third-party actions', url: 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions' },
      { title: 'astronomer/deploy-action (pinning recommendation)', url: 'https://github.com/astronomer/deploy-action#workflow-file-examples' },
    ],
  },
  check({ file, options, report }) {
    const wf = parseWorkflow(file)
    if (!wf) return
    const trusted = new Set(options.tagPinnedOwners.map((owner) => owner.toLowerCase()))
    const flag = (uses: { value: string | undefined; valueSpan: { start: number; end: number } } | undefined) => {
      if (!uses?.value) return
      const reference = actionReference(uses.value)
      if (!reference || isFullSha(reference.ref) || trusted.has(reference.owner)) return
      report({ messageId: 'UNPINNED', data: { action: reference.action, ref: reference.ref || '(no ref)' }, span: uses.valueSpan })
    }
    for (const job of wf.jobs) {
      if (job.uses && jobHoldsAstroCredential(wf, job)) flag(job.uses)
      for (const step of job.steps) if (stepReceivesAstroCredential(wf, job, step)) flag(step.uses)
    }
  },
  cases: {
    flag: [
      {
        name: 'deploy-action by tag with the token in the step env',
        files: { '.github/workflows/deploy.yml': deployWorkflow('astronomer/deploy-action@v0.13.0') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 11, messageId: 'UNPINNED' }],
      },
      {
        name: 'job-level token reaches a third-party build action on a branch',
        files: {
          '.github/workflows/deploy.yml': `on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@master\n      - uses: astronomer/deploy-action@${SHA}\n`,
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 11, messageId: 'UNPINNED' }],
      },
      {
        name: 'token passed as an input, action without any ref',
        files: {
          '.github/workflows/deploy.yml': 'on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/astro-deploy\n        with:\n          token: ${{ secrets.ASTRO_API_TOKEN }}\n',
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 7, messageId: 'UNPINNED' }],
      },
      {
        name: 'reusable workflow by branch with inherited secrets',
        files: {
          '.github/workflows/release.yml': 'on: push\npermissions: {}\njobs:\n  deploy:\n    uses: acme/platform/.github/workflows/astro-deploy.yml@main\n    secrets:\n      ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n',
        },
        findings: [{ file: '.github/workflows/release.yml', line: 5, messageId: 'UNPINNED' }],
      },
      {
        name: 'with tagPinnedOwners [] GitHub-owned actions need SHAs too',
        options: { tagPinnedOwners: [] },
        files: {
          '.github/workflows/deploy.yml': `on: push\npermissions: {}\nenv:\n  ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4.2.2\n      - uses: astronomer/deploy-action@${SHA}\n`,
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 9, messageId: 'UNPINNED' }],
      },
    ],
    pass: [
      { name: 'SHA-pinned deploy-action', files: { '.github/workflows/deploy.yml': deployWorkflow(`astronomer/deploy-action@${SHA} # v0.13.0`) } },
      {
        name: 'unpinned action in a job without the token',
        files: { '.github/workflows/ci.yml': 'on: push\npermissions:\n  contents: read\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astral-sh/ruff-action@v3\n' },
      },
      {
        name: 'token only in the deploy step; a tagged action in another step does not see it',
        files: {
          '.github/workflows/deploy.yml': `on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astronomer/setup-astro-cli@v1\n      - run: astro deploy\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n`,
        },
      },
      { name: 'local action', files: { '.github/workflows/deploy.yml': 'on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/deploy\n        env:\n          ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n' } },
    ],
  },
})
