import { posix } from 'node:path'
import { defineFileRule } from '../src/engine/rule.js'
import { fakePrivateKey } from '../src/testing/fake-credentials.js'
import { REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, candidateSeverity, candidatesFor } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG209
/** PKCS#12 / Java keystores: binary containers of private keys. */
const KEYSTORE_EXTENSIONS = new Set(['.p12', '.pfx', '.jks', '.keystore'])

export const rule = defineFileRule({
  id: 'AG209',
  name: 'private-key-committed',
  title: 'Private key committed',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: scope.kinds,
  keywords: prefilterOf('AG209'),
  includeUnreadable: true,
  messages: {
    PRIVATE_KEY: (p: { keyType: string; where: string }) => `A private key${p.keyType} is committed${p.where}.`,
    ENCRYPTED_KEY: (p: { keyType: string }) => `An encrypted private key${p.keyType} is committed; its passphrase is the only thing protecting it.`,
    KEYSTORE_FILE: (p: { name: string }) => `'${p.name}' is a key store (PKCS#12/JKS) committed to the repository.`,
  },
  docs: {
    what:
      'Flags PEM private keys (`-----BEGIN … PRIVATE KEY-----`, RSA, EC, DSA, OpenSSH, PKCS#8, PGP) and PuTTY key files in any text file (a `.pem`/`.key` file, a JSON string with `\\n` escapes, a Python or YAML string), and PKCS#12/JKS key stores (`.p12`, `.pfx`, `.jks`). Encrypted keys are a warning. Public keys, certificates and truncated examples (`-----BEGIN PRIVATE KEY-----\\n...`) are left alone.',
    why:
      'A private key authenticates as its owner (an SSH deploy key, a Snowflake key-pair user, a TLS server) to anyone who has it. Keys belong in a secrets backend, not in a repository that every developer and CI job clones.',
    fix: `${ROTATE} Replace the key pair (revoke the public half where it is registered), then load the new private key from a secrets backend or a secret Deployment environment variable, e.g. the Snowflake connection's \`private_key_content\` from a connection defined on Astro.`,
    examples: {
      bad: { 'include/keys/snowflake_rsa.p8': `${fakePrivateKey('ag209-doc')}\n` },
      good: { 'include/keys/snowflake_rsa.pub': '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n' },
    },
    references: [REFERENCES.secretsBackend, REFERENCES.cwe321],
  },
  check(ctx) {
    const { file } = ctx
    const extension = posix.extname(file.path).toLowerCase()
    if (KEYSTORE_EXTENSIONS.has(extension) && file.tracked !== false) {
      ctx.report({ messageId: 'KEYSTORE_FILE', data: { name: posix.basename(file.path) }, span: { start: 0, end: 0 } })
      return
    }
    for (const candidate of candidatesFor(file, ctx.env.settings, 'AG209')) {
      const keyType = candidate.keyType ? ` (${candidate.keyType})` : ''
      const where = candidate.where ? ` in '${candidate.where}'` : ''
      ctx.report({
        ...(candidate.encrypted
          ? { messageId: 'ENCRYPTED_KEY' as const, data: { keyType } }
          : { messageId: 'PRIVATE_KEY' as const, data: { keyType, where } }),
        span: candidate.span,
        secret: candidate.secret,
        severity: candidateSeverity(candidate, file, ctx.env.settings),
      })
    }
  },
  cases: {
    flag: [
      {
        name: 'PKCS#8 key file and an RSA key in a Python string',
        files: {
          'include/keys/snowflake.p8': `${fakePrivateKey('ag209-1')}\n`,
          'dags/sftp.py': `KEY = """${fakePrivateKey('ag209-2', 'RSA PRIVATE KEY')}"""\n`,
        },
        findings: [
          { file: 'dags/sftp.py', line: 1, messageId: 'PRIVATE_KEY' },
          { file: 'include/keys/snowflake.p8', line: 1, messageId: 'PRIVATE_KEY' },
        ],
      },
      {
        name: 'key with escaped newlines in JSON, under a credential name (one finding)',
        files: { 'include/conn.json': `{"extra": {"private_key_content": "${fakePrivateKey('ag209-3', 'PRIVATE KEY', true)}"}}\n` },
        findings: [{ file: 'include/conn.json', line: 1, messageId: 'PRIVATE_KEY' }],
      },
      {
        name: 'encrypted key is a warning',
        files: { 'deploy/id_rsa.key': `${fakePrivateKey('ag209-4', 'ENCRYPTED PRIVATE KEY')}\n` },
        findings: [{ file: 'deploy/id_rsa.key', line: 1, messageId: 'ENCRYPTED_KEY', severity: 'warning' }],
      },
      {
        name: 'PKCS#12 key store',
        files: { 'certs/client.p12': '\u0000binary' },
        findings: [{ file: 'certs/client.p12', line: 1, messageId: 'KEYSTORE_FILE' }],
      },
    ],
    pass: [
      { name: 'public key and certificate', files: { 'certs/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UE\n-----END CERTIFICATE-----\n' } },
      { name: 'truncated documentation example', files: { 'README.md': '```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```\n' } },
      { name: 'key file path only', files: { 'dags/x.py': 'private_key_file = "/usr/local/airflow/include/keys/snowflake.p8"\n' } },
    ],
  },
})
