import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG301

export const rule = defineFileRule({
  id: 'AG301',
  name: 'airflow-user-password-in-command',
  title: 'Local Airflow user created with a password in the repository',
  severity: 'error',
  responsibility: 'federated-identity',
  kinds: scope.kinds,
  keywords: prefilterOf('AG301'),
  messages: {
    USER_PASSWORD: (p: { user: string }) => `'airflow users create' makes local user${p.user} with a password written in the repository.`,
    LOCAL_DEFAULT: (p: { user: string }) => `'airflow users create' makes local user${p.user} with the well-known default password; keep it to local development.`,
  },
  docs: {
    what:
      'Flags `airflow users create … --password <literal>` (and `-p`, `--password=`, Airflow 1\'s `airflow create_user`) in shell scripts, entrypoints, Dockerfiles, DAG code (BashOperator commands), workflow steps and Kubernetes/compose YAML. `--use-random-password`, an interactive prompt and `--password "$VAR"` are left alone; `admin`/`admin` and `airflow`/`airflow` are only a notice.',
    why:
      'Astro authenticates people through the Astro UI with your identity provider (SSO); a local Airflow user with a password in the repository is an account outside SSO whose password everyone with repository access knows. Using federated identity instead of local passwords is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the command from anything deployed. On Astro, users sign in through Astro with SSO and get Airflow roles from their Workspace/Deployment role; for automation use a Deployment API token. For local development, the Astro CLI already creates its own user.',
    examples: {
      bad: { 'scripts/entrypoint.sh': `#!/bin/sh\nairflow users create --username ops --role Admin --email ops@example.com --firstname Ops --lastname Team --password ${fakeCredential('password', 'ag301-doc')}\n` },
      good: { 'scripts/entrypoint.sh': '#!/bin/sh\nexec airflow scheduler\n' },
    },
    references: [REFERENCES.sso, { title: 'Airflow CLI: users create', url: 'https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/cli-ref.html' }],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG301', (c) => ({ messageId: c.local ? 'LOCAL_DEFAULT' : 'USER_PASSWORD', data: { user: c.user && c.user !== c.secret ? ` '${c.user}'` : '' } }))
  },
  cases: {
    flag: [
      {
        name: 'entrypoint with continuation lines and a Dockerfile RUN',
        files: {
          'scripts/entrypoint.sh': `#!/bin/bash\nairflow users create \\\n  --username ops \\\n  --role Admin \\\n  --password ${fakeCredential('password', 'ag301-1')} \\\n  --email ops@example.com --firstname O --lastname T\n`,
          Dockerfile: `FROM astrocrpublic.azurecr.io/runtime:3.1-5\nRUN airflow users create -u etl -r Op -e etl@example.com -f E -l T -p '${fakeCredential('password', 'ag301-2')}'\n`,
        },
        findings: [
          { file: 'Dockerfile', line: 2, messageId: 'USER_PASSWORD' },
          { file: 'scripts/entrypoint.sh', line: 5, messageId: 'USER_PASSWORD' },
        ],
      },
      {
        name: 'BashOperator command in a DAG',
        files: { 'dags/bootstrap.py': `BashOperator(task_id="mk", bash_command="airflow users create --username svc --password=${fakeCredential('password', 'ag301-3')} --role Viewer")\n` },
        findings: [{ file: 'dags/bootstrap.py', line: 1, messageId: 'USER_PASSWORD' }],
      },
      {
        name: 'admin/admin in a local setup script is a notice',
        files: { 'scripts/dev-setup.sh': 'airflow users create --username admin --password admin --role Admin --email a@b.c --firstname a --lastname b\n' },
        findings: [{ file: 'scripts/dev-setup.sh', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'random password', files: { 'scripts/entrypoint.sh': 'airflow users create --username ops --role Admin --use-random-password --email a@b.c --firstname a --lastname b\n' } },
      { name: 'password from the environment', files: { 'scripts/entrypoint.sh': 'airflow users create --username ops --role Admin --password "$ADMIN_PASSWORD" --email a@b.c --firstname a --lastname b\n' } },
      { name: 'documentation', files: { 'README.md': 'airflow users create --username admin --password s3cret-Admin-1 --role Admin\n' } },
    ],
  },
})
