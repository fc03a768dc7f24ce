import { posix } from 'node:path'
import { defineFileRule } from '../src/engine/rule.js'
import type { PyExpr } from '../src/parsers/python.js'
import { REFERENCES } from './helpers/credential-docs.js'

/** Flask-AppBuilder's built-in roles in Airflow, by what they can do (Airflow docs "Access Control"). */
const WRITE_ROLES = new Set(['admin', 'op', 'user'])
const READ_ROLES = new Set(['viewer'])

function literal(expr: PyExpr): string | undefined {
  return expr.kind === 'string' && !expr.hasInterpolation ? expr.value : undefined
}

function isWebserverConfig(path: string): boolean {
  return posix.basename(path) === 'webserver_config.py'
}

export const rule = defineFileRule({
  id: 'AG302',
  name: 'public-role-with-permissions',
  title: 'Airflow UI role granted without sign-in in webserver_config.py',
  severity: 'error',
  responsibility: 'federated-identity',
  kinds: ['python'],
  keywords: ['auth_role_public', 'auth_user_registration_role'],
  messages: {
    PUBLIC_ROLE: (p: { role: string }) => `AUTH_ROLE_PUBLIC = '${p.role}' gives every visitor who has not signed in the ${p.role} role.`,
    PUBLIC_READ_ROLE: (p: { role: string }) => `AUTH_ROLE_PUBLIC = '${p.role}' lets every visitor who has not signed in read DAGs, logs and configuration.`,
    REGISTRATION_ROLE: (p: { role: string }) => `AUTH_USER_REGISTRATION_ROLE = '${p.role}' makes every self-registered user ${p.role}.`,
  },
  docs: {
    what:
      'Flags `AUTH_ROLE_PUBLIC` set to a role other than `Public` in `webserver_config.py` (Admin, Op and User are errors, Viewer a warning), and `AUTH_USER_REGISTRATION_ROLE = "Admin"` with self-registration switched on.',
    why:
      'With `AUTH_ROLE_PUBLIC`, Flask-AppBuilder grants that role to anonymous visitors: no identity at all, let alone SSO. Self-registration as Admin makes every account that can sign up an administrator. Using federated identity is the customer\'s side of the shared responsibility model.',
    fix: 'Remove `AUTH_ROLE_PUBLIC` (or set it to "Public") and do not auto-register users as Admin. On Astro, do not ship a `webserver_config.py` at all: Astro authenticates users with your identity provider and maps Workspace and Deployment roles to Airflow roles.',
    examples: {
      bad: { 'webserver_config.py': 'from airflow.www.fab_security.manager import AUTH_DB\n\nAUTH_TYPE = AUTH_DB\nAUTH_ROLE_PUBLIC = "Admin"\n' },
      good: { 'webserver_config.py': 'from airflow.www.fab_security.manager import AUTH_DB\n\nAUTH_TYPE = AUTH_DB\n' },
    },
    references: [REFERENCES.sso, { title: 'Airflow: webserver access control', url: 'https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/auth-manager/access-control.html' }],
  },
  check({ file, report }) {
    if (!isWebserverConfig(file.path)) return
    const assignments = file.python().assignments
    const registration = assignments.find((a) => a.target === 'AUTH_USER_REGISTRATION')
    const registers = registration?.value.kind === 'constant' && registration.value.value === 'True'
    for (const assignment of assignments) {
      const role = literal(assignment.value)
      if (role === undefined) continue
      const lower = role.toLowerCase()
      if (assignment.target === 'AUTH_ROLE_PUBLIC' && lower !== 'public' && lower !== '') {
        const read = READ_ROLES.has(lower)
        report({
          messageId: read ? 'PUBLIC_READ_ROLE' : 'PUBLIC_ROLE',
          data: { role },
          span: assignment.value.span,
          severity: read ? 'warning' : WRITE_ROLES.has(lower) ? undefined : 'warning',
        })
      } else if (assignment.target === 'AUTH_USER_REGISTRATION_ROLE' && registers && lower === 'admin') {
        report({ messageId: 'REGISTRATION_ROLE', data: { role }, span: assignment.value.span, severity: 'warning' })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'anonymous Admin',
        files: { 'webserver_config.py': 'AUTH_ROLE_PUBLIC = "Admin"\n' },
        findings: [{ file: 'webserver_config.py', line: 1, messageId: 'PUBLIC_ROLE', severity: 'error' }],
      },
      {
        name: 'anonymous Viewer is a warning',
        files: { 'deploy/webserver_config.py': "AUTH_ROLE_PUBLIC = 'Viewer'\n" },
        findings: [{ file: 'deploy/webserver_config.py', line: 1, messageId: 'PUBLIC_READ_ROLE', severity: 'warning' }],
      },
      {
        name: 'self-registration as Admin',
        files: { 'webserver_config.py': 'AUTH_TYPE = AUTH_OAUTH\nAUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Admin"\n' },
        findings: [{ file: 'webserver_config.py', line: 3, messageId: 'REGISTRATION_ROLE', severity: 'warning' }],
      },
    ],
    pass: [
      { name: 'Public role', files: { 'webserver_config.py': 'AUTH_ROLE_PUBLIC = "Public"\n' } },
      { name: 'registration as Viewer', files: { 'webserver_config.py': 'AUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Viewer"\n' } },
      { name: 'same name in another module', files: { 'plugins/settings.py': 'AUTH_ROLE_PUBLIC = "Admin"\n' } },
    ],
  },
})
