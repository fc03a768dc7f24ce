import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG204

export const rule = defineFileRule({
  id: 'AG204',
  name: 'secret-airflow-variable-env-var',
  title: 'Secret value in an AIRFLOW_VAR_* environment variable',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG204'),
  messages: {
    SECRET_VARIABLE: (p: { envName: string; carrier: string }) => `'${p.envName}' (${p.carrier}) sets a secret Airflow variable to a literal value.`,
  },
  docs: {
    what:
      'Flags `AIRFLOW_VAR_<NAME>` environment variables with a literal value when `<NAME>` means a secret (`*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, `*_SECRET`, …), in `.env*` files, Dockerfile `ENV`/`ARG`, workflow `env:`, Kubernetes/Helm/compose YAML, shell scripts and `os.environ[...] =`. Other variables and references are left alone.',
    why:
      'Airflow reads `AIRFLOW_VAR_*` as variables and masks those with secret names because they hold credentials; the literal in the repository is that credential.',
    fix: `${ROTATE} ${ASTRO_WAY}`,
    examples: {
      bad: { Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.1-5\nENV AIRFLOW_VAR_PARTNER_API_KEY=${fakeCredential('password', 'ag204-doc')}\n` },
      good: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-5\nENV AIRFLOW_VAR_TARGET_SCHEMA=analytics\n' },
    },
    references: [REFERENCES.envVars, REFERENCES.secretsBackend, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG204', (c) => ({ messageId: 'SECRET_VARIABLE', data: { envName: c.envName, carrier: c.carrier } }))
  },
  cases: {
    flag: [
      {
        name: 'Dockerfile ENV',
        files: { Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.1-5\nENV AIRFLOW_VAR_PARTNER_API_KEY=${fakeCredential('password', 'ag204-1')}\n` },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SECRET_VARIABLE' }],
      },
      {
        name: '.env and compose environment list',
        files: {
          '.env': 'AIRFLOW_VAR_SFTP_PASSWORD=s3cure-Sftp-77\n',
          'docker-compose.override.yml': `services:\n  scheduler:\n    environment:\n      - AIRFLOW_VAR_DBT_CLOUD_TOKEN=${fakeCredential('password', 'ag204-2')}\n`,
        },
        findings: [
          { file: '.env', line: 1, messageId: 'SECRET_VARIABLE' },
          { file: 'docker-compose.override.yml', line: 4, messageId: 'SECRET_VARIABLE' },
        ],
      },
    ],
    pass: [
      { name: 'non-secret variable', files: { '.env': 'AIRFLOW_VAR_TARGET_SCHEMA=analytics\n' } },
      { name: 'reference', files: { '.env': 'AIRFLOW_VAR_PARTNER_API_KEY=${PARTNER_API_KEY}\n' } },
      { name: 'empty', files: { '.env': 'AIRFLOW_VAR_PARTNER_API_KEY=\n' } },
    ],
  },
})
