import { defineFileRule } from '../src/engine/rule.js'
import { actionReference, jobHasSecrets, parseWorkflow, runLines } from './helpers/workflow.js'

/** Expressions that name the pull request's (or the triggering run's) head: code the PR author controls. */
const PR_HEAD_EXPRESSIONS = [
  'github.event.pull_request.head.',
  'github.event.pull_request.merge_commit_sha',
  'github.event.pull_request.number',
  'github.head_ref',
  'github.event.number',
  'github.event.workflow_run.head_',
  'github.event.workflow_run.pull_requests',
  'refs/pull/',
]

/** Whether a value names pull-request code (whitespace inside `${{ }}` ignored). */
function namesPullRequestHead(value: string): boolean {
  const compact = value.replace(/\s+/g, '').toLowerCase()
  return PR_HEAD_EXPRESSIONS.some((expression) => compact.includes(expression))
}
/** Shell commands that fetch or switch to pull-request code. */
const FETCH_PR = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|pull|checkout|switch|clone)\b/

const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'] as const

const workflow = (on: string, steps: string, env = '      ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n') =>
  `on:\n  ${on}\npermissions:\n  contents: read\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    env:\n${env}    steps:\n${steps}`

export const rule = defineFileRule({
  id: 'AG120',
  name: 'pull-request-code-with-secrets',
  title: 'Pull-request code checked out in a privileged workflow that holds secrets',
  severity: 'error',
  responsibility: 'access-management',
  kinds: ['workflow'],
  keywords: ['pull_request_target', 'workflow_run'],
  messages: {
    CHECKOUT_PR_HEAD: (p: { job: string; event: string }) =>
      `Job '${p.job}' checks out pull-request code on ${p.event} while secrets are available: code from a fork runs with them.`,
    RUN_PR_HEAD: (p: { job: string; event: string }) =>
      `Job '${p.job}' fetches pull-request code in a run step on ${p.event} while secrets are available: code from a fork runs with them.`,
    DEPLOY_ACTION_CHECKOUT: (p: { job: string }) =>
      `Job '${p.job}' runs astronomer/deploy-action on pull_request_target with its default checkout, which builds the pushed pull-request commit (github.event.after) with the Astro token.`,
  },
  docs: {
    what: 'Flags jobs of `pull_request_target` or `workflow_run` workflows that check out or fetch the pull request\'s code (`actions/checkout` with a `ref`/`repository` from `github.event.pull_request.head.*`, `github.head_ref`, `refs/pull/...` or `github.event.workflow_run.head_*`; `gh pr checkout` or `git fetch ... pull/...` in `run:`) while the job can read secrets other than `GITHUB_TOKEN`. Also flags `astronomer/deploy-action` on `pull_request_target` without `checkout: false`: the action checks out `github.event.after`, the pushed pull-request commit.',
    why: 'These triggers run with the base repository\'s secrets and a read/write token even for pull requests from forks. Checking out the pull request and then building, testing or deploying it runs the author\'s code (a Dockerfile, `requirements.txt`, a DAG, a test) with the Astro API token in reach: a "pwn request". Managing who can use API tokens is the customer\'s side of the shared responsibility model.',
    fix: 'Build and test pull requests with the `pull_request` trigger (fork pull requests get no secrets), and deploy previews from a separate workflow that runs only for trusted branches or after approval (an environment with required reviewers). If `pull_request_target` is unavoidable, treat the pull request as data only and keep secrets out of that job.',
    examples: {
      bad: {
        '.github/workflows/preview.yml': workflow(
          'pull_request_target:',
          '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: astro deploy --dags\n',
        ),
      },
      good: {
        '.github/workflows/preview.yml': workflow(
          'pull_request:',
          '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: astro dev parse\n',
        ),
      },
    },
    references: [
      { title: 'GitHub: securely using pull_request_target', url: 'https://docs.github.com/en/actions/reference/security/securely-using-pull_request_target' },
      { title: 'GitHub Security Lab: preventing pwn requests', url: 'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/' },
    ],
  },
  check({ file, report }) {
    const wf = parseWorkflow(file)
    if (!wf) return
    const event = PRIVILEGED_TRIGGERS.find((trigger) => wf.triggers.has(trigger))
    if (!event) return
    for (const job of wf.jobs) {
      if (!jobHasSecrets(wf, job)) continue
      for (const step of job.steps) {
        const action = step.uses?.value ? actionReference(step.uses.value) : undefined
        const name = action?.action.toLowerCase()
        if (name === 'actions/checkout') {
          for (const input of step.with) {
            if ((input.key === 'ref' || input.key === 'repository') && input.value && namesPullRequestHead(input.value)) {
              report({ messageId: 'CHECKOUT_PR_HEAD', data: { job: job.id, event }, span: input.valueSpan })
              break
            }
          }
        } else if (name === 'astronomer/deploy-action' && wf.triggers.has('pull_request_target') && step.uses) {
          const checkout = step.with.find((input) => input.key === 'checkout')?.value?.trim().toLowerCase()
          if (checkout !== 'false') report({ messageId: 'DEPLOY_ACTION_CHECKOUT', data: { job: job.id }, span: step.uses.valueSpan })
        }
        if (step.run) {
          for (const { line, span } of runLines(file.text, step.run)) {
            if (/\bgh\s+pr\s+checkout\b/.test(line) || (FETCH_PR.test(line) && namesPullRequestHead(line)) || (line.includes('pull/') && /\bgit\s+fetch\b/.test(line))) {
              report({ messageId: 'RUN_PR_HEAD', data: { job: job.id, event }, span })
              break
            }
          }
        }
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'pull_request_target checks out the head SHA with the Astro token in the job',
        files: {
          '.github/workflows/preview.yml': workflow(
            'pull_request_target:',
            '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: astro deploy --dags\n',
          ),
        },
        findings: [{ file: '.github/workflows/preview.yml', line: 13, messageId: 'CHECKOUT_PR_HEAD' }],
      },
      {
        name: 'workflow_run checks out the triggering head with a secret in a step',
        files: {
          '.github/workflows/deploy.yml':
            "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: astro deploy\n        env:\n          ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n",
        },
        findings: [{ file: '.github/workflows/deploy.yml', line: 11, messageId: 'CHECKOUT_PR_HEAD' }],
      },
      {
        name: 'gh pr checkout in a run step (list-form trigger)',
        files: {
          '.github/workflows/preview.yml': workflow(
            '[pull_request_target]',
            '      - uses: actions/checkout@v4\n      - run: |\n          gh pr checkout ${{ github.event.pull_request.number }}\n          astro deploy --dags\n',
            '      DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}\n',
          ),
        },
        findings: [{ file: '.github/workflows/preview.yml', line: 13, messageId: 'RUN_PR_HEAD' }],
      },
      {
        name: 'deploy-action preview on pull_request_target with its default checkout',
        files: {
          '.github/workflows/preview.yml': workflow(
            'pull_request_target:\n    types: [opened, synchronize]',
            '      - uses: astronomer/deploy-action@v0.13.0\n        with:\n          action: deploy-deployment-preview\n          deployment-id: cl123\n',
          ),
        },
        findings: [{ file: '.github/workflows/preview.yml', line: 12, messageId: 'DEPLOY_ACTION_CHECKOUT' }],
      },
    ],
    pass: [
      {
        name: 'pull_request trigger: forks get no secrets',
        files: {
          '.github/workflows/ci.yml': workflow('pull_request:', '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n'),
        },
      },
      {
        name: 'pull_request_target that checks out the base branch only',
        files: { '.github/workflows/label.yml': workflow('pull_request_target:', '      - uses: actions/checkout@v4\n      - run: ./scripts/label.sh\n') },
      },
      {
        name: 'pull-request code in a job without secrets',
        files: {
          '.github/workflows/check.yml': workflow(
            'pull_request_target:',
            '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n',
            '      TOKEN: ${{ secrets.GITHUB_TOKEN }}\n',
          ),
        },
      },
      {
        name: 'deploy-action with checkout disabled',
        files: {
          '.github/workflows/preview.yml': workflow(
            'pull_request_target:',
            "      - uses: astronomer/deploy-action@v0.13.0\n        with:\n          action: delete-deployment-preview\n          checkout: false\n          deployment-id: cl123\n",
          ),
        },
      },
    ],
  },
})
