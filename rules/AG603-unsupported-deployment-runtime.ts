import { defineFileRule } from '../src/engine/rule.js'
import { parseDeploymentFile } from './helpers/deployment-file.js'

const file = (version: string) =>
  `deployment:\n  configuration:\n    name: analytics\n    runtime_version: ${version}\n    executor: CELERY\n`

export const rule = defineFileRule({
  id: 'AG603',
  name: 'unsupported-deployment-runtime',
  title: 'Deployment file pinned to an Astro Runtime out of support or yanked',
  severity: 'error',
  responsibility: 'deployment-settings',
  kinds: ['yaml', 'json'],
  keywords: ['runtime_version'],
  messages: {
    PAST_SUPPORT: (p: { version: string; date: string }) =>
      `runtime_version ${p.version} has been out of support since ${p.date}: it gets no security fixes.`,
    YANKED: (p: { version: string }) => `runtime_version ${p.version} was yanked by Astronomer; move to the next patch.`,
  },
  docs: {
    what: 'Flags `deployment.configuration.runtime_version` in an Astro Deployment file when the Astro Runtime lifecycle table (the same data the Dockerfile rules use) says the version is past its last supported day (end of basic support where published, otherwise end of maintenance), or was yanked (a warning). Unknown versions are left alone.',
    why: 'A Deployment file creates and updates real Deployments: one that names an unsupported Runtime recreates a Deployment that gets no security fixes (or fails to apply), however current the project\'s Dockerfile is. Keeping Runtime current is shared by the customer\'s deployment-settings and upgrade responsibilities.',
    fix: 'Set `runtime_version` to a supported Runtime (the same one as the Dockerfile\'s `FROM`), run `astro dev upgrade-test`, and apply the file with `astro deployment update --deployment-file <file>`.',
    examples: { bad: { 'deployments/analytics.yaml': file('9.1.0') }, good: { 'deployments/analytics.yaml': file('3.3-8') } },
    references: [{ title: 'Astro Runtime lifecycle policy', url: 'https://www.astronomer.io/docs/astro/runtime-version-lifecycle-policy' }],
  },
  check({ file: scanned, env, report }) {
    const deployment = parseDeploymentFile(scanned)
    const entry = deployment?.configuration.get('runtime_version')
    const version = entry?.scalar?.trim()
    if (!entry || !version) return
    const release = env.runtimeCatalog().get(version)
    if (!release) return
    const span = { start: entry.keySpan.start, end: entry.valueSpan.end }
    // The same last day AG501 uses for Dockerfiles (catalog.ts `lastSupportedDay`).
    const lastDay = release.lastSupportedDay
    if (lastDay && lastDay < env.today) report({ messageId: 'PAST_SUPPORT', data: { version, date: lastDay }, span })
    else if (release.yanked) report({ messageId: 'YANKED', data: { version }, span, severity: 'warning' })
  },
  cases: {
    flag: [
      { name: 'Runtime 11 (end of maintenance 2025-10-31)', files: { 'deployments/a.yaml': file('11.8.0') }, findings: [{ file: 'deployments/a.yaml', line: 4, messageId: 'PAST_SUPPORT' }] },
      {
        name: 'the docs example 10.3.0 in JSON',
        files: { 'deployments/a.json': '{"deployment": {"configuration": {"name": "test", "runtime_version": "10.3.0", "executor": "CELERY"}}}\n' },
        findings: [{ file: 'deployments/a.json', line: 1, messageId: 'PAST_SUPPORT' }],
      },
      {
        name: 'a yanked Airflow 3 Runtime still in support',
        files: { 'deployments/a.yaml': file('3.2-1') },
        findings: [{ file: 'deployments/a.yaml', line: 4, messageId: 'YANKED', severity: 'warning' }],
      },
      {
        name: 'supported until a later day',
        today: '2027-05-01',
        files: { 'deployments/lts.yaml': file('13.11.0') },
        findings: [{ file: 'deployments/lts.yaml', line: 4, messageId: 'PAST_SUPPORT' }],
      },
    ],
    pass: [
      { name: 'current Airflow 3 Runtime', files: { 'deployments/a.yaml': file('3.3-8') } },
      { name: 'Runtime 13 in support', files: { 'deployments/b.yaml': file('13.11.0') } },
      { name: 'unknown version', files: { 'deployments/a.yaml': file('99.0.0') } },
      { name: 'runtime_version outside a Deployment file', files: { 'config.yaml': 'runtime_version: 9.1.0\n' } },
    ],
  },
})
