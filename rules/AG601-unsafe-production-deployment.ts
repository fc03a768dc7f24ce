import { posix } from 'node:path'
import { z } from 'zod'
import { defineFileRule } from '../src/engine/rule.js'
import type { Severity } from '../src/engine/severity.js'
import { deploymentName, isHybrid, nameWords, parseDeploymentFile, yamlBoolean } from './helpers/deployment-file.js'

/**
 * What a production Deployment should have, per setting (astro-cli `inspect.go` field names; Astronomer docs
 * `astro/deployment-file-reference.md`, `astro/deployment-resources.md`, `astro/cli/astro-deployment-create.md`:
 * high availability "runs two schedulers"; development mode "does not have guaranteed uptime SLAs"; CI/CD
 * enforcement "can only accept code deploys from API tokens"). A missing key means the CLI default (false).
 * To add a setting, add a row and a message.
 */
const PRODUCTION_EXPECTATIONS = [
  { key: 'is_high_availability', expected: true, messageId: 'NO_HIGH_AVAILABILITY', severity: undefined, hostedOnly: true },
  { key: 'is_development_mode', expected: false, messageId: 'DEVELOPMENT_MODE', severity: 'error', hostedOnly: false },
  { key: 'ci_cd_enforcement', expected: true, messageId: 'NO_CICD_ENFORCEMENT', severity: 'notice', hostedOnly: false },
] as const satisfies readonly { key: string; expected: boolean; messageId: string; severity: Severity | undefined; hostedOnly: boolean }[]

const file = (name: string, settings: string) =>
  `deployment:\n  configuration:\n    name: ${name}\n    runtime_version: 13.11.0\n    executor: CELERY\n    deployment_type: STANDARD\n${settings}  worker_queues:\n    - name: default\n      worker_type: A10\n`

export const rule = defineFileRule({
  id: 'AG601',
  name: 'unsafe-production-deployment',
  title: 'Production Deployment without high availability, in development mode, or without CI/CD enforcement',
  severity: 'warning',
  responsibility: 'deployment-settings',
  kinds: ['yaml', 'json'],
  keywords: ['configuration'],
  options: {
    schema: z.object({ productionNames: z.array(z.string().min(1)) }),
    defaults: { productionNames: ['prod', 'production', 'prd', 'live'] },
  },
  messages: {
    NO_HIGH_AVAILABILITY: (p: { name: string }) =>
      `Production Deployment '${p.name}' runs without high availability (is_high_availability is not true): one scheduler failure stops every DAG.`,
    DEVELOPMENT_MODE: (p: { name: string }) =>
      `Production Deployment '${p.name}' is in development mode, which has no uptime SLA and can hibernate.`,
    NO_CICD_ENFORCEMENT: (p: { name: string }) =>
      `Production Deployment '${p.name}' accepts deploys from any user (ci_cd_enforcement is not true), not only from API tokens in CI.`,
  },
  docs: {
    what: 'Flags Astro Deployment files (`astro deployment create|update --deployment-file`; recognised by their `deployment.configuration` shape) of production Deployments, that is whose name or file name contains a word from `productionNames` (prod, production, prd, live), when `is_high_availability` is not true (Hosted only; a warning), `is_development_mode` is true (an error), or `ci_cd_enforcement` is not true (a notice). A missing key counts as the CLI default, false.',
    why: 'Configuring Deployment settings sensibly is the customer\'s side of the shared responsibility model. Without high availability a single scheduler or node failure stops every pipeline; development-mode Deployments have no uptime SLA and are meant to hibernate; without CI/CD enforcement anyone with Deployment access can push code from a laptop, bypassing review.',
    fix: 'In the Deployment file set `is_high_availability: true`, `is_development_mode: false` and `ci_cd_enforcement: true`, then apply it with `astro deployment update --deployment-file <file>`. If the Deployment is not production, rename it or set `productionNames`.',
    examples: {
      bad: { 'deployments/analytics-prod.yaml': file('analytics-prod', '    is_high_availability: false\n    ci_cd_enforcement: true\n') },
      good: { 'deployments/analytics-prod.yaml': file('analytics-prod', '    is_high_availability: true\n    is_development_mode: false\n    ci_cd_enforcement: true\n') },
    },
    references: [
      { title: 'Astro: Deployment file reference', url: 'https://www.astronomer.io/docs/astro/deployment-file-reference' },
      { title: 'Astro: Deployment resources (high availability, development mode)', url: 'https://www.astronomer.io/docs/astro/deployment-resources' },
    ],
  },
  check({ file: scanned, options, report }) {
    const deployment = parseDeploymentFile(scanned)
    if (!deployment) return
    const name = deploymentName(deployment, scanned.path)
    const words = new Set([...nameWords(name), ...nameWords(posix.basename(scanned.path).replace(/\.(ya?ml|json)$/i, ''))])
    const production = options.productionNames.some((word) => words.has(word.toLowerCase()))
    if (!production) return
    for (const expectation of PRODUCTION_EXPECTATIONS) {
      if (expectation.hostedOnly && isHybrid(deployment)) continue
      const entry = deployment.configuration.get(expectation.key)
      const value = yamlBoolean(entry) ?? false
      if (value === expectation.expected) continue
      report({
        messageId: expectation.messageId,
        data: { name },
        span: entry ? { start: entry.keySpan.start, end: entry.valueSpan.end } : deployment.configurationKey.keySpan,
        severity: expectation.severity,
      })
    }
  },
  cases: {
    flag: [
      {
        name: 'HA off, development mode on, no CI/CD enforcement',
        files: { 'deployments/prod.yaml': file('analytics-prod', '    is_high_availability: false\n    is_development_mode: true\n') },
        findings: [
          { file: 'deployments/prod.yaml', line: 2, messageId: 'NO_CICD_ENFORCEMENT', severity: 'notice' },
          { file: 'deployments/prod.yaml', line: 7, messageId: 'NO_HIGH_AVAILABILITY', severity: 'warning' },
          { file: 'deployments/prod.yaml', line: 8, messageId: 'DEVELOPMENT_MODE', severity: 'error' },
        ],
      },
      {
        name: 'missing HA key; production only in the file name',
        files: { 'astro/production.yml': file('analytics', '    ci_cd_enforcement: true\n') },
        findings: [{ file: 'astro/production.yml', line: 2, messageId: 'NO_HIGH_AVAILABILITY' }],
      },
      {
        name: 'JSON Deployment file',
        files: {
          'deploy/prd.json': '{\n  "deployment": {\n    "configuration": {\n      "name": "orders-prd",\n      "executor": "ASTRO",\n      "is_high_availability": true,\n      "is_development_mode": true,\n      "ci_cd_enforcement": true\n    }\n  }\n}\n',
        },
        findings: [{ file: 'deploy/prd.json', line: 7, messageId: 'DEVELOPMENT_MODE' }],
      },
      {
        name: 'a custom production word',
        options: { productionNames: ['main'] },
        files: { 'deployments/main.yaml': file('main', '    is_high_availability: true\n    ci_cd_enforcement: false\n') },
        findings: [{ file: 'deployments/main.yaml', line: 8, messageId: 'NO_CICD_ENFORCEMENT' }],
      },
    ],
    pass: [
      { name: 'development Deployment in development mode', files: { 'deployments/dev.yaml': file('analytics-dev', '    is_high_availability: false\n    is_development_mode: true\n') } },
      { name: 'production done right', files: { 'deployments/prod.yaml': file('analytics-prod', '    is_high_availability: true\n    is_development_mode: false\n    ci_cd_enforcement: true\n') } },
      {
        name: 'Hybrid has no HA setting',
        files: { 'deployments/prod.yaml': 'deployment:\n  configuration:\n    name: prod\n    executor: CELERY\n    deployment_type: HYBRID\n    ci_cd_enforcement: true\n' },
      },
      { name: "'product' is not 'prod'", files: { 'deployments/product.yaml': file('product-analytics', '') } },
      { name: 'not a Deployment file', files: { 'k8s/prod.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prod\nspec:\n  replicas: 1\n' } },
    ],
  },
})
