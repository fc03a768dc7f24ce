import { defineFileRule } from '../src/engine/rule.js'
import type { Span } from '../src/engine/source-text.js'
import type { PyCall, PyExpr } from '../src/parsers/python.js'
import { isExternalEndpoint } from './helpers/hosts.js'
import { isTestPath } from './helpers/paths.js'
import { parseUri } from './helpers/uri.js'

/**
 * Keyword arguments and dict keys that turn certificate verification off, with the value that does it: requests /
 * httpx `verify`, Elasticsearch `verify_certs`, Ansible-style `validate_certs`, urllib3/aiohttp `ssl`/`verify_ssl`,
 * `check_hostname`, and `insecure*` flags.
 */
const VERIFY_OPTIONS = new Map<string, 'False' | 'True'>([
  ['verify', 'False'],
  ['verify_ssl', 'False'],
  ['ssl_verify', 'False'],
  ['verify_certs', 'False'],
  ['verify_certificate', 'False'],
  ['validate_certs', 'False'],
  ['tls_verify', 'False'],
  ['check_hostname', 'False'],
  ['ssl_check_hostname', 'False'],
  ['insecure', 'True'],
  ['insecure_skip_verify', 'True'],
  ['insecure_skip_tls_verify', 'True'],
])
const CERT_REQS = new Set(['cert_reqs', 'ssl_cert_reqs'])

function isCertNone(value: PyExpr): boolean {
  if (value.kind === 'name') return value.name === 'CERT_NONE' || value.name.endsWith('.CERT_NONE')
  return value.kind === 'string' && (value.value === 'CERT_NONE' || value.value.toLowerCase() === 'none')
}

function stringKey(key: PyExpr): string | undefined {
  return key.kind === 'string' && !key.hasInterpolation ? key.value : undefined
}

/** A call whose URL (first positional argument or `url=`) is a local or in-cluster endpoint: self-signed local TLS. */
function targetsInternalHost(call: PyCall): boolean {
  const url = call.keywords.find((keyword) => keyword.name === 'url')?.value ?? call.args[0]
  if (!url || url.kind !== 'string') return false
  const uri = parseUri(url.value)
  return uri !== undefined && !isExternalEndpoint(uri.host)
}

export const rule = defineFileRule({
  id: 'AG701',
  name: 'tls-verification-disabled',
  title: 'TLS certificate verification turned off in code',
  severity: 'error',
  responsibility: 'network-security',
  kinds: ['python'],
  keywords: ['verify', 'cert_none', 'check_hostname', 'unverified', 'validate_certs', 'insecure'],
  messages: {
    VERIFY_OFF: (p: { setting: string; where: string }) =>
      `${p.where} passes ${p.setting}: the server's TLS certificate is not verified.`,
    UNVERIFIED_CONTEXT: (p: { where: string }) =>
      `${p.where} uses ssl._create_unverified_context, which verifies neither certificates nor host names.`,
    CERT_NONE: (p: { where: string }) => `${p.where} uses CERT_NONE: the server's TLS certificate is not verified.`,
    CHECK_HOSTNAME_OFF: (p: { target: string }) =>
      `${p.target} = False: the certificate is not checked against the host name.`,
  },
  docs: {
    what: 'Flags Python (DAGs, hooks, plugins, include/) that switches TLS verification off: `verify=False` and its relatives (`verify_ssl`, `verify_certs`, `validate_certs`, `ssl_verify`, `check_hostname=False`, `insecure=True`) as call arguments or dict entries (for example HttpOperator `extra_options={"verify": False}`), `ssl._create_unverified_context`, `CERT_NONE`, `ctx.check_hostname = False` and `session.verify = False`. Calls whose URL is a local or in-cluster host (localhost, a compose service name, `*.svc.cluster.local`) and test code (`tests/`, `test_*.py`, `conftest.py`) are left alone.',
    why: 'Without certificate verification anyone on the network path (a proxy, a compromised router, a hostile Wi-Fi, a cloud neighbour) can impersonate the data source or API and read or change the traffic, credentials included. Securing network communication to data sources is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the override. If the server uses a private CA, pass the CA bundle instead (`verify="/usr/local/share/ca-certificates/acme-ca.pem"`, or `REQUESTS_CA_BUNDLE`/`SSL_CERT_FILE` in the image); for Airflow connections configure the CA in the connection extra.',
    examples: {
      bad: { 'dags/partner_sync.py': 'import requests\n\nresponse = requests.get("https://api.partner-data.com/v1/orders", verify=False, timeout=30)\n' },
      good: { 'dags/partner_sync.py': 'import requests\n\nresponse = requests.get("https://api.partner-data.com/v1/orders", verify="/etc/ssl/certs/partner-ca.pem", timeout=30)\n' },
    },
    references: [
      { title: 'CWE-295: Improper Certificate Validation', url: 'https://cwe.mitre.org/data/definitions/295.html' },
      { title: 'Requests: SSL certificate verification', url: 'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification' },
    ],
  },
  check({ file, report }) {
    if (isTestPath(file.path)) return
    const module = file.python()
    const reported = new Set<number>()
    const once = (span: Span) => {
      if (reported.has(span.start)) return false
      reported.add(span.start)
      return true
    }
    for (const call of module.calls) {
      const where = call.callee ? `${call.callee}()` : 'A call'
      if (call.callee.endsWith('_create_unverified_context')) {
        if (once(call.span)) report({ messageId: 'UNVERIFIED_CONTEXT', data: { where: 'This code' }, span: call.calleeSpan })
        continue
      }
      if (targetsInternalHost(call)) continue
      for (const keyword of call.keywords) {
        const name = keyword.name.toLowerCase()
        const bad = VERIFY_OPTIONS.get(name)
        const span = { start: keyword.nameSpan.start, end: keyword.value.span.end }
        if (bad && keyword.value.kind === 'constant' && keyword.value.value === bad) {
          if (once(span)) report({ messageId: 'VERIFY_OFF', data: { setting: `${keyword.name}=${bad}`, where }, span })
        } else if (CERT_REQS.has(name) && isCertNone(keyword.value)) {
          if (once(span)) report({ messageId: 'CERT_NONE', data: { where }, span })
        }
      }
    }
    for (const entry of module.dictEntries) {
      const key = stringKey(entry.key)?.toLowerCase()
      if (!key) continue
      const bad = VERIFY_OPTIONS.get(key)
      if (bad && entry.value.kind === 'constant' && entry.value.value === bad) {
        if (once(entry.span)) report({ messageId: 'VERIFY_OFF', data: { setting: `"${key}": ${bad}`, where: 'A dict' }, span: entry.span })
      } else if (CERT_REQS.has(key) && isCertNone(entry.value)) {
        if (once(entry.span)) report({ messageId: 'CERT_NONE', data: { where: 'A dict' }, span: entry.span })
      }
    }
    for (const assignment of module.assignments) {
      const { target, value } = assignment
      if (value.kind === 'name' && value.name.endsWith('_create_unverified_context')) {
        if (once(assignment.span)) report({ messageId: 'UNVERIFIED_CONTEXT', data: { where: target }, span: assignment.span })
      } else if (target.endsWith('.check_hostname') && value.kind === 'constant' && value.value === 'False') {
        if (once(assignment.span)) report({ messageId: 'CHECK_HOSTNAME_OFF', data: { target }, span: assignment.span })
      } else if (target.endsWith('.verify_mode') && isCertNone(value)) {
        if (once(assignment.span)) report({ messageId: 'CERT_NONE', data: { where: target }, span: assignment.span })
      } else if (assignment.targetKind === 'attribute' && target.endsWith('.verify') && value.kind === 'constant' && value.value === 'False') {
        if (once(assignment.span)) report({ messageId: 'VERIFY_OFF', data: { setting: 'verify = False', where: target.slice(0, -'.verify'.length) }, span: assignment.span })
      } else if (
        assignment.targetKind === 'subscript' &&
        target === 'os.environ' &&
        assignment.subscriptKey?.kind === 'string' &&
        assignment.subscriptKey.value === 'PYTHONHTTPSVERIFY' &&
        value.kind === 'string' &&
        value.value === '0'
      ) {
        if (once(assignment.span)) report({ messageId: 'VERIFY_OFF', data: { setting: 'PYTHONHTTPSVERIFY=0', where: 'os.environ' }, span: assignment.span })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'requests and httpx',
        files: {
          'dags/sync.py':
            'import httpx\nimport requests\n\nrequests.post("https://api.partner-data.com/v1/push", json={}, verify=False)\nclient = httpx.Client(base_url="https://api.partner-data.com", verify=False)\n',
        },
        findings: [
          { file: 'dags/sync.py', line: 4, messageId: 'VERIFY_OFF' },
          { file: 'dags/sync.py', line: 5, messageId: 'VERIFY_OFF' },
        ],
      },
      {
        name: 'HttpOperator extra_options and an Elasticsearch client',
        files: {
          'dags/search.py':
            'from airflow.providers.http.operators.http import HttpOperator\nfrom elasticsearch import Elasticsearch\n\nHttpOperator(task_id="t", http_conn_id="partner", endpoint="v1/orders", extra_options={"verify": False})\nes = Elasticsearch("https://search.acme.io:9200", verify_certs=False)\n',
        },
        findings: [
          { file: 'dags/search.py', line: 4, messageId: 'VERIFY_OFF' },
          { file: 'dags/search.py', line: 5, messageId: 'VERIFY_OFF' },
        ],
      },
      {
        name: 'ssl module: unverified context, CERT_NONE, check_hostname',
        files: {
          'include/tls.py':
            'import ssl\n\nssl._create_default_https_context = ssl._create_unverified_context\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\nraw = ssl._create_unverified_context()\n',
        },
        findings: [
          { file: 'include/tls.py', line: 3, messageId: 'UNVERIFIED_CONTEXT' },
          { file: 'include/tls.py', line: 5, messageId: 'CHECK_HOSTNAME_OFF' },
          { file: 'include/tls.py', line: 6, messageId: 'CERT_NONE' },
          { file: 'include/tls.py', line: 7, messageId: 'UNVERIFIED_CONTEXT' },
        ],
      },
      {
        name: 'session attribute, websocket sslopt, environment override',
        files: {
          'plugins/client.py':
            'import os\nimport ssl\nimport requests\n\nsession = requests.Session()\nsession.verify = False\nws.run_forever(sslopt={"cert_reqs": ssl.CERT_NONE})\nos.environ["PYTHONHTTPSVERIFY"] = "0"\n',
        },
        findings: [
          { file: 'plugins/client.py', line: 6, messageId: 'VERIFY_OFF' },
          { file: 'plugins/client.py', line: 7, messageId: 'CERT_NONE' },
          { file: 'plugins/client.py', line: 8, messageId: 'VERIFY_OFF' },
        ],
      },
    ],
    pass: [
      { name: 'verification on or with a CA bundle', files: { 'dags/ok.py': 'import requests\nrequests.get("https://api.partner-data.com", verify=True)\nrequests.get("https://api.partner-data.com", verify="/etc/ssl/ca.pem")\n' } },
      { name: 'local development endpoint', files: { 'dags/local.py': 'import requests\nrequests.get("https://localhost:8443/health", verify=False)\nrequests.get(url="https://minio:9000/minio/health/live", verify=False)\n' } },
      { name: 'verify from configuration', files: { 'dags/cfg.py': 'import requests\nVERIFY = Variable.get("verify_tls", default_var=True)\nrequests.get("https://api.partner-data.com", verify=VERIFY)\n' } },
      { name: 'a word in a string or comment', files: { 'dags/doc.py': '# never pass verify=False\nHELP = "verify=False disables TLS checks"\n' } },
      { name: 'test code', files: { 'tests/hooks/test_partner.py': 'import requests\n\ndef test_get():\n    requests.get("https://api.partner-data.com", verify=False)\n' } },
      { name: 'hostname checking on', files: { 'include/tls2.py': 'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = True\nctx.verify_mode = ssl.CERT_REQUIRED\n' } },
    ],
  },
})
