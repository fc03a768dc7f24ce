import type { PyStringToken } from '../../../src/parsers/python.js'
import { isBlank } from '../char-scan.js'
import { isCredibleSecret } from '../credentials.js'
import { isLocalDevelopmentDefault } from '../placeholders.js'
import { type ExtractContext, type Extractor, TIER } from './types.js'

/**
 * Passwords in SQL that creates or alters users (`include/sql/*.sql` run by SQLExecuteQueryOperator, migrations,
 * and SQL strings in Python): PostgreSQL/Redshift `CREATE|ALTER USER|ROLE … [WITH] PASSWORD '…'`, Snowflake
 * `PASSWORD = '…'`, SQL Server `CREATE LOGIN … WITH PASSWORD = '…'`, MySQL/Oracle `IDENTIFIED BY '…'` and
 * MySQL `SET PASSWORD … = '…'`.
 */
export const SQL_STATEMENTS = ['create user', 'alter user', 'create role', 'alter role', 'create login', 'alter login', 'identified by', 'set password']

/** How far back a `PASSWORD` keyword looks for the `CREATE USER` of its statement. */
const MAX_STATEMENT = 2000

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
}

/** Scans `[start, end)` of the text (lower-cased in `lower`) for SQL password literals. */
function scanSql(ctx: ExtractContext, start: number, end: number): void {
  const { text, lower } = ctx
  for (const keyword of ['password', 'identified by']) {
    let from = start
    // The last `;` before the keyword, tracked forward so the look-back stays linear.
    let scanned = start
    let statementStart = start
    for (;;) {
      const at = lower.indexOf(keyword, from)
      if (at === -1 || at >= end) break
      from = at + keyword.length
      if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue
      if (from < end && isWordChar(text.charCodeAt(from))) continue
      for (; scanned < at; scanned++) if (text.charCodeAt(scanned) === 59) statementStart = scanned
      // Only inside a user/role statement (looking back at most MAX_STATEMENT characters).
      const statement = lower.slice(Math.max(statementStart, at - MAX_STATEMENT), at)
      if (keyword === 'password' && !SQL_STATEMENTS.some((s) => statement.includes(s))) continue
      let i = from
      while (i < end && isBlank(text.charCodeAt(i))) i++
      if (text[i] === '=') i++
      while (i < end && isBlank(text.charCodeAt(i))) i++
      const quote = text[i]
      let valueStart: number
      let valueEnd: number
      if (quote === "'" || quote === '"') {
        valueStart = i + 1
        valueEnd = text.indexOf(quote, valueStart)
        if (valueEnd === -1 || valueEnd > end) continue
      } else if (keyword === 'identified by') {
        valueStart = i
        valueEnd = i
        while (valueEnd < end && isWordChar(text.charCodeAt(valueEnd))) valueEnd++
      } else {
        continue
      }
      const secret = text.slice(valueStart, valueEnd)
      if (!isCredibleSecret(secret, 'password', ctx.settings)) continue
      ctx.push({ rule: 'AG215', tier: TIER.structured, span: { start: valueStart, end: valueEnd }, secret, local: isLocalDevelopmentDefault(undefined, secret) })
      from = valueEnd
    }
  }
}

export const sqlExtractor: Extractor = {
  name: 'SQL user passwords',
  kinds: ['sql', 'python'],
  produces: ['AG215'],
  extract(ctx) {
    if (ctx.file.kind === 'sql') {
      scanSql(ctx, 0, ctx.text.length)
      return
    }
    if (!SQL_STATEMENTS.some(ctx.has)) return
    for (const token of ctx.file.python().strings as PyStringToken[]) {
      const lower = ctx.lower.slice(token.start, token.end)
      if (SQL_STATEMENTS.some((statement) => lower.includes(statement))) scanSql(ctx, token.start, token.end)
    }
  },
}
