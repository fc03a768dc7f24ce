import { defineFileRule } from '../src/engine/rule.js'
import { airflowConfigAssignments } from './helpers/airflow-config.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'

export const rule = defineFileRule({
  id: 'AG251',
  name: 'empty-fernet-key',
  title: 'Empty Fernet key (connections and Variables stored unencrypted)',
  severity: 'warning',
  responsibility: 'secret-storage',
  kinds: ['dockerfile', 'ini', 'yaml', 'json'],
  keywords: ['fernet_key'],
  messages: {
    EMPTY: (p: { setting: string }) =>
      `${p.setting} is empty: Airflow then stores connection passwords and Variables unencrypted.`,
  },
  docs: {
    what: 'Flags `[core] fernet_key` set to an empty value in anything that configures a deployed environment (Dockerfile `ENV`, `airflow.cfg`, Helm values, Kubernetes manifests, Astro Deployment files). Deployment files exported by `astro deployment inspect` leave secret values blank; those (`is_secret: true`) are not flagged.',
    why: 'With an empty key Airflow falls back to a null Fernet and writes connection passwords, extras and Variables to the metadata database in plain text. On Astro, the platform sets the key; an empty `ENV` in the image can override it.',
    fix: 'Remove the empty setting. On Astro the platform manages the Fernet key; elsewhere generate one (`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`) and provide it through a secret, `AIRFLOW__CORE__FERNET_KEY_SECRET` or `AIRFLOW__CORE__FERNET_KEY_CMD`.',
    examples: {
      bad: airflow2Project('ENV AIRFLOW__CORE__FERNET_KEY=""\n'),
      good: airflow2Project('ENV AIRFLOW__CORE__LOAD_EXAMPLES=False\n'),
    },
    references: [{ title: 'Airflow: Fernet', url: 'https://airflow.apache.org/docs/apache-airflow/stable/security/secrets/fernet.html' }],
  },
  check({ file, report }) {
    for (const assignment of airflowConfigAssignments(file)) {
      if (assignment.section !== 'core' || assignment.key !== 'fernet_key') continue
      if (!assignment.deployed || assignment.markedSecret || assignment.value.trim() !== '') continue
      report({
        messageId: 'EMPTY',
        data: { setting: assignment.spelledAs },
        span: { start: assignment.nameSpan.start, end: Math.max(assignment.nameSpan.end, assignment.valueSpan.end) },
      })
    }
  },
  cases: {
    flag: [
      { name: 'empty ENV', files: airflow3Project('ENV AIRFLOW__CORE__FERNET_KEY=\n'), findings: [{ file: 'Dockerfile', line: 2, messageId: 'EMPTY' }] },
      { name: 'empty in airflow.cfg', files: { 'airflow.cfg': '[core]\nfernet_key =\n' }, findings: [{ file: 'airflow.cfg', line: 2, messageId: 'EMPTY' }] },
      {
        name: 'non-secret Deployment variable left empty',
        files: { 'deploy/prod.yaml': 'deployment:\n  environment_variables:\n    - is_secret: false\n      key: AIRFLOW__CORE__FERNET_KEY\n      value: ""\n  configuration:\n    name: prod\n' },
        findings: [{ file: 'deploy/prod.yaml', line: 4, messageId: 'EMPTY' }],
      },
    ],
    pass: [
      { name: 'local .env', files: { '.env': 'AIRFLOW__CORE__FERNET_KEY=\n' } },
      { name: 'template placeholder', files: { 'airflow.cfg': '[core]\nfernet_key = {FERNET_KEY}\n' } },
      { name: 'reference', files: airflow3Project('ARG FERNET\nENV AIRFLOW__CORE__FERNET_KEY=$FERNET\n') },
      {
        name: 'inspected secret variable',
        files: { 'deploy/dev.yaml': 'deployment:\n  environment_variables:\n    - is_secret: true\n      key: AIRFLOW__CORE__FERNET_KEY\n      value: ""\n  configuration:\n    name: dev\n' },
      },
    ],
  },
})
