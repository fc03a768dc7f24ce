import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG202

const variables = (name: string, value: string) =>
  `airflow:\n  variables:\n    - variable_name: environment\n      variable_value: dev\n    - variable_name: ${name}\n      variable_value: ${value}\n`

export const rule = defineFileRule({
  id: 'AG202',
  name: 'secret-variable-in-airflow-settings',
  title: 'Secret Airflow variable written in airflow_settings.yaml',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG202'),
  messages: {
    SECRET_VARIABLE: (p: { variable: string }) => `Variable '${p.variable}' has a literal secret value in airflow_settings.yaml.`,
  },
  docs: {
    what:
      'Flags a literal `variable_value` in `airflow_settings.yaml` when the `variable_name` means a secret (`*_password`, `*_token`, `api_key`, `*_secret`, …). Other variables, placeholders and templates are left alone.',
    why:
      'Airflow masks variables with such names in the UI and logs because they hold secrets. The file is meant for local development and is git-ignored by the Astro template; committed, the value is readable by everyone with repository access.',
    fix: `${ROTATE} On Astro, set the variable as a Deployment environment variable marked secret (\`AIRFLOW_VAR_<NAME>\`) or keep it in a secrets backend; locally, keep airflow_settings.yaml out of git.`,
    examples: {
      bad: { 'airflow_settings.yaml': variables('partner_api_key', fakeCredential('password', 'ag202-doc')) },
      good: { 'airflow_settings.yaml': variables('partner_api_key', "''") },
    },
    references: [REFERENCES.connections, REFERENCES.envVars, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG202', (c) => ({ messageId: 'SECRET_VARIABLE', data: { variable: c.variable } }))
  },
  cases: {
    flag: [
      {
        name: 'API key variable',
        files: { 'airflow_settings.yaml': variables('partner_api_key', fakeCredential('password', 'ag202-1')) },
        findings: [{ file: 'airflow_settings.yaml', line: 6, messageId: 'SECRET_VARIABLE' }],
      },
      {
        name: 'weak password variable',
        files: { 'airflow_settings.yaml': variables('sftp_password', 'letmein1') },
        findings: [{ file: 'airflow_settings.yaml', line: 6, messageId: 'SECRET_VARIABLE' }],
      },
    ],
    pass: [
      { name: 'non-secret variable', files: { 'airflow_settings.yaml': variables('target_schema', 'analytics') } },
      { name: 'empty value', files: { 'airflow_settings.yaml': variables('partner_api_key', '') } },
      { name: 'variable holding the name of a secret', files: { 'airflow_settings.yaml': variables('api_key_secret_name', 'partner-api-key') } },
    ],
  },
})
