import { posix } from 'node:path'
import { defineProjectRule } from '../src/engine/rule.js'
import type { ScannedFile } from '../src/engine/scanned-file.js'
import type { Span } from '../src/engine/source-text.js'
import type { PyExpr } from '../src/parsers/python.js'
import { AIRFLOW2_FROM, AIRFLOW3_FROM } from './helpers/case-projects.js'

/** `airflow users create` (Airflow 2 CLI; Airflow 3 keeps it in the FAB provider's CLI). */
const USERS_CREATE = /\bairflow[ \t]+users[ \t]+create\b/g

interface Site {
  file: ScannedFile
  span: Span
}

/** The value Flask-AppBuilder reads as "database users with passwords": the `AUTH_DB` constant (1). */
function isAuthDb(value: PyExpr): boolean {
  if (value.kind === 'name') return value.name === 'AUTH_DB' || value.name.endsWith('.AUTH_DB')
  return value.kind === 'number' && value.text === '1'
}

function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|docs?)\//.test(path)
}

export const rule = defineProjectRule({
  id: 'AG321',
  name: 'local-airflow-users',
  title: 'Airflow users with local passwords created in code',
  severity: 'warning',
  responsibility: 'federated-identity',
  messages: {
    AUTH_DB_WITH_USERS: (p: { creator: string }) =>
      `AUTH_TYPE = AUTH_DB while '${p.creator}' creates Airflow users: people log in with local passwords instead of SSO.`,
    USERS_WITHOUT_SSO: (p: { creator: string }) =>
      `'${p.creator}' creates Airflow users with local passwords and no AUTH_TYPE selects SSO (the default is AUTH_DB).`,
  },
  docs: {
    what: 'Flags an Astro project that creates Airflow users in code (`airflow users create` in its Dockerfile or shell scripts) while `webserver_config.py` keeps `AUTH_TYPE = AUTH_DB`, or sets no `AUTH_TYPE` at all (AUTH_DB is the default). The finding is on the `AUTH_TYPE` line, or on the first user creation when there is none. Literal passwords on such command lines are reported by the credential rules; scripts under `tests/` and `docs/` are not considered.',
    why: 'Database users mean passwords that are shared, never expire and survive when people leave. Using federated identity (SSO) instead of local passwords is the customer\'s side of the shared responsibility model; on Astro, users sign in through Astro and get roles per Workspace and Deployment.',
    fix: 'Stop creating users in code. On Astro, invite users (or map your identity provider\'s groups) in the Astro UI and use API tokens for automation. Elsewhere set `AUTH_TYPE = AUTH_OAUTH` or `AUTH_LDAP` in `webserver_config.py` and map identity-provider groups to Airflow roles.',
    examples: {
      bad: {
        Dockerfile: AIRFLOW2_FROM,
        'dags/.airflowignore': '',
        'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_DB\n\nAUTH_TYPE = AUTH_DB\n',
        'include/bootstrap.sh': '#!/bin/sh\nairflow users create --username ops --role Admin --email ops@acme.io --firstname Ops --lastname Team --password "$OPS_PASSWORD"\n',
      },
      good: {
        Dockerfile: AIRFLOW2_FROM,
        'dags/.airflowignore': '',
        'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_OAUTH\n\nAUTH_TYPE = AUTH_OAUTH\n',
        'include/bootstrap.sh': '#!/bin/sh\nairflow db check\n',
      },
    },
    references: [
      { title: 'Airflow FAB: webserver authentication', url: 'https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/auth-manager/webserver-authentication.html' },
      { title: 'Astro: manage users', url: 'https://www.astronomer.io/docs/astro/manage-organization-users' },
    ],
  },
  check({ files, getFile, report }) {
    const creators: Site[] = []
    const authDb: Site[] = []
    let authTypeSet = false
    for (const entry of files) {
      if (isTestPath(entry.path)) continue
      const name = posix.basename(entry.path)
      if (entry.kind === 'python' && name === 'webserver_config.py') {
        const file = getFile(entry.path)
        if (!file || file.unreadable) continue
        for (const assignment of file.python().assignments) {
          if (assignment.target !== 'AUTH_TYPE') continue
          authTypeSet = true
          if (isAuthDb(assignment.value)) authDb.push({ file, span: assignment.span })
        }
      } else if (entry.kind === 'dockerfile' || entry.kind === 'shell') {
        const file = getFile(entry.path)
        if (!file || file.unreadable) continue
        for (const match of file.text.matchAll(USERS_CREATE)) {
          creators.push({ file, span: { start: match.index, end: match.index + match[0].length } })
        }
      }
    }
    if (creators.length === 0) return
    const creator = creators[0].file.path
    if (authDb.length > 0) {
      for (const site of authDb) report({ messageId: 'AUTH_DB_WITH_USERS', data: { creator }, file: site.file, span: site.span })
    } else if (!authTypeSet) {
      report({ messageId: 'USERS_WITHOUT_SSO', data: { creator }, file: creators[0].file, span: creators[0].span })
    }
  },
  cases: {
    flag: [
      {
        name: 'AUTH_DB and a bootstrap script (Airflow 2)',
        files: {
          Dockerfile: AIRFLOW2_FROM,
          'dags/.airflowignore': '',
          'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_DB\n\nAUTH_TYPE = AUTH_DB\n',
          'include/bootstrap.sh': '#!/bin/sh\nairflow users create --username ops --role Admin --email ops@acme.io --firstname O --lastname T --password "$OPS_PASSWORD"\n',
        },
        findings: [{ file: 'webserver_config.py', line: 3, messageId: 'AUTH_DB_WITH_USERS' }],
      },
      {
        name: 'no AUTH_TYPE, users created in the Dockerfile (Airflow 3)',
        files: {
          Dockerfile: `${AIRFLOW3_FROM}RUN airflow users create --username viewer --role Viewer --email v@acme.io --firstname V --lastname V --password "$VIEWER_PASSWORD"\n`,
          'dags/.airflowignore': '',
        },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'USERS_WITHOUT_SSO' }],
      },
      {
        name: 'AUTH_DB by its numeric value, users in the entrypoint',
        files: {
          Dockerfile: AIRFLOW2_FROM,
          'dags/.airflowignore': '',
          'webserver_config.py': 'import flask_appbuilder.security.manager as m\nAUTH_TYPE = 1\n',
          entrypoint: '#!/bin/bash\nairflow users  create -u etl -r Op -e e@acme.io -f E -l T -p "$ETL_PASSWORD"\n',
        },
        findings: [{ file: 'webserver_config.py', line: 2, messageId: 'AUTH_DB_WITH_USERS' }],
      },
    ],
    pass: [
      {
        name: 'SSO configured',
        files: {
          Dockerfile: `${AIRFLOW2_FROM}RUN airflow users create --username svc --role Viewer --email s@acme.io --firstname S --lastname S --password "$P"\n`,
          'dags/.airflowignore': '',
          'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_OAUTH\nAUTH_TYPE = AUTH_OAUTH\n',
        },
      },
      {
        name: 'AUTH_DB but nobody is created in code',
        files: { Dockerfile: AIRFLOW2_FROM, 'dags/.airflowignore': '', 'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_DB\nAUTH_TYPE = AUTH_DB\n' },
      },
      {
        name: 'users created only in test fixtures',
        files: { Dockerfile: AIRFLOW3_FROM, 'dags/.airflowignore': '', 'tests/setup.sh': '#!/bin/sh\nairflow users create -u t -r Admin -e t@t.io -f t -l t -p "$P"\n' },
      },
      {
        name: 'not an Astro project',
        files: { Dockerfile: 'FROM python:3.12\nRUN airflow users create -u a -r Admin -e a@a.io -f a -l a -p "$P"\n' },
      },
    ],
  },
})
