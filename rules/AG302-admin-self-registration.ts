import { posix } from 'node:path'
import { defineFileRule } from '../src/engine/rule.js'
import type { PyExpr } from '../src/parsers/python.js'
import { REFERENCES } from './helpers/credential-docs.js'

function literal(expr: PyExpr): string | undefined {
  return expr.kind === 'string' && !expr.hasInterpolation ? expr.value : undefined
}

/**
 * Flask-AppBuilder self-registration (`AUTH_USER_REGISTRATION = True`) that makes every new account an Admin
 * (`AUTH_USER_REGISTRATION_ROLE = "Admin"`). `AUTH_ROLE_PUBLIC` (a role for anonymous visitors) is AG320's.
 */
export const rule = defineFileRule({
  id: 'AG302',
  name: 'admin-self-registration',
  title: 'Self-registered users made Admin in webserver_config.py',
  severity: 'warning',
  responsibility: 'federated-identity',
  kinds: ['python'],
  keywords: ['auth_user_registration_role'],
  messages: {
    REGISTRATION_ROLE: (p: { role: string }) => `AUTH_USER_REGISTRATION_ROLE = '${p.role}' makes every self-registered user ${p.role}.`,
  },
  docs: {
    what:
      'Flags `AUTH_USER_REGISTRATION_ROLE = "Admin"` in `webserver_config.py` when `AUTH_USER_REGISTRATION = True`: everyone who can sign up (every account of the identity provider with OAuth, anyone at all with database auth) becomes an Airflow administrator. `AUTH_ROLE_PUBLIC` is checked by AG320.',
    why:
      'Roles are meant to come from the identity provider\'s groups, granted on purpose. Automatic Admin on registration turns "can authenticate" into "can change connections, variables and every DAG run". Using SSO properly, with roles managed centrally, is the customer\'s side of the shared responsibility model.',
    fix: 'Register new users with the least role (`Viewer` or `Public`) and map identity-provider groups to roles (`AUTH_ROLES_MAPPING`). On Astro, do not ship a `webserver_config.py`: Astro authenticates users with your identity provider and maps Workspace and Deployment roles to Airflow roles.',
    examples: {
      bad: { 'webserver_config.py': 'AUTH_TYPE = AUTH_OAUTH\nAUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Admin"\n' },
      good: { 'webserver_config.py': 'AUTH_TYPE = AUTH_OAUTH\nAUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Viewer"\n' },
    },
    references: [REFERENCES.sso, { title: 'Flask-AppBuilder: security (self registration, role mapping)', url: 'https://flask-appbuilder.readthedocs.io/en/latest/security.html' }],
  },
  check({ file, report }) {
    if (posix.basename(file.path) !== 'webserver_config.py') return
    const assignments = file.python().assignments
    const registration = assignments.find((a) => a.target === 'AUTH_USER_REGISTRATION')
    if (registration?.value.kind !== 'constant' || registration.value.value !== 'True') return
    for (const assignment of assignments) {
      const role = literal(assignment.value)
      if (assignment.target === 'AUTH_USER_REGISTRATION_ROLE' && role?.toLowerCase() === 'admin') {
        report({ messageId: 'REGISTRATION_ROLE', data: { role }, span: assignment.value.span })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'self-registration as Admin',
        files: { 'webserver_config.py': 'AUTH_TYPE = AUTH_OAUTH\nAUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Admin"\n' },
        findings: [{ file: 'webserver_config.py', line: 3, messageId: 'REGISTRATION_ROLE', severity: 'warning' }],
      },
    ],
    pass: [
      { name: 'registration as Viewer', files: { 'webserver_config.py': 'AUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Viewer"\n' } },
      { name: 'registration switched off', files: { 'webserver_config.py': 'AUTH_USER_REGISTRATION = False\nAUTH_USER_REGISTRATION_ROLE = "Admin"\n' } },
      { name: 'same names in another module', files: { 'plugins/settings.py': 'AUTH_USER_REGISTRATION = True\nAUTH_USER_REGISTRATION_ROLE = "Admin"\n' } },
    ],
  },
})
