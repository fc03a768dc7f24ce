import { defineFileRule } from '../src/engine/rule.js'
import { ASTRO_CREDENTIAL_ENV, type WfValue, isAstroSecretName, parseWorkflow } from './helpers/workflow.js'

/** `inputs.x`, `github.event.inputs.x`, `inputs['x']`. */
const INPUT_REF = /\binputs\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])/

const dispatch = (inputs: string, env: string) =>
  `on:\n  workflow_dispatch:\n    inputs:\n${inputs}permissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n        env:\n${env}`

/** An input whose name asks for an Astro credential (`astro_api_token`, `astro-token`, `ASTRONOMER_KEY_SECRET`). */
function isTokenInputName(name: string): boolean {
  return isAstroSecretName(name.replace(/-/g, '_'))
}

export const rule = defineFileRule({
  id: 'AG124',
  name: 'astro-token-dispatch-input',
  title: 'Astro token passed through a workflow_dispatch input',
  severity: 'error',
  responsibility: 'access-management',
  kinds: ['workflow'],
  keywords: ['workflow_dispatch'],
  messages: {
    INPUT_USED: (p: { variable: string; input: string }) =>
      `${p.variable} comes from the workflow_dispatch input '${p.input}': inputs are saved with the run, readable by anyone with read access, and never masked.`,
    INPUT_DEFINED: (p: { input: string }) =>
      `The workflow_dispatch input '${p.input}' asks for an Astro token: inputs are saved with the run, readable by anyone with read access, and never masked.`,
  },
  docs: {
    what: 'Flags workflows that take an Astro credential as a `workflow_dispatch` input: an `ASTRO_API_TOKEN`/`ASTRONOMER_KEY_*` variable (or an input named like an Astro token) set from `inputs.*` or `github.event.inputs.*`.',
    why: 'Dispatch inputs are not secrets. They are stored in the run\'s event payload, shown in the run\'s UI and API to everyone with read access to the repository, and printed unmasked wherever a step echoes them. A token typed into one lives on in the run history. Managing who can use API tokens is the customer\'s side of the shared responsibility model.',
    fix: 'Store the token as a repository or environment secret and read it with `${{ secrets.ASTRO_API_TOKEN }}`; if different runs need different Deployments, take the Deployment id as the input and pick the matching secret (or GitHub environment) in the workflow. Rotate any token that was passed as an input.',
    examples: {
      bad: { '.github/workflows/deploy.yml': dispatch('      astro_token:\n        required: true\n', '          ASTRO_API_TOKEN: ${{ inputs.astro_token }}\n') },
      good: { '.github/workflows/deploy.yml': dispatch('      deployment_id:\n        required: true\n', '          ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n') },
    },
    references: [{ title: 'GitHub: workflow_dispatch inputs', url: 'https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#workflow_dispatch' }],
  },
  check({ file, report }) {
    const wf = parseWorkflow(file)
    if (!wf || !wf.triggers.has('workflow_dispatch')) return
    const reported = new Set<string>()
    const values: WfValue[] = [...wf.env]
    for (const job of wf.jobs) {
      values.push(...job.env, ...job.with, ...job.secrets)
      for (const step of job.steps) values.push(...step.env, ...step.with)
    }
    for (const entry of values) {
      if (!ASTRO_CREDENTIAL_ENV.has(entry.key.toUpperCase()) && !isTokenInputName(entry.key)) continue
      const match = entry.value ? INPUT_REF.exec(entry.value) : null
      if (!match) continue
      const input = match[1] ?? match[2]
      reported.add(input)
      report({ messageId: 'INPUT_USED', data: { variable: entry.key, input }, span: entry.valueSpan })
    }
    for (const input of wf.dispatchInputs) {
      if (reported.has(input.key) || !isTokenInputName(input.key)) continue
      report({ messageId: 'INPUT_DEFINED', data: { input: input.key }, span: input.keySpan })
    }
  },
  cases: {
    flag: [
      {
        name: 'ASTRO_API_TOKEN from an input (reported once, where it is used)',
        files: { '.github/workflows/deploy.yml': dispatch('      astro_token:\n        required: true\n', '          ASTRO_API_TOKEN: ${{ inputs.astro_token }}\n') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 14, messageId: 'INPUT_USED' }],
      },
      {
        name: 'legacy event.inputs form with an innocuous input name',
        files: { '.github/workflows/deploy.yml': dispatch('      key:\n        type: string\n', '          ASTRO_API_TOKEN: ${{ github.event.inputs.key }}\n') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 14, messageId: 'INPUT_USED' }],
      },
      {
        name: 'an input that asks for the token',
        files: { '.github/workflows/deploy.yml': dispatch('      ASTRO-API-TOKEN:\n        description: paste your token\n', '          DEPLOYMENT_ID: cl123\n') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 4, messageId: 'INPUT_DEFINED' }],
      },
    ],
    pass: [
      { name: 'token from secrets, Deployment id from an input', files: { '.github/workflows/deploy.yml': dispatch('      deployment_id:\n        required: true\n', '          ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n          DEPLOYMENT_ID: ${{ inputs.deployment_id }}\n') } },
      { name: 'not dispatched', files: { '.github/workflows/deploy.yml': 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n        env:\n          ASTRO_API_TOKEN: ${{ inputs.token }}\n' } },
    ],
  },
})
