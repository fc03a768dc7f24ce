import { defineFileRule } from '../src/engine/rule.js'

export const rule = defineFileRule({
  id: 'AG005',
  name: 'unused-suppression',
  title: 'Suppression comment that suppresses nothing',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: [],
  engineReported: true,
  messages: {
    UNUSED: (p: { id: string; where: string }) =>
      `The suppression of ${p.id} matches no ${p.id} finding on ${p.where}; remove it.`,
    CHANGED: (p: { id: string; fingerprint: string }) =>
      `The ${p.id} finding here no longer has fingerprint ${p.fingerprint}: what it flags has changed, so it is reported again; review it, then update or remove the suppression.`,
  },
  docs: {
    what: 'Reports an `astro-guard: ignore[...]` comment whose rule finds nothing on the line it covers, or whose fingerprint no longer matches the finding there (the secret or offending text changed).',
    why: 'Ignores that outlive their finding go stale silently and later hide something nobody reviewed (gitleaks/gitleaks#1398 asks for exactly this report). A changed fingerprint means the line now holds different content than the one that was accepted.',
    fix: 'Remove the comment, or, when the finding moved, move the comment with it. When the fingerprint changed, review the new finding: fix it, or update the fingerprint in the comment if the new content is acceptable too.',
    examples: {
      bad: { 'requirements.txt': 'apache-airflow==2.10.5  # astro-guard: ignore[AG401] pinned by constraints.txt\n' },
      good: { 'requirements.txt': 'apache-airflow==2.10.5\n' },
    },
    references: [{ title: 'gitleaks #1398: report stale ignore fingerprints', url: 'https://github.com/gitleaks/gitleaks/issues/1398' }],
  },
  check() {
    // Reported while applying suppressions (src/suppress/apply-suppressions.ts); tested in __tests__/suppress/.
  },
  cases: { flag: [], pass: [{ name: 'no suppression comment', files: { 'dags/etl.py': 'x = 1\n' } }] },
})
