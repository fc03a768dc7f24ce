import type { Severity } from '../../src/engine/severity.js'

/**
 * Connection and client options that turn TLS off or stop it from verifying the server, as they appear in Airflow
 * connection extras, URI query parameters, client keyword arguments and YAML profiles. Keys are matched in lower
 * case, with Airflow 2's `extra__<conn_type>__` prefix removed. To add one, add a row.
 *
 * Sources: libpq "SSL Support" (sslmode disable/allow/prefer/require/verify-ca/verify-full; `prefer` is the
 * default and verifies nothing); requests/httpx `verify`; Airflow HTTP provider connection extras (`verify`);
 * Snowflake connector / SnowflakeHook `insecure_mode`; elasticsearch-py `verify_certs`; Microsoft ODBC
 * `Encrypt` / `TrustServerCertificate`; redis-py and MySQL `ssl`; Python `ssl.CERT_NONE`.
 */
export interface TlsOption {
  keys: readonly string[]
  /** Which value is insecure. */
  insecureWhen: 'false' | 'true' | 'cert-none'
  /** What the insecure value does, completing "<option>=<value>: …". */
  effect: string
}

export const TLS_OPTIONS: readonly TlsOption[] = [
  {
    keys: ['verify', 'verify_ssl', 'ssl_verify', 'verify_certs', 'verify_certificate', 'validate_certs', 'tls_verify', 'check_hostname', 'ssl_check_hostname'],
    insecureWhen: 'false',
    effect: "the server's TLS certificate is not verified",
  },
  {
    keys: ['insecure', 'insecure_mode', 'insecure_skip_verify', 'insecure_skip_tls_verify', 'ssl_insecure', 'trust_server_certificate', 'trustservercertificate'],
    insecureWhen: 'true',
    effect: "the server's TLS certificate is not verified",
  },
  {
    keys: ['ssl', 'use_ssl', 'tls', 'use_tls', 'encrypt'],
    insecureWhen: 'false',
    effect: 'the connection is not encrypted',
  },
  { keys: ['cert_reqs', 'ssl_cert_reqs'], insecureWhen: 'cert-none', effect: "the server's TLS certificate is not verified" },
]

/** libpq sslmode values that allow plaintext or skip verification, with their effect and severity. */
export const INSECURE_SSLMODES: Readonly<Record<string, { effect: string; severity: Severity }>> = {
  disable: { effect: 'the connection is never encrypted', severity: 'error' },
  allow: { effect: 'the client tries plaintext first and never verifies the server', severity: 'warning' },
  prefer: { effect: 'the client silently falls back to plaintext and never verifies the server', severity: 'warning' },
}

const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'n', 'f'])
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 'y', 't'])

/** `extra__http__verify` → `verify` (Airflow 2's prefixed extras), lower case. */
export function normalizeOptionKey(key: string): string {
  return key.toLowerCase().replace(/^extra__[a-z0-9]+(?:_[a-z0-9]+)*?__/, '')
}

export interface InsecureTls {
  effect: string
  severity: Severity | undefined
}

/** Whether `key=value` makes a connection insecure; undefined when it does not (or is not a TLS option). */
export function insecureTlsOption(rawKey: string, value: string | boolean | number): InsecureTls | undefined {
  const key = normalizeOptionKey(rawKey)
  const text = String(value).trim().toLowerCase()
  if (key === 'sslmode' || key === 'ssl_mode') {
    const mode = INSECURE_SSLMODES[text]
    return mode ? { effect: mode.effect, severity: mode.severity } : undefined
  }
  for (const option of TLS_OPTIONS) {
    if (!option.keys.includes(key)) continue
    if (option.insecureWhen === 'false' && FALSE_WORDS.has(text)) return { effect: option.effect, severity: undefined }
    if (option.insecureWhen === 'true' && TRUE_WORDS.has(text)) return { effect: option.effect, severity: undefined }
    if (option.insecureWhen === 'cert-none' && (text === 'cert_none' || text === 'none' || text.endsWith('.cert_none'))) {
      return { effect: option.effect, severity: undefined }
    }
  }
  return undefined
}
