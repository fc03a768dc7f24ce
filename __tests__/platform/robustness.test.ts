import { describe, expect, it } from 'vitest'
import { RULES } from '../../rules/index.js'
import { scanMemory } from '../../src/testing/scan-memory.js'

/** The platform, network and CI-access rules (issue 6). */
const OURS = RULES.filter((rule) => /^AG(1[2-4]\d|2[5-6]\d|3[2-3]\d|4[5-7]\d|6\d\d|7\d\d)$/.test(rule.id))
const FAILURE = 'AG003'
const failureRule = RULES.filter((rule) => rule.id === FAILURE)

/** Inputs of odd shapes for every carrier these rules read: none may make a rule throw. */
const ODD: Record<string, string> = {
  '.github/workflows/list.yml': '- a\n- b\n',
  '.github/workflows/scalar.yml': 'just text\n',
  '.github/workflows/odd.yml':
    'on: [pull_request_target, 42, {x: 1}]\njobs:\n  a: 5\n  b:\n    steps: {not: a list}\n  c:\n    env: [ASTRO_API_TOKEN]\n    steps:\n      - 7\n      - uses: 12\n        run: [echo]\n        with: x\n      - run: |\n\n          echo "${{ secrets.ASTRO_API_TOKEN"\n',
  '.github/workflows/deep.yml': `${'['.repeat(400)}${']'.repeat(400)}\n`,
  'deployments/odd.yaml': 'deployment:\n  configuration: [1, 2]\n  worker_queues: {default: 3}\n',
  'deployments/odd2.yaml': 'deployment:\n  configuration:\n    name: [prod]\n    runtime_version: {x: 1}\n  worker_queues:\n    - min_worker_count: x\n      max_worker_count: -1\n    - 5\n',
  'deployments/broken.json': '{"deployment": {"configuration": {"name": "prod", ',
  'airflow_settings.yaml': 'airflow:\n  connections:\n    - 5\n    - conn_id: [x]\n      conn_extra: "{not json"\n      conn_uri: "://::@@"\n    - conn_uri: http://\n',
  '.env': 'AIRFLOW_CONN_X={"extra": "{"\nAIRFLOW_CONN_Y=postgres://[::1\nAIRFLOW__SECRETS__BACKEND_KWARGS={"a": {"b": {"c": null}}}\nAIRFLOW__\nAIRFLOW____X=1\n',
  'Dockerfile': 'FROM\nENV\nENV AIRFLOW__CORE__FERNET_KEY\nRUN echo "AUTH_ROLE_PUBLIC = \\"\nRUN echo AUTH_ROLE_PUBLIC =\n',
  'airflow.cfg': '[core\nfernet_key\n[api]\nauth_backends =\n',
  'dags/odd.py': 'requests.get(verify=\nConnection(extra={1: 2}, uri=3)\nctx.check_hostname = \nos.environ[1] = "0"\nx = "http://"\n',
  'webserver_config.py': 'AUTH_ROLE_PUBLIC = None\nAUTH_TYPE = \n',
  'values.yaml': 'config:\n  core: [1]\n  api:\n    auth_backends: {x: 1}\n',
}

describe('platform rules on malformed input', () => {
  it('never fail on odd shapes, in a project or outside one', () => {
    for (const files of [ODD, { ...ODD, Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.11.0\n', 'dags/.airflowignore': '' }]) {
      const findings = scanMemory(files, { rules: [...OURS, ...failureRule] }).findings
      expect(findings.filter((finding) => finding.ruleId === FAILURE).map((finding) => finding.message)).toEqual([])
    }
  })

  it('handles very long lines (the scans are linear)', () => {
    const long = 'x'.repeat(200_000)
    const files = {
      '.github/workflows/big.yml': `on: push\njobs:\n  a:\n    steps:\n      - run: echo ${'$'.repeat(50_000)}{{ ${long}\n`,
      '.env': `AIRFLOW_CONN_A=postgres://${'a@'.repeat(50_000)}host?sslmode=${long}\n`,
      'dags/big.py': `URL = "http://${'a.'.repeat(50_000)}com"\nrequests.get(URL, verify=False)\n`,
      'Dockerfile': `FROM python:3.12\nRUN echo "${'AUTH_ROLE_PUBLIC='.repeat(20_000)}"\n`,
    }
    const findings = scanMemory(files, { rules: [...OURS, ...failureRule] }).findings
    expect(findings.filter((finding) => finding.ruleId === FAILURE)).toEqual([])
    expect(findings.filter((finding) => finding.ruleId === 'AG701').map((finding) => finding.path)).toEqual(['dags/big.py'])
  }, 60_000)
})
