import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG206
const pw = (seed: string) => fakeCredential('password', seed)

const FORM_TEXT = {
  keyword: 'keyword argument',
  assignment: 'assignment to',
  dict: 'dict key',
  default: 'default of parameter',
  'environ-default': 'default of environment variable',
  'basic-auth': 'basic-auth password for',
  bearer: 'Authorization header',
  dsn: 'connection string key',
} as const

export const rule = defineFileRule({
  id: 'AG206',
  name: 'hardcoded-credential-in-python',
  title: 'Credential literal in Python code',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG206'),
  messages: {
    NAMED_LITERAL: (p: { form: string; name: string }) => `A literal credential is written in the ${p.form} '${p.name}'.`,
    AUTH_HEADER: (p: { scheme: string }) => `A literal ${p.scheme} credential is written in an Authorization header.`,
    LOCAL_DEFAULT: (p: { name: string }) => `'${p.name}' is set to a well-known local development password.`,
  },
  docs: {
    what:
      'Flags string literals in Python (DAGs, `include/`, `plugins/`, tests, `webserver_config.py`) passed to credential-named keyword arguments (`password=`, `token=`, `api_key=`, `aws_secret_access_key=`, …), assigned to credential-named names or attributes, placed under credential-named dict keys, given as the default of `os.getenv("…_PASSWORD", "…")`, passed as the password of `auth=("user", "…")` or `HTTPBasicAuth`, written after `Bearer`/`Basic`/`Token` in an Authorization string, or after `password=` in a libpq/ODBC connection string. Reads from the environment, `Variable.get`, `BaseHook.get_connection`, f-strings with fields, placeholders and names that only contain the word (`password_field = "password"`) are left alone.',
    why:
      'DAG code is committed, deployed and readable by everyone with repository or Deployment access; a credential in it cannot be rotated without a code change and stays in git history. Airflow exists to keep credentials in connections and variables; using them is the customer\'s side of the shared responsibility model.',
    fix: `${ROTATE} Read it at run time: \`BaseHook.get_connection("<id>").password\`, \`Variable.get("<name>")\`, or the hook that takes a \`*_conn_id\`. ${ASTRO_WAY}`,
    examples: {
      bad: { 'dags/partner.py': `import requests\n\nrequests.get("https://api.partner.io/v1/orders", auth=("airflow", "${pw('ag206-doc')}"))\n` },
      good: {
        'dags/partner.py':
          'import requests\nfrom airflow.hooks.base import BaseHook\n\nconn = BaseHook.get_connection("partner_api")\nrequests.get("https://api.partner.io/v1/orders", auth=(conn.login, conn.password))\n',
      },
    },
    references: [REFERENCES.connections, REFERENCES.secretsBackend, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG206', (c) => {
      if (c.local) return { messageId: 'LOCAL_DEFAULT', data: { name: c.name } }
      if (c.form === 'bearer') return { messageId: 'AUTH_HEADER', data: { scheme: c.name.charAt(0).toUpperCase() + c.name.slice(1) } }
      return { messageId: 'NAMED_LITERAL', data: { form: FORM_TEXT[c.form], name: c.name } }
    })
  },
  cases: {
    flag: [
      {
        name: 'keyword argument, assignment, attribute, dict key and subscript',
        files: {
          'dags/load.py': [
            'import snowflake.connector',
            `ctx = snowflake.connector.connect(user="etl", password="${pw('ag206-1')}", account="xy12345")`,
            `API_KEY = "${pw('ag206-2')}"`,
            `self.client_secret = "${pw('ag206-3')}"`,
            `config = {"db_password": "${pw('ag206-4')}"}`,
            `settings["auth_token"] = "${pw('ag206-5')}"`,
            '',
          ].join('\n'),
        },
        findings: [2, 3, 4, 5, 6].map((line) => ({ file: 'dags/load.py', line, messageId: 'NAMED_LITERAL' as const })),
      },
      {
        name: 'weak literal passwords that an entropy gate would drop',
        files: { 'include/db.py': 'DB_PASSWORD = "airflow123"\nconnect(host="db", passwd="hunter2!")\n' },
        findings: [
          { file: 'include/db.py', line: 1, messageId: 'NAMED_LITERAL' },
          { file: 'include/db.py', line: 2, messageId: 'NAMED_LITERAL' },
        ],
      },
      {
        name: 'auth tuple, HTTPBasicAuth and getenv default',
        files: {
          'dags/api.py': `import os\nrequests.get(url, auth=("svc", "${pw('ag206-6')}"))\nHTTPBasicAuth("svc", "${pw('ag206-7')}")\ntoken = os.getenv("PARTNER_TOKEN", "${pw('ag206-8')}")\n`,
        },
        findings: [2, 3, 4].map((line) => ({ file: 'dags/api.py', line, messageId: 'NAMED_LITERAL' as const })),
      },
      {
        name: 'Bearer header and libpq connection string',
        files: {
          'include/clients.py': `HEADERS = {"Authorization": "Bearer ${pw('ag206-9')}"}\nDSN = "host=db.internal dbname=dw user=etl password=${pw('ag206-10')}"\n`,
        },
        findings: [
          { file: 'include/clients.py', line: 1, messageId: 'AUTH_HEADER' },
          { file: 'include/clients.py', line: 2, messageId: 'NAMED_LITERAL' },
        ],
      },
      {
        name: 'local default password is a notice',
        files: { 'tests/conftest.py': 'PASSWORD = "airflow"\n' },
        findings: [{ file: 'tests/conftest.py', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      {
        name: 'reads from connections, variables and the environment',
        files: {
          'dags/ok.py':
            'import os\nconn = BaseHook.get_connection("warehouse")\npassword = conn.password\napi_key = Variable.get("api_key")\ntoken = os.environ["PARTNER_TOKEN"]\nsecret = os.getenv("CLIENT_SECRET")\nheaders = {"Authorization": f"Bearer {token}"}\n',
        },
      },
      {
        name: 'field names, key names and placeholders',
        files: {
          'dags/ok.py':
            'password_field = "password"\nTOKEN_KEY = "access_token"\nsecret_name = "prod/warehouse"\npassword = ""\napi_key = "<your-api-key>"\ntoken = "REPLACE_ME"\nPASSWORD_ENV = "DB_PASSWORD"\nmax_tokens = 512\n',
        },
      },
      {
        name: 'Jinja templates in operator arguments',
        files: { 'dags/t.py': 'op = SimpleHttpOperator(task_id="x", headers={"Authorization": "Bearer {{ var.value.api_token }}"}, password="{{ conn.db.password }}")\n' },
      },
      { name: 'hashes, UUIDs and checksums under other names', files: { 'dags/h.py': `SHA256 = "${'a3f1'.repeat(16)}"\nrun_id = "8f14e45f-ceea-467f-a0e6-c6d0e1f1a2b3"\nchecksum = "d41d8cd98f00b204e9800998ecf8427e"\n` } },
    ],
  },
})
