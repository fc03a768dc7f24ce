import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { isToolCredentialFile } from './helpers/carriers/config-files.js'
import { CREDENTIAL_RULE_SCOPE, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG210
const pw = (seed: string) => fakeCredential('password', seed)

export const rule = defineFileRule({
  id: 'AG210',
  name: 'credential-in-tool-config',
  title: 'Credential in a .netrc, .pypirc, pip.conf, .npmrc or .pgpass file',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  messages: {
    TOOL_CREDENTIAL: (p: { tool: string; name: string }) => `${p.tool} holds a literal credential for '${p.name}'.`,
    LOCAL_DEFAULT: (p: { tool: string; name: string }) => `${p.tool} holds a well-known local development password for '${p.name}'.`,
  },
  docs: {
    what:
      'Flags literal passwords and tokens in the credential files of the tools an Astro project build uses: `.netrc` (`machine … password …`), `.pypirc` (`password =`), `pip.conf`/`pip.ini` (an index URL with `user:password@`), `.npmrc` (`_authToken=`, `_auth=`, `_password=`) and `.pgpass`. References such as `${NPM_TOKEN}` are left alone; credentials in `requirements.txt` index URLs are the dependency rules\'.',
    why:
      'These files live in home directories for a reason: committed into a project (often to make a private package index work in the image build), they hand the index or database credential to everyone with repository access, and `COPY . .` bakes them into the image.',
    fix: `${ROTATE} Pass the credential to the image build as a BuildKit secret (\`RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf pip install …\`; \`astro deploy --build-secrets\` / deploy-action \`build-secrets\`), from a GitHub Actions secret, and keep the file out of git and out of the build context.`,
    examples: {
      bad: { 'pip.conf': `[global]\nindex-url = https://ci:${pw('ag210-doc')}@pypi.corp.example.com/simple\n` },
      good: { 'pip.conf': '[global]\nindex-url = https://pypi.corp.example.com/simple\n' },
    },
    references: [REFERENCES.deployAction, { title: 'Docker: build secrets', url: 'https://docs.docker.com/build/building/secrets/' }],
  },
  check(ctx) {
    if (!isToolCredentialFile(ctx.file)) return
    reportCandidates(ctx, 'AG210', (c) => ({ messageId: c.local ? 'LOCAL_DEFAULT' : 'TOOL_CREDENTIAL', data: { tool: c.tool, name: c.name } }))
  },
  cases: {
    flag: [
      {
        name: '.netrc, pip.conf and .pgpass',
        files: {
          '.netrc': `machine pypi.corp.example.com\n  login ci\n  password ${pw('ag210-1')}\n`,
          'pip.conf': `[global]\nextra-index-url = https://ci:${pw('ag210-2')}@pypi.corp.example.com/simple\n`,
          '.pgpass': `warehouse.internal:5432:dw:etl:${pw('ag210-3')}\n`,
        },
        findings: [
          { file: '.netrc', line: 3, messageId: 'TOOL_CREDENTIAL' },
          { file: '.pgpass', line: 1, messageId: 'TOOL_CREDENTIAL' },
          { file: 'pip.conf', line: 2, messageId: 'TOOL_CREDENTIAL' },
        ],
      },
      {
        name: '.pypirc password and .npmrc token',
        files: {
          '.pypirc': `[distutils]\nindex-servers = corp\n\n[corp]\nrepository = https://pypi.corp.example.com/\nusername = ci\npassword = ${pw('ag210-4')}\n`,
          '.npmrc': `//npm.corp.example.com/:_authToken=${pw('ag210-5')}\n`,
        },
        findings: [
          { file: '.npmrc', line: 1, messageId: 'TOOL_CREDENTIAL' },
          { file: '.pypirc', line: 7, messageId: 'TOOL_CREDENTIAL' },
        ],
      },
      {
        name: 'local default in .pgpass is a notice',
        files: { '.pgpass': 'localhost:5432:postgres:postgres:postgres\n' },
        findings: [{ file: '.pgpass', line: 1, messageId: 'LOCAL_DEFAULT', severity: 'notice' }],
      },
    ],
    pass: [
      { name: '.npmrc with a reference', files: { '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' } },
      { name: 'pip.conf without credentials', files: { 'pip.conf': '[global]\nindex-url = https://pypi.org/simple\ntimeout = 60\n' } },
      { name: '.netrc without a password', files: { '.netrc': 'machine github.com login ci\n' } },
    ],
  },
})
