import { defineFileRule } from '../src/engine/rule.js'
import type { Span } from '../src/engine/source-text.js'
import { INSECURE_SSLMODES, insecureTlsOption, normalizeOptionKey } from './data/tls-options.js'
import { connectionDefinitions } from './helpers/connections.js'
import { cachedYamlEntries, envAssignments } from './helpers/env-assignments.js'
import { isExternalEndpoint } from './helpers/hosts.js'
import { isTestPath } from './helpers/paths.js'
import { parseUri } from './helpers/uri.js'

/** Keys AG701 already reports when they are written as a Python dict entry. */
const PYTHON_VERIFY_KEYS = new Set(['verify', 'verify_ssl', 'ssl_verify', 'verify_certs', 'verify_certificate', 'validate_certs', 'tls_verify', 'check_hostname', 'ssl_check_hostname', 'insecure', 'insecure_skip_verify', 'insecure_skip_tls_verify', 'cert_reqs', 'ssl_cert_reqs'])

/** A connection with no host (Snowflake's account, a cloud API) talks to an external endpoint. */
function isRemote(host: string | undefined): boolean {
  return host === undefined || host === '' || isExternalEndpoint(host)
}

const settings = (conn: string) => `airflow:\n  connections:\n${conn}`

export const rule = defineFileRule({
  id: 'AG702',
  name: 'insecure-connection-tls',
  title: 'Connection that disables or weakens TLS (sslmode, verify, insecure_mode)',
  severity: 'error',
  responsibility: 'network-security',
  kinds: ['airflow-settings', 'dotenv', 'dockerfile', 'yaml', 'json', 'workflow', 'python'],
  keywords: ['sslmode', 'ssl_mode', 'verify', 'insecure', 'ssl', 'tls', 'encrypt', 'trustservercertificate', 'trust_server_certificate', 'cert_reqs'],
  messages: {
    CONNECTION_OPTION: (p: { conn: string; option: string; value: string; effect: string }) =>
      `Connection '${p.conn}' sets ${p.option}=${p.value}: ${p.effect}.`,
    SSLMODE: (p: { where: string; mode: string; effect: string }) => `${p.where} uses sslmode=${p.mode}: ${p.effect}.`,
  },
  docs: {
    what: 'Flags Airflow connections to non-local hosts whose extras or URI parameters switch TLS off or stop it verifying the server: `sslmode=disable` (an error), `allow` or `prefer` (warnings: they fall back to plaintext and never verify), `"verify": false`, `"verify_certs": false`, `"ssl": false`, `"encrypt": false`, `insecure_mode: true` (Snowflake), `TrustServerCertificate` and similar. It reads `airflow_settings.yaml` (`conn_extra`, `conn_uri`), `AIRFLOW_CONN_*` variables in URI or JSON form (`.env`, Dockerfile, manifests, Deployment files), Python `Connection(extra=..., uri=...)`, and also `sslmode` in other database URIs, `sslmode=` keyword arguments and YAML profiles (dbt `profiles.yml`, Helm values). Hosts that are local or in-cluster (localhost, compose service names such as `postgres`, `*.svc.cluster.local`) are left alone.',
    why: 'Without TLS, or with TLS that does not verify the server, credentials and data cross the network readable and changeable by anyone on the path. `prefer` is libpq\'s default and looks safe but is not. Securing network communication to data sources is the customer\'s side of the shared responsibility model.',
    fix: 'Use `sslmode=verify-full` (or at least `require`) with the server\'s CA (`sslrootcert`), remove `verify: false` / `insecure_mode: true`, and give the client the CA bundle if the server uses a private CA.',
    examples: {
      bad: { '.env': 'AIRFLOW_CONN_WAREHOUSE=postgres://etl@warehouse.acme.io:5432/dw?sslmode=disable\n' },
      good: { '.env': 'AIRFLOW_CONN_WAREHOUSE=postgres://etl@warehouse.acme.io:5432/dw?sslmode=verify-full\n' },
    },
    references: [
      { title: 'PostgreSQL: SSL support (sslmode)', url: 'https://www.postgresql.org/docs/current/libpq-ssl.html' },
      { title: 'Airflow: managing connections', url: 'https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html' },
      { title: 'CWE-319: Cleartext Transmission of Sensitive Information', url: 'https://cwe.mitre.org/data/definitions/319.html' },
    ],
  },
  check({ file, report }) {
    // Outside Python and airflow_settings.yaml only connection variables and sslmode matter: skip the parse otherwise.
    if (file.kind !== 'python' && file.kind !== 'airflow-settings' && !/sslmode|airflow_conn_/i.test(file.text)) return
    if (file.kind === 'python' && isTestPath(file.path)) return
    const reported = new Set<number>()
    const once = (span: Span) => {
      if (reported.has(span.start)) return false
      reported.add(span.start)
      return true
    }
    for (const connection of connectionDefinitions(file)) {
      if (!isRemote(connection.host)) continue
      for (const option of connection.extras) {
        if (option.pythonDict && PYTHON_VERIFY_KEYS.has(normalizeOptionKey(option.key))) continue
        const insecure = insecureTlsOption(option.key, option.value)
        if (!insecure || !once(option.span)) continue
        report({
          messageId: 'CONNECTION_OPTION',
          data: { conn: connection.id, option: normalizeOptionKey(option.key), value: String(option.value), effect: insecure.effect },
          span: option.span,
          severity: insecure.severity,
        })
      }
    }
    const sslmode = (where: string, mode: string, host: string | undefined, span: Span) => {
      const insecure = INSECURE_SSLMODES[mode.trim().toLowerCase()]
      if (!insecure || !isRemote(host) || !once(span)) return
      report({ messageId: 'SSLMODE', data: { where, mode: mode.trim().toLowerCase(), effect: insecure.effect }, span, severity: insecure.severity })
    }
    const uriSslmode = (where: string, value: string, span: Span) => {
      const uri = parseUri(value)
      const mode = uri?.query.find(([key]) => key.toLowerCase() === 'sslmode')?.[1]
      if (uri && mode !== undefined && uri.host !== '') sslmode(`${where} to ${uri.host}`, mode, uri.host, span)
    }
    if (file.kind === 'python') {
      // Both checks below need the word itself in the source; without it the file is not parsed (see connections.ts).
      if (!file.text.includes('sslmode')) return
      const module = file.python()
      for (const call of module.calls) {
        const keyword = call.keywords.find((k) => k.name === 'sslmode')
        if (keyword?.value.kind !== 'string') continue
        const host = call.keywords.find((k) => k.name === 'host')?.value
        sslmode(`${call.callee || 'A call'}()`, keyword.value.value, host?.kind === 'string' ? host.value : undefined, keyword.value.span)
      }
      for (const token of module.strings) if (token.value.includes('sslmode=')) uriSslmode('A database URI', token.value, { start: token.start, end: token.end })
    } else if (file.kind !== 'airflow-settings') {
      for (const env of envAssignments(file)) {
        if (!/^AIRFLOW_CONN_/i.test(env.name) && env.value.includes('sslmode=')) uriSslmode(`${env.name}`, env.value, env.valueSpan)
      }
      if ((file.kind === 'yaml' || file.kind === 'json') && file.hasKeyword('sslmode')) {
        const entries = cachedYamlEntries(file)
        for (const entry of entries) {
          if (entry.key.toLowerCase() !== 'sslmode' || entry.scalar === undefined) continue
          const parent = entry.path.slice(0, -1).join('\u0000')
          const host = entries.find((e) => e.key === 'host' && e.path.slice(0, -1).join('\u0000') === parent)?.scalar
          sslmode(`'${entry.path.filter((p) => typeof p === 'string').slice(-2, -1)[0] ?? 'profile'}'`, entry.scalar, host, { start: entry.keySpan.start, end: entry.valueSpan.end })
        }
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'AIRFLOW_CONN URI with sslmode=disable in .env',
        files: { '.env': 'AIRFLOW_CONN_WAREHOUSE=postgres://etl@warehouse.acme.io:5432/dw?sslmode=disable\n' },
        findings: [{ file: '.env', line: 1, messageId: 'CONNECTION_OPTION', severity: 'error' }],
      },
      {
        name: 'airflow_settings.yaml extras: Snowflake insecure_mode, HTTP verify false, Postgres prefer',
        files: {
          'airflow_settings.yaml': settings(
            '    - conn_id: snowflake_default\n      conn_type: snowflake\n      conn_extra:\n        account: acme-eu1\n        insecure_mode: true\n    - conn_id: partner_api\n      conn_type: http\n      conn_host: api.partner-data.com\n      conn_extra: \'{"verify": false}\'\n    - conn_id: reporting\n      conn_type: postgres\n      conn_host: reporting.acme.io\n      conn_extra:\n        sslmode: prefer\n',
          ),
        },
        findings: [
          { file: 'airflow_settings.yaml', line: 7, messageId: 'CONNECTION_OPTION', severity: 'error' },
          { file: 'airflow_settings.yaml', line: 11, messageId: 'CONNECTION_OPTION', severity: 'error' },
          { file: 'airflow_settings.yaml', line: 16, messageId: 'CONNECTION_OPTION', severity: 'warning' },
        ],
      },
      {
        name: 'JSON connection in a Dockerfile: Elasticsearch verify_certs false (Airflow 2 prefixed extra)',
        files: {
          Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\nENV AIRFLOW_CONN_LOGS=\'{"conn_type": "elasticsearch", "host": "logs.acme.io", "extra": {"extra__elasticsearch__verify_certs": false}}\'\n',
        },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'CONNECTION_OPTION' }],
      },
      {
        name: 'Python Connection with a JSON extra and a psycopg2 call',
        files: {
          'include/conns.py':
            'import psycopg2\nfrom airflow.models import Connection\n\nConnection(conn_id="mssql_erp", conn_type="mssql", host="erp.acme.io", extra=\'{"encrypt": "no"}\')\npsycopg2.connect(host="db.acme.io", dbname="dw", sslmode="allow")\n',
        },
        findings: [
          { file: 'include/conns.py', line: 4, messageId: 'CONNECTION_OPTION' },
          { file: 'include/conns.py', line: 5, messageId: 'SSLMODE', severity: 'warning' },
        ],
      },
      {
        name: 'metadata database URI and a dbt profile',
        files: {
          'k8s/values.yaml': 'env:\n  - name: AIRFLOW__DATABASE__SQL_ALCHEMY_CONN\n    value: postgresql://airflow@metadata.acme.io/airflow?sslmode=disable\n',
          'dbt/profiles.yml': 'analytics:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n      host: warehouse.acme.io\n      sslmode: disable\n',
        },
        findings: [
          { file: 'dbt/profiles.yml', line: 7, messageId: 'SSLMODE' },
          { file: 'k8s/values.yaml', line: 3, messageId: 'SSLMODE' },
        ],
      },
    ],
    pass: [
      { name: 'local compose database', files: { '.env': 'AIRFLOW_CONN_LOCAL_PG=postgres://postgres@postgres:5432/postgres?sslmode=disable\nAIRFLOW_CONN_MINIO=\'{"conn_type": "aws", "host": "minio", "extra": {"verify": false}}\'\n' } },
      { name: 'verify-full', files: { '.env': 'AIRFLOW_CONN_WAREHOUSE=postgres://etl@warehouse.acme.io:5432/dw?sslmode=verify-full\n' } },
      {
        name: 'in-cluster service',
        files: { 'airflow_settings.yaml': settings('    - conn_id: es\n      conn_type: elasticsearch\n      conn_host: elasticsearch.logging.svc.cluster.local\n      conn_extra:\n        verify_certs: false\n') },
      },
      { name: 'verification on', files: { 'airflow_settings.yaml': settings('    - conn_id: snowflake_default\n      conn_type: snowflake\n      conn_extra:\n        insecure_mode: false\n        ssl: true\n') } },
      {
        name: 'Python dict extras with verify are AG701\'s',
        files: { 'include/c.py': 'from airflow.models import Connection\nConnection(conn_id="api", conn_type="http", host="api.acme.io", extra={"verify": False})\n' },
      },
      { name: 'the official chart default for an in-cluster database', files: { 'chart/values.yaml': 'data:\n  metadataConnection:\n    host: airflow-postgresql\n    sslmode: disable\n' } },
    ],
  },
})
