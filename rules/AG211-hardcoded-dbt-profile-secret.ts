import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG211

const profile = (password: string) =>
  `analytics:\n  target: prod\n  outputs:\n    prod:\n      type: snowflake\n      account: xy12345\n      user: DBT_PROD\n      password: ${password}\n      role: TRANSFORMER\n`

export const rule = defineFileRule({
  id: 'AG211',
  name: 'hardcoded-dbt-profile-secret',
  title: 'Credential written in a dbt profiles.yml',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG211'),
  messages: {
    PROFILE_SECRET: (p: { profile: string; target: string; field: string }) =>
      `dbt profile '${p.profile}' target '${p.target}' has a literal '${p.field}'.`,
    LOCAL_DEFAULT: (p: { profile: string; target: string }) =>
      `dbt profile '${p.profile}' target '${p.target}' uses the well-known local development password.`,
  },
  docs: {
    what:
      'Flags literal credentials (`password`, `token`, `private_key`, `private_key_passphrase`, `client_secret`, `keyfile_json` fields, …) in the outputs of a dbt `profiles.yml` (Cosmos and dbt Core projects in `include/` or `dags/dbt/`). Values written as `{{ env_var(\'DBT_PASSWORD\') }}` are left alone.',
    why:
      'dbt profiles used from Airflow (Astronomer Cosmos, BashOperator) ship with the project to every Deployment; a literal password there is a warehouse credential in git history.',
    fix: `${ROTATE} Write \`password: "{{ env_var('DBT_PASSWORD') }}"\` and set the variable as a secret; with Cosmos, prefer a ProfileMapping that builds the profile from an Airflow connection. ${ASTRO_WAY}`,
    examples: {
      bad: { 'include/dbt/profiles.yml': profile(fakeCredential('password', 'ag211-doc')) },
      good: { 'include/dbt/profiles.yml': profile('"{{ env_var(\'DBT_PASSWORD\') }}"') },
    },
    references: [{ title: 'dbt: About profiles.yml', url: 'https://docs.getdbt.com/docs/core/connect-data-platform/profiles.yml' }, REFERENCES.envVars],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG211', (c) =>
      c.local
        ? { messageId: 'LOCAL_DEFAULT', data: { profile: c.profile, target: c.target } }
        : { messageId: 'PROFILE_SECRET', data: { profile: c.profile, target: c.target, field: c.field } },
    )
  },
  cases: {
    flag: [
      {
        name: 'Snowflake password',
        files: { 'include/dbt/profiles.yml': profile(fakeCredential('password', 'ag211-1')) },
        findings: [{ file: 'include/dbt/profiles.yml', line: 8, messageId: 'PROFILE_SECRET' }],
      },
      {
        name: 'Databricks token and a weak Postgres password',
        files: {
          'dags/dbt/profiles.yml': `lake:\n  outputs:\n    dev:\n      type: postgres\n      pass: dbt-dev-2024\n    prod:\n      type: databricks\n      token: ${fakeCredential('password', 'ag211-2')}\n`,
        },
        findings: [
          { file: 'dags/dbt/profiles.yml', line: 5, messageId: 'PROFILE_SECRET' },
          { file: 'dags/dbt/profiles.yml', line: 8, messageId: 'PROFILE_SECRET' },
        ],
      },
      {
        name: 'local Postgres default is a notice',
        files: { 'include/dbt/profiles.yml': 'a:\n  outputs:\n    local:\n      type: postgres\n      host: localhost\n      user: postgres\n      password: postgres\n' },
        findings: [{ file: 'include/dbt/profiles.yml', line: 7, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'env_var template', files: { 'include/dbt/profiles.yml': profile('"{{ env_var(\'DBT_PASSWORD\') }}"') } },
      { name: 'key file path', files: { 'include/dbt/profiles.yml': 'a:\n  outputs:\n    prod:\n      type: snowflake\n      private_key_path: /usr/local/airflow/include/keys/dbt.p8\n' } },
    ],
  },
})
