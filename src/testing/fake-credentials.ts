import { fakeSecret, fakeToken } from './fake-secret.js'

/**
 * Provider-format credentials for rule cases and the credential corpus, generated at run time from a seed (never
 * committed as literals: cases ship in dist/, and real-looking tokens would trip push protection and scanners).
 * Each has the shape its provider documents (see rules/helpers/provider-tokens.ts for the sources).
 */
const HEX = '0123456789abcdef'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export const FAKE_CREDENTIAL_KINDS = [
  'github-classic',
  'github-oauth',
  'github-fine-grained',
  'gitlab',
  'slack-bot',
  'slack-user',
  'slack-webhook',
  'stripe-live',
  'stripe-test',
  'sendgrid',
  'twilio-api-key',
  'twilio-auth-token',
  'openai',
  'anthropic',
  'npm',
  'pypi',
  'databricks',
  'aws-access-key-id',
  'aws-secret-access-key',
  'gcp-api-key',
  'azure-storage-key',
  'azure-client-secret',
  'jwt',
  'astro-api-token',
  'password',
] as const
export type FakeCredentialKind = (typeof FAKE_CREDENTIAL_KINDS)[number]

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/** A signed-looking JWT with the given claims. */
export function fakeJwt(claims: Record<string, unknown>, seed: string | number = 'jwt'): string {
  const header = base64UrlJson({ alg: 'RS256', typ: 'JWT', kid: fakeSecret(12, `${seed}:kid`) })
  const payload = base64UrlJson({ iat: 1767225600, exp: 1798761600, ...claims })
  return `${header}.${payload}.${fakeSecret(86, `${seed}:sig`, BASE64URL)}`
}

/** A credential of the given kind. */
export function fakeCredential(kind: FakeCredentialKind, seed: string | number = kind): string {
  const s = `${kind}:${seed}`
  switch (kind) {
    case 'github-classic':
      return fakeToken('ghp_', 36, s)
    case 'github-oauth':
      return fakeToken('gho_', 36, s)
    case 'github-fine-grained':
      return `github_pat_${fakeSecret(22, `${s}:a`)}_${fakeSecret(59, `${s}:b`)}`
    case 'gitlab':
      return fakeToken('glpat-', 20, s)
    case 'slack-bot':
      return `xoxb-${fakeSecret(12, `${s}:a`, '0123456789')}-${fakeSecret(13, `${s}:b`, '0123456789')}-${fakeSecret(24, `${s}:c`)}`
    case 'slack-user':
      return `xoxp-${fakeSecret(12, `${s}:a`, '0123456789')}-${fakeSecret(12, `${s}:b`, '0123456789')}-${fakeSecret(13, `${s}:c`, '0123456789')}-${fakeSecret(32, `${s}:d`, HEX)}`
    case 'slack-webhook':
      return `https://hooks.slack.com/services/T${fakeSecret(10, `${s}:a`, BASE32)}/B${fakeSecret(10, `${s}:b`, BASE32)}/${fakeSecret(24, `${s}:c`)}`
    case 'stripe-live':
      return fakeToken('sk_live_', 99, s)
    case 'stripe-test':
      return fakeToken('sk_test_', 99, s)
    case 'sendgrid':
      return `SG.${fakeSecret(22, `${s}:a`, BASE64URL)}.${fakeSecret(43, `${s}:b`, BASE64URL)}`
    case 'twilio-api-key':
      return fakeToken('SK', 32, s, HEX)
    case 'twilio-auth-token':
      return fakeSecret(32, s, HEX)
    case 'openai':
      return `sk-proj-${fakeSecret(74, `${s}:a`, BASE64URL)}T3BlbkFJ${fakeSecret(74, `${s}:b`, BASE64URL)}`
    case 'anthropic':
      return `sk-ant-api03-${fakeSecret(93, s, BASE64URL)}AA`
    case 'npm':
      return fakeToken('npm_', 36, s)
    case 'pypi':
      return `pypi-AgEIcHlwaS5vcmc${fakeSecret(120, s, BASE64URL)}`
    case 'databricks':
      return fakeToken('dapi', 32, s, HEX)
    case 'aws-access-key-id':
      return fakeToken('AKIA', 16, s, BASE32)
    case 'aws-secret-access-key':
      return fakeSecret(40, s, BASE64)
    case 'gcp-api-key':
      return fakeToken('AIza', 35, s, BASE64URL)
    case 'azure-storage-key':
      return `${fakeSecret(86, s, BASE64)}==`
    case 'azure-client-secret':
      return `${fakeSecret(3, `${s}:a`)}${fakeSecret(1, `${s}:d`, '0123456789')}Q~${fakeSecret(34, `${s}:b`)}`
    case 'jwt':
      return fakeJwt({ sub: fakeSecret(10, `${s}:sub`), iss: 'https://auth.example-saas.io/' }, s)
    case 'astro-api-token':
      return fakeJwt({ iss: 'https://api.astronomer.io', 'https://astronomer.io/jwt/org_id': fakeSecret(25, `${s}:org`), sub: fakeSecret(25, `${s}:sub`) }, s)
    case 'password':
      return fakeSecret(20, s)
  }
}

/**
 * The fixed DER/OpenSSH structure every real key of a kind starts with (public knowledge, no key material), so
 * generated keys look like real ones to every scanner (secretlint checks for them).
 */
const KEY_HEADERS: Record<string, string> = {
  'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
  'RSA PRIVATE KEY': 'MIIEpAIBAAKCAQEA',
  'ENCRYPTED PRIVATE KEY': 'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI',
  'EC PRIVATE KEY': 'MHcCAQEEI',
  'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn',
}

/** A PEM private key block with a generated body (`\n` line ends; `escaped` gives a JSON-style one-line string). */
export function fakePrivateKey(seed: string | number = 'key', label = 'PRIVATE KEY', escaped = false): string {
  const header = KEY_HEADERS[label] ?? 'MII'
  const body = header + fakeSecret(1600 - header.length, `pem:${seed}`, BASE64)
  const lines = body.match(/.{1,64}/g) ?? []
  const newline = escaped ? '\\n' : '\n'
  return `-----BEGIN ${label}-----${newline}${lines.join(newline)}${newline}-----END ${label}-----${escaped ? '\\n' : ''}`
}

/** A Google Cloud service-account JSON key file. */
export function fakeServiceAccountKey(seed: string | number = 'sa', project = 'analytics-prod'): string {
  return `${JSON.stringify(
    {
      type: 'service_account',
      project_id: project,
      private_key_id: fakeSecret(40, `sa:${seed}:id`, HEX),
      private_key: fakePrivateKey(seed),
      client_email: `airflow@${project}.iam.gserviceaccount.com`,
      client_id: fakeSecret(21, `sa:${seed}:client`, '0123456789'),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    null,
    2,
  )}\n`
}
