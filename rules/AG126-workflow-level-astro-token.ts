import { defineFileRule } from '../src/engine/rule.js'
import { holdsAstroCredential, parseWorkflow } from './helpers/workflow.js'

const SHA = '7a5226229901e89cadc12d8e208922d133e1f12c'

export const rule = defineFileRule({
  id: 'AG126',
  name: 'workflow-level-astro-token',
  title: 'Astro token exported to the whole workflow',
  severity: 'notice',
  responsibility: 'access-management',
  kinds: ['workflow'],
  keywords: ['astro'],
  messages: {
    WORKFLOW_ENV: (p: { name: string }) =>
      `'${p.name}' is set in the workflow-level env:, so every step of every job receives the Astro token; give it only to the deploy step.`,
  },
  docs: {
    what: 'Flags an Astro credential (`ASTRO_API_TOKEN`, `ASTRONOMER_KEY_*`, or a variable set from a secret named like an Astro token) in the top-level `env:` of a workflow. (The deploy-action README examples do this; it works, but exposes the token widely.)',
    why: 'Workflow-level `env:` reaches every step of every job: checkout, caching, linters, test runners and any third-party action. Each of them can read and send the token anywhere. Limiting who and what can use an API token is the customer\'s side of the shared responsibility model.',
    fix: 'Move the variable into the `env:` of the step that deploys (`astronomer/deploy-action` reads `ASTRO_API_TOKEN` from its environment), or at least into the deploy job.',
    examples: {
      bad: {
        '.github/workflows/deploy.yml': `on: push\npermissions:\n  contents: read\nenv:\n  ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astronomer/deploy-action@${SHA}\n`,
      },
      good: {
        '.github/workflows/deploy.yml': `on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astronomer/deploy-action@${SHA}\n        env:\n          ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\n`,
      },
    },
    references: [{ title: 'astronomer/deploy-action', url: 'https://github.com/astronomer/deploy-action' }],
  },
  check({ file, report }) {
    const wf = parseWorkflow(file)
    if (!wf) return
    for (const entry of wf.env) {
      if (holdsAstroCredential(entry)) report({ messageId: 'WORKFLOW_ENV', data: { name: entry.key }, span: entry.keySpan })
    }
  },
  cases: {
    flag: [
      {
        name: 'the deploy-action README pattern',
        files: { '.github/workflows/deploy.yml': `on:\n  push:\n    branches: [main]\nenv:\n  ## Set API Token as an environment variable\n  ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astronomer/deploy-action@${SHA}\n` },
        findings: [{ file: '.github/workflows/deploy.yml', line: 6, messageId: 'WORKFLOW_ENV' }],
      },
      {
        name: 'a differently named variable from an Astro secret',
        files: { '.github/workflows/deploy.yml': 'on: push\nenv:\n  TOKEN: ${{ secrets.ASTRO_PROD_API_TOKEN }}\n  ASTRO_DOMAIN: astronomer.io\njobs: {}\n' },
        findings: [{ file: '.github/workflows/deploy.yml', line: 3, messageId: 'WORKFLOW_ENV' }],
      },
    ],
    pass: [
      { name: 'job-level env', files: { '.github/workflows/deploy.yml': 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n    steps:\n      - run: astro deploy\n' } },
      { name: 'non-secret Astro settings at workflow level', files: { '.github/workflows/deploy.yml': 'on: push\nenv:\n  ASTRO_DOMAIN: astronomer.io\n  DEPLOYMENT_ID: cl123\njobs: {}\n' } },
    ],
  },
})
