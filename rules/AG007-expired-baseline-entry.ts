import { defineFileRule } from '../src/engine/rule.js'

export const rule = defineFileRule({
  id: 'AG007',
  name: 'expired-baseline-entry',
  title: 'Baseline entry past its expiry date',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: [],
  engineReported: true,
  messages: {
    EXPIRED: (p: { rule: string; path: string; expires: string; found: number }) =>
      `This baseline entry for ${p.rule} in '${p.path}' expired on ${p.expires}: its ${p.found === 1 ? 'finding gates' : `${p.found} findings gate`} again.`,
  },
  docs: {
    what: 'Reports a baseline entry whose `expires` date (YYYY-MM-DD) has come. Its findings are no longer baselined: they are reported and gate at their own severity again.',
    why: 'An accepted finding should be accepted for a while, not forever. An expiry date turns "fix it later" into a date the check enforces.',
    fix: 'Fix the findings, or, if they are still acceptable, move `expires` in `.astro-guard-baseline.json` to a later date and say why in `reason`.',
    examples: { bad: {}, good: {} },
  },
  check() {
    // Reported while applying the baseline (src/baseline/apply-baseline.ts); tested in __tests__/baseline/.
  },
  cases: { flag: [], pass: [{ name: 'no baseline', files: { 'dags/etl.py': 'x = 1\n' } }] },
})
