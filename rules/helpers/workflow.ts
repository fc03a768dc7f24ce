import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml'
import type { ScannedFile } from '../../src/engine/scanned-file.js'
import type { Span } from '../../src/engine/source-text.js'
import { nodeSpan } from '../../src/parsers/yaml.js'

/**
 * A GitHub Actions workflow as the CI-access rules (AG120–AG126) read it: triggers, `permissions`, `env`, jobs and
 * steps, each with spans. Built from the YAML nodes; anything of an unexpected shape is skipped, never thrown on.
 * Workflow syntax: GitHub docs "Workflow syntax for GitHub Actions".
 */
export interface WfValue {
  key: string
  keySpan: Span
  /** Scalar values as strings; undefined for maps, sequences and nulls. */
  value: string | undefined
  valueSpan: Span
}

export interface WfStep {
  span: Span
  uses: WfValue | undefined
  run: WfValue | undefined
  with: WfValue[]
  env: WfValue[]
}

export interface WfJob {
  id: string
  idSpan: Span
  hasPermissions: boolean
  env: WfValue[]
  steps: WfStep[]
  /** A reusable-workflow call: `jobs.<id>.uses`. */
  uses: WfValue | undefined
  with: WfValue[]
  /** `secrets:` of a reusable-workflow call (a map), or `secrets: inherit`. */
  secrets: WfValue[]
  secretsInherit: boolean
}

export interface Workflow {
  /** Event names of `on:` (string, list or map form). */
  triggers: Set<string>
  hasPermissions: boolean
  env: WfValue[]
  jobs: WfJob[]
  /** `on.workflow_dispatch.inputs.<name>` definitions. */
  dispatchInputs: WfValue[]
}

function get(map: YAMLMap, key: string): { keyNode: Node; value: Node | null } | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return { keyNode: pair.key, value: (pair.value as Node | null) ?? null }
  }
  return undefined
}

function scalarText(node: Node | null): string | undefined {
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return undefined
  return typeof node.value === 'string' ? node.value : String(node.value)
}

/** The entries of a mapping node (`env:`, `with:`, `secrets:`). */
function entries(node: Node | null | undefined): WfValue[] {
  if (!node || !isMap(node)) return []
  const out: WfValue[] = []
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue
    const value = (pair.value as Node | null) ?? null
    const keySpan = nodeSpan(pair.key)
    out.push({
      key: String(pair.key.value),
      keySpan,
      value: scalarText(value),
      valueSpan: value ? nodeSpan(value) : { start: keySpan.end, end: keySpan.end },
    })
  }
  return out
}

function single(map: YAMLMap, key: string): WfValue | undefined {
  const found = get(map, key)
  if (!found) return undefined
  const keySpan = nodeSpan(found.keyNode)
  return {
    key,
    keySpan,
    value: scalarText(found.value),
    valueSpan: found.value ? nodeSpan(found.value) : { start: keySpan.end, end: keySpan.end },
  }
}

const cache = new WeakMap<ScannedFile, Workflow | null>()

/** The workflow model of a `.github/workflows/*.yml` file; undefined when the file is not a workflow mapping. */
export function parseWorkflow(file: ScannedFile): Workflow | undefined {
  const cached = cache.get(file)
  if (cached !== undefined) return cached ?? undefined
  const root = file.yaml().documents[0]?.contents
  const workflow = isMap(root) ? buildWorkflow(root) : undefined
  cache.set(file, workflow ?? null)
  return workflow
}

function buildWorkflow(root: YAMLMap): Workflow | undefined {
  const jobsNode = get(root, 'jobs')?.value
  const on = get(root, 'on')?.value ?? null
  if (!jobsNode && !on) return undefined
  const triggers = new Set<string>()
  const dispatchInputs: WfValue[] = []
  if (on && isScalar(on)) triggers.add(String(on.value))
  if (on && isSeq(on)) for (const item of on.items) if (isScalar(item)) triggers.add(String(item.value))
  if (on && isMap(on)) {
    for (const pair of on.items) if (isScalar(pair.key)) triggers.add(String(pair.key.value))
    const dispatch = get(on, 'workflow_dispatch')?.value
    if (dispatch && isMap(dispatch)) dispatchInputs.push(...entries(get(dispatch, 'inputs')?.value))
  }
  const jobs: WfJob[] = []
  if (jobsNode && isMap(jobsNode)) {
    for (const pair of jobsNode.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue
      const job = pair.value
      const steps: WfStep[] = []
      const stepsNode = get(job, 'steps')?.value
      if (stepsNode && isSeq(stepsNode)) {
        for (const item of stepsNode.items) {
          if (!isMap(item)) continue
          steps.push({
            span: nodeSpan(item),
            uses: single(item, 'uses'),
            run: single(item, 'run'),
            with: entries(get(item, 'with')?.value),
            env: entries(get(item, 'env')?.value),
          })
        }
      }
      const secretsNode = get(job, 'secrets')?.value ?? null
      jobs.push({
        id: String(pair.key.value),
        idSpan: nodeSpan(pair.key),
        hasPermissions: get(job, 'permissions') !== undefined,
        env: entries(get(job, 'env')?.value),
        steps,
        uses: single(job, 'uses'),
        with: entries(get(job, 'with')?.value),
        secrets: entries(secretsNode),
        secretsInherit: scalarText(secretsNode) === 'inherit',
      })
    }
  }
  return { triggers, hasPermissions: get(root, 'permissions') !== undefined, env: entries(get(root, 'env')?.value), jobs, dispatchInputs }
}

/**
 * Environment variables the Astro CLI reads as credentials (deploy-action README and action.yaml; astro-cli
 * `cmd/cloud/setup.go`): the API token, and the legacy Deployment API key id/secret.
 */
export const ASTRO_CREDENTIAL_ENV = new Set(['ASTRO_API_TOKEN', 'ASTRONOMER_KEY_ID', 'ASTRONOMER_KEY_SECRET'])

/** Legacy Deployment API keys: they stopped working on 2024-06-01 (research §5). */
export const LEGACY_KEY_ENV = ['ASTRONOMER_KEY_ID', 'ASTRONOMER_KEY_SECRET'] as const

const SECRET_REF = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g

/** Names of the repository/organization secrets an expression references (`secrets.X`, `secrets['X']`). */
export function secretNames(text: string | undefined): string[] {
  if (!text || !text.includes('secrets')) return []
  const names: string[] = []
  for (const match of text.matchAll(SECRET_REF)) names.push(match[1] ?? match[2])
  return names
}

/** A secret whose name says it is an Astro credential: ASTRO_API_TOKEN, ASTRONOMER_KEY_SECRET, ASTRO_PROD_TOKEN... */
export function isAstroSecretName(name: string): boolean {
  const upper = name.toUpperCase()
  return /(^|_)ASTRO(NOMER)?(_|$)/.test(upper) && /(TOKEN|KEY|SECRET)/.test(upper)
}

/** Whether an `env:`/`with:` entry hands an Astro credential to whatever runs with it. */
export function holdsAstroCredential(entry: WfValue): boolean {
  return ASTRO_CREDENTIAL_ENV.has(entry.key.toUpperCase()) || secretNames(entry.value).some(isAstroSecretName)
}

/** Whether a run script references an Astro credential secret directly. */
export function runReferencesAstroSecret(run: WfValue | undefined): boolean {
  return secretNames(run?.value).some(isAstroSecretName)
}

/** Whether the workflow (any part of it) holds an Astro credential. */
export function workflowHoldsAstroCredential(workflow: Workflow): boolean {
  if (workflow.env.some(holdsAstroCredential)) return true
  return workflow.jobs.some((job) => jobHoldsAstroCredential(workflow, job))
}

/** Whether a job sees an Astro credential: from workflow or job `env:`, a step's `env:`/`with:`/`run:`, or reusable-workflow secrets. */
export function jobHoldsAstroCredential(workflow: Workflow, job: WfJob): boolean {
  if (workflow.env.some(holdsAstroCredential) || job.env.some(holdsAstroCredential)) return true
  if (job.secrets.some(holdsAstroCredential) || job.with.some(holdsAstroCredential)) return true
  return job.steps.some((step) => step.env.some(holdsAstroCredential) || step.with.some(holdsAstroCredential) || runReferencesAstroSecret(step.run))
}

/** Whether a step's process environment or inputs include an Astro credential. */
export function stepReceivesAstroCredential(workflow: Workflow, job: WfJob, step: WfStep): boolean {
  return (
    workflow.env.some(holdsAstroCredential) ||
    job.env.some(holdsAstroCredential) ||
    step.env.some(holdsAstroCredential) ||
    step.with.some(holdsAstroCredential)
  )
}

/** Secrets other than the automatic GITHUB_TOKEN that a job can read. */
export function jobHasSecrets(workflow: Workflow, job: WfJob): boolean {
  if (job.secretsInherit) return true
  const real = (text: string | undefined) => secretNames(text).some((name) => name.toUpperCase() !== 'GITHUB_TOKEN')
  const values = [...workflow.env, ...job.env, ...job.with, ...job.secrets]
  if (values.some((entry) => real(entry.value))) return true
  return job.steps.some((step) => [...step.env, ...step.with].some((entry) => real(entry.value)) || real(step.run?.value))
}

/** `owner/repo[/path]@ref` of a step's or job's `uses:`; undefined for local (`./`) and `docker://` references. */
export function actionReference(uses: string): { action: string; owner: string; ref: string } | undefined {
  const text = uses.trim()
  if (text.startsWith('./') || text.startsWith('docker://')) return undefined
  const at = text.lastIndexOf('@')
  if (at <= 0) return { action: text, owner: text.split('/')[0].toLowerCase(), ref: '' }
  const action = text.slice(0, at)
  return { action, owner: action.split('/')[0].toLowerCase(), ref: text.slice(at + 1) }
}

/** A full commit SHA: the only immutable way to reference an action (GitHub security hardening guide). */
export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref)
}

/**
 * One line of a `run:` script with its span in the file. Works on the raw text of the value (a block scalar keeps
 * each line of the script on its own line in the file, indented), so spans point at the real line.
 */
export function runLines(text: string, run: WfValue): { line: string; span: Span }[] {
  const raw = text.slice(run.valueSpan.start, run.valueSpan.end)
  const out: { line: string; span: Span }[] = []
  let start = 0
  while (start <= raw.length) {
    const newline = raw.indexOf('\n', start)
    const end = newline === -1 ? raw.length : newline
    const line = raw.slice(start, end)
    const trimmedStart = start + (line.length - line.trimStart().length)
    const isHeader = start === 0 && /^[|>][-+0-9]*$/.test(line.trim())
    if (line.trim() !== '' && !isHeader) {
      out.push({ line: line.trim(), span: { start: run.valueSpan.start + trimmedStart, end: run.valueSpan.start + end } })
    }
    if (newline === -1) break
    start = newline + 1
  }
  return out
}
