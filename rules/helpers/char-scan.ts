/**
 * Character classes and a linear "prefix + run of characters" scanner: provider tokens, private keys and URIs
 * are found with `indexOf` and loops instead of unanchored regular expressions, so no input can make them
 * backtrack (an unanchored `[\w-]+\.` is quadratic on a long run of word characters) and each file is walked
 * once per prefix that its keyword prefilter found.
 */
export type CharTest = (code: number) => boolean

export const isDigit: CharTest = (c) => c >= 48 && c <= 57
export const isUpper: CharTest = (c) => c >= 65 && c <= 90
export const isLower: CharTest = (c) => c >= 97 && c <= 122
export const isAlpha: CharTest = (c) => isUpper(c) || isLower(c)
export const isAlnum: CharTest = (c) => isAlpha(c) || isDigit(c)
/** `[A-Za-z0-9_]` */
export const isWord: CharTest = (c) => isAlnum(c) || c === 95
/** `[A-Za-z0-9_-]` (base64url) */
export const isBase64Url: CharTest = (c) => isWord(c) || c === 45
/** `[A-Za-z0-9+/=]` */
export const isBase64: CharTest = (c) => isAlnum(c) || c === 43 || c === 47 || c === 61
/** `[0-9a-f]` */
export const isLowerHex: CharTest = (c) => isDigit(c) || (c >= 97 && c <= 102)
/** `[0-9a-fA-F]` */
export const isHex: CharTest = (c) => isLowerHex(c) || (c >= 65 && c <= 70)
/** `[A-Z2-7]` (RFC 4648 base32, AWS key ids) */
export const isBase32Upper: CharTest = (c) => isUpper(c) || (c >= 50 && c <= 55)
export const isBlank: CharTest = (c) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12

/** End of the run of `test` characters starting at `from` (never past `limit`). */
export function runEnd(text: string, from: number, test: CharTest, limit = text.length): number {
  let i = from
  while (i < limit && test(text.charCodeAt(i))) i++
  return i
}

/** Start of the run of `test` characters that ends at `to` (exclusive), never before `limit`. */
export function runStart(text: string, to: number, test: CharTest, limit = 0): number {
  let i = to
  while (i > limit && test(text.charCodeAt(i - 1))) i--
  return i
}

export function everyChar(value: string, test: CharTest): boolean {
  for (let i = 0; i < value.length; i++) if (!test(value.charCodeAt(i))) return false
  return true
}

/** End of the line containing `offset` (the offset of its `\n`, or the text length). */
export function lineEndOf(text: string, offset: number): number {
  const end = text.indexOf('\n', offset)
  return end === -1 ? text.length : end
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}
