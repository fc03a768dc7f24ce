import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG102

const deployWorkflow = (token: string) =>
  `name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      ASTRO_API_TOKEN: ${token}\n    steps:\n      - uses: astronomer/deploy-action@v0.13.0\n        with:\n          deployment-id: clx0example0deployment\n`

export const rule = defineFileRule({
  id: 'AG102',
  name: 'literal-astro-api-token',
  title: 'Astro API token written into the repository',
  severity: 'error',
  responsibility: 'access-management',
  kinds: scope.kinds,
  keywords: prefilterOf('AG102'),
  messages: {
    NAMED_TOKEN: (p: { name: string }) => `'${p.name}' is set to a literal Astro API token instead of a secret reference.`,
    ASTRO_JWT: (p: { where: string }) => `An Astro API token is committed${p.where}.`,
  },
  docs: {
    what:
      'Flags a literal value for `ASTRO_API_TOKEN` (the variable the Astro CLI and `astronomer/deploy-action` read) in a workflow or job `env:`, a `.env` file, a Dockerfile or Kubernetes YAML, and any JSON Web Token whose claims name Astronomer, wherever it is committed. `${{ secrets.ASTRO_API_TOKEN }}` and other references are left alone.',
    why:
      'An Organization, Workspace or Deployment API token deploys code to and administers Astro. Committed, it is readable by everyone with repository access and by every fork, for as long as the token lives. Managing API tokens is the customer\'s side of the shared responsibility model.',
    fix: `${ROTATE} Delete the token in the Astro UI (Organization/Workspace/Deployment settings → API tokens) and create a new one with the least role that deploys. Store it as a GitHub Actions secret and pass it as \`ASTRO_API_TOKEN: \${{ secrets.ASTRO_API_TOKEN }}\`, ideally only on the deploy step.`,
    examples: {
      bad: { '.github/workflows/deploy.yml': deployWorkflow(fakeCredential('astro-api-token', 'ag102-doc')) },
      good: { '.github/workflows/deploy.yml': deployWorkflow('${{ secrets.ASTRO_API_TOKEN }}') },
    },
    references: [REFERENCES.apiTokens, REFERENCES.deployAction, REFERENCES.ghSecrets],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG102', (c) =>
      c.name ? { messageId: 'NAMED_TOKEN', data: { name: c.name } } : { messageId: 'ASTRO_JWT', data: { where: c.where ? ` in '${c.where}'` : '' } },
    )
  },
  cases: {
    flag: [
      {
        name: 'literal token in a job env of a deploy workflow',
        files: { '.github/workflows/deploy.yml': deployWorkflow(fakeCredential('astro-api-token', 1)) },
        findings: [{ file: '.github/workflows/deploy.yml', line: 9, messageId: 'NAMED_TOKEN' }],
      },
      {
        name: 'non-JWT literal under ASTRO_API_TOKEN in .env',
        files: { '.env': `ASTRO_API_TOKEN=${fakeCredential('password', 'ag102-2')}\n` },
        findings: [{ file: '.env', line: 1, messageId: 'NAMED_TOKEN' }],
      },
      {
        name: 'an Astro JWT pasted into a script',
        files: { 'scripts/deploy.sh': `#!/bin/sh\nastro deploy --token "${fakeCredential('astro-api-token', 3)}"\n` },
        findings: [{ file: 'scripts/deploy.sh', line: 2, messageId: 'ASTRO_JWT' }],
      },
    ],
    pass: [
      { name: 'secret reference', files: { '.github/workflows/deploy.yml': deployWorkflow('${{ secrets.ASTRO_API_TOKEN }}') } },
      { name: 'empty value in .env.example', files: { '.env.example': 'ASTRO_API_TOKEN=\n' } },
      { name: 'placeholder', files: { '.env.example': 'ASTRO_API_TOKEN=<your-astro-api-token>\n' } },
      { name: 'read from the environment in a script', files: { 'scripts/deploy.sh': 'astro deploy --token "$ASTRO_API_TOKEN"\n' } },
    ],
  },
})
