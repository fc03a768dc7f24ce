import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG213
const pw = (seed: string) => fakeCredential('password', seed)

export const rule = defineFileRule({
  id: 'AG213',
  name: 'hardcoded-secret-in-config-file',
  title: 'Credential under a credential-named key in a config file',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG213'),
  messages: {
    CONFIG_SECRET: (p: { key: string; format: string }) => `${p.format} key '${p.key}' holds a literal credential.`,
    K8S_SECRET: (p: { key: string }) => `Kubernetes Secret manifest holds the value of '${p.key}' in the repository.`,
  },
  docs: {
    what:
      'Flags literal values under credential-named keys (`password`, `api_key`, `client_secret`, `token`, …) in YAML, JSON, INI and TOML files that no more specific rule covers, and the `data`/`stringData` of Kubernetes `Secret` manifests (base64 is an encoding, not encryption). Names that merely contain the word (`password_field`, `token_url`, `secret_name`), placeholders, templates and references are left alone.',
    why:
      'Configuration files are committed and usually copied into the image; a credential in one is readable by everyone with repository access and stays in git history.',
    fix: `${ROTATE} Reference the value instead (\`\${ENV_VAR}\`, a Helm value fed from a secret, an External Secrets/Sealed Secrets object). ${ASTRO_WAY}`,
    examples: {
      bad: { 'include/config/partner.yaml': `partner:\n  endpoint: https://api.partner.io\n  client_secret: ${pw('ag213-doc')}\n` },
      good: { 'include/config/partner.yaml': 'partner:\n  endpoint: https://api.partner.io\n  client_secret_name: partner/client-secret\n' },
    },
    references: [REFERENCES.secretsBackend, REFERENCES.cwe798],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG213', (c) =>
      c.format === 'Kubernetes Secret' ? { messageId: 'K8S_SECRET', data: { key: c.key } } : { messageId: 'CONFIG_SECRET', data: { key: c.key, format: c.format } },
    )
  },
  cases: {
    flag: [
      {
        name: 'YAML, JSON, INI and TOML',
        files: {
          'include/config/partner.yaml': `partner:\n  client_secret: ${pw('ag213-1')}\n`,
          'include/fixtures/api.json': `{"service": {"api_key": "${pw('ag213-2')}"}}\n`,
          'include/odbc.ini': `[warehouse]\nServer = db.internal\nPassword = ${pw('ag213-3')}\n`,
          'include/settings.toml': `[email]\nsmtp_password = "${pw('ag213-4')}"\n`,
        },
        findings: [
          { file: 'include/config/partner.yaml', line: 2, messageId: 'CONFIG_SECRET' },
          { file: 'include/fixtures/api.json', line: 1, messageId: 'CONFIG_SECRET' },
          { file: 'include/odbc.ini', line: 3, messageId: 'CONFIG_SECRET' },
          { file: 'include/settings.toml', line: 2, messageId: 'CONFIG_SECRET' },
        ],
      },
      {
        name: 'Kubernetes Secret data and stringData',
        files: {
          'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: warehouse\ntype: Opaque\ndata:\n  password: ${Buffer.from(pw('ag213-5')).toString('base64')}\nstringData:\n  username: etl\n  api-key: ${pw('ag213-6')}\n`,
        },
        findings: [
          { file: 'k8s/secret.yaml', line: 7, messageId: 'K8S_SECRET' },
          { file: 'k8s/secret.yaml', line: 10, messageId: 'K8S_SECRET' },
        ],
      },
    ],
    pass: [
      {
        name: 'metadata about credentials',
        files: { 'include/config/app.yaml': 'auth:\n  password_field: password\n  token_url: https://auth.partner.io/token\n  secret_name: prod/partner\n  password_min_length: 12\n  api_key_header: X-API-Key\n' },
      },
      { name: 'OpenAPI schema', files: { 'include/openapi.json': '{"components": {"schemas": {"Login": {"properties": {"password": {"type": "string"}}}}}}\n' } },
      { name: 'references and templates', files: { 'chart/values.yaml': 'db:\n  password: ${DB_PASSWORD}\n  token: "{{ .Values.token }}"\n' } },
      { name: 'Kubernetes Secret with empty data', files: { 'k8s/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: ""\n' } },
    ],
  },
})
