import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, inCarrier, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG101

export const rule = defineFileRule({
  id: 'AG101',
  name: 'provider-api-token',
  title: 'API token of a SaaS provider committed',
  severity: 'error',
  responsibility: 'access-management',
  kinds: scope.kinds,
  keywords: prefilterOf('AG101'),
  messages: {
    PROVIDER_TOKEN: (p: { provider: string; where: string }) => `A ${p.provider} is committed${p.where}.`,
  },
  docs: {
    what:
      'Flags tokens in the documented formats of GitHub (classic `ghp_`/`gho_`/…, fine-grained `github_pat_`), GitLab (`glpat-`, …), Slack (bot/user/app tokens and incoming-webhook URLs), Stripe (live and test secret keys), SendGrid, Twilio (API keys; auth tokens under a Twilio name), OpenAI, Anthropic, npm, PyPI and Databricks, and signed JSON Web Tokens, in any text file. Placeholders (`ghp_...`, `xoxb-your-token`) and the jwt.io documentation token are left alone.',
    why:
      'A provider token grants whoever reads it the account access it was issued with, and git keeps it forever. Managing API tokens, who holds them and where they live, is the customer\'s side of the shared responsibility model.',
    fix: `${ROTATE} Revoke the token at the provider and issue a new one. ${ASTRO_WAY} Airflow reads it from a connection (\`AIRFLOW_CONN_<ID>\`) or variable (\`AIRFLOW_VAR_<NAME>\`) set that way, never from the code.`,
    examples: {
      bad: { 'include/notify.py': `SLACK_TOKEN = "${fakeCredential('slack-bot', 'ag101-doc')}"\n` },
      good: { 'include/notify.py': 'from airflow.hooks.base import BaseHook\n\nSLACK_TOKEN = BaseHook.get_connection("slack").password\n' },
    },
    references: [REFERENCES.envVars, REFERENCES.secretsBackend, REFERENCES.ghSecrets, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG101', (c) => ({ messageId: 'PROVIDER_TOKEN', data: { provider: c.provider, where: inCarrier(c.where) } }))
  },
  cases: {
    flag: [
      {
        name: 'GitHub classic token in a DAG keyword argument (one finding, naming the argument)',
        files: { 'dags/sync.py': `from airflow.providers.github.operators.github import GithubOperator\n\nop = GithubOperator(task_id="x", github_conn_id="gh", token="${fakeCredential('github-classic', 1)}")\n` },
        findings: [{ file: 'dags/sync.py', line: 3, messageId: 'PROVIDER_TOKEN' }],
      },
      {
        name: 'GitHub fine-grained token in .env',
        files: { '.env': `GITHUB_TOKEN=${fakeCredential('github-fine-grained', 1)}\n` },
        findings: [{ file: '.env', line: 1, messageId: 'PROVIDER_TOKEN' }],
      },
      {
        name: 'GitLab, Slack, Stripe, SendGrid, npm, PyPI, Databricks, OpenAI and Anthropic tokens in a README',
        files: {
          'README.md': [
            `gitlab: ${fakeCredential('gitlab', 2)}`,
            `slack: ${fakeCredential('slack-user', 2)}`,
            `webhook: ${fakeCredential('slack-webhook', 2)}`,
            `stripe: ${fakeCredential('stripe-live', 2)}`,
            `sendgrid: ${fakeCredential('sendgrid', 2)}`,
            `npm: ${fakeCredential('npm', 2)}`,
            `pypi: ${fakeCredential('pypi', 2)}`,
            `databricks: ${fakeCredential('databricks', 2)}`,
            `openai: ${fakeCredential('openai', 2)}`,
            `anthropic: ${fakeCredential('anthropic', 2)}`,
            '',
          ].join('\n'),
        },
        findings: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((line) => ({ file: 'README.md', line, messageId: 'PROVIDER_TOKEN' as const })),
      },
      {
        name: 'Stripe test-mode key is a warning',
        files: { 'tests/test_billing.py': `STRIPE = "${fakeCredential('stripe-test', 3)}"\n` },
        findings: [{ file: 'tests/test_billing.py', line: 1, messageId: 'PROVIDER_TOKEN', severity: 'warning' }],
      },
      {
        name: 'Twilio API key and auth token in a file that mentions Twilio',
        files: { 'include/sms.py': `# Twilio client\nTWILIO_API_KEY = "${fakeCredential('twilio-api-key', 4)}"\nTWILIO_AUTH_TOKEN = "${fakeCredential('twilio-auth-token', 4)}"\n` },
        findings: [
          { file: 'include/sms.py', line: 2, messageId: 'PROVIDER_TOKEN' },
          { file: 'include/sms.py', line: 3, messageId: 'PROVIDER_TOKEN' },
        ],
      },
      {
        name: 'a signed JWT in a YAML file',
        files: { 'include/api.yaml': `service:\n  auth_header: "Bearer ${fakeCredential('jwt', 5)}"\n` },
        findings: [{ file: 'include/api.yaml', line: 2, messageId: 'PROVIDER_TOKEN' }],
      },
    ],
    pass: [
      { name: 'elided token in documentation', files: { 'README.md': 'Set `GITHUB_TOKEN=ghp_...` in your shell.\n' } },
      { name: 'placeholder Slack token', files: { '.env.example': 'SLACK_BOT_TOKEN=xoxb-your-token-here\n' } },
      { name: 'token read from a connection', files: { 'dags/x.py': 'token = BaseHook.get_connection("github").password\n' } },
      { name: 'workflow secret reference', files: { '.github/workflows/ci.yml': 'env:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n' } },
      { name: 'Stripe publishable key', files: { 'include/web.py': `STRIPE_PUBLISHABLE = "pk_live_${'a1B2c3D4'.repeat(4)}"\n` } },
      { name: 'SK + hex without any mention of Twilio', files: { 'include/h.py': `CHECKSUM = "SK${'0123456789abcdef'.repeat(2)}"\n` } },
      {
        name: 'the jwt.io documentation token',
        files: { 'docs/auth.md': `Example: ${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"1234567890","name":"John Doe","iat":1516239022}').toString('base64url')}.${'x'.repeat(12)}SflKxwRJSMeK\n` },
      },
    ],
  },
})
