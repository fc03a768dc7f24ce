import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG208

export const rule = defineFileRule({
  id: 'AG208',
  name: 'password-in-uri',
  title: 'Password in the userinfo of a URI',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG208'),
  messages: {
    URI_PASSWORD: (p: { scheme: string; host: string }) => `A ${p.scheme}:// URI for '${p.host}' embeds a password.`,
    LOCAL_DEFAULT: (p: { scheme: string; host: string }) =>
      `A ${p.scheme}:// URI for '${p.host}' uses a well-known local development password.`,
  },
  docs: {
    what:
      'Flags URIs of any scheme whose userinfo carries a password (`postgresql://etl:pw@db/dw`, `snowflake://u:pw@account/db`, `redis://:pw@cache:6379`, `https://user:token@host`) in any text file that no more specific rule covers (connection variables, `airflow.cfg`, `pip.conf` have their own rules; requirements files are the dependency rules\'). Placeholders (`<password>`, `${PW}`, `***`) are left alone, and the Astro CLI\'s local defaults (`postgres:postgres@postgres`, `airflow:airflow@localhost`) are only a notice.',
    why:
      'Generic scanners miss these: gitleaks has no rule for a password in a connection URI and entropy gates drop weak passwords. A URI with a password is a complete credential for the service it names.',
    fix: `${ROTATE} Keep the URI without its password and supply the password from a connection: ${ASTRO_WAY}`,
    examples: {
      bad: { 'include/sql/load.sql': `-- source: postgresql://etl:${fakeCredential('password', 'ag208-doc')}@warehouse.example.com:5432/dw\nSELECT 1;\n` },
      good: { 'include/sql/load.sql': '-- source: the warehouse connection\nSELECT 1;\n' },
    },
    references: [REFERENCES.airflowConnections, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG208', (c) => ({ messageId: c.local ? 'LOCAL_DEFAULT' : 'URI_PASSWORD', data: { scheme: c.scheme, host: c.host } }))
  },
  cases: {
    flag: [
      {
        name: 'database URIs in a DAG, docs and a shell script',
        files: {
          'dags/etl.py': `ENGINE = create_engine("postgresql+psycopg2://etl:${fakeCredential('password', 'ag208-1')}@warehouse.internal:5432/dw")\n`,
          'docs/runbook.md': 'Connect with `redis://:Cache-Pass-42@cache.prod.internal:6379/0`.\n',
          'scripts/backup.sh': `mongodump --uri "mongodb+srv://backup:${fakeCredential('password', 'ag208-2')}@cluster0.abcde.mongodb.net/app"\n`,
        },
        findings: [
          { file: 'dags/etl.py', line: 1, messageId: 'URI_PASSWORD' },
          { file: 'docs/runbook.md', line: 1, messageId: 'URI_PASSWORD' },
          { file: 'scripts/backup.sh', line: 1, messageId: 'URI_PASSWORD' },
        ],
      },
      {
        name: 'local default is a notice',
        files: { 'docker-compose.yml': 'services:\n  x:\n    command: ["check", "postgresql://airflow:airflow@localhost:5432/airflow"]\n' },
        findings: [{ file: 'docker-compose.yml', line: 3, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'placeholder passwords', files: { 'README.md': 'postgresql://user:password@host:5432/db\npostgres://etl:<password>@db/x\nmysql://u:${MYSQL_PASSWORD}@db/x\nredis://:***@cache:6379\n' } },
      { name: 'URIs without a password', files: { 'README.md': 'https://github.com/astronomer/astro-cli\nssh://git@github.com:22/org/repo.git\npostgresql://etl@db/dw\n' } },
      { name: 'a URI in an AIRFLOW__ setting is another family\'s', files: { '.env': 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql://airflow:S3cret-Meta-9@metadb.internal/airflow\n' } },
    ],
  },
})
