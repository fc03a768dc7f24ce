/**
 * Credential-shaped test values, generated at run time so that no real-looking token is ever committed as a
 * literal (rule cases ship inside dist/, and literal tokens would trip push protection and other scanners).
 * Deterministic: the same seed gives the same value, so findings and fingerprints are stable in tests.
 */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function nextSeed(seed: number): number {
  // xorshift32: tiny, deterministic, good enough to make strings that look random.
  let x = seed | 0 || 0x9e3779b9
  x ^= x << 13
  x ^= x >>> 17
  x ^= x << 5
  return x >>> 0
}

function seedOf(text: string): number {
  let hash = 2166136261
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619)
  return hash >>> 0
}

/** A random-looking string of `length` characters from `alphabet`, determined by `seed`. */
export function fakeSecret(length = 24, seed: string | number = length, alphabet = ALPHANUMERIC): string {
  let state = typeof seed === 'number' ? seed + 1 : seedOf(seed)
  let out = ''
  for (let i = 0; i < length; i++) {
    state = nextSeed(state)
    out += alphabet[state % alphabet.length]
  }
  return out
}

/** A provider-format token: a fixed prefix followed by generated characters. */
export function fakeToken(prefix: string, length: number, seed: string | number = prefix, alphabet = ALPHANUMERIC): string {
  return prefix + fakeSecret(length, `${prefix}:${seed}`, alphabet)
}
