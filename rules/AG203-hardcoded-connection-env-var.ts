import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG203

export const rule = defineFileRule({
  id: 'AG203',
  name: 'hardcoded-connection-env-var',
  title: 'Credential in an AIRFLOW_CONN_* environment variable',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG203'),
  messages: {
    URI_PASSWORD: (p: { envName: string; carrier: string }) => `'${p.envName}' (${p.carrier}) embeds a password in its connection URI.`,
    JSON_PASSWORD: (p: { envName: string; carrier: string }) => `'${p.envName}' (${p.carrier}) has a literal "password" in its connection JSON.`,
    EXTRA_SECRET: (p: { envName: string; carrier: string; field: string }) =>
      `'${p.envName}' (${p.carrier}) stores a credential in connection field '${p.field}'.`,
    LOCAL_DEFAULT: (p: { envName: string }) =>
      `'${p.envName}' uses the well-known local development password; keep it out of anything deployed.`,
  },
  docs: {
    what:
      'Flags `AIRFLOW_CONN_<ID>` environment variables whose value carries a credential: a password in the URI form (`type://login:password@host/…`), in a query parameter or `__extra__`, or a `"password"` or credential-named `extra` field in the JSON form. It looks in `.env*` files, Dockerfile `ENV`/`ARG` defaults, workflow and job `env:`, Kubernetes/Helm/compose YAML, shell scripts and `os.environ[...] =` in Python. The Astro CLI\'s local defaults are only a notice.',
    why:
      'Airflow builds a connection from every `AIRFLOW_CONN_*` variable, so its value is the connection\'s password. Written into a Dockerfile it ships in plain text inside the image (Astro does not show or mask Dockerfile `ENV`); in a `.env` or workflow file it is in git history.',
    fix: `${ROTATE} ${ASTRO_WAY} Set \`AIRFLOW_CONN_<ID>\` in the Astro UI as a secret environment variable, or move the connection to a secrets backend; locally, keep \`.env\` out of git.`,
    examples: {
      bad: { '.env': `AIRFLOW_CONN_WAREHOUSE=postgres://etl:${fakeCredential('password', 'ag203-doc')}@db.example.com:5432/dw\n` },
      good: { '.env.example': 'AIRFLOW_CONN_WAREHOUSE=postgres://etl:<password>@db.example.com:5432/dw\n' },
    },
    references: [REFERENCES.airflowConnections, REFERENCES.envVars, REFERENCES.secretsBackend],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG203', (c) => {
      if (c.local) return { messageId: 'LOCAL_DEFAULT', data: { envName: c.envName } }
      if (c.field === 'password') {
        return { messageId: c.form === 'json' ? 'JSON_PASSWORD' : 'URI_PASSWORD', data: { envName: c.envName, carrier: c.carrier } }
      }
      return { messageId: 'EXTRA_SECRET', data: { envName: c.envName, carrier: c.carrier, field: c.field } }
    })
  },
  cases: {
    flag: [
      {
        name: 'URI form in .env',
        files: { '.env': `AIRFLOW_CONN_WAREHOUSE=postgres://etl:${fakeCredential('password', 'ag203-1')}@db.example.com:5432/dw\n` },
        findings: [{ file: '.env', line: 1, messageId: 'URI_PASSWORD' }],
      },
      {
        name: 'JSON form in a Dockerfile ENV',
        files: {
          Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.1-5\nENV AIRFLOW_CONN_CRM='{"conn_type": "mysql", "login": "app", "password": "${fakeCredential('password', 'ag203-2')}", "host": "crm.internal"}'\n`,
        },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'JSON_PASSWORD' }],
      },
      {
        name: 'token in the URI query (extra) in a workflow env',
        files: { '.github/workflows/ci.yml': `env:\n  AIRFLOW_CONN_HTTP_API: https://api.partner.io/?api_token=${fakeCredential('password', 'ag203-3')}\njobs: {}\n` },
        findings: [{ file: '.github/workflows/ci.yml', line: 2, messageId: 'EXTRA_SECRET' }],
      },
      {
        name: 'Kubernetes env list and os.environ in a test',
        files: {
          'k8s/worker.yaml': `spec:\n  containers:\n    - name: worker\n      env:\n        - name: AIRFLOW_CONN_S3\n          value: aws://AKIDLOCALTEST:${fakeCredential('password', 'ag203-4')}@\n`,
          'tests/conftest.py': `import os\nos.environ["AIRFLOW_CONN_PG"] = "postgresql://u:${fakeCredential('password', 'ag203-5')}@pg.internal/db"\n`,
        },
        findings: [
          { file: 'k8s/worker.yaml', line: 6, messageId: 'URI_PASSWORD' },
          { file: 'tests/conftest.py', line: 2, messageId: 'URI_PASSWORD' },
        ],
      },
      {
        name: 'local development default is a notice',
        files: { '.env': 'AIRFLOW_CONN_METADATA=postgresql://postgres:postgres@postgres:5432/postgres\n' },
        findings: [{ file: '.env', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'URI without a password', files: { '.env': 'AIRFLOW_CONN_AWS_DEFAULT=aws://?region_name=eu-west-1\n' } },
      { name: 'placeholder', files: { '.env.example': 'AIRFLOW_CONN_X=postgres://user:<password>@db/x\n' } },
      { name: 'variable reference', files: { '.env': 'AIRFLOW_CONN_X=${WAREHOUSE_URI}\n' } },
      { name: 'workflow secret reference', files: { '.github/workflows/ci.yml': 'env:\n  AIRFLOW_CONN_X: ${{ secrets.AIRFLOW_CONN_X }}\n' } },
      { name: 'password from a reference inside the URI', files: { '.env': 'AIRFLOW_CONN_X=postgres://etl:${PGPASSWORD}@db/x\n' } },
      { name: 'JSON form without a password', files: { '.env': 'AIRFLOW_CONN_GCP=\'{"conn_type": "google_cloud_platform", "extra": {"project": "p"}}\'\n' } },
    ],
  },
})
