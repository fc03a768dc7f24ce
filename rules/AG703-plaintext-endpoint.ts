import { defineFileRule } from '../src/engine/rule.js'
import type { Span } from '../src/engine/source-text.js'
import type { PyExpr } from '../src/parsers/python.js'
import { airflowConfigAssignments } from './helpers/airflow-config.js'
import { type ConnectionDefinition, connectionDefinitions } from './helpers/connections.js'
import { envAssignments } from './helpers/env-assignments.js'
import { isExternalEndpoint } from './helpers/hosts.js'
import { isTestPath } from './helpers/paths.js'
import { parseUri } from './helpers/uri.js'

/** Schemes that carry data and credentials unencrypted. */
const PLAINTEXT_SCHEMES = new Set(['http', 'ftp', 'telnet', 'ws'])
/** Connection types whose protocol is plaintext (their TLS variants are other types: sftp, ftps). */
const PLAINTEXT_CONN_TYPES = new Set(['ftp', 'telnet'])
/** Names of variables, keys and arguments that hold an endpoint. */
const ENDPOINT_NAME = /(url|uri|endpoint|webhook|host|server|address|base)$/i
/** Package-index settings belong to the dependency rules. */
const PACKAGE_INDEX_ENV = /^(PIP|UV|POETRY|PDM|CONDA|NPM|YARN)_/i

/**
 * The plaintext scheme a connection talks, or undefined. HTTP connections: a host with `http://`, or a schema
 * other than `https` — the HTTP hook builds `schema://host` and its schema "defaults to HTTP"
 * (apache-airflow-providers-http `HttpHook.get_conn`). URI form: the scheme is the connection type and the path
 * its schema (`http://host/https` is HTTPS).
 */
function plaintextScheme(connection: ConnectionDefinition): string | undefined {
  const type = connection.type
  if (type === undefined) return undefined
  if (PLAINTEXT_CONN_TYPES.has(type)) return type
  if (type !== 'http') return undefined
  const host = connection.host ?? ''
  if (host.startsWith('https://')) return undefined
  if (host.startsWith('http://')) return 'http'
  return (connection.schema ?? '').toLowerCase() === 'https' ? undefined : 'http'
}

function hostOf(connection: ConnectionDefinition): string {
  const host = connection.host ?? ''
  const uri = host.includes('://') ? parseUri(host) : undefined
  return uri ? uri.host : host.split('/')[0].split(':')[0]
}

const settings = (conn: string) => `airflow:\n  connections:\n${conn}`

export const rule = defineFileRule({
  id: 'AG703',
  name: 'plaintext-endpoint',
  title: 'Plain http://, ftp:// or telnet endpoint on a non-local host',
  severity: 'warning',
  responsibility: 'network-security',
  kinds: ['airflow-settings', 'python', 'dotenv', 'dockerfile', 'yaml', 'json', 'workflow', 'ini'],
  keywords: ['http', 'ftp', 'telnet', 'ws://'],
  messages: {
    CONN_PLAINTEXT: (p: { conn: string; scheme: string; host: string }) =>
      `Connection '${p.conn}' talks ${p.scheme} to ${p.host}: data and credentials cross the network unencrypted.`,
    URL_PLAINTEXT: (p: { scheme: string; host: string }) =>
      `${p.scheme}://${p.host} is an unencrypted endpoint: data and credentials cross the network in plain text.`,
  },
  docs: {
    what: 'Flags endpoints on non-local hosts reached over plaintext protocols: Airflow connections of type `ftp` or `telnet`, HTTP connections whose host is `http://...` or whose schema is not `https` (the HTTP hook defaults to `http`), `AIRFLOW_CONN_*` URIs starting `http://`/`ftp://`/`telnet://`, and `http://`, `ftp://`, `telnet://` or `ws://` URLs in Python call arguments, endpoint-named variables and dict keys (webhooks, APIs, `base_url`), and in endpoint-like environment variables and Airflow options (`*_URL`, `*_ENDPOINT`, `*_HOST`, `[webserver] base_url`). Local and in-cluster hosts (localhost, compose service names such as `minio`, `*.svc.cluster.local`) documentation domains (example.com) and Python test code (`tests/`, `test_*.py`) are left alone; package-index variables (`PIP_*`, ...) belong to the dependency rules.',
    why: 'Anything sent over plain HTTP, FTP or telnet (API keys in headers, basic-auth passwords, webhook secrets, the data itself) can be read and altered on the way. Securing network communication to data sources is the customer\'s side of the shared responsibility model.',
    fix: 'Use the TLS variant: `https://` (for an HTTP connection set the schema to `https` or put `https://` in the host), `sftp`/`ftps` connection types, `wss://`. If the service really has no TLS, reach it through a private link or VPN and say so in a suppression with a reason.',
    examples: {
      bad: { 'dags/notify.py': 'import requests\n\nrequests.post("http://hooks.partner-alerts.com/services/airflow", json={"text": "done"}, timeout=10)\n' },
      good: { 'dags/notify.py': 'import requests\n\nrequests.post("https://hooks.partner-alerts.com/services/airflow", json={"text": "done"}, timeout=10)\n' },
    },
    references: [
      { title: 'CWE-319: Cleartext Transmission of Sensitive Information', url: 'https://cwe.mitre.org/data/definitions/319.html' },
      { title: 'Airflow HTTP provider: connection', url: 'https://airflow.apache.org/docs/apache-airflow-providers-http/stable/connections/http.html' },
    ],
  },
  check({ file, report }) {
    // A plaintext URL, a connection variable or a connection type must occur (the `http` keyword also matches https).
    if (file.kind !== 'airflow-settings' && !/(?:http|ftp|ws|telnet):\/\/|airflow_conn_|conn_type/i.test(file.text)) return
    if (file.kind === 'python' && isTestPath(file.path)) return
    const reported = new Set<number>()
    const url = (value: string, span: Span) => {
      const uri = parseUri(value)
      if (!uri || !PLAINTEXT_SCHEMES.has(uri.scheme) || !isExternalEndpoint(uri.host) || reported.has(span.start)) return
      reported.add(span.start)
      report({ messageId: 'URL_PLAINTEXT', data: { scheme: uri.scheme, host: uri.host }, span })
    }
    for (const connection of connectionDefinitions(file)) {
      const scheme = plaintextScheme(connection)
      const host = hostOf(connection)
      if (!scheme || !isExternalEndpoint(host)) continue
      reported.add(connection.endpointSpan.start)
      report({ messageId: 'CONN_PLAINTEXT', data: { conn: connection.id, scheme, host }, span: connection.endpointSpan })
    }
    if (file.kind === 'python') {
      const module = file.python()
      const literal = (expr: PyExpr | undefined) => (expr?.kind === 'string' && expr.value.includes('://') ? expr : undefined)
      for (const call of module.calls) {
        for (const arg of call.args) {
          const text = literal(arg)
          if (text) url(text.value, text.span)
        }
        for (const keyword of call.keywords) {
          const text = literal(keyword.value)
          if (text) url(text.value, text.span)
        }
      }
      for (const assignment of module.assignments) {
        const text = literal(assignment.value)
        if (text && ENDPOINT_NAME.test(assignment.target)) url(text.value, text.span)
      }
      for (const entry of module.dictEntries) {
        const text = literal(entry.value)
        if (text && entry.key.kind === 'string' && ENDPOINT_NAME.test(entry.key.value)) url(text.value, text.span)
      }
      return
    }
    for (const env of envAssignments(file)) {
      if (/^AIRFLOW_CONN_/i.test(env.name) || PACKAGE_INDEX_ENV.test(env.name) || !env.value.includes('://')) continue
      if (ENDPOINT_NAME.test(env.name) || /^AIRFLOW__/i.test(env.name)) url(env.value, env.valueSpan)
    }
    if (file.kind === 'ini' || file.kind === 'yaml') {
      for (const assignment of airflowConfigAssignments(file)) {
        if (assignment.carrier === 'airflow-cfg' || assignment.carrier === 'helm-config') url(assignment.value, assignment.valueSpan)
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'webhook URL in a DAG',
        files: { 'dags/notify.py': 'import requests\n\nrequests.post("http://hooks.partner-alerts.com/services/airflow", json={}, timeout=10)\n' },
        findings: [{ file: 'dags/notify.py', line: 3, messageId: 'URL_PLAINTEXT' }],
      },
      {
        name: 'endpoint variable and dict key',
        files: { 'include/api.py': 'BASE_URL = "http://api.partner-data.com/v2"\nCONFIG = {"endpoint": "ws://stream.partner-data.com/feed", "name": "http://not-an-endpoint.io"}\n' },
        findings: [
          { file: 'include/api.py', line: 1, messageId: 'URL_PLAINTEXT' },
          { file: 'include/api.py', line: 2, messageId: 'URL_PLAINTEXT' },
        ],
      },
      {
        name: 'airflow_settings.yaml: FTP and an HTTP connection without schema',
        files: {
          'airflow_settings.yaml': settings(
            '    - conn_id: vendor_ftp\n      conn_type: ftp\n      conn_host: ftp.vendor.io\n    - conn_id: partner_api\n      conn_type: http\n      conn_host: api.partner-data.com\n    - conn_id: secure_api\n      conn_type: http\n      conn_host: api.partner-data.com\n      conn_schema: https\n',
          ),
        },
        findings: [
          { file: 'airflow_settings.yaml', line: 5, messageId: 'CONN_PLAINTEXT' },
          { file: 'airflow_settings.yaml', line: 8, messageId: 'CONN_PLAINTEXT' },
        ],
      },
      {
        name: 'AIRFLOW_CONN URI and a webhook variable in .env',
        files: { '.env': 'AIRFLOW_CONN_LEGACY_ERP=telnet://erp.acme.io:23\nSLACK_WEBHOOK_URL=http://hooks.slack.com/services/T000/B000/XXXX\n' },
        findings: [
          { file: '.env', line: 1, messageId: 'CONN_PLAINTEXT' },
          { file: '.env', line: 2, messageId: 'URL_PLAINTEXT' },
        ],
      },
      {
        name: 'Airflow UI served over http (Dockerfile and airflow.cfg)',
        files: {
          Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\nENV AIRFLOW__WEBSERVER__BASE_URL=http://airflow.acme.io\n',
          'airflow.cfg': '[webserver]\nbase_url = http://airflow.acme.io:8080\n',
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'URL_PLAINTEXT' },
          { file: 'airflow.cfg', line: 2, messageId: 'URL_PLAINTEXT' },
        ],
      },
      {
        name: 'Python Connection over FTP',
        files: { 'include/c.py': 'from airflow.models import Connection\nc = Connection(conn_id="drop", conn_type="ftp", host="files.vendor.io", login="u")\n' },
        findings: [{ file: 'include/c.py', line: 2, messageId: 'CONN_PLAINTEXT' }],
      },
    ],
    pass: [
      {
        name: 'local and in-cluster services',
        files: {
          'dags/local.py': 'import requests\nrequests.get("http://localhost:8080/health")\nrequests.get("http://minio:9000/minio/health/live")\nrequests.get("http://marquez.lineage.svc.cluster.local:5000/api/v1/namespaces")\n',
          '.env': 'OPENLINEAGE_URL=http://marquez:5000\nAIRFLOW_CONN_LOCAL_API=http://host.docker.internal:8000\n',
        },
      },
      { name: 'https and sftp', files: { 'airflow_settings.yaml': settings('    - conn_id: vendor_sftp\n      conn_type: sftp\n      conn_host: ftp.vendor.io\n    - conn_id: api\n      conn_type: http\n      conn_host: https://api.partner-data.com\n') } },
      { name: 'documentation hosts and XML namespaces', files: { 'include/doc.py': 'EXAMPLE_URL = "http://api.example.com/v1"\nET.register_namespace("s", "http://schemas.xmlsoap.org/soap/envelope/")\n' } },
      { name: 'package index settings are the dependency rules\' concern', files: { '.env': 'PIP_INDEX_URL=http://pypi.acme.io/simple\n' } },
      { name: 'mock URLs in tests', files: { 'tests/http/test_hook.py': 'def test_call(aioresponse):\n    aioresponse.get("http://httpbin.org/status/500", status=500)\n' } },
      { name: 'URL in a comment or docstring', files: { 'dags/doc.py': '"""See http://wiki.acme.io/airflow."""\n# http://legacy.acme.io\n' } },
      { name: 'HTTP URI connection with an https schema', files: { '.env': 'AIRFLOW_CONN_PARTNER=http://api.partner-data.com/https\n' } },
    ],
  },
})
