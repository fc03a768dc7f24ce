import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG207
const pw = (seed: string) => fakeCredential('password', seed)

export const rule = defineFileRule({
  id: 'AG207',
  name: 'hardcoded-airflow-connection-in-code',
  title: 'Airflow connection or variable created in code with a literal secret',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG207'),
  messages: {
    CONNECTION_SECRET: (p: { conn: string; field: string }) => `Connection(${p.conn}) is built with a literal credential in '${p.field}'.`,
    VARIABLE_SET: (p: { name: string }) => `Variable.set('${p.name}', …) writes a literal secret.`,
    LOCAL_DEFAULT: (p: { conn: string }) => `Connection(${p.conn}) uses the well-known local development password.`,
  },
  docs: {
    what:
      'Flags `Connection(...)` built with a literal `password`, a password inside a literal `uri`, or credential-named fields in a literal `extra` (dict, `json.dumps({...})` or JSON string); and `Variable.set("<secret name>", "<literal>")`. Connections read with `BaseHook.get_connection` and variables read with `Variable.get` are left alone.',
    why:
      'Creating connections and variables from code puts their secrets in the repository and in every Deployment that runs the code, bypassing the secrets backend and the Astro Environment Manager the customer is responsible for using.',
    fix: `${ROTATE} Define the connection or variable outside the code: ${ASTRO_WAY}`,
    examples: {
      bad: { 'plugins/bootstrap.py': `from airflow.models import Connection\n\nconn = Connection(conn_id="warehouse", conn_type="postgres", login="etl", password="${pw('ag207-doc')}")\n` },
      good: { 'plugins/bootstrap.py': 'from airflow.hooks.base import BaseHook\n\nconn = BaseHook.get_connection("warehouse")\n' },
    },
    references: [REFERENCES.connections, REFERENCES.airflowConnections, REFERENCES.secretsBackend],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG207', (c) => {
      if (c.form === 'variable') return { messageId: 'VARIABLE_SET', data: { name: c.name } }
      const conn = c.name ? `'${c.name}'` : ''
      if (c.local) return { messageId: 'LOCAL_DEFAULT', data: { conn } }
      return { messageId: 'CONNECTION_SECRET', data: { conn, field: c.field } }
    })
  },
  cases: {
    flag: [
      {
        name: 'password, URI and extra of Connection()',
        files: {
          'plugins/setup_conns.py': [
            'from airflow.models import Connection',
            `a = Connection(conn_id="warehouse", conn_type="postgres", password="${pw('ag207-1')}")`,
            `b = Connection(conn_id="crm", uri="mysql://app:${pw('ag207-2')}@crm.internal/crm")`,
            `c = Connection(conn_id="api", conn_type="http", extra={"api_key": "${pw('ag207-3')}"})`,
            `d = Connection(conn_id="sf", conn_type="snowflake", extra='{"private_key_content": "${pw('ag207-4')}"}')`,
            '',
          ].join('\n'),
        },
        findings: [2, 3, 4, 5].map((line) => ({ file: 'plugins/setup_conns.py', line, messageId: 'CONNECTION_SECRET' as const })),
      },
      {
        name: 'Variable.set with a secret name',
        files: { 'dags/bootstrap.py': `from airflow.models import Variable\nVariable.set("partner_api_token", "${pw('ag207-5')}")\n` },
        findings: [{ file: 'dags/bootstrap.py', line: 2, messageId: 'VARIABLE_SET' }],
      },
      {
        name: 'local default in a test connection is a notice',
        files: { 'tests/test_hooks.py': 'conn = Connection(conn_id="pg", conn_type="postgres", host="localhost", login="postgres", password="postgres")\n' },
        findings: [{ file: 'tests/test_hooks.py', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'get_connection and Variable.get', files: { 'dags/ok.py': 'conn = BaseHook.get_connection("warehouse")\nkey = Variable.get("partner_api_token")\n' } },
      { name: 'Variable.set of a non-secret', files: { 'dags/ok.py': 'Variable.set("last_run", "2024-01-01")\n' } },
      { name: 'Connection from the environment', files: { 'dags/ok.py': 'import os\nc = Connection(conn_id="x", uri=os.environ["WAREHOUSE_URI"])\n' } },
      { name: 'Connection without secrets', files: { 'dags/ok.py': 'c = Connection(conn_id="aws", conn_type="aws", extra={"region_name": "eu-west-1"})\n' } },
    ],
  },
})
