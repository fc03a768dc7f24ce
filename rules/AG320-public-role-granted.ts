import { defineFileRule } from '../src/engine/rule.js'
import type { Span } from '../src/engine/source-text.js'

/** Flask-AppBuilder's role for anonymous users has no permissions in Airflow; any other role grants them. */
const HARMLESS_ROLE = 'public'
/** Roles that can change DAGs, connections or users (Airflow's built-in FAB roles). */
const WRITE_ROLES = new Set(['admin', 'op', 'user'])

/**
 * `AUTH_ROLE_PUBLIC = 'Admin'` written into webserver_config.py by a shell command (`echo ... >> webserver_config.py`):
 * the role and the assignment's span, read without a regular expression (one pass, no backtracking).
 */
function shellAssignments(text: string): { role: string; span: Span }[] {
  const out: { role: string; span: Span }[] = []
  const name = 'AUTH_ROLE_PUBLIC'
  let at = text.indexOf(name)
  while (at !== -1) {
    let i = at + name.length
    while (text[i] === ' ' || text[i] === '\t') i++
    if (text[i] === '=') {
      i++
      while (text[i] === ' ' || text[i] === '\t') i++
      if (text[i] === '\\') i++
      const quote = text[i]
      if (quote === '"' || quote === "'") {
        const end = text.indexOf(quote, i + 1)
        const role = end === -1 ? '' : text.slice(i + 1, end).replace(/\\$/, '')
        if (end !== -1 && end - i <= 42 && /^[A-Za-z][\w -]*$/.test(role)) out.push({ role, span: { start: at, end: end + 1 } })
      }
    }
    at = text.indexOf(name, at + name.length)
  }
  return out
}

export const rule = defineFileRule({
  id: 'AG320',
  name: 'public-role-granted',
  title: 'Airflow role granted to anonymous users (AUTH_ROLE_PUBLIC)',
  severity: 'error',
  responsibility: 'federated-identity',
  kinds: ['python', 'dockerfile', 'shell'],
  keywords: ['auth_role_public'],
  messages: {
    PUBLIC_ROLE: (p: { role: string }) =>
      `AUTH_ROLE_PUBLIC = '${p.role}' gives every anonymous visitor the ${p.role} role without logging in.`,
  },
  docs: {
    what: 'Flags `AUTH_ROLE_PUBLIC` set to any role other than `Public` (which has no permissions): in Python (`webserver_config.py`) or written into it by a Dockerfile `RUN` or shell script (`echo "AUTH_ROLE_PUBLIC = \'Admin\'" >> webserver_config.py`). `Admin`, `Op` and `User` are errors; `Viewer` and custom roles are warnings.',
    why: 'Flask-AppBuilder gives this role to everyone who has not logged in: with `Admin` anyone who reaches the URL can change DAGs, connections and users, and even `Viewer` shows DAG code, logs and configuration. Using federated identity for every user is the customer\'s side of the shared responsibility model.',
    fix: 'Delete the line (or set it to `Public`). On Astro, users sign in through Astro\'s SSO and get Deployment roles there; elsewhere configure an SSO auth type (`AUTH_OAUTH`, `AUTH_LDAP`) and map identity-provider groups to roles.',
    examples: {
      bad: { 'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_DB\n\nAUTH_TYPE = AUTH_DB\nAUTH_ROLE_PUBLIC = "Admin"\n' },
      good: { 'webserver_config.py': 'from flask_appbuilder.security.manager import AUTH_OAUTH\n\nAUTH_TYPE = AUTH_OAUTH\nAUTH_ROLE_PUBLIC = "Public"\n' },
    },
    references: [
      { title: 'Airflow FAB: webserver authentication', url: 'https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/auth-manager/webserver-authentication.html' },
      { title: 'Astro: user permissions', url: 'https://www.astronomer.io/docs/astro/user-permissions' },
    ],
  },
  check({ file, report }) {
    const flag = (role: string, span: Span) => {
      const lower = role.trim().toLowerCase()
      if (lower === HARMLESS_ROLE || lower === '') return
      report({ messageId: 'PUBLIC_ROLE', data: { role: role.trim() }, span, severity: WRITE_ROLES.has(lower) ? undefined : 'warning' })
    }
    if (file.kind === 'python') {
      for (const assignment of file.python().assignments) {
        if (assignment.target !== 'AUTH_ROLE_PUBLIC' || assignment.value.kind !== 'string') continue
        flag(assignment.value.value, assignment.span)
      }
      return
    }
    for (const { role, span } of shellAssignments(file.text)) flag(role, span)
  },
  cases: {
    flag: [
      {
        name: 'Admin for anonymous users',
        files: { 'webserver_config.py': 'AUTH_ROLE_PUBLIC = "Admin"\n' },
        findings: [{ file: 'webserver_config.py', line: 1, messageId: 'PUBLIC_ROLE', severity: 'error' }],
      },
      {
        name: 'Viewer is a warning',
        files: { 'include/webserver_config.py': "import os\n\nAUTH_ROLE_PUBLIC = 'Viewer'\n" },
        findings: [{ file: 'include/webserver_config.py', line: 3, messageId: 'PUBLIC_ROLE', severity: 'warning' }],
      },
      {
        name: 'written by the Dockerfile',
        files: { Dockerfile: 'FROM apache/airflow:2.10.5\nRUN echo "AUTH_ROLE_PUBLIC = \'Admin\'" >> /opt/airflow/webserver_config.py\n' },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'PUBLIC_ROLE' }],
      },
      {
        name: 'written by an entrypoint script',
        files: { 'scripts/start.sh': "#!/bin/bash\necho \"AUTH_ROLE_PUBLIC = 'Op'\" >> \"$AIRFLOW_HOME/webserver_config.py\"\nexec airflow webserver\n" },
        findings: [{ file: 'scripts/start.sh', line: 2, messageId: 'PUBLIC_ROLE' }],
      },
    ],
    pass: [
      { name: 'the Public role has no permissions', files: { 'webserver_config.py': "AUTH_ROLE_PUBLIC = 'Public'\n" } },
      { name: 'commented out (the FAB template)', files: { 'webserver_config.py': "# Uncomment to setup Public role name, no authentication needed\n# AUTH_ROLE_PUBLIC = 'Public'\n# AUTH_ROLE_PUBLIC = 'Admin'\n" } },
      { name: 'from the environment', files: { 'webserver_config.py': 'import os\nAUTH_ROLE_PUBLIC = os.environ.get("PUBLIC_ROLE")\n' } },
      { name: 'other settings', files: { 'webserver_config.py': 'AUTH_ROLE_ADMIN = "Admin"\nAUTH_USER_REGISTRATION_ROLE = "Viewer"\n' } },
    ],
  },
})
