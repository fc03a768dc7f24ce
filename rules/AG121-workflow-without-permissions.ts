import { defineFileRule } from '../src/engine/rule.js'
import { jobHoldsAstroCredential, parseWorkflow } from './helpers/workflow.js'

const PINNED_DEPLOY = 'astronomer/deploy-action@7a5226229901e89cadc12d8e208922d133e1f12c # v0.13.0'

export const rule = defineFileRule({
  id: 'AG121',
  name: 'workflow-without-permissions',
  title: 'Workflow holding an Astro token without a permissions block',
  severity: 'warning',
  responsibility: 'access-management',
  kinds: ['workflow'],
  keywords: ['astro'],
  messages: {
    NO_PERMISSIONS: (p: { job: string }) =>
      `Job '${p.job}' holds an Astro token but neither the job nor the workflow sets permissions:, so GITHUB_TOKEN gets the repository's default scopes.`,
  },
  docs: {
    what: 'Flags jobs that can read an Astro credential (`ASTRO_API_TOKEN`, the legacy `ASTRONOMER_KEY_*`, or a secret named like an Astro token) in a workflow where neither the workflow nor the job has a `permissions:` block.',
    why: 'Without `permissions:` the job\'s `GITHUB_TOKEN` gets the repository or organization default, which on older repositories is read/write to contents, packages, pull requests and more. Any step compromised in a deploy job then holds both the Astro token and a powerful GitHub token. Least privilege for API tokens is the customer\'s side of the shared responsibility model.',
    fix: 'Add `permissions: contents: read` at the top of the workflow (or to the deploy job) and grant more only where a step needs it.',
    examples: {
      bad: {
        '.github/workflows/deploy.yml': `on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PINNED_DEPLOY}\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n`,
      },
      good: {
        '.github/workflows/deploy.yml': `on:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PINNED_DEPLOY}\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n`,
      },
    },
    references: [
      { title: 'GitHub: controlling permissions for GITHUB_TOKEN', url: 'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token' },
      { title: 'astronomer/deploy-action', url: 'https://github.com/astronomer/deploy-action' },
    ],
  },
  check({ file, report }) {
    const wf = parseWorkflow(file)
    if (!wf || wf.hasPermissions) return
    for (const job of wf.jobs) {
      if (job.hasPermissions || !jobHoldsAstroCredential(wf, job)) continue
      report({ messageId: 'NO_PERMISSIONS', data: { job: job.id }, span: job.idSpan })
    }
  },
  cases: {
    flag: [
      {
        name: 'token in a step env, no permissions anywhere',
        files: {
          '.github/workflows/deploy.yml': `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PINNED_DEPLOY}\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n`,
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 3, messageId: 'NO_PERMISSIONS' }],
      },
      {
        name: 'workflow-level token reaches both jobs; one job has its own permissions',
        files: {
          '.github/workflows/deploy.yml':
            'on: push\nenv:\n  ASTRO_API_TOKEN: ${{ secrets.ASTRO_PROD_TOKEN }}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n  deploy:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n',
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 5, messageId: 'NO_PERMISSIONS' }],
      },
      {
        name: 'secret referenced in a run script',
        files: {
          '.github/workflows/deploy.yml': 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro login --token-login "${{ secrets.ASTRO_TOKEN }}"\n',
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 3, messageId: 'NO_PERMISSIONS' }],
      },
    ],
    pass: [
      {
        name: 'job-level permissions',
        files: {
          '.github/workflows/deploy.yml': `on: push\njobs:\n  deploy:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PINNED_DEPLOY}\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n`,
        },
      },
      { name: 'no Astro token', files: { '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro dev pytest\n' } },
      { name: 'empty permissions block counts', files: { '.github/workflows/deploy.yml': 'on: push\npermissions: {}\nenv:\n  ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n' } },
    ],
  },
})
