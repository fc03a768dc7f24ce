import { defineFileRule } from '../src/engine/rule.js'

export const rule = defineFileRule({
  id: 'AG004',
  name: 'invalid-suppression',
  title: 'Suppression comment that is not applied',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: [],
  engineReported: true,
  messages: {
    MALFORMED: (_: Record<string, never>) =>
      "This astro-guard comment is not a suppression astro-guard understands; write 'astro-guard: ignore[RULE-ID] reason'.",
    MISSING_REASON: (p: { ids: string }) =>
      `The suppression of ${p.ids} gives no reason, so it is not applied; write why the finding is acceptable after the bracket.`,
    UNKNOWN_RULE: (p: { token: string; hint: string }) =>
      `The suppression names '${p.token}', which is not an astro-guard rule id${p.hint}; run 'astro-guard rules' for the list.`,
    MISSING_FINGERPRINT: (p: { id: string; fingerprint: string }) =>
      `${p.id} reports a credential here, so its suppression must name that credential: write ignore[${p.id}:${p.fingerprint}] (a different secret placed here later is then reported again).`,
  },
  docs: {
    what: 'Reports an `astro-guard: ignore[...]` comment that does not take effect: one that is malformed, gives no reason, names something that is not a rule id, or suppresses a credential without naming its fingerprint.',
    why: 'A suppression is a reviewed exception. Without a reason nobody can judge it later, a misspelt rule id silences nothing while looking as if it did, and a credential suppression that is not bound to the credential would also hide a different secret pasted on the same line later (the weakness of positional ignores reported in gitleaks/gitleaks#2239).',
    fix: 'Write `astro-guard: ignore[RULE-ID] reason` in the file\'s own comment style, on the offending line or the line above. For credential findings append the first 8 characters of the finding\'s fingerprint, as `astro-guard scan` prints them (`AG201:3fa9c2d1`): `ignore[AG201:3fa9c2d1] reason`.',
    examples: {
      bad: { 'requirements.txt': 'apache-airflow-providers-snowflake  # astro-guard: ignore[AG401]\n' },
      good: { 'requirements.txt': 'apache-airflow-providers-snowflake  # astro-guard: ignore[AG401] pinned by constraints.txt\n' },
    },
    references: [{ title: 'gitleaks #2239: a different secret on an ignored line stays suppressed', url: 'https://github.com/gitleaks/gitleaks/issues/2239' }],
  },
  check() {
    // Reported while applying suppressions (src/suppress/apply-suppressions.ts); tested in __tests__/suppress/.
  },
  cases: { flag: [], pass: [{ name: 'no suppression comment', files: { 'dags/etl.py': 'x = 1\n' } }] },
})
