import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG303

export const rule = defineFileRule({
  id: 'AG303',
  name: 'hardcoded-local-user',
  title: 'Local Airflow user created in code with a literal password',
  severity: 'error',
  responsibility: 'federated-identity',
  kinds: scope.kinds,
  keywords: prefilterOf('AG303'),
  messages: {
    LOCAL_USER: (p: { user: string }) => `Local user${p.user} is created in code with a literal password.`,
    LOCAL_DEFAULT: (p: { user: string }) => `Local user${p.user} is created in code with the well-known default password.`,
  },
  docs: {
    what:
      'Flags Flask-AppBuilder security-manager calls that create users with a literal password (`appbuilder.sm.add_user(..., password="…")`, `create_user(...)`) in `webserver_config.py`, plugins or DAG code.',
    why:
      'Users created in code are local accounts outside the identity provider, with a password everyone with repository access knows. Using SSO instead of local passwords is the customer\'s side of the shared responsibility model.',
    fix: 'Delete the user-creation code. On Astro, people sign in with SSO through Astro and receive Airflow roles from their Workspace/Deployment roles; automation uses Deployment API tokens.',
    examples: {
      bad: { 'plugins/users.py': `appbuilder.sm.add_user("ops", "Ops", "Team", "ops@example.com", role, password="${fakeCredential('password', 'ag303-doc')}")\n` },
      good: { 'plugins/users.py': '# users come from the identity provider\n' },
    },
    references: [REFERENCES.sso],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG303', (c) => ({ messageId: c.local ? 'LOCAL_DEFAULT' : 'LOCAL_USER', data: { user: c.user && c.user !== c.secret ? ` '${c.user}'` : '' } }))
  },
  cases: {
    flag: [
      {
        name: 'add_user with a keyword and a positional password',
        files: {
          'webserver_config.py': `sm = appbuilder.sm\nsm.add_user("ops", "Ops", "Team", "ops@example.com", sm.find_role("Admin"), password="${fakeCredential('password', 'ag303-1')}")\nsm.add_user("etl", "E", "T", "etl@example.com", role, "${fakeCredential('password', 'ag303-2')}")\n`,
        },
        findings: [
          { file: 'webserver_config.py', line: 2, messageId: 'LOCAL_USER' },
          { file: 'webserver_config.py', line: 3, messageId: 'LOCAL_USER' },
        ],
      },
      {
        name: 'admin/admin is a notice',
        files: { 'plugins/dev_users.py': 'security_manager.add_user(username="admin", first_name="a", last_name="b", email="a@b.c", role=r, password="admin")\n' },
        findings: [{ file: 'plugins/dev_users.py', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'password from a variable', files: { 'plugins/users.py': 'sm.add_user("ops", "O", "T", "o@x.io", role, password=os.environ["OPS_PASSWORD"])\n' } },
      { name: 'empty password with a hashed one', files: { 'plugins/users.py': 'sm.add_user("ops", "O", "T", "o@x.io", role, password="", hashed_password=h)\n' } },
    ],
  },
})
