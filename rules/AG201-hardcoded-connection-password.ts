import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG201

const settings = (password: string, extra = '') =>
  `airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n      conn_host: db.example.com\n      conn_login: etl\n      conn_password: ${password}\n${extra}`

export const rule = defineFileRule({
  id: 'AG201',
  name: 'hardcoded-connection-password',
  title: 'Connection credential written in airflow_settings.yaml',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG201'),
  messages: {
    CONN_PASSWORD: (p: { conn: string }) => `Connection '${p.conn}' has a literal conn_password in airflow_settings.yaml.`,
    CONN_URI_PASSWORD: (p: { conn: string }) => `Connection '${p.conn}' embeds a password in its conn_uri.`,
    CONN_EXTRA_SECRET: (p: { conn: string; field: string }) => `Connection '${p.conn}' stores a credential in '${p.field}'.`,
    LOCAL_DEFAULT: (p: { conn: string }) =>
      `Connection '${p.conn}' uses the well-known local development password; keep it out of anything deployed.`,
  },
  docs: {
    what:
      'Flags a literal `conn_password`, a password inside a `conn_uri`, and credential-named fields of `conn_extra` (as a YAML map or a JSON string) on the connections of `airflow_settings.yaml`. Placeholders, templates and empty values are left alone; the Astro CLI\'s local defaults (airflow/airflow, postgres/postgres on a local host) are only a notice.',
    why:
      '`airflow_settings.yaml` is for local development and is git-ignored by the Astro project template. Once committed, a password in it is readable by everyone with repository access, forever, in git history. The customer is responsible for storing connection credentials safely.',
    fix: `${ROTATE} Locally, keep the file out of git (it is in the template's .gitignore). On Astro, define the connection in the Astro Environment Manager, as a Deployment environment variable marked secret (\`AIRFLOW_CONN_<ID>\`), or in a secrets backend.`,
    examples: {
      bad: { 'airflow_settings.yaml': settings(fakeCredential('password', 'ag201-doc')) },
      good: { 'airflow_settings.yaml': settings("''") },
    },
    references: [REFERENCES.connections, REFERENCES.secretsBackend, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG201', (c) => {
      if (c.local) return { messageId: 'LOCAL_DEFAULT', data: { conn: c.conn } }
      if (c.field === 'conn_password') return { messageId: 'CONN_PASSWORD', data: { conn: c.conn } }
      if (c.field === 'conn_uri') return { messageId: 'CONN_URI_PASSWORD', data: { conn: c.conn } }
      return { messageId: 'CONN_EXTRA_SECRET', data: { conn: c.conn, field: c.field } }
    })
  },
  cases: {
    flag: [
      {
        name: 'literal password',
        files: { 'airflow_settings.yaml': settings(fakeCredential('password', 'ag201-1')) },
        findings: [{ file: 'airflow_settings.yaml', line: 7, messageId: 'CONN_PASSWORD', severity: 'error' }],
      },
      {
        name: 'weak password that an entropy gate would drop',
        files: { 'airflow_settings.yaml': settings('airflow123') },
        findings: [{ file: 'airflow_settings.yaml', line: 7, messageId: 'CONN_PASSWORD' }],
      },
      {
        name: 'quoted numeric password',
        files: { 'airflow_settings.yaml': settings('"12345678"') },
        findings: [{ file: 'airflow_settings.yaml', line: 7, messageId: 'CONN_PASSWORD' }],
      },
      {
        name: 'password inside conn_uri',
        files: { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: crm\n      conn_uri: mysql://app:Cr4m-Sync-9x@crm.internal:3306/crm\n' },
        findings: [{ file: 'airflow_settings.yaml', line: 4, messageId: 'CONN_URI_PASSWORD' }],
      },
      {
        name: 'secrets in conn_extra as a map and as a JSON string',
        files: {
          'airflow_settings.yaml': `airflow:\n  connections:\n    - conn_id: snowflake_default\n      conn_type: snowflake\n      conn_extra:\n        account: xy12345\n        private_key_content: ${fakeCredential('password', 'ag201-pk')}\n    - conn_id: http_api\n      conn_type: http\n      conn_extra: '{"api_token": "${fakeCredential('password', 'ag201-tok')}"}'\n`,
        },
        findings: [
          { file: 'airflow_settings.yaml', line: 7, messageId: 'CONN_EXTRA_SECRET' },
          { file: 'airflow_settings.yaml', line: 10, messageId: 'CONN_EXTRA_SECRET' },
        ],
      },
      {
        name: 'local development default is a notice',
        files: {
          'airflow_settings.yaml':
            'airflow:\n  connections:\n    - conn_id: local_pg\n      conn_type: postgres\n      conn_host: postgres\n      conn_login: postgres\n      conn_password: postgres\n',
        },
        findings: [{ file: 'airflow_settings.yaml', line: 7, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'empty password (the template)', files: { 'airflow_settings.yaml': settings('') } },
      { name: 'placeholder', files: { 'airflow_settings.yaml': settings('<your-password>') } },
      { name: 'environment reference', files: { 'airflow_settings.yaml': settings('${WAREHOUSE_PASSWORD}') } },
      { name: 'Jinja template', files: { 'airflow_settings.yaml': settings("'{{ var.value.warehouse_pw }}'") } },
      { name: 'password under another key', files: { 'include/other.yaml': 'conn_password: hunter2hunter2\n' } },
      {
        name: 'the template\'s example extra field',
        files: { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id:\n      conn_type:\n      conn_password:\n      conn_extra:\n        example_extra_field: example-value\n' },
      },
      { name: 'conn_uri without a password', files: { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: s3\n      conn_uri: aws://@/?region_name=eu-west-1\n' } },
    ],
  },
})
