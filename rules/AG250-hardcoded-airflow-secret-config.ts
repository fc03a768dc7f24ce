import { defineFileRule } from '../src/engine/rule.js'
import { fakeSecret } from '../src/testing/fake-secret.js'
import { SECRET_SETTINGS, keywordsOf } from './data/airflow-settings.js'
import { ASTRO_CLI_LOCAL_FERNET_KEY, airflowSecretHits } from './helpers/airflow-secrets.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'

const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** A Fernet-shaped key (32 bytes, url-safe base64), generated. */
const fernet = (seed: string) => `${fakeSecret(43, seed, URLSAFE)}=`

export const rule = defineFileRule({
  id: 'AG250',
  name: 'hardcoded-airflow-secret-config',
  title: 'Airflow secret option (Fernet key, secret key, JWT secret, database URI) written in a file',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: ['dockerfile', 'dotenv', 'ini', 'yaml', 'json', 'workflow'],
  keywords: keywordsOf(SECRET_SETTINGS),
  messages: {
    HARDCODED: (p: { setting: string; protects: string }) => `${p.setting} is set to a literal value; it ${p.protects}.`,
    PUBLIC_FERNET_KEY: (p: { setting: string }) =>
      `${p.setting} is the Astro CLI's public local Fernet key: anything encrypted with it can be decrypted by anyone.`,
    LOCAL_DEFAULT: (p: { setting: string }) =>
      `${p.setting} uses well-known local development credentials; keep it out of anything deployed.`,
  },
  docs: {
    what: 'Flags literal values of the Airflow options that hold credentials: `[core] fernet_key`, the session signing key (`[webserver] secret_key` in Airflow 2, `[api] secret_key` from Airflow 3.0.2), `[api_auth] jwt_secret` (Airflow 3), and passwords inside `[database] sql_alchemy_conn`, `[celery] broker_url`/`result_backend`, `[celery] flower_basic_auth` and `[smtp] smtp_password`, wherever they are set: Dockerfile `ENV`, `.env`, `airflow.cfg`, Helm values, Kubernetes manifests, workflow `env:` and Astro Deployment files (even with `is_secret: true`, the value is in the file). The Astro CLI\'s public local Fernet key is an error in anything deployed and a notice in `.env`; its local database login (postgres/postgres on a local host) is a notice.',
    why: 'The Fernet key decrypts every connection password and Variable in the metadata database; the secret key and JWT secret let anyone forge sessions and API tokens. A value in a Dockerfile is baked into the image in plain text and, on Astro, overrides the key the platform manages. In git it stays readable forever. Storing secrets safely is the customer\'s side of the shared responsibility model.',
    fix: 'Delete the value and rotate it. On Astro, let the platform manage the Fernet and secret keys; put other secrets in Deployment environment variables marked secret, or read them with Airflow\'s `_secret` (secrets backend) or `_cmd` variants, for example `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_SECRET`. In workflows use `${{ secrets.X }}`.',
    examples: {
      bad: airflow2Project(`ENV AIRFLOW__CORE__FERNET_KEY=${fernet('ag250-doc')}\n`),
      good: airflow2Project('ENV AIRFLOW__CORE__FERNET_KEY_SECRET=fernet_key\n'),
    },
    references: [
      { title: 'Airflow: securing connections (Fernet)', url: 'https://airflow.apache.org/docs/apache-airflow/stable/security/secrets/fernet.html' },
      { title: 'Airflow: configuration from secrets backends and commands (_cmd, _secret)', url: 'https://airflow.apache.org/docs/apache-airflow/stable/howto/set-config.html' },
      { title: 'Astro: environment variables', url: 'https://www.astronomer.io/docs/astro/environment-variables' },
    ],
  },
  check({ file, env, report }) {
    for (const hit of airflowSecretHits(file, env.settings.placeholders)) {
      const setting = hit.assignment.spelledAs
      if (hit.kind === 'public-fernet-key') {
        report({
          messageId: 'PUBLIC_FERNET_KEY',
          data: { setting },
          span: hit.span,
          secret: hit.secret,
          severity: hit.assignment.deployed ? undefined : 'notice',
        })
      } else if (hit.kind === 'local-default') {
        report({ messageId: 'LOCAL_DEFAULT', data: { setting }, span: hit.span, secret: hit.secret, severity: 'notice' })
      } else {
        report({ messageId: 'HARDCODED', data: { setting, protects: hit.entry.protects }, span: hit.span, secret: hit.secret })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'Airflow 2: Fernet key and webserver secret key in the Dockerfile',
        files: airflow2Project(`ENV AIRFLOW__CORE__FERNET_KEY=${fernet('ag250-1')}\nENV AIRFLOW__WEBSERVER__SECRET_KEY=${fakeSecret(32, 'ag250-2')}\n`),
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'HARDCODED', severity: 'error' },
          { file: 'Dockerfile', line: 3, messageId: 'HARDCODED', severity: 'error' },
        ],
      },
      {
        name: 'Airflow 3: [api] secret key and JWT secret',
        files: airflow3Project(`ENV AIRFLOW__API__SECRET_KEY=${fakeSecret(32, 'ag250-3')} \\\n    AIRFLOW__API_AUTH__JWT_SECRET=${fakeSecret(40, 'ag250-4')}\n`),
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'HARDCODED' },
          { file: 'Dockerfile', line: 3, messageId: 'HARDCODED' },
        ],
      },
      {
        name: 'metadata database password in .env',
        files: { '.env': `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:${fakeSecret(18, 'ag250-5')}@metadata.prod.acme.io:5432/airflow\n` },
        findings: [{ file: '.env', line: 1, messageId: 'HARDCODED' }],
      },
      {
        name: 'the public Astro CLI Fernet key in the image is an error',
        files: airflow2Project(`ENV AIRFLOW__CORE__FERNET_KEY=${ASTRO_CLI_LOCAL_FERNET_KEY}\n`),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PUBLIC_FERNET_KEY', severity: 'error' }],
      },
      {
        name: 'the public Astro CLI Fernet key in .env is a notice',
        files: { '.env': `AIRFLOW__CORE__FERNET_KEY=${ASTRO_CLI_LOCAL_FERNET_KEY}\n` },
        findings: [{ file: '.env', line: 1, messageId: 'PUBLIC_FERNET_KEY', severity: 'notice' }],
      },
      {
        name: 'airflow.cfg: Celery broker password and SMTP password',
        files: {
          'airflow.cfg': `[celery]\nbroker_url = redis://:${fakeSecret(20, 'ag250-6')}@redis.prod.acme.io:6379/0\n\n[smtp]\nsmtp_password = ${fakeSecret(16, 'ag250-7')}\n`,
        },
        findings: [
          { file: 'airflow.cfg', line: 2, messageId: 'HARDCODED' },
          { file: 'airflow.cfg', line: 5, messageId: 'HARDCODED' },
        ],
      },
      {
        name: 'local compose database login is a notice',
        files: { '.env': 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql://postgres:postgres@postgres:5432/postgres\n' },
        findings: [{ file: '.env', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
      {
        name: 'Deployment file: marked secret, but the value is in the file',
        files: {
          'deploy/prod.yaml': `deployment:\n  environment_variables:\n    - is_secret: true\n      key: AIRFLOW__WEBSERVER__SECRET_KEY\n      value: ${fakeSecret(30, 'ag250-8')}\n  configuration:\n    name: prod\n`,
        },
        findings: [{ file: 'deploy/prod.yaml', line: 5, messageId: 'HARDCODED' }],
      },
      {
        name: 'workflow env for tests',
        files: { '.github/workflows/test.yml': `on: push\nenv:\n  AIRFLOW__CORE__FERNET_KEY: ${fernet('ag250-9')}\njobs: {}\n` },
        findings: [{ file: '.github/workflows/test.yml', line: 3, messageId: 'HARDCODED' }],
      },
      {
        name: 'Flower basic auth in a Kubernetes manifest',
        files: { 'k8s/flower.yaml': `env:\n  - name: AIRFLOW__CELERY__FLOWER_BASIC_AUTH\n    value: admin:${fakeSecret(14, 'ag250-10')}\n` },
        findings: [{ file: 'k8s/flower.yaml', line: 3, messageId: 'HARDCODED' }],
      },
    ],
    pass: [
      { name: '_secret and _cmd variants', files: airflow3Project('ENV AIRFLOW__CORE__FERNET_KEY_SECRET=fernet_key \\\n    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD="cat /run/secrets/db"\n') },
      { name: 'workflow secret reference', files: { '.github/workflows/test.yml': 'on: push\nenv:\n  AIRFLOW__CORE__FERNET_KEY: ${{ secrets.FERNET_KEY }}\njobs: {}\n' } },
      { name: 'database URI without a password', files: { '.env': 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql://airflow@metadata.prod.acme.io/airflow\n' } },
      { name: 'empty key (another rule)', files: airflow2Project('ENV AIRFLOW__CORE__FERNET_KEY=\n') },
      { name: 'placeholder', files: { '.env': 'AIRFLOW__CORE__FERNET_KEY=<your-fernet-key>\n' } },
      {
        name: 'inspected Deployment file: secret values are blank',
        files: { 'deploy/prod.yaml': 'deployment:\n  environment_variables:\n    - is_secret: true\n      key: AIRFLOW__CORE__FERNET_KEY\n      value: ""\n  configuration:\n    name: prod\n' },
      },
      { name: "airflow.cfg template placeholder", files: { 'airflow.cfg': '[core]\nfernet_key = {FERNET_KEY}\n' } },
      { name: 'command substitution', files: { '.env': 'AIRFLOW__WEBSERVER__SECRET_KEY=$(cat /run/secrets/webserver)\n' } },
      { name: 'variable reference in the Dockerfile', files: airflow2Project('ARG KEY\nENV AIRFLOW__CORE__FERNET_KEY=${KEY}\n') },
    ],
  },
})
