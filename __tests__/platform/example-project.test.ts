import { beforeAll, describe, expect, it } from 'vitest'
import { runScan } from '../../src/run-scan.js'

/** The platform, network and CI-access rules (issue 6): AG12x, AG25x, AG32x, AG45x, AG6xx, AG70x. */
const PLATFORM_RULE = /^AG(1[2-4]\d|2[5-6]\d|3[2-3]\d|4[5-7]\d|6\d\d|7\d\d)$/

describe('example-project: platform settings, network and CI access', () => {
  let ours: string[] = []
  beforeAll(async () => {
    const { result } = await runScan({ root: 'example-project', runtimeFeed: 'embedded', today: '2026-11-22' })
    ours = result.findings
      .filter((finding) => PLATFORM_RULE.test(finding.ruleId))
      .map((finding) => `${finding.ruleId} ${finding.severity} ${finding.path}:${finding.range.startLine}`)
  })

  it('reports each planted violation exactly once', () => {
    expect(ours.sort()).toEqual(
      [
        'AG121 warning .github/workflows/deploy.yml:14',
        'AG123 warning .github/workflows/deploy.yml:18',
        'AG126 notice .github/workflows/deploy.yml:11',
        'AG320 warning Dockerfile:7',
        'AG321 warning include/bootstrap_users.sh:4',
        'AG451 warning Dockerfile:6',
        'AG601 warning deployments/analytics-prod.yaml:19',
        'AG602 error deployments/analytics-prod.yaml:37',
        'AG603 error deployments/analytics-prod.yaml:15',
        'AG701 error dags/partner_sync.py:20',
        'AG702 error .env:4',
        'AG703 warning dags/partner_sync.py:9',
      ].sort(),
    )
  })

  it('leaves the decoys alone: the safe workflows, the dev Deployment, local endpoints and local .env settings', () => {
    for (const clean of ['.github/workflows/deploy-dev.yml', '.github/workflows/pr-checks.yml', 'deployments/analytics-dev.yaml']) {
      expect(ours.filter((line) => line.includes(` ${clean}:`))).toEqual([])
    }
    // .env line 6 is the local compose database, line 8 a local-only expose_config; partner_sync.py uses a CA
    // bundle (line 27) and the compose MinIO over http (line 11).
    expect(ours.filter((line) => /\.env:(6|8)$|partner_sync\.py:(11|27|32|33)$/.test(line))).toEqual([])
  })
})
