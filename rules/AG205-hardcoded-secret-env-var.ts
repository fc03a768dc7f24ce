import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG205

export const rule = defineFileRule({
  id: 'AG205',
  name: 'hardcoded-secret-env-var',
  title: 'Secret written into an environment variable definition',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG205'),
  messages: {
    SECRET_ENV: (p: { envName: string; carrier: string }) => `'${p.envName}' (${p.carrier}) is set to a literal secret.`,
    LOCAL_DEFAULT: (p: { envName: string }) => `'${p.envName}' is set to a well-known local development password.`,
  },
  docs: {
    what:
      'Flags environment variables whose name means a credential (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `*_API_KEY`, `DB_PASS`, …) set to a literal in `.env*` files, Dockerfile `ENV` and `ARG` defaults, workflow and job `env:` and action inputs (`with: password:`), Kubernetes/Helm/compose YAML, shell `export` lines and `os.environ[...] =`. `AIRFLOW__*` settings are left to the Airflow-settings rules; `AIRFLOW_CONN_*`, `AIRFLOW_VAR_*` and `ASTRO_API_TOKEN` have their own rules.',
    why:
      'Dockerfile `ENV` and `ARG` values are baked into the image in plain text and Astro does not mask them; values in `.env`, workflows and manifests are in git history. Storing environment variables safely is the customer\'s side of the shared responsibility model.',
    fix: `${ROTATE} ${ASTRO_WAY} For build-time secrets, use BuildKit secret mounts (\`RUN --mount=type=secret\`) instead of \`ARG\`.`,
    examples: {
      bad: { '.github/workflows/etl.yml': `jobs:\n  load:\n    runs-on: ubuntu-latest\n    env:\n      WAREHOUSE_PASSWORD: ${fakeCredential('password', 'ag205-doc')}\n    steps:\n      - run: make load\n` },
      good: { '.github/workflows/etl.yml': 'jobs:\n  load:\n    runs-on: ubuntu-latest\n    env:\n      WAREHOUSE_PASSWORD: ${{ secrets.WAREHOUSE_PASSWORD }}\n    steps:\n      - run: make load\n' },
    },
    references: [REFERENCES.envVars, REFERENCES.ghSecrets, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG205', (c) =>
      c.local ? { messageId: 'LOCAL_DEFAULT', data: { envName: c.envName } } : { messageId: 'SECRET_ENV', data: { envName: c.envName, carrier: c.carrier } },
    )
  },
  cases: {
    flag: [
      {
        name: '.env, Dockerfile ARG default and shell export',
        files: {
          '.env': `SNOWFLAKE_PASSWORD=${fakeCredential('password', 'ag205-1')}\nDB_PASS=Summer2024!\n`,
          Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.1-5\nARG PIP_TOKEN=${fakeCredential('password', 'ag205-2')}\n`,
          'scripts/setup.sh': `#!/bin/sh\nexport DBT_CLOUD_API_KEY=${fakeCredential('password', 'ag205-3')}\n`,
        },
        findings: [
          { file: '.env', line: 1, messageId: 'SECRET_ENV' },
          { file: '.env', line: 2, messageId: 'SECRET_ENV' },
          { file: 'Dockerfile', line: 2, messageId: 'SECRET_ENV' },
          { file: 'scripts/setup.sh', line: 2, messageId: 'SECRET_ENV' },
        ],
      },
      {
        name: 'workflow step env and action input',
        files: {
          '.github/workflows/publish.yml': `jobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          username: ci\n          password: ${fakeCredential('password', 'ag205-4')}\n      - run: make\n        env:\n          MAPBOX_KEY: ${fakeCredential('password', 'ag205-5')}\n`,
        },
        findings: [
          { file: '.github/workflows/publish.yml', line: 8, messageId: 'SECRET_ENV' },
          { file: '.github/workflows/publish.yml', line: 11, messageId: 'SECRET_ENV' },
        ],
      },
      {
        name: 'Helm values env map',
        files: { 'chart/values.yaml': `scheduler:\n  env:\n    SMTP_PASSWORD: ${fakeCredential('password', 'ag205-6')}\n` },
        findings: [{ file: 'chart/values.yaml', line: 3, messageId: 'SECRET_ENV' }],
      },
      {
        name: 'local default password is a notice',
        files: { '.env': 'POSTGRES_PASSWORD=postgres\n' },
        findings: [{ file: '.env', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'workflow secret reference', files: { '.github/workflows/ci.yml': 'env:\n  DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n' } },
      { name: 'ARG without a default', files: { Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-5\nARG PIP_TOKEN\n' } },
      { name: 'names that are not secrets', files: { '.env': 'TOKENIZER=gpt2\nMAX_TOKENS=4096\nPASSWORD_MIN_LENGTH=12\nSECRET_NAME=prod/warehouse\nSORT_KEY=created_at\n' } },
      { name: 'AIRFLOW__ settings are another family\'s', files: { '.env': 'AIRFLOW__WEBSERVER__SECRET_KEY=my-local-dev-key-123\n' } },
      { name: 'command substitution and file paths', files: { 'scripts/run.sh': 'export DB_PASSWORD=$(cat /run/secrets/db_password)\nexport GOOGLE_CREDENTIALS_FILE=/secrets/key.json\n' } },
      { name: 'Kubernetes secretKeyRef', files: { 'k8s/x.yaml': 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n' } },
    ],
  },
})
