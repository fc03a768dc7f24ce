import { defineFileRule } from '../src/engine/rule.js'
import type { Span } from '../src/engine/source-text.js'
import type { YamlEntry } from '../src/parsers/yaml.js'
import { isHybrid, parseDeploymentFile, yamlNumber } from './helpers/deployment-file.js'

/**
 * Resource fields of an Astro Deployment file (astro-cli `inspect.go`; Astronomer docs
 * `astro/deployment-file-reference.md`). `max_worker_count` and `worker_concurrency` of 0 mean "not set" to the CLI,
 * which substitutes the platform default (astro-cli `workerqueue.SetWorkerQueueValues`); a quota or pod size of 0
 * leaves no room for any worker or task. Add a field here to check it.
 */
const QUEUE_DEFAULTED_AT_ZERO = ['max_worker_count', 'worker_concurrency'] as const
const QUEUE_SIZES = ['pod_cpu', 'pod_ram'] as const
const CONFIGURATION_SIZES = ['resource_quota_cpu', 'resource_quota_memory', 'default_task_pod_cpu', 'default_task_pod_memory'] as const
/** Hosted Deployments should state their quotas (the CLI otherwise applies the platform default silently). */
const REQUIRED_QUOTAS = ['resource_quota_cpu', 'resource_quota_memory'] as const

/** `0`, `0.0`, `"0"`, `0Gi`, `0Mi`, `0m`: a Kubernetes quantity of zero. */
function isZeroQuantity(entry: YamlEntry | undefined): boolean {
  const text = entry?.scalar?.trim()
  return text !== undefined && /^0+(\.0+)?([KMGT]i?|m)?$/i.test(text)
}

const fileWith = (configuration: string, queues: string) =>
  `deployment:\n  configuration:\n    name: analytics\n    executor: CELERY\n    deployment_type: STANDARD\n${configuration}  worker_queues:\n${queues}`
const QUOTAS = '    resource_quota_cpu: "10"\n    resource_quota_memory: 20Gi\n'

export const rule = defineFileRule({
  id: 'AG602',
  name: 'invalid-resource-limits',
  title: 'Deployment resource limits that cannot work as written',
  severity: 'warning',
  responsibility: 'deployment-settings',
  kinds: ['yaml', 'json'],
  keywords: ['configuration'],
  messages: {
    MIN_ABOVE_MAX: (p: { queue: string; min: number; max: number }) =>
      `Worker queue '${p.queue}' has min_worker_count ${p.min} above max_worker_count ${p.max}.`,
    DEFAULTED_ZERO: (p: { queue: string; field: string }) =>
      `Worker queue '${p.queue}' sets ${p.field} to 0, which the Astro CLI treats as unset and replaces with the platform default.`,
    ZERO_SIZE: (p: { field: string }) => `${p.field} is 0, which leaves no room for any worker or task.`,
    MISSING_QUOTA: (p: { fields: string }) =>
      `The Deployment file does not set ${p.fields}: the platform default applies, invisible to review.`,
  },
  docs: {
    what: 'Checks the resource settings of Astro Deployment files (recognised by their `deployment.configuration` shape): worker queues whose `min_worker_count` exceeds `max_worker_count` (an error), `max_worker_count` or `worker_concurrency` of 0 (the CLI silently replaces 0 with the platform default), a zero `resource_quota_*`, `default_task_pod_*` or queue `pod_cpu`/`pod_ram`, and, for Hosted Deployments, a missing `resource_quota_cpu`/`resource_quota_memory` (a notice).',
    why: 'Configuring Deployment resources sensibly is the customer\'s side of the shared responsibility model. Contradictory or zero limits either fail when the file is applied or do something other than what the file says, and limits left unstated are decided by whatever the platform default is at apply time.',
    fix: 'Give every queue `min_worker_count <= max_worker_count` with a non-zero maximum, state `resource_quota_cpu` and `resource_quota_memory` explicitly, and size pods above zero; then apply with `astro deployment update --deployment-file <file>`.',
    examples: {
      bad: { 'deployments/analytics.yaml': fileWith(QUOTAS, '    - name: default\n      min_worker_count: 5\n      max_worker_count: 2\n      worker_type: A10\n') },
      good: { 'deployments/analytics.yaml': fileWith(QUOTAS, '    - name: default\n      min_worker_count: 1\n      max_worker_count: 10\n      worker_type: A10\n') },
    },
    references: [
      { title: 'Astro: Deployment file reference', url: 'https://www.astronomer.io/docs/astro/deployment-file-reference' },
      { title: 'Astro: configure worker queues', url: 'https://www.astronomer.io/docs/astro/configure-worker-queues' },
    ],
  },
  check({ file, report }) {
    const deployment = parseDeploymentFile(file)
    if (!deployment) return
    const whole = (entry: YamlEntry): Span => ({ start: entry.keySpan.start, end: entry.valueSpan.end })
    for (const queue of deployment.workerQueues) {
      const name = queue.fields.get('name')?.scalar ?? `#${queue.index + 1}`
      const minEntry = queue.fields.get('min_worker_count')
      const maxEntry = queue.fields.get('max_worker_count')
      const min = yamlNumber(minEntry)
      const max = yamlNumber(maxEntry)
      if (min !== undefined && max !== undefined && max > 0 && min > max && minEntry) {
        report({ messageId: 'MIN_ABOVE_MAX', data: { queue: name, min, max }, span: whole(minEntry), severity: 'error' })
      }
      for (const field of QUEUE_DEFAULTED_AT_ZERO) {
        const entry = queue.fields.get(field)
        if (entry && yamlNumber(entry) === 0) report({ messageId: 'DEFAULTED_ZERO', data: { queue: name, field }, span: whole(entry) })
      }
      for (const field of QUEUE_SIZES) {
        const entry = queue.fields.get(field)
        if (entry && isZeroQuantity(entry)) report({ messageId: 'ZERO_SIZE', data: { field: `${field} of worker queue '${name}'` }, span: whole(entry) })
      }
    }
    for (const field of CONFIGURATION_SIZES) {
      const entry = deployment.configuration.get(field)
      if (entry && isZeroQuantity(entry)) report({ messageId: 'ZERO_SIZE', data: { field }, span: whole(entry) })
    }
    if (!isHybrid(deployment)) {
      const missing = REQUIRED_QUOTAS.filter((field) => !deployment.configuration.get(field)?.scalar?.trim())
      if (missing.length > 0) {
        report({ messageId: 'MISSING_QUOTA', data: { fields: missing.join(' or ') }, span: deployment.configurationKey.keySpan, severity: 'notice' })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'minimum above maximum',
        files: { 'deployments/etl.yaml': fileWith(QUOTAS, '    - name: default\n      min_worker_count: 4\n      max_worker_count: 2\n      worker_type: A10\n') },
        findings: [{ file: 'deployments/etl.yaml', line: 10, messageId: 'MIN_ABOVE_MAX', severity: 'error' }],
      },
      {
        name: 'zero maximum and concurrency are replaced by defaults',
        files: {
          'deployments/etl.yaml': fileWith(QUOTAS, '    - name: default\n      worker_type: A5\n    - name: heavy\n      min_worker_count: 0\n      max_worker_count: 0\n      worker_concurrency: 0\n      worker_type: A40\n'),
        },
        findings: [
          { file: 'deployments/etl.yaml', line: 13, messageId: 'DEFAULTED_ZERO' },
          { file: 'deployments/etl.yaml', line: 14, messageId: 'DEFAULTED_ZERO' },
        ],
      },
      {
        name: 'zero quota and zero pod size (Kubernetes executor)',
        files: {
          'deployments/k8s.yaml':
            'deployment:\n  configuration:\n    name: k8s\n    executor: KUBERNETES\n    resource_quota_cpu: "0"\n    resource_quota_memory: 0Gi\n    default_task_pod_cpu: "0.25"\n    default_task_pod_memory: 0.5Gi\n  worker_queues:\n    - name: default\n      pod_cpu: "0"\n      pod_ram: 1Gi\n      worker_type: A5\n',
        },
        findings: [
          { file: 'deployments/k8s.yaml', line: 5, messageId: 'ZERO_SIZE' },
          { file: 'deployments/k8s.yaml', line: 6, messageId: 'ZERO_SIZE' },
          { file: 'deployments/k8s.yaml', line: 11, messageId: 'ZERO_SIZE' },
        ],
      },
      {
        name: 'Hosted Deployment without quotas',
        files: { 'deployments/etl.yaml': fileWith('', '    - name: default\n      worker_type: A10\n') },
        findings: [{ file: 'deployments/etl.yaml', line: 2, messageId: 'MISSING_QUOTA', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'sensible limits', files: { 'deployments/etl.yaml': fileWith(QUOTAS, '    - name: default\n      min_worker_count: 0\n      max_worker_count: 10\n      worker_concurrency: 5\n      worker_type: A10\n') } },
      {
        name: 'Hybrid has no quotas',
        files: { 'deployments/hybrid.yaml': 'deployment:\n  configuration:\n    name: h\n    executor: CELERY\n    deployment_type: HYBRID\n  worker_queues:\n    - name: default\n      min_worker_count: 1\n      max_worker_count: 3\n      worker_type: m5.xlarge\n' },
      },
      { name: 'fractional sizes are not zero', files: { 'deployments/small.yaml': fileWith('    resource_quota_cpu: "0.5"\n    resource_quota_memory: 0.5Gi\n', '    - name: default\n      worker_type: A5\n') } },
      { name: 'a Helm values file with worker counts', files: { 'values.yaml': 'workers:\n  keda:\n    minReplicaCount: 4\n    maxReplicaCount: 2\n' } },
    ],
  },
})
