import { defineFileRule } from '../src/engine/rule.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'
import { SETTING_KINDS, riskySettingHits, settingKeywords } from './helpers/risky-settings.js'

export const rule = defineFileRule({
  id: 'AG451',
  name: 'sensitive-data-exposure-setting',
  title: 'Airflow setting that shows secrets or internals to users',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: SETTING_KINDS,
  keywords: settingKeywords('data-exposure'),
  messages: {
    SETTING: (p: { setting: string; value: string; effect: string; safe: string }) =>
      `${p.setting}=${p.value} ${p.effect}; use ${p.safe}.`,
  },
  docs: {
    what: 'Flags Airflow settings that reveal sensitive data to UI/API users or in logs, in anything that configures a deployed environment: `expose_config = True` (Airflow 2 `[webserver]`, Airflow 3 `[api]`), `[core] hide_sensitive_var_conn_fields = False`, `expose_stacktrace = True` (Airflow 2 `[webserver]`, Airflow 3 `[api]`) and `[core] test_connection = Enabled`. `.env`, docker compose files, workflow `env:` and development or CI Dockerfiles (under `dev/`, `test/`, `ci/`, or named like `Dockerfile.dev`) are local and not checked.',
    why: '`expose_config = True` shows the Fernet key and the metadata database URI to every user who can open the configuration page; unmasked Variables and connection extras end up in task logs; stack traces leak SQL and code paths; connection testing lets users make the workers connect anywhere. On Astro, `expose_config` is a platform variable fixed to `NON-SENSITIVE-ONLY` that customers should not override.',
    fix: 'Remove the setting (the defaults are safe), or use `non-sensitive-only` for `expose_config` and `Hidden` for `test_connection`. Keep local-only values in `.env`.',
    examples: {
      bad: airflow2Project('ENV AIRFLOW__WEBSERVER__EXPOSE_CONFIG=True\n'),
      good: airflow2Project('ENV AIRFLOW__WEBSERVER__EXPOSE_CONFIG=non-sensitive-only\n'),
    },
    references: [
      { title: 'Astro: platform variables', url: 'https://www.astronomer.io/docs/astro/platform-variables' },
      { title: 'Airflow: configuration reference', url: 'https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html' },
    ],
  },
  check({ file, project, report }) {
    for (const hit of riskySettingHits(file, project, 'data-exposure')) {
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
        name: 'Airflow 2: [webserver] expose_config',
        files: airflow2Project('ENV AIRFLOW__WEBSERVER__EXPOSE_CONFIG=True\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 3: [api] expose_config',
        files: airflow3Project('ENV AIRFLOW__API__EXPOSE_CONFIG=true\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 3 still reads the deprecated [webserver] spelling',
        files: airflow3Project('ENV AIRFLOW__WEBSERVER__EXPOSE_CONFIG=1\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'Airflow 2: expose_stacktrace and masking off, several pairs on one ENV',
        files: airflow2Project('ENV AIRFLOW__WEBSERVER__EXPOSE_STACKTRACE=True \\\n    AIRFLOW__CORE__HIDE_SENSITIVE_VAR_CONN_FIELDS=False\n'),
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'SETTING' },
          { file: 'Dockerfile', line: 3, messageId: 'SETTING' },
        ],
      },
      {
        name: 'Airflow 3: [api] expose_stacktrace',
        files: airflow3Project('ENV AIRFLOW__API__EXPOSE_STACKTRACE=True\n'),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'SETTING' }],
      },
      {
        name: 'connection testing enabled in airflow.cfg',
        files: { 'airflow.cfg': '[core]\ntest_connection = Enabled\n' },
        findings: [{ file: 'airflow.cfg', line: 2, messageId: 'SETTING' }],
      },
    ],
    pass: [
      { name: 'non-sensitive-only', files: airflow3Project('ENV AIRFLOW__API__EXPOSE_CONFIG=non-sensitive-only\n') },
      { name: 'Airflow 2 does not read [api] expose_config', files: airflow2Project('ENV AIRFLOW__API__EXPOSE_CONFIG=True\n') },
      { name: 'Airflow 3 does not read [webserver] expose_stacktrace', files: airflow3Project('ENV AIRFLOW__WEBSERVER__EXPOSE_STACKTRACE=True\n') },
      { name: 'test_connection Hidden', files: { 'airflow.cfg': '[core]\ntest_connection = Hidden\n' } },
      { name: 'local .env, as the Astro CLI compose file does', files: airflow2Project('', { '.env': 'AIRFLOW__WEBSERVER__EXPOSE_CONFIG=True\n' }) },
      { name: 'a development Dockerfile', files: { 'dev/Dockerfile': 'FROM apache/airflow:2.10.5\nENV AIRFLOW__CORE__TEST_CONNECTION=Enabled\n' } },
      { name: 'a cfg file not named for Airflow', files: { 'setup.cfg': '[core]\ntest_connection = Enabled\n' } },
      { name: 'masking kept on', files: airflow2Project('ENV AIRFLOW__CORE__HIDE_SENSITIVE_VAR_CONN_FIELDS=True\n') },
    ],
  },
})
