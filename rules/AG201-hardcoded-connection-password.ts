import { defineFileRule } from '../src/engine/rule.js'
import { type YamlEntry, yamlEntries } from '../src/parsers/yaml.js'
import { fakeSecret } from '../src/testing/fake-secret.js'
import { isLocalDevelopmentDefault, isPlaceholder } from './helpers/placeholders.js'

const settings = (password: string) =>
  `airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n      conn_host: db.example.com\n      conn_login: etl\n      conn_password: ${password}\n`

/** Groups the entries of `airflow.connections[i]` by connection index. */
function connections(entries: YamlEntry[]): Map<number, Map<string, YamlEntry>> {
  const byIndex = new Map<number, Map<string, YamlEntry>>()
  for (const entry of entries) {
    const [root, list, index] = entry.path
    if (root !== 'airflow' || list !== 'connections' || typeof index !== 'number' || entry.path.length !== 4) continue
    const fields = byIndex.get(index) ?? new Map<string, YamlEntry>()
    fields.set(entry.key, entry)
    byIndex.set(index, fields)
  }
  return byIndex
}

export const rule = defineFileRule({
  id: 'AG201',
  name: 'hardcoded-connection-password',
  title: 'Connection password written in airflow_settings.yaml',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: ['airflow-settings'],
  keywords: ['conn_password'],
  messages: {
    CONN_PASSWORD: (p: { conn: string }) =>
      `Connection '${p.conn}' has a literal conn_password in airflow_settings.yaml.`,
    LOCAL_DEFAULT: (p: { conn: string }) =>
      `Connection '${p.conn}' uses the well-known local development password; keep it out of anything deployed.`,
  },
  docs: {
    what: 'Flags a literal `conn_password` on a connection in `airflow_settings.yaml`. Placeholders, templates and empty values are left alone; the Astro CLI\'s local defaults (airflow/airflow, postgres/postgres on a local host) are only a notice.',
    why: '`airflow_settings.yaml` is for local development and is git-ignored by the Astro project template. Once committed, a password in it is readable by everyone with repository access, forever, in git history. The customer is responsible for storing connection credentials safely.',
    fix: 'Remove the password from the file and rotate it. Locally, keep the file out of git (it is in the template\'s .gitignore). On Astro, define the connection in the Astro Environment Manager, as a Deployment environment variable marked secret (`AIRFLOW_CONN_<ID>`), or in a secrets backend.',
    examples: {
      bad: { 'airflow_settings.yaml': settings(fakeSecret(16, 'ag201-doc')) },
      good: { 'airflow_settings.yaml': settings("''") },
    },
    references: [
      { title: 'Astro: manage connections', url: 'https://www.astronomer.io/docs/astro/manage-connections-variables' },
      { title: 'CWE-798: Use of Hard-coded Credentials', url: 'https://cwe.mitre.org/data/definitions/798.html' },
    ],
  },
  check({ file, env, report }) {
    for (const [index, fields] of connections(yamlEntries(file.yaml()))) {
      const password = fields.get('conn_password')
      const value = password?.scalar
      if (!password || value === undefined || isPlaceholder(value, env.settings.placeholders)) continue
      const conn = fields.get('conn_id')?.scalar || `#${index + 1}`
      const local = isLocalDevelopmentDefault(fields.get('conn_login')?.scalar, value, fields.get('conn_host')?.scalar)
      report({
        messageId: local ? 'LOCAL_DEFAULT' : 'CONN_PASSWORD',
        data: { conn },
        span: password.valueSpan,
        secret: value,
        severity: local ? 'notice' : undefined,
      })
    }
  },
  cases: {
    flag: [
      {
        name: 'literal password',
        files: { 'airflow_settings.yaml': settings(fakeSecret(20, 'ag201-1')) },
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
    ],
  },
})
