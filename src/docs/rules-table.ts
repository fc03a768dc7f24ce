import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import type { AnyRule } from '../engine/rule.js'

export const RULES_TABLE_START = '<!-- rules-table:start (generated from the rules\' metadata by `npm run docs`; do not edit) -->'
export const RULES_TABLE_END = '<!-- rules-table:end -->'

/** The README's rules table, rendered from each rule's own metadata. */
export function renderRulesTable(rules: readonly AnyRule[]): string {
  const rows = rules.map((rule) => {
    const area = RESPONSIBILITY_INFO[rule.responsibility]
    return `| \`${rule.id}\` | \`${rule.name}\` | ${rule.severity} | ${area.number}. ${area.label} | ${rule.title.replace(/\|/g, '\\|')} |`
  })
  return ['| Id | Name | Default severity | Customer responsibility | Flags |', '|---|---|---|---|---|', ...rows].join('\n')
}

/** Replaces the text between the markers in `document` with `content`. */
export function replaceBetweenMarkers(document: string, start: string, end: string, content: string): string {
  const from = document.indexOf(start)
  const to = document.indexOf(end)
  if (from === -1 || to === -1 || to < from) throw new Error(`markers ${start} … ${end} not found`)
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`
}
