import { describe, expect, it } from 'vitest'
import { RULES } from '../rules/index.js'
import type { Candidate } from '../rules/helpers/carriers/types.js'
import { TIER } from '../rules/helpers/carriers/types.js'
import { classifyName, isCredibleSecret, looksGenerated, splitWords } from '../rules/helpers/credentials.js'
import { dedupeCandidates } from '../rules/helpers/credential-scan.js'
import { isLocalDevelopmentDefault, isPlaceholder, isReference, redactValue } from '../rules/helpers/placeholders.js'
import { findPrivateKeys } from '../rules/helpers/private-keys.js'
import { findProviderTokens, inspectJwt } from '../rules/helpers/provider-tokens.js'
import { findUriCredentials } from '../rules/helpers/uri-credentials.js'
import { fakeCredential, fakeJwt, fakePrivateKey } from '../src/testing/fake-credentials.js'
import { scanMemory } from '../src/testing/scan-memory.js'

const settings = { placeholders: [] as string[] }

describe('classifyName', () => {
  it.each([
    ['password', 'password'],
    ['DB_PASSWORD', 'password'],
    ['PGPASSWORD', 'password'],
    ['db_pass', 'password'],
    ['dbPass', 'password'],
    ['passphrase', 'password'],
    ['client_secret', 'secret'],
    ['clientSecret', 'secret'],
    ['SECRET_KEY', 'secret'],
    ['AWS_SECRET_ACCESS_KEY', 'secret'],
    ['access_token', 'token'],
    ['SLACK_BOT_TOKEN', 'token'],
    ['GITHUB_PAT', 'token'],
    ['api_key', 'key'],
    ['apiKey', 'key'],
    ['x-api-key', 'key'],
    ['APIKey', 'key'],
    ['private_key', 'key'],
    ['private_key_passphrase', 'key'],
    ['openai_key', 'key'],
    ['credentials', 'credential'],
  ])('%s names a %s', (name, kind) => {
    expect(classifyName(name)?.kind).toBe(kind)
  })

  it.each([
    'password_field',
    'password_hash',
    'PASSWORD_SHA256',
    'password_min_length',
    'token_url',
    'token_type',
    'tokenizer',
    'max_tokens',
    'tokens_per_minute',
    'secret_name',
    'SECRET_ARN',
    'api_key_id',
    'aws_access_key_id',
    'private_key_path',
    'public_key',
    'pub_key',
    'use_password',
    'is_secret',
    'existingSecret',
    'sort_key',
    'primary_key',
    'cache_key',
    'keyword',
    'author',
    'bypass',
  ])('%s is not a credential name', (name) => {
    expect(classifyName(name)).toBeUndefined()
  })

  it('accepts <WORD>_KEY environment names only when loose', () => {
    expect(classifyName('MAPBOXX_KEY')).toBeUndefined()
    expect(classifyName('MAPBOXX_KEY', { loose: true })?.kind).toBe('key')
    expect(classifyName('SORT_KEY', { loose: true })?.kind).toBe('key')
  })

  it('splits identifiers into words', () => {
    expect(splitWords('AWS_SECRET_ACCESS_KEY')).toEqual(['aws', 'secret', 'access', 'key'])
    expect(splitWords('clientSecretValue')).toEqual(['client', 'secret', 'value'])
    expect(splitWords('APIKey')).toEqual(['api', 'key'])
    expect(splitWords('x-api-key')).toEqual(['x', 'api', 'key'])
  })
})

describe('credible values', () => {
  it.each([
    ['airflow123', 'password'],
    ['Summer2024!', 'password'],
    ['12345678', 'password'],
    [fakeCredential('password', 'h1'), 'token'],
    ['3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c', 'key'],
  ] as const)('%s is credible as a %s', (value, kind) => {
    expect(isCredibleSecret(value, kind, settings)).toBe(true)
  })

  it.each([
    ['', 'password'],
    ['abc', 'password'],
    ['changeme', 'password'],
    ['<your-password>', 'password'],
    ['${DB_PASSWORD}', 'password'],
    ['{{ conn.db.password }}', 'password'],
    ['Enter your password', 'password'],
    ['/run/secrets/db_password', 'password'],
    ['gcp-key.json', 'key'],
    ['DB_PASSWORD', 'password'],
    ['access_token', 'token'],
    ['https://auth.partner.io/token', 'token'],
    ['4096', 'token'],
    ['Zugangstoken', 'token'],
    ['API-Schlüssel', 'key'],
    ['ops@example.com', 'credential'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', 'secret'],
    ['$ANSIBLE_VAULT;1.1;AES256', 'password'],
  ] as const)('%s is not credible as a %s', (value, kind) => {
    expect(isCredibleSecret(value, kind, settings)).toBe(false)
  })

  it('lets configuration add placeholders', () => {
    expect(isCredibleSecret('team-default-pw', 'password', { placeholders: ['team-default-pw'] })).toBe(false)
  })

  it('tells generated values from words', () => {
    expect(looksGenerated(fakeCredential('password', 'h2'))).toBe(true)
    expect(looksGenerated('created_at')).toBe(false)
    expect(looksGenerated('aaaaaaaaaaaaaaaaaaaa')).toBe(false)
  })
})

describe('placeholders and references', () => {
  it.each(['REPLACE_ME', 'xxxx', '***', 'changeme', 'your-api-key-here', 'AKIAIOSFODNN7EXAMPLE', 'ghp_...', '<token>', '[PASSWORD]', '%(pw)s', '{password}'])(
    '%s is a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  )
  it.each(['${{ secrets.ASTRO_API_TOKEN }}', '$PGPASSWORD', '%PASSWORD%', '$(cat /run/secrets/x)', "{{ env_var('DBT_PASSWORD') }}", 'op://vault/item/field', 'ENC[AES256_GCM,data:x]'])(
    '%s is a reference',
    (value) => expect(isReference(value)).toBe(true),
  )
  it('knows the local development defaults', () => {
    expect(isLocalDevelopmentDefault('airflow', 'airflow', 'localhost')).toBe(true)
    expect(isLocalDevelopmentDefault('postgres', 'postgres', 'postgres')).toBe(true)
    expect(isLocalDevelopmentDefault('postgres', 'postgres', 'prod-db.corp.example.com')).toBe(false)
    expect(isLocalDevelopmentDefault(undefined, 'airflow')).toBe(true)
    expect(isLocalDevelopmentDefault('etl', 'airflow123', 'localhost')).toBe(false)
  })
  it('redacts to a prefix and the length', () => {
    expect(redactValue('abcdefghijklmnop')).toBe('abc…(16 chars)')
    expect(redactValue('short')).toBe('…(5 chars)')
  })
})

describe('URI credentials', () => {
  it('finds the password of any scheme and where it is', () => {
    const text = 'a snowflake://u:p%40ss@acct/db b redis://:pw@cache:6379/0 c https://tok:x-oauth-basic@github.com/x'
    const found = findUriCredentials(text)
    expect(found.map((uri) => [uri.scheme, uri.password, uri.host, text.slice(uri.passwordSpan.start, uri.passwordSpan.end)])).toEqual([
      ['snowflake', 'p%40ss', 'acct', 'p%40ss'],
      ['redis', 'pw', 'cache', 'pw'],
      ['https', 'tok', 'github.com', 'tok'],
    ])
  })
  it('takes the last @ of the authority and ignores host:port@ and URIs without a password', () => {
    expect(findUriCredentials('postgresql://etl:p@ss@db/x').map((uri) => uri.password)).toEqual(['p@ss'])
    expect(findUriCredentials('ssh://git@github.com:22/x https://example.com/a@b http://host.example:8080@x')).toEqual([])
  })
})

describe('provider tokens, JWTs and keys', () => {
  it('finds each format once, with its provider', () => {
    const text = `${fakeCredential('github-classic', 't')} ${fakeCredential('aws-access-key-id', 't')} ${fakeCredential('slack-webhook', 't')}`
    const found = findProviderTokens(text, (keyword) => text.toLowerCase().includes(keyword))
    expect(found.map((token) => token.provider)).toEqual(['GitHub token', 'Slack incoming-webhook URL', 'AWS access key ID'])
  })
  it('does not take a token out of a longer word', () => {
    const text = `xghp_${'a'.repeat(36)} ghp_${'a'.repeat(40)}`
    expect(findProviderTokens(text, () => true)).toEqual([])
  })
  it('reads JWT claims: Astro tokens and the jwt.io example', () => {
    expect(inspectJwt(fakeCredential('astro-api-token', 'j'))?.astro).toBe(true)
    expect(inspectJwt(fakeCredential('jwt', 'j'))?.astro).toBe(false)
    expect(inspectJwt(fakeJwt({ sub: '1234567890', name: 'John Doe' }))?.documentationExample).toBe(true)
    expect(inspectJwt('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBeUndefined()
  })
  it('finds PEM keys with real and escaped newlines, not truncated examples', () => {
    expect(findPrivateKeys(fakePrivateKey('k')).map((key) => key.keyType)).toEqual([''])
    expect(findPrivateKeys(`"${fakePrivateKey('k', 'EC PRIVATE KEY', true)}"`).map((key) => key.keyType)).toEqual(['EC'])
    expect(findPrivateKeys('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----')).toEqual([])
  })
})

describe('one finding per secret location', () => {
  const base = { secret: 's3cr3t-value', tier: 0 }
  it('keeps the most specific carrier and names the one it absorbed', () => {
    const provider: Candidate = { ...base, rule: 'AG101', provider: 'GitHub token', span: { start: 10, end: 50 }, tier: TIER.provider }
    const env: Candidate = { ...base, rule: 'AG205', envName: 'GITHUB_TOKEN', carrier: '.env file', span: { start: 10, end: 50 }, tier: TIER.named }
    const uri: Candidate = { ...base, rule: 'AG208', scheme: 'https', host: 'h', span: { start: 20, end: 30 }, tier: TIER.uri }
    const other: Candidate = { ...base, rule: 'AG206', form: 'keyword', name: 'password', span: { start: 60, end: 70 }, tier: TIER.named }
    const kept = dedupeCandidates([env, uri, other, provider])
    expect(kept.map((candidate) => candidate.rule)).toEqual(['AG101', 'AG206'])
    expect(kept[0].where).toBe('GITHUB_TOKEN')
  })

  it('reports a provider token in a Python keyword argument once, from the provider rule, naming the argument', () => {
    const token = fakeCredential('github-classic', 'dedupe')
    const findings = scanMemory({ 'dags/x.py': `client = Github(token="${token}")\n` }, { rules: RULES }).findings
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([['AG101', "A GitHub token is committed in 'token'."]])
  })

  it('reports a password in an AIRFLOW_CONN_ URI once, from the connection rule', () => {
    const findings = scanMemory({ '.env.local': `AIRFLOW_CONN_DW=postgresql://etl:${fakeCredential('password', 'd')}@dw.internal/dw\n` }, { rules: RULES }).findings
    expect(findings.map((finding) => finding.ruleId)).toEqual(['AG203', 'AG214'])
  })
})

describe('severity policy', () => {
  const token = fakeCredential('github-classic', 'severity')
  it('lowers every credential finding in configured test fixtures to a notice, whatever its responsibility', () => {
    const files = { 'tests/fixtures/x.py': `TOKEN = "${token}"\nPASSWORD = "S3cret-Fixture-1"\n`, 'dags/x.py': `TOKEN = "${token}"\n` }
    const findings = scanMemory(files, { rules: RULES, config: { 'test-fixture-paths': ['tests/fixtures/**'] } }).findings
    expect(findings.map((f) => [f.path, f.ruleId, f.severity])).toEqual([
      ['dags/x.py', 'AG101', 'error'],
      ['tests/fixtures/x.py', 'AG101', 'notice'],
      ['tests/fixtures/x.py', 'AG206', 'notice'],
    ])
  })
  it('reports credentials in files git does not track as notices', () => {
    const findings = scanMemory({ 'dags/x.py': `TOKEN = "${token}"\n` }, { rules: RULES, tracked: [] }).findings
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['AG101', 'notice']])
  })
})

describe('hostile input', () => {
  const big = (unit: string) => unit.repeat(Math.ceil(50_000 / unit.length))
  it.each([
    ['prefixes without end', big('ghp_')],
    ['scheme separators', big('a://')],
    ['userinfo without host', big('x://u:p@')],
    ['JWT starts', big('eyJ.')],
    ['PEM headers', big('-----BEGIN PRIVATE KEY-----')],
    ['unterminated quotes in an env file', big('A="x\n')],
    ['deeply nested brackets in Python', `x = ${'['.repeat(5000)}`],
    ['credential names without values', big('password=\n')],
  ])('%s: every credential rule finishes without a rule failure', (_, text) => {
    for (const path of ['.env', 'dags/x.py', 'include/x.yaml', 'README.md']) {
      const result = scanMemory({ [path]: text }, { rules: RULES.filter((rule) => rule.id.startsWith('AG1') || rule.id.startsWith('AG2') || rule.id.startsWith('AG3')) })
      expect(result.ruleFailures).toEqual([])
    }
  }, 60_000)
})
