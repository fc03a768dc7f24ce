import { defineFileRule } from '../src/engine/rule.js'
import { fakeSecret } from '../src/testing/fake-secret.js'
import { BACKEND_KWARGS_OPTIONS, SECRET_SETTINGS, findOption } from './data/airflow-settings.js'
import { parseAirflowEnvName } from './helpers/airflow-config.js'
import { parseDeploymentFile } from './helpers/deployment-file.js'
import { envAssignments } from './helpers/env-assignments.js'
import { isPlaceholder } from './helpers/placeholders.js'
import { parseUri } from './helpers/uri.js'

/** Variable names that say "credential" (and not where one is: ids, names, paths, URLs). */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i
const NOT_A_CREDENTIAL = /(_ID|_NAME|_PATH|_FILE|_URL|_URI|_HOST|_USER|_USERNAME|_REGION|_ARN|_CMD|_PREFIX)$/i

/** Options another rule reports (AG250 literal secrets, AG252 backend kwargs): not reported twice. */
function reportedElsewhere(name: string): boolean {
  const option = parseAirflowEnvName(name)
  if (!option) return false
  return (
    findOption(SECRET_SETTINGS, option.section, option.key).length > 0 ||
    findOption([{ options: BACKEND_KWARGS_OPTIONS }], option.section, option.key).length > 0
  )
}

/** The credential in an `AIRFLOW_CONN_*` value: a URI's password, or the JSON form's `password`. */
function connectionPassword(value: string): string | undefined {
  const text = value.trim()
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as { password?: unknown }
      return typeof json.password === 'string' && json.password !== '' ? json.password : undefined
    } catch {
      return undefined
    }
  }
  const uri = parseUri(text)
  return uri && uri.password !== '' ? uri.password : undefined
}

const file = (variables: string) => `deployment:\n  environment_variables:\n${variables}  configuration:\n    name: analytics\n    executor: CELERY\n`
const variable = (key: string, value: string, secret: boolean) => `    - is_secret: ${secret}\n      key: ${key}\n      value: ${value}\n`

export const rule = defineFileRule({
  id: 'AG604',
  name: 'deployment-file-secret-value',
  title: 'Secret value in an Astro Deployment file',
  severity: 'error',
  responsibility: 'deployment-settings',
  kinds: ['yaml', 'json'],
  keywords: ['environment_variables'],
  messages: {
    SECRET_IN_FILE: (p: { name: string }) =>
      `Deployment variable '${p.name}' is marked is_secret, but its value is written in the file.`,
    NOT_MARKED_SECRET: (p: { name: string }) =>
      `Deployment variable '${p.name}' holds a credential but is not marked is_secret: Astro stores and shows it in plain text.`,
  },
  docs: {
    what: 'Flags `deployment.environment_variables` entries of Astro Deployment files that carry a credential: any `is_secret: true` variable with a value in the file, and variables not marked secret whose name says credential (`*_PASSWORD`, `*_TOKEN`, `*_SECRET*`, `*_API_KEY`, ...) or that are `AIRFLOW_CONN_*` connections with a password. `astro deployment inspect` writes secret values blank, and blank or placeholder values are left alone. Airflow\'s own secret options (`AIRFLOW__CORE__FERNET_KEY`, ...) are reported by AG250/AG252 instead.',
    why: 'Astronomer\'s Deployment file reference says not to put secret environment variables in a committed file but to add them in the Astro UI: the file is in git, readable by everyone with repository access, forever. Variables not marked secret are also shown in plain text in the Astro UI and API to every Deployment viewer. Configuring Deployment environment variables correctly is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the value from the file and rotate it. Create the variable as a secret in the Astro UI or with `astro deployment variable create --secret`, as the Deployment file reference advises for files kept in version control.',
    examples: {
      bad: { 'deployments/analytics.yaml': file(variable('SNOWFLAKE_PASSWORD', fakeSecret(18, 'ag604-doc'), false)) },
      good: { 'deployments/analytics.yaml': file(variable('SNOWFLAKE_PASSWORD', '""', true)) },
    },
    references: [{ title: 'Astro: Deployment file reference (environment variables)', url: 'https://www.astronomer.io/docs/astro/deployment-file-reference' }],
  },
  check({ file: scanned, env, report }) {
    if (!parseDeploymentFile(scanned)) return
    for (const assignment of envAssignments(scanned)) {
      if (assignment.carrier !== 'deployment-file' || reportedElsewhere(assignment.name)) continue
      const value = assignment.value.trim()
      if (value === '' || isPlaceholder(value, env.settings.placeholders)) continue
      const span = { start: assignment.nameSpan.start, end: Math.max(assignment.nameSpan.end, assignment.valueSpan.end) }
      if (assignment.markedSecret) {
        report({ messageId: 'SECRET_IN_FILE', data: { name: assignment.name }, span, secret: value })
        continue
      }
      if (/^AIRFLOW_CONN_/i.test(assignment.name)) {
        const password = connectionPassword(value)
        if (password && !isPlaceholder(password, env.settings.placeholders)) {
          report({ messageId: 'NOT_MARKED_SECRET', data: { name: assignment.name }, span, secret: password })
        }
        continue
      }
      if (CREDENTIAL_NAME.test(assignment.name) && !NOT_A_CREDENTIAL.test(assignment.name)) {
        report({ messageId: 'NOT_MARKED_SECRET', data: { name: assignment.name }, span, secret: value })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'marked secret but written',
        files: { 'deployments/a.yaml': file(variable('PARTNER_API_TOKEN', fakeSecret(32, 'ag604-1'), true)) },
        findings: [{ file: 'deployments/a.yaml', line: 4, messageId: 'SECRET_IN_FILE' }],
      },
      {
        name: 'credential not marked secret',
        files: { 'deployments/a.yaml': file(variable('SNOWFLAKE_PASSWORD', fakeSecret(20, 'ag604-2'), false)) },
        findings: [{ file: 'deployments/a.yaml', line: 4, messageId: 'NOT_MARKED_SECRET' }],
      },
      {
        name: 'connection URI with a password, is_secret missing',
        files: {
          'deployments/a.yaml': file(`    - key: AIRFLOW_CONN_WAREHOUSE\n      value: postgres://etl:${fakeSecret(16, 'ag604-3')}@warehouse.acme.io:5432/dw\n`),
        },
        findings: [{ file: 'deployments/a.yaml', line: 3, messageId: 'NOT_MARKED_SECRET' }],
      },
      {
        name: 'JSON connection in a JSON Deployment file',
        files: {
          'deployments/a.json': `{"deployment": {"environment_variables": [{"is_secret": false, "key": "AIRFLOW_CONN_API", "value": "{\\"conn_type\\": \\"http\\", \\"host\\": \\"api.acme.io\\", \\"password\\": \\"${fakeSecret(24, 'ag604-4')}\\"}"}], "configuration": {"name": "a", "executor": "CELERY"}}}\n`,
        },
        findings: [{ file: 'deployments/a.json', line: 1, messageId: 'NOT_MARKED_SECRET' }],
      },
    ],
    pass: [
      { name: 'inspected file: secret values blank', files: { 'deployments/a.yaml': file(variable('PARTNER_API_TOKEN', '""', true)) } },
      { name: 'plain settings', files: { 'deployments/a.yaml': file(variable('PROJECT_NAME', 'analytics', false) + variable('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', false)) } },
      { name: 'connection without a password', files: { 'deployments/a.yaml': file(variable('AIRFLOW_CONN_AWS', 'aws://?region_name=eu-west-1', false)) } },
      { name: 'Fernet key is reported by AG250', files: { 'deployments/a.yaml': file(variable('AIRFLOW__CORE__FERNET_KEY', fakeSecret(44, 'ag604-5'), true)) } },
      { name: 'not a Deployment file', files: { 'k8s/app.yaml': 'env:\n  - name: SNOWFLAKE_PASSWORD\n    value: hunter2hunter2\n' } },
    ],
  },
})
