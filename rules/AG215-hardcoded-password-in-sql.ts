import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG215

export const rule = defineFileRule({
  id: 'AG215',
  name: 'hardcoded-password-in-sql',
  title: 'Database user password written in SQL',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG215'),
  messages: {
    SQL_PASSWORD: (_: Record<string, never>) => 'A SQL statement sets a database user\'s password to a literal.',
    LOCAL_DEFAULT: (_: Record<string, never>) => 'A SQL statement sets a database user\'s password to a well-known local default.',
  },
  docs: {
    what:
      'Flags literal passwords in SQL that creates or alters users and roles (`CREATE USER … WITH PASSWORD \'…\'`, Snowflake `PASSWORD = \'…\'`, `CREATE LOGIN … WITH PASSWORD = \'…\'`, `IDENTIFIED BY \'…\'`, `SET PASSWORD = \'…\'`) in `.sql` files and in SQL strings in Python. Bind parameters and templates (`%(pw)s`, `{{ params.pw }}`) are left alone.',
    why:
      'SQL in `include/sql/` and migrations runs through Airflow operators and is committed with the project; the password of the user it creates is then known to everyone with repository access.',
    fix: `${ROTATE} Create users outside the repository, or pass the password as a bind parameter from a connection or a secret variable (\`parameters={"pw": Variable.get("svc_password")}\`).`,
    examples: {
      bad: { 'include/sql/users.sql': `CREATE USER reporting WITH PASSWORD '${fakeCredential('password', 'ag215-doc')}';\n` },
      good: { 'include/sql/users.sql': 'CREATE USER reporting WITH PASSWORD %(reporting_password)s;\n' },
    },
    references: [REFERENCES.secretsBackend, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG215', (c) => ({ messageId: c.local ? 'LOCAL_DEFAULT' : 'SQL_PASSWORD', data: {} }))
  },
  cases: {
    flag: [
      {
        name: 'PostgreSQL, Snowflake, MySQL',
        files: {
          'include/sql/users.sql': `CREATE USER reporting WITH PASSWORD '${fakeCredential('password', 'ag215-1')}';\nCREATE USER loader PASSWORD = "Load3r-Pass" DEFAULT_ROLE = LOADER;\nCREATE USER 'app'@'%' IDENTIFIED BY 'App-Pass-99';\n`,
        },
        findings: [1, 2, 3].map((line) => ({ file: 'include/sql/users.sql', line, messageId: 'SQL_PASSWORD' as const })),
      },
      {
        name: 'SQL string in a DAG',
        files: { 'dags/grants.py': `SQL = "ALTER ROLE bi_reader WITH LOGIN PASSWORD '${fakeCredential('password', 'ag215-2')}'"\n` },
        findings: [{ file: 'dags/grants.py', line: 1, messageId: 'SQL_PASSWORD' }],
      },
      {
        name: 'the local default is a notice',
        files: { 'include/sql/dev.sql': "CREATE USER airflow WITH PASSWORD 'airflow';\n" },
        findings: [{ file: 'include/sql/dev.sql', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'bind parameter and template', files: { 'include/sql/users.sql': "CREATE USER r WITH PASSWORD %(pw)s;\nALTER USER r PASSWORD '{{ params.pw }}';\n" } },
      { name: 'password columns and policies', files: { 'include/sql/schema.sql': "CREATE TABLE users (password_hash text);\nSELECT password FROM accounts WHERE id = 1;\nALTER USER r PASSWORD NULL;\n" } },
    ],
  },
})
