import { defineFileRule } from '../src/engine/rule.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'
import { SETTING_KINDS, riskySettingHits, settingKeywords } from './helpers/risky-settings.js'

export const rule = defineFileRule({
  id: 'AG704',
  name: 'tls-verification-disabled-setting',
  title: 'Certificate verification switched off by configuration',
  severity: 'error',
  responsibility: 'network-security',
  kinds: SETTING_KINDS,
  keywords: settingKeywords('tls-verification'),
  messages: {
    SETTING: (p: { setting: string; value: string; effect: string; safe: string }) =>
      `${p.setting}=${p.value} ${p.effect}; use ${p.safe}.`,
  },
  docs: {
    what: 'Flags configuration that switches TLS certificate verification off for a whole deployment: `PYTHONHTTPSVERIFY=0`, `verify_ssl = False` in `[kubernetes]`/`[kubernetes_executor]`, and `[elasticsearch_configs] verify_certs = False`, in anything that configures a deployed environment (Dockerfile `ENV`, `airflow.cfg`, Helm values, Kubernetes manifests, Astro Deployment files).',
    why: 'Without certificate verification anyone on the network path can impersonate the server and read or change the traffic, credentials included. Securing the network path to data sources is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the setting. If a server uses a private CA, install the CA certificate in the image (for example `COPY ca.pem` plus `REQUESTS_CA_BUNDLE`/`SSL_CERT_FILE`) instead of turning verification off.',
    examples: {
      bad: airflow2Project('ENV PYTHONHTTPSVERIFY=0\n'),
      good: airflow2Project('ENV SSL_CERT_FILE=/usr/local/share/ca-certificates/acme-ca.pem\n'),
    },
    references: [
      { title: 'PEP 493: HTTPS verification migration tools', url: 'https://peps.python.org/pep-0493/' },
      { title: 'CWE-295: Improper Certificate Validation', url: 'https://cwe.mitre.org/data/definitions/295.html' },
    ],
  },
  check({ file, project, report }) {
    for (const hit of riskySettingHits(file, project, 'tls-verification')) {
      report({
        messageId: 'SETTING',
        data: { setting: hit.setting, value: hit.value, effect: hit.entry.effect, safe: hit.entry.safe },
        span: hit.span,
        severity: hit.severity,
      })
    }
  },
  cases: {
    flag: [
      {
        name: 'PYTHONHTTPSVERIFY=0 in the image',
        files: airflow3Project('ENV PYTHONHTTPSVERIFY=0\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 2: legacy [kubernetes] verify_ssl',
        files: airflow2Project('ENV AIRFLOW__KUBERNETES__VERIFY_SSL=False\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 3: [kubernetes_executor] verify_ssl',
        files: airflow3Project('ENV AIRFLOW__KUBERNETES_EXECUTOR__VERIFY_SSL=false\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Elasticsearch log handler in a Kubernetes manifest',
        files: { 'k8s/worker.yaml': 'env:\n  - name: AIRFLOW__ELASTICSEARCH_CONFIGS__VERIFY_CERTS\n    value: "False"\n' },
        findings: [{ file: 'k8s/worker.yaml', line: 2, messageId: 'SETTING' }],
      },
    ],
    pass: [
      { name: 'verification on', files: airflow3Project('ENV AIRFLOW__KUBERNETES_EXECUTOR__VERIFY_SSL=True\nENV PYTHONHTTPSVERIFY=1\n') },
      { name: 'Airflow 3 no longer reads [kubernetes]', files: airflow3Project('ENV AIRFLOW__KUBERNETES__VERIFY_SSL=False\n') },
      { name: 'local .env', files: airflow2Project('', { '.env': 'PYTHONHTTPSVERIFY=0\n' }) },
    ],
  },
})
