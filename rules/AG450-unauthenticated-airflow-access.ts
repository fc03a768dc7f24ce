import { defineFileRule } from '../src/engine/rule.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'
import { SETTING_KINDS, riskySettingHits, settingKeywords } from './helpers/risky-settings.js'

export const rule = defineFileRule({
  id: 'AG450',
  name: 'unauthenticated-airflow-access',
  title: 'Airflow setting that lets anonymous users into the API or UI',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: SETTING_KINDS,
  keywords: settingKeywords('open-access'),
  messages: {
    SETTING: (p: { setting: string; value: string; effect: string; safe: string }) =>
      `${p.setting}=${p.value} ${p.effect}; use ${p.safe}.`,
  },
  docs: {
    what: 'Flags Airflow settings that switch authentication or access control off, in anything that configures a deployed environment (Dockerfile `ENV`, `airflow.cfg`, Helm values, Kubernetes manifests, Astro Deployment files): the `airflow.api.auth.backend.default` API auth backend (Airflow 2 `[api] auth_backends`, Airflow 3 `[fab] auth_backends`), `[core] simple_auth_manager_all_admins = True` (Airflow 3) and `[api] enable_experimental_api = True` (Airflow 2). Spellings the project\'s Airflow major does not read are ignored; `.env`, docker compose files, workflow `env:` and development or CI Dockerfiles (under `dev/`, `test/`, `ci/`, or named like `Dockerfile.dev`) are local and not checked (the Astro CLI sets `SIMPLE_AUTH_MANAGER_ALL_ADMINS` in its own local environment).',
    why: 'With these values anyone who can reach the Deployment\'s URL can trigger DAGs, read connections and change Variables without logging in. Securing pipelines and their configuration is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the setting (the defaults are safe) and redeploy. On Astro, authenticate API calls with a Deployment, Workspace or Organization API token; keep local-only values in `.env`.',
    examples: {
      bad: airflow3Project('ENV AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True\n'),
      good: airflow3Project('', { '.env': 'AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True\n' }),
    },
    references: [
      { title: 'Airflow: API authentication', url: 'https://airflow.apache.org/docs/apache-airflow/stable/security/api.html' },
      { title: 'Astro: environment variables', url: 'https://www.astronomer.io/docs/astro/environment-variables' },
    ],
  },
  check({ file, project, report }) {
    for (const hit of riskySettingHits(file, project, 'open-access')) {
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
        name: 'Airflow 2: default auth backend in the Dockerfile',
        files: airflow2Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.default\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 2: default backend listed after session (legacy single-backend name)',
        files: airflow2Project('ENV AIRFLOW__API__AUTH_BACKEND="airflow.api.auth.backend.session,airflow.api.auth.backend.default"\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 3: SIMPLE_AUTH_MANAGER_ALL_ADMINS in the Dockerfile',
        files: airflow3Project('ENV AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=true\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 3: default backend for the FAB API',
        files: airflow3Project('ENV AIRFLOW__FAB__AUTH_BACKENDS=airflow.api.auth.backend.default\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'experimental API in airflow.cfg outside a project',
        files: { 'config/airflow.cfg': '[api]\nenable_experimental_api = True\n' },
        findings: [{ file: 'config/airflow.cfg', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Helm values config section',
        files: { 'chart/values.yaml': 'config:\n  api:\n    auth_backends: airflow.api.auth.backend.default\n' },
        findings: [{ file: 'chart/values.yaml', line: 3, messageId: 'SETTING' }],
      },
      {
        name: 'Kubernetes env list',
        files: {
          'k8s/scheduler.yaml':
            'spec:\n  containers:\n    - name: scheduler\n      env:\n        - name: AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS\n          value: "True"\n',
        },
        findings: [{ file: 'k8s/scheduler.yaml', line: 5, messageId: 'SETTING' }],
      },
      {
        name: 'Astro Deployment file environment variable',
        files: {
          'deployments/dev.yaml':
            'deployment:\n  environment_variables:\n    - is_secret: false\n      key: AIRFLOW__API__ENABLE_EXPERIMENTAL_API\n      value: "True"\n  configuration:\n    name: dev\n',
        },
        findings: [{ file: 'deployments/dev.yaml', line: 4, messageId: 'SETTING' }],
      },
    ],
    pass: [
      { name: 'local .env (the Astro CLI sets this locally itself)', files: airflow3Project('', { '.env': 'AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True\nAIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.default\n' }) },
      {
        name: 'docker compose override',
        files: { 'docker-compose.override.yml': 'services:\n  api-server:\n    environment:\n      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: "True"\n' },
      },
      { name: 'Airflow 2 does not read simple_auth_manager_all_admins', files: airflow2Project('ENV AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True\n') },
      { name: 'Airflow 3 does not read [api] auth_backends', files: airflow3Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.default\n') },
      { name: 'session backend', files: airflow2Project('ENV AIRFLOW__API__AUTH_BACKENDS=airflow.api.auth.backend.session\n') },
      { name: 'explicitly off', files: airflow3Project('ENV AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=False\n') },
      {
        name: 'a build stage that is not deployed',
        files: {
          Dockerfile: 'FROM python:3.12 AS tools\nENV AIRFLOW__API__ENABLE_EXPERIMENTAL_API=True\nFROM quay.io/astronomer/astro-runtime:13.11.0\n',
          'dags/.airflowignore': '',
        },
      },
      { name: 'workflow env for a CI test run', files: { '.github/workflows/test.yml': 'on: push\nenv:\n  AIRFLOW__API__ENABLE_EXPERIMENTAL_API: "True"\njobs: {}\n' } },
    ],
  },
})
