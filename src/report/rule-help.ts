import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import type { AnyRule, FileSet } from '../engine/rule.js'

function fence(files: FileSet): string {
  return Object.entries(files)
    .filter(([, content]) => content.trim() !== '')
    .map(([path, content]) => `\`${path}\`\n\n\`\`\`\n${content.replace(/\n$/, '')}\n\`\`\``)
    .join('\n\n')
}

/** A rule's documentation as Markdown: SARIF `help.markdown`, `astro-guard explain`, and the summary's links. */
export function ruleHelpMarkdown(rule: AnyRule): string {
  const area = RESPONSIBILITY_INFO[rule.responsibility]
  const parts = [
    `## ${rule.id} ${rule.name}: ${rule.title}`,
    `Default severity: **${rule.severity}**. Customer responsibility ${area.number}: ${area.obligation}`,
    `### What it does\n\n${rule.docs.what}`,
    `### Why is this bad?\n\n${rule.docs.why}`,
    `### How to fix\n\n${rule.docs.fix}`,
  ]
  const bad = fence(rule.docs.examples.bad)
  const good = fence(rule.docs.examples.good)
  if (bad) parts.push(`### Example\n\n${bad}`)
  if (good) parts.push(`Use instead:\n\n${good}`)
  if (rule.docs.references?.length) {
    parts.push(`### References\n\n${rule.docs.references.map((ref) => `- [${ref.title}](${ref.url})`).join('\n')}`)
  }
  return `${parts.join('\n\n')}\n`
}

/** The same documentation as plain text (SARIF `help.text`, terminal output). */
export function ruleHelpText(rule: AnyRule): string {
  const area = RESPONSIBILITY_INFO[rule.responsibility]
  return [
    `${rule.id} ${rule.name}: ${rule.title}`,
    `Default severity: ${rule.severity}. Customer responsibility ${area.number}: ${area.obligation}`,
    '',
    `What it does: ${rule.docs.what}`,
    '',
    `Why is this bad? ${rule.docs.why}`,
    '',
    `How to fix: ${rule.docs.fix}`,
    ...(rule.docs.references?.length ? ['', ...rule.docs.references.map((ref) => `- ${ref.title}: ${ref.url}`)] : []),
  ].join('\n')
}
