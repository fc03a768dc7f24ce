import { defineFileRule } from '../src/engine/rule.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'
import { SETTING_KINDS, riskySettingHits, settingKeywords } from './helpers/risky-settings.js'

export const rule = defineFileRule({
  id: 'AG322',
  name: 'basic-auth-api-backend',
  title: 'REST API authenticated with local passwords (basic auth)',
  severity: 'warning',
  responsibility: 'federated-identity',
  kinds: SETTING_KINDS,
  keywords: settingKeywords('basic-auth'),
  messages: {
    SETTING: (p: { setting: string; value: string; effect: string; safe: string }) =>
      `${p.setting}=${p.value} ${p.effect}; use ${p.safe}.`,
  },
  docs: {
    what: 'Flags a basic-auth API backend (`airflow.api.auth.backend.basic_auth` or the FAB provider\'s `...auth_manager.api.auth.backend.basic_auth`) in `[api] auth_backends` (Airflow 2) or `[fab] auth_backends` (Airflow 3), set in anything that configures a deployed environment (Dockerfile `ENV`, `airflow.cfg`, Helm values, Kubernetes manifests, Astro Deployment files). `.env`, docker compose files and development or CI Dockerfiles (under `dev/`, `test/`, `ci/`, or named like `Dockerfile.dev`) are local and not checked.',
    why: 'Basic auth means local Airflow users with passwords, sent with every API call and stored in scripts and CI. The customer\'s side of the shared responsibility model is to use federated identity (SSO) and scoped, revocable API tokens instead of local passwords.',
    fix: 'Remove the backend. On Astro, users log in through Astro\'s SSO and automation calls the Airflow API with a Deployment, Workspace or Organization API token; elsewhere use the session backend with an SSO-backed auth manager.',
    examples: {
      bad: airflow2Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.basic_auth,airflow.api.auth.backend.session\n'),
      good: airflow2Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.session\n'),
    },
    references: [
      { title: 'Astro: make requests to the Airflow REST API', url: 'https://www.astronomer.io/docs/astro/airflow-api' },
      { title: 'Airflow: API authentication', url: 'https://airflow.apache.org/docs/apache-airflow/stable/security/api.html' },
    ],
  },
  check({ file, project, report }) {
    for (const hit of riskySettingHits(file, project, 'basic-auth')) {
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
        name: 'Airflow 2: basic_auth in the production image',
        files: airflow2Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.basic_auth\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 3: FAB provider basic auth',
        files: airflow3Project('ENV AIRFLOW__FAB__AUTH_BACKENDS=airflow.providers.fab.auth_manager.api.auth.backend.basic_auth\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'airflow.cfg with a comma-separated list',
        files: { 'airflow.cfg': '[api]\nauth_backends = airflow.api.auth.backend.session, airflow.api.auth.backend.basic_auth\n' },
        findings: [{ file: 'airflow.cfg', line: 2, messageId: 'SETTING' }],
      },
    ],
    pass: [
      { name: 'session backend', files: airflow3Project('ENV AIRFLOW__FAB__AUTH_BACKENDS=airflow.providers.fab.auth_manager.api.auth.backend.session\n') },
      { name: 'Kerberos is federated', files: airflow2Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.kerberos_auth\n') },
      { name: 'local development only', files: airflow2Project('', { '.env': 'AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.basic_auth\n' }) },
      { name: 'Airflow 3 ignores [api] auth_backends', files: airflow3Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.basic_auth\n') },
    ],
  },
})
