import { FILE_KINDS } from '../../../src/engine/file-kind.js'
import { isBlank, lineEndOf, lineStartOf } from '../char-scan.js'
import { isCredibleSecret } from '../credentials.js'
import { isLocalDevelopmentDefault, isPlaceholder } from '../placeholders.js'
import { findPrivateKeys, findServiceAccountKeys } from '../private-keys.js'
import { findProviderTokens } from '../provider-tokens.js'
import { findUriCredentials, percentDecode } from '../uri-credentials.js'
import { type ExtractContext, type Extractor, TIER } from './types.js'

/**
 * Carriers that need no parser: provider-format tokens, private keys and service-account keys in any text file;
 * passwords in URIs; `airflow users create … --password <literal>` in scripts, Dockerfiles, DAG code and
 * workflow steps.
 */

/** Requirements-file index options belong to the dependency family (issue 5): nothing of ours inside them. */
function reserveIndexUrls(ctx: ExtractContext): void {
  if (ctx.file.kind !== 'requirements') return
  const text = ctx.text
  let lineStart = 0
  while (lineStart < text.length) {
    const end = lineEndOf(text, lineStart)
    const line = text.slice(lineStart, end).trimStart()
    if (line.startsWith('-i') || line.startsWith('--index-url') || line.startsWith('--extra-index-url') || line.startsWith('--find-links') || line.startsWith('-f ')) {
      ctx.reserve({ start: lineStart, end })
    }
    lineStart = end + 1
  }
}

export const tokenExtractor: Extractor = {
  name: 'provider tokens and keys',
  kinds: FILE_KINDS,
  produces: ['AG101', 'AG102', 'AG103', 'AG209'],
  extract(ctx) {
    reserveIndexUrls(ctx)
    for (const match of findServiceAccountKeys(ctx.text)) {
      ctx.push({ rule: 'AG103', tier: TIER.serviceAccount, span: match.span, secret: match.secret, provider: 'Google Cloud service-account key', name: match.clientEmail })
    }
    for (const match of findPrivateKeys(ctx.text)) {
      ctx.push({ rule: 'AG209', tier: TIER.privateKey, span: match.span, secret: match.secret, keyType: match.keyType, encrypted: match.encrypted, severity: match.encrypted ? 'warning' : undefined })
    }
    for (const match of findProviderTokens(ctx.text, ctx.has)) {
      if (match.rule === 'AG101') {
        ctx.push({ rule: 'AG101', tier: TIER.provider, span: match.span, secret: match.secret, provider: match.provider, severity: match.severity })
      } else if (match.rule === 'AG102') {
        ctx.push({ rule: 'AG102', tier: TIER.provider, span: match.span, secret: match.secret, name: undefined })
      } else {
        ctx.push({ rule: 'AG103', tier: TIER.provider, span: match.span, secret: match.secret, provider: match.provider, name: undefined, severity: match.severity })
      }
    }
  },
}

export const uriExtractor: Extractor = {
  name: 'URI passwords',
  // Requirements files are the dependency family's (issue 5: credentials in index URLs).
  kinds: FILE_KINDS.filter((kind) => kind !== 'requirements'),
  produces: ['AG208'],
  extract(ctx) {
    for (const uri of findUriCredentials(ctx.text)) {
      if (isPlaceholder(uri.password, ctx.settings.placeholders)) continue
      const password = percentDecode(uri.password)
      if (isPlaceholder(password, ctx.settings.placeholders)) continue
      const local = isLocalDevelopmentDefault(percentDecode(uri.user), password, uri.host)
      ctx.push({ rule: 'AG208', tier: TIER.uri, span: uri.passwordSpan, secret: uri.password, scheme: uri.scheme, host: uri.host, local })
    }
  },
}

/** Splits a command line into words (quotes group, a backslash-newline continues), with their offsets. */
function commandWords(text: string, start: number, limit: number): { value: string; start: number; end: number }[] {
  const words: { value: string; start: number; end: number }[] = []
  let i = start
  while (i < limit) {
    const code = text.charCodeAt(i)
    if (code === 10) break
    if (code === 92 && text.charCodeAt(i + 1) === 10) {
      i += 2
      continue
    }
    if (isBlank(code)) {
      i++
      continue
    }
    // Stop at shell operators and the end of a Python/YAML string.
    if (text[i] === ';' || text[i] === '|' || text[i] === '&' || text[i] === ',' || text[i] === ']' || text[i] === ')') break
    const quote = text[i] === '"' || text[i] === "'" ? text[i] : ''
    let end = i + (quote ? 1 : 0)
    while (end < limit) {
      const c = text.charCodeAt(end)
      if (quote ? text[end] === quote : isBlank(c) || c === 59 || c === 34 || c === 39) break
      if (c === 10) break
      end++
    }
    if (quote) {
      if (text[end] !== quote) break
      words.push({ value: text.slice(i + 1, end), start: i + 1, end })
      i = end + 1
    } else {
      words.push({ value: text.slice(i, end), start: i, end })
      i = end
      // a closing quote ends a command embedded in a string (`bash_command="airflow users create …"`)
      if (text[i] === '"' || text[i] === "'") break
    }
  }
  return words
}

const PASSWORD_FLAGS = new Set(['--password', '-p'])
const USER_FLAGS = new Set(['--username', '-u'])

/**
 * `airflow users create … --password <literal>` (Airflow 2 CLI; the Airflow 1 spelling is `airflow create_user`):
 * a local user with a password written in the repository instead of users from the identity provider.
 */
export const usersCreateExtractor: Extractor = {
  name: 'airflow users create',
  kinds: ['shell', 'dockerfile', 'python', 'workflow', 'yaml', 'text', 'dotenv'],
  produces: ['AG301'],
  extract(ctx) {
    const text = ctx.text
    for (const command of ['users create', 'create_user']) {
      let from = 0
      for (;;) {
        const at = text.indexOf(command, from)
        if (at === -1) break
        from = at + command.length
        const lineStart = lineStartOf(text, at)
        if (!text.slice(Math.max(lineStart, at - 40), at).includes('airflow')) continue
        const words = commandWords(text, from, Math.min(text.length, from + 4000))
        if (words.length > 0) from = Math.max(from, words[words.length - 1].end)
        let user = ''
        let password: { value: string; start: number; end: number } | undefined
        for (let i = 0; i < words.length; i++) {
          const word = words[i].value
          const equals = word.indexOf('=')
          const flag = equals > 0 ? word.slice(0, equals) : word
          const inline = equals > 0 ? { value: word.slice(equals + 1), start: words[i].start + equals + 1, end: words[i].end } : undefined
          const next = inline ?? words[i + 1]
          if (USER_FLAGS.has(flag) && next) user = next.value
          if (PASSWORD_FLAGS.has(flag) && next) password = next
        }
        if (!password || !isCredibleSecret(password.value, 'password', ctx.settings)) continue
        ctx.push({
          rule: 'AG301',
          tier: TIER.structured,
          user,
          span: { start: password.start, end: password.end },
          secret: password.value,
          local: isLocalDevelopmentDefault(user, password.value, 'localhost'),
        })
      }
    }
  },
}
