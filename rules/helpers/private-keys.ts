import type { Span } from '../../src/engine/source-text.js'
import { isBase64, isBlank, lineEndOf } from './char-scan.js'
import { isPlaceholder } from './placeholders.js'

/**
 * PEM private keys (`-----BEGIN … PRIVATE KEY-----` … `-----END … PRIVATE KEY-----`, RFC 7468), PuTTY key files,
 * and Google Cloud service-account key files (JSON with `"type": "service_account"` and a `"private_key"`).
 * Keys are found in any text: a `.pem` file, a JSON string with `\n` escapes, a Python triple-quoted string, a
 * YAML block scalar.
 */
export interface PrivateKeyMatch {
  span: Span
  secret: string
  /** `RSA`, `EC`, `OPENSSH`, `DSA`, `PGP`, `PuTTY`, or '' for PKCS#8. */
  keyType: string
  encrypted: boolean
}

const BEGIN = '-----BEGIN '
const END = '-----END '
const DASHES = '-----'
/** A key body longer than this is not looked at further (real keys are under 10 KB). */
const MAX_BODY = 20_000
/** Fewer base64 characters than this is a truncated example, not a key. */
const MIN_BODY_CHARS = 64

/** The base64 characters of a PEM body, with whitespace, `\n` escapes, quotes and string concatenation removed. */
function bodyBase64(text: string, start: number, end: number): string {
  let out = ''
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    if (code === 92) {
      // \n, \r, \\ escapes inside JSON or Python strings
      i++
      continue
    }
    if (isBase64(code)) out += text[i]
  }
  return out
}

function isEncryptedOpenSsh(base64: string): boolean {
  try {
    return Buffer.from(base64.slice(0, 200), 'base64').toString('latin1').includes('bcrypt')
  } catch {
    return false
  }
}

function scanPem(text: string, out: PrivateKeyMatch[]): void {
  let from = 0
  // The next END marker, searched once and reused by every BEGIN before it (linear however many BEGINs).
  let nextEnd = -2
  for (;;) {
    const at = text.indexOf(BEGIN, from)
    if (at === -1) break
    from = at + BEGIN.length
    const labelEnd = text.indexOf(DASHES, from)
    if (labelEnd === -1 || labelEnd - from > 60) continue
    const label = text.slice(from, labelEnd).trim()
    if (!label.endsWith('PRIVATE KEY') && !label.endsWith('PRIVATE KEY BLOCK')) continue
    const headerEnd = labelEnd + DASHES.length
    if (nextEnd !== -1 && nextEnd < headerEnd) nextEnd = text.indexOf(END, headerEnd)
    if (nextEnd === -1) break
    const endAt = nextEnd
    if (endAt - headerEnd > MAX_BODY) continue
    const endLabelEnd = text.indexOf(DASHES, endAt + END.length)
    const end = endLabelEnd === -1 || endLabelEnd - endAt > 80 ? Math.min(lineEndOf(text, endAt), endAt + 80) : endLabelEnd + DASHES.length
    from = end
    const rawBody = text.slice(headerEnd, endAt)
    const base64 = bodyBase64(text, headerEnd, endAt)
    if (base64.length < MIN_BODY_CHARS || isPlaceholder(rawBody.replace(/\\n/g, '').trim())) continue
    const keyType = label.replace(/ ?PRIVATE KEY( BLOCK)?$/, '').replace(/^ENCRYPTED$/, '').trim()
    const encrypted =
      label.includes('ENCRYPTED') || rawBody.includes('Proc-Type: 4,ENCRYPTED') || (keyType === 'OPENSSH' && isEncryptedOpenSsh(base64))
    out.push({ span: { start: at, end }, secret: text.slice(at, end), keyType, encrypted })
  }
}

function scanPutty(text: string, out: PrivateKeyMatch[]): void {
  let from = 0
  let nextLines = -2
  let nextMac = -2
  for (;;) {
    const at = text.indexOf('PuTTY-User-Key-File-', from)
    if (at === -1) break
    from = at + 1
    if (at > 0 && !isBlank(text.charCodeAt(at - 1)) && text[at - 1] !== '"' && text[at - 1] !== "'") continue
    if (nextLines !== -1 && nextLines < at) nextLines = text.indexOf('Private-Lines:', at)
    if (nextLines === -1) break
    const privateLines = nextLines
    if (privateLines - at > MAX_BODY) continue
    if (nextMac !== -1 && nextMac < privateLines) nextMac = text.indexOf('Private-MAC:', privateLines)
    const mac = nextMac !== -1 && nextMac - privateLines < MAX_BODY ? nextMac : -1
    const end = mac === -1 ? lineEndOf(text, privateLines) : lineEndOf(text, mac)
    from = end
    const header = text.slice(at, privateLines)
    out.push({ span: { start: at, end: lineEndOf(text, at) }, secret: text.slice(at, end), keyType: 'PuTTY', encrypted: !header.includes('Encryption: none') })
  }
}

/** Keywords (lower case) whose presence lets {@link findPrivateKeys} find anything. */
export const PRIVATE_KEY_KEYWORDS = ['-----begin ', 'putty-user-key-file-'] as const

export function findPrivateKeys(text: string): PrivateKeyMatch[] {
  const out: PrivateKeyMatch[] = []
  if (text.includes(BEGIN)) scanPem(text, out)
  if (text.includes('PuTTY-User-Key-File-')) scanPutty(text, out)
  return out
}

export interface ServiceAccountKeyMatch {
  /** The `"private_key"` string's content (between its quotes). */
  span: Span
  secret: string
  /** The key's `client_email` (the service account), when the file names it. */
  clientEmail: string | undefined
}

/** Reads a JSON string starting at the opening quote `open`; returns the offset of the closing quote. */
function jsonStringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 92) i++
    else if (code === 34) return i
    else if (code === 10) return -1
  }
  return -1
}

/** The string value of `"key": "value"` following `from`, or undefined. */
function jsonStringValue(text: string, keyAt: number, key: string): { start: number; end: number } | undefined {
  let i = keyAt + key.length
  while (i < text.length && isBlank(text.charCodeAt(i))) i++
  if (text[i] !== ':') return undefined
  i++
  while (i < text.length && isBlank(text.charCodeAt(i))) i++
  if (text[i] !== '"') return undefined
  const close = jsonStringEnd(text, i)
  return close === -1 ? undefined : { start: i + 1, end: close }
}

export const SERVICE_ACCOUNT_KEYWORDS = ['service_account'] as const

/**
 * Google Cloud service-account keys: the `"private_key"` of a JSON object whose `"type"` is `"service_account"`
 * (Google Cloud docs "Create and delete service account keys": the downloaded JSON key file).
 */
export function findServiceAccountKeys(text: string): ServiceAccountKeyMatch[] {
  const out: ServiceAccountKeyMatch[] = []
  if (!text.includes('service_account') || !text.includes('"private_key"')) return out
  const emailAt = text.indexOf('"client_email"')
  const email = emailAt === -1 ? undefined : jsonStringValue(text, emailAt, '"client_email"')
  const clientEmail = email ? text.slice(email.start, email.end) : undefined
  let from = 0
  for (;;) {
    const at = text.indexOf('"private_key"', from)
    if (at === -1) break
    from = at + 1
    const value = jsonStringValue(text, at, '"private_key"')
    if (!value) continue
    const secret = text.slice(value.start, value.end)
    if (!secret.includes('PRIVATE KEY') || bodyBase64(text, value.start, value.end).length < MIN_BODY_CHARS + 20) continue
    out.push({ span: { start: value.start, end: value.end }, secret, clientEmail })
  }
  return out
}

