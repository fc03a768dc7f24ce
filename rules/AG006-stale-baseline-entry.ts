import { defineFileRule } from '../src/engine/rule.js'

export const rule = defineFileRule({
  id: 'AG006',
  name: 'stale-baseline-entry',
  title: 'Baseline entry that matches no finding',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: [],
  engineReported: true,
  messages: {
    NO_MATCH: (p: { rule: string; path: string }) =>
      `This baseline entry for ${p.rule} in '${p.path}' matches no finding any more; remove it with 'astro-guard baseline --prune'.`,
    FEWER_MATCHES: (p: { rule: string; path: string; count: number; found: number }) =>
      `This baseline entry for ${p.rule} in '${p.path}' counts ${p.count} occurrences but ${p.found} remain; update it with 'astro-guard baseline --prune'.`,
  },
  docs: {
    what: 'Reports an entry of the baseline file (`.astro-guard-baseline.json`) whose finding is gone: fixed, or changed so that its fingerprint differs (for a credential: a different secret).',
    why: 'A baseline that only grows hides its own progress and, once full of dead entries, becomes the file nobody dares to touch (gitleaks/gitleaks#1398, Yelp/detect-secrets#92). Pruning keeps it an honest list of accepted debt.',
    fix: 'Run `astro-guard baseline --prune` and commit the result. It removes entries that match nothing and lowers counts, and never adds new findings.',
    examples: { bad: {}, good: {} },
    references: [{ title: 'gitleaks #1398: report stale ignore fingerprints', url: 'https://github.com/gitleaks/gitleaks/issues/1398' }],
  },
  check() {
    // Reported while applying the baseline (src/baseline/apply-baseline.ts); tested in __tests__/baseline/.
  },
  cases: { flag: [], pass: [{ name: 'no baseline', files: { 'dags/etl.py': 'x = 1\n' } }] },
})
