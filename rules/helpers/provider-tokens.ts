import type { Span } from '../../src/engine/source-text.js'
import {
  type CharTest,
  everyChar,
  isAlnum,
  isBase32Upper,
  isBase64,
  isBase64Url,
  isDigit,
  isLowerHex,
  isWord,
  runEnd,
} from './char-scan.js'
import { isPlaceholder } from './placeholders.js'

/**
 * Self-identifying credential formats: a fixed prefix and a character set that make a string a provider's token
 * wherever it appears. Formats follow the providers' own documentation as encoded by gitleaks
 * (`config/gitleaks.toml`) and secretlint's recommended preset (`@secretlint/secretlint-rule-preset-recommend`,
 * installed here, v13.0.7); each entry names its source.
 *
 * Prefix-less secrets (an AWS secret access key, an Azure storage key without its connection string, a Twilio
 * auth token) are not here: they are recognised by the name that carries them (see {@link cloudCredentialForName}).
 */
export type ProviderRule = 'AG101' | 'AG102' | 'AG103'

export interface TokenFormat {
  id: string
  /** Shown in messages: "a <provider> is committed". */
  provider: string
  rule: ProviderRule
  /** Case-sensitive literal prefixes. */
  prefixes: readonly string[]
  /** Lower-case substrings for the keyword prefilter; default: the prefixes, lower-cased. */
  keywords?: readonly string[]
  /** Characters of the body after the prefix. */
  body: CharTest
  /** Body length bounds (inclusive). */
  min: number
  max: number
  /** Whether the prefix is part of the secret (`ghp_…`) or only its label (`AccountKey=`). */
  prefixIsSecret?: boolean
  /** Characters that may not come right before the prefix (default: letters, digits, `_`). */
  before?: CharTest
  /** Further checks on the token (prefix included); `twilio`: the file mentions Twilio. */
  validate?: (token: string, twilio: boolean) => boolean
  /** A less severe finding (test-mode keys, key ids without their secret). */
  severity?: 'warning'
  source: string
}

function containsDigitGroup(token: string): boolean {
  // Slack tokens carry numeric team/user ids between dashes: xoxb-<digits>-<digits>-<alnum>.
  let run = 0
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i)
    if (isDigit(code)) {
      run++
      if (run >= 2) return true
    } else {
      run = 0
    }
  }
  return false
}

const isSlackBody: CharTest = (c) => isAlnum(c) || c === 45
const isWebhookBody: CharTest = (c) => isAlnum(c) || c === 47
const isGitlabBody: CharTest = (c) => isBase64Url(c) || c === 46
const isSendgridBody: CharTest = (c) => isBase64Url(c) || c === 46

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    id: 'github-classic',
    provider: 'GitHub token',
    rule: 'AG101',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    body: isWord,
    min: 36,
    max: 36,
    source: 'GitHub docs "About authentication to GitHub" (token prefixes); secretlint-rule-github',
  },
  {
    id: 'github-fine-grained',
    provider: 'GitHub fine-grained personal access token',
    rule: 'AG101',
    prefixes: ['github_pat_'],
    body: isWord,
    min: 82,
    max: 82,
    source: 'secretlint-rule-github FINE_GRAINED_GITHUB_TOKEN_PATTERN',
  },
  {
    id: 'gitlab',
    provider: 'GitLab access token',
    rule: 'AG101',
    prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'gloas-', 'glcbt-'],
    body: isGitlabBody,
    min: 20,
    max: 300,
    source: 'GitLab docs "Token prefixes"; secretlint-rule-gitlab',
  },
  {
    id: 'slack-token',
    provider: 'Slack token',
    rule: 'AG101',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxe-', 'xoxo-', 'xoxs-', 'xapp-', 'xoxe.xoxp-'],
    body: isSlackBody,
    min: 10,
    max: 250,
    validate: (token) => containsDigitGroup(token),
    source: 'Slack docs "Token types"; secretlint-rule-slack SLACK_TOKEN_PATTERN',
  },
  {
    id: 'slack-webhook',
    provider: 'Slack incoming-webhook URL',
    rule: 'AG101',
    prefixes: ['https://hooks.slack.com/services/', 'https://hooks.slack.com/workflows/', 'https://hooks.slack.com/triggers/'],
    keywords: ['hooks.slack.com/'],
    body: isWebhookBody,
    min: 20,
    max: 200,
    validate: (token) => {
      const parts = token.slice(token.indexOf('.com/') + 5).split('/')
      return parts.length >= 4 && parts[1].length >= 2 && parts[parts.length - 1].length >= 8
    },
    source: 'Slack docs "Sending messages using incoming webhooks"; secretlint-rule-slack IncomingWebhooksPattern',
  },
  {
    id: 'stripe-live',
    provider: 'Stripe live secret key',
    rule: 'AG101',
    prefixes: ['sk_live_', 'rk_live_'],
    body: isAlnum,
    min: 20,
    max: 247,
    source: 'Stripe docs "API keys" (sk_live_/rk_live_); secretlint-rule-stripe',
  },
  {
    id: 'stripe-test',
    provider: 'Stripe test-mode secret key',
    rule: 'AG101',
    prefixes: ['sk_test_', 'rk_test_'],
    body: isAlnum,
    min: 20,
    max: 247,
    severity: 'warning',
    source: 'Stripe docs "API keys"; secretlint-rule-stripe',
  },
  {
    id: 'sendgrid',
    provider: 'SendGrid API key',
    rule: 'AG101',
    prefixes: ['SG.'],
    keywords: ['sg.'],
    body: isSendgridBody,
    min: 66,
    max: 66,
    validate: (token) => token[25] === '.' && token.indexOf('.', 3) === 25 && token.indexOf('.', 26) === -1,
    source: 'gitleaks sendgrid-api-token; secretlint-rule-sendgrid',
  },
  {
    id: 'twilio-api-key',
    provider: 'Twilio API key',
    rule: 'AG101',
    prefixes: ['SK'],
    keywords: ['twilio'],
    body: isLowerHex,
    min: 32,
    max: 32,
    validate: (_token, twilio) => twilio,
    source: 'gitleaks twilio-api-key (SK + 32 hex); required to appear in a file that mentions Twilio',
  },
  {
    id: 'openai',
    provider: 'OpenAI API key',
    rule: 'AG101',
    prefixes: ['sk-'],
    keywords: ['t3blbkfj'],
    body: isBase64Url,
    min: 40,
    max: 300,
    validate: (token) => token.includes('T3BlbkFJ'),
    source: 'secretlint-rule-openai (the T3BlbkFJ marker, base64 of "OpenAI")',
  },
  {
    id: 'anthropic',
    provider: 'Anthropic API key',
    rule: 'AG101',
    prefixes: ['sk-ant-'],
    body: isBase64Url,
    min: 95,
    max: 130,
    validate: (token) => (token.startsWith('sk-ant-api0') || token.startsWith('sk-ant-admin0')) && token.endsWith('AA'),
    source: 'gitleaks anthropic-api-key / anthropic-admin-api-key; secretlint-rule-anthropic',
  },
  {
    id: 'npm',
    provider: 'npm access token',
    rule: 'AG101',
    prefixes: ['npm_'],
    body: isAlnum,
    min: 36,
    max: 36,
    source: 'npm docs "About access tokens"; secretlint-rule-npm NPM_ACCESS_TOKEN_PATTERN',
  },
  {
    id: 'pypi',
    provider: 'PyPI API token',
    rule: 'AG101',
    // "pypi-" + base64 of the macaroon header naming pypi.org / test.pypi.org
    prefixes: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
    body: isBase64Url,
    min: 50,
    max: 2000,
    source: 'PyPI docs "API tokens"; gitleaks pypi-upload-token',
  },
  {
    id: 'databricks',
    provider: 'Databricks personal access token',
    rule: 'AG101',
    prefixes: ['dapi'],
    body: isLowerHex,
    min: 32,
    max: 32,
    source: 'Databricks docs "Personal access tokens"; secretlint-rule-databricks',
  },
  {
    id: 'aws-access-key-id',
    provider: 'AWS access key ID',
    rule: 'AG103',
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    body: isBase32Upper,
    min: 16,
    max: 17,
    validate: (token) => token.length === 20,
    severity: 'warning',
    source: 'AWS IAM docs "Unique identifier prefixes"; gitleaks aws-access-token',
  },
  {
    id: 'gcp-api-key',
    provider: 'Google API key',
    rule: 'AG103',
    prefixes: ['AIza'],
    body: isBase64Url,
    min: 35,
    max: 35,
    source: 'gitleaks gcp-api-key',
  },
  {
    id: 'azure-storage-key',
    provider: 'Azure storage account key',
    rule: 'AG103',
    prefixes: ['AccountKey='],
    body: isBase64,
    min: 86,
    max: 90,
    prefixIsSecret: false,
    before: () => false,
    validate: (token) => token.endsWith('=='),
    source: 'Azure docs "Configure Azure Storage connection strings" (AccountKey=, 64-byte key, base64)',
  },
  {
    id: 'azure-shared-access-key',
    provider: 'Azure shared access key',
    rule: 'AG103',
    prefixes: ['SharedAccessKey='],
    body: isBase64,
    min: 43,
    max: 46,
    prefixIsSecret: false,
    before: () => false,
    validate: (token) => token.endsWith('='),
    source: 'Azure Service Bus / Event Hubs connection strings (SharedAccessKey=)',
  },
]

/** Azure AD (Entra ID) client secrets: 3 characters, a digit, `Q~`, then 31-34 characters (gitleaks azure-ad-client-secret). */
const isAzureSecretChar: CharTest = (c) => isWord(c) || c === 126 || c === 46 || c === 45

export interface TokenMatch {
  id: string
  provider: string
  rule: ProviderRule
  span: Span
  secret: string
  severity?: 'warning'
}

/** Lower-case keywords of every format (the prefilter of the rules these formats feed). */
export function providerKeywords(rule?: ProviderRule): string[] {
  const out: string[] = []
  for (const format of TOKEN_FORMATS) {
    if (rule && format.rule !== rule) continue
    for (const keyword of format.keywords ?? format.prefixes.map((prefix) => prefix.toLowerCase())) out.push(keyword)
  }
  if (!rule || rule === 'AG103') out.push('q~')
  if (!rule || rule === 'AG101' || rule === 'AG102') out.push('eyj')
  return out
}

function scanFormat(text: string, twilio: boolean, format: TokenFormat, out: TokenMatch[]): void {
  const before = format.before ?? ((c: number) => isWord(c))
  for (const prefix of format.prefixes) {
    let from = 0
    for (;;) {
      const at = text.indexOf(prefix, from)
      if (at === -1) break
      const bodyStart = at + prefix.length
      const end = runEnd(text, bodyStart, format.body)
      from = Math.max(end, at + 1)
      if (at > 0 && before(text.charCodeAt(at - 1))) continue
      const length = end - bodyStart
      if (length < format.min || length > format.max) continue
      const token = text.slice(at, end)
      if (format.validate && !format.validate(token, twilio)) continue
      const secretStart = format.prefixIsSecret === false ? bodyStart : at
      const secret = text.slice(secretStart, end)
      if (isPlaceholder(secret)) continue
      out.push({ id: format.id, provider: format.provider, rule: format.rule, span: { start: secretStart, end }, secret, severity: format.severity })
    }
  }
}

function scanAzureClientSecrets(text: string, out: TokenMatch[]): void {
  let from = 0
  for (;;) {
    const at = text.indexOf('Q~', from)
    if (at === -1) break
    from = at + 2
    const start = at - 4
    if (start < 0 || !isDigit(text.charCodeAt(at - 1))) continue
    if (!everyChar(text.slice(start, at - 1), isAzureSecretChar)) continue
    if (start > 0 && isAzureSecretChar(text.charCodeAt(start - 1))) continue
    const end = runEnd(text, at + 2, isAzureSecretChar)
    from = Math.max(from, end)
    const length = end - (at + 2)
    if (length < 31 || length > 34) continue
    const secret = text.slice(start, end)
    if (isPlaceholder(secret)) continue
    out.push({ id: 'azure-ad-client-secret', provider: 'Azure AD client secret', rule: 'AG103', span: { start, end }, secret })
  }
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** What a JSON Web Token's claims say it is. */
export interface JwtInfo {
  /** The payload mentions Astronomer (issuer or audience of an Astro API token). */
  astro: boolean
  /** jwt.io's documentation example (`sub` 1234567890, `name` John Doe): not a credential. */
  documentationExample: boolean
}

/** Decodes a JWT's header and payload; undefined when it is not a signed JWT. */
export function inspectJwt(token: string): JwtInfo | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[2].length < 16) return undefined
  const header = decodeJsonPart(parts[0])
  const payload = decodeJsonPart(parts[1])
  if (!header || !payload || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return undefined
  const claims = JSON.stringify(payload).toLowerCase()
  return {
    astro: claims.includes('astronomer'),
    documentationExample: payload.sub === '1234567890' && payload.name === 'John Doe',
  }
}

const isJwtChar: CharTest = (c) => isBase64Url(c) || c === 46

/**
 * JSON Web Tokens (`eyJ…` header `.` payload `.` signature). A JWT whose claims name Astronomer is an Astro API
 * token (AG102: Astro's Organization, Workspace and Deployment API tokens are JWTs the Astro CLI reads from
 * `ASTRO_API_TOKEN`, ../shared/research/astro-runtime.md §5); any other signed JWT is a bearer credential of
 * some service (AG101).
 */
function scanJwts(text: string, out: TokenMatch[]): void {
  let from = 0
  for (;;) {
    const at = text.indexOf('eyJ', from)
    if (at === -1) break
    const end = runEnd(text, at, isJwtChar)
    from = Math.max(end, at + 1)
    if (at > 0 && isJwtChar(text.charCodeAt(at - 1))) continue
    if (end - at < 40 || end - at > 20000) continue
    let token = text.slice(at, end)
    while (token.endsWith('.')) token = token.slice(0, -1)
    const info = inspectJwt(token)
    if (!info || info.documentationExample) continue
    out.push({
      id: info.astro ? 'astro-api-token' : 'jwt',
      provider: info.astro ? 'Astro API token' : 'JSON Web Token',
      rule: info.astro ? 'AG102' : 'AG101',
      span: { start: at, end: at + token.length },
      secret: token,
    })
  }
}

/** Keywords {@link findProviderTokens} asks about (lower case). */
export const PROVIDER_SCAN_KEYWORDS: readonly string[] = [...providerKeywords(), 'twilio', 'q~', 'eyj']

/**
 * Every provider-format token in `text`. `has(keyword)` tells whether a lower-case keyword occurs in the text (the
 * caller found them all in one pass); a format is only scanned when one of its keywords occurs.
 */
export function findProviderTokens(text: string, has: (keyword: string) => boolean): TokenMatch[] {
  const out: TokenMatch[] = []
  const twilio = has('twilio')
  for (const format of TOKEN_FORMATS) {
    const keywords = format.keywords ?? format.prefixes.map((prefix) => prefix.toLowerCase())
    if (!keywords.some(has)) continue
    scanFormat(text, twilio, format, out)
  }
  if (has('q~')) scanAzureClientSecrets(text, out)
  if (has('eyj')) scanJwts(text, out)
  return out
}

const isAwsSecretChar: CharTest = (c) => isAlnum(c) || c === 43 || c === 47

/**
 * Prefix-less cloud and provider secrets recognised by the name that carries them and by their shape: an AWS
 * secret access key (40 base64 characters) under `aws_secret_access_key`, an Azure storage key (88 base64
 * characters ending `==`) under `account_key`/`AZURE_STORAGE_KEY`, a Twilio auth token (32 hex) under a
 * Twilio-named token. Returns undefined when the pair is an ordinary credential.
 */
export function cloudCredentialForName(words: readonly string[], value: string): { rule: ProviderRule; provider: string } | undefined {
  const has = (word: string) => words.includes(word)
  if ((has('aws') || (has('secret') && has('access'))) && has('secret') && value.length === 40 && everyChar(value, isAwsSecretChar)) {
    return { rule: 'AG103', provider: 'AWS secret access key' }
  }
  if ((has('storage') || has('account') || has('azure')) && has('key') && value.length === 88 && value.endsWith('==') && everyChar(value, isBase64)) {
    return { rule: 'AG103', provider: 'Azure storage account key' }
  }
  if (has('twilio') && (has('token') || has('auth')) && value.length === 32 && everyChar(value, isLowerHex)) {
    return { rule: 'AG101', provider: 'Twilio auth token' }
  }
  return undefined
}

