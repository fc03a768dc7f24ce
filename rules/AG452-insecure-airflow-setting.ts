import { defineFileRule } from '../src/engine/rule.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'
import { SETTING_KINDS, riskySettingHits, settingKeywords } from './helpers/risky-settings.js'

export const rule = defineFileRule({
  id: 'AG452',
  name: 'insecure-airflow-setting',
  title: 'Airflow setting that weakens the deployment',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: SETTING_KINDS,
  keywords: settingKeywords('insecure-option'),
  messages: {
    SETTING: (p: { setting: string; value: string; effect: string; safe: string }) =>
      `${p.setting}=${p.value} ${p.effect}; use ${p.safe}.`,
  },
  docs: {
    what: 'Flags Airflow settings with an insecure non-default value, in anything that configures a deployed environment: XCom pickling (`[core] enable_xcom_pickling = True`, Airflow 2; an error), `[core] allowed_deserialization_classes(_regexp)` that match every class, `[webserver] cookie_secure = False` (Airflow 2), `[api] access_control_allow_origins = *`, and `[core] load_examples = True` (a notice). `.env`, docker compose files, workflow `env:` and development or CI Dockerfiles (under `dev/`, `test/`, `ci/`, or named like `Dockerfile.dev`) are local and not checked.',
    why: 'Pickled XComs and unrestricted deserialization let anyone who can write an XCom or a serialized object run code on the workers; a session cookie without the Secure flag can travel over plain HTTP; CORS `*` lets any website use a logged-in browser against the API; example DAGs are code nobody reviewed running in production.',
    fix: 'Remove the setting (the defaults are safe) and redeploy. Return JSON-serializable values from tasks (or use a custom XCom backend) instead of pickling, list the exact classes to deserialize, and list the exact origins that need CORS.',
    examples: {
      bad: airflow2Project('ENV AIRFLOW__CORE__ENABLE_XCOM_PICKLING=True\n'),
      good: airflow2Project('ENV AIRFLOW__CORE__ENABLE_XCOM_PICKLING=False\n'),
    },
    references: [
      { title: 'Airflow: configuration reference', url: 'https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html' },
      { title: 'CWE-502: Deserialization of Untrusted Data', url: 'https://cwe.mitre.org/data/definitions/502.html' },
    ],
  },
  check({ file, project, report }) {
    for (const hit of riskySettingHits(file, project, 'insecure-option')) {
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
        name: 'Airflow 2: XCom pickling is an error',
        files: airflow2Project('ENV AIRFLOW__CORE__ENABLE_XCOM_PICKLING=True\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING', severity: 'error' }],
      },
      {
        name: 'Airflow 3: deserialization of every class',
        files: airflow3Project('ENV AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES="airflow.* *"\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING', severity: 'warning' }],
      },
      {
        name: 'regexp variant matching everything',
        files: airflow2Project('ENV AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES_REGEXP=.*\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 2: insecure cookie and CORS *',
        files: airflow2Project('ENV AIRFLOW__WEBSERVER__COOKIE_SECURE=False\nENV AIRFLOW__API__ACCESS_CONTROL_ALLOW_ORIGINS=*\n'),
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'SETTING' },
          { file: 'Dockerfile', line: 3, messageId: 'SETTING' },
        ],
      },
      {
        name: 'Airflow 3: CORS * in the api section',
        files: airflow3Project('ENV AIRFLOW__API__ACCESS_CONTROL_ALLOW_ORIGINS="https://portal.acme.io *"\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'example DAGs loaded is a notice',
        files: airflow3Project('ENV AIRFLOW__CORE__LOAD_EXAMPLES=True\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'Airflow 3 removed XCom pickling', files: airflow3Project('ENV AIRFLOW__CORE__ENABLE_XCOM_PICKLING=True\n') },
      { name: 'narrow deserialization list', files: airflow2Project('ENV AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES="airflow.* acme.models.*"\n') },
      { name: 'the template value', files: airflow2Project('ENV AIRFLOW__CORE__LOAD_EXAMPLES=False\n') },
      { name: 'Airflow 3 does not read [webserver] cookie_secure', files: airflow3Project('ENV AIRFLOW__WEBSERVER__COOKIE_SECURE=False\n') },
      { name: 'exact CORS origins', files: airflow2Project('ENV AIRFLOW__API__ACCESS_CONTROL_ALLOW_ORIGINS=https://portal.acme.io\n') },
      { name: 'local .env', files: airflow2Project('', { '.env': 'AIRFLOW__CORE__LOAD_EXAMPLES=True\nAIRFLOW__CORE__ENABLE_XCOM_PICKLING=True\n' }) },
    ],
  },
})
