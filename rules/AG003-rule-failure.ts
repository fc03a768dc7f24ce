import { defineFileRule } from '../src/engine/rule.js'

export const rule = defineFileRule({
  id: 'AG003',
  name: 'rule-failure',
  title: 'Rule that failed on a file',
  severity: 'error',
  responsibility: 'secure-pipelines',
  kinds: [],
  engineReported: true,
  messages: {
    RULE_FAILED: (p: { detail: string }) =>
      `A rule failed while checking this file (${p.detail}); its findings for this file are missing. Please report this.`,
  },
  docs: {
    what: 'Reported by the engine when one of astro-guard\'s own rules throws on a file. The other rules and all reporters still run.',
    why: 'A crashed check must not pass silently: the file may hold exactly the problem the rule looks for.',
    fix: 'Report the message to the astro-guard maintainers with the file type (not its contents). Until it is fixed, the finding can be suppressed for the file with a reason.',
    examples: { bad: {}, good: {} },
  },
  check() {
    // Reported by the engine (src/engine/scan.ts) when another rule throws.
  },
  cases: { flag: [], pass: [{ name: 'no failing rule', files: { 'dags/etl.py': 'x = 1\n' } }] },
})
