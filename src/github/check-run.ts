import { compareFindings, type Finding } from '../engine/finding.js'
import { type FailOn, meetsThreshold, type Severity } from '../engine/severity.js'
import type { Repo } from './event.js'
import type { GitHubClient } from './octokit.js'

/**
 * The check run: every finding as an annotation, whatever the 10-per-type cap on workflow-command annotations.
 * Limits (docs.github.com "Create a check run", and the OpenAPI description's maxItems/maxLength): at most 50
 * annotations per request, more are appended with "Update a check run"; `output.summary` and `output.text` at
 * most 65,535 characters. Needs `checks: write`.
 */
export const ANNOTATIONS_PER_REQUEST = 50
export const OUTPUT_TEXT_LIMIT = 65_535
/**
 * A ceiling on annotations per check run so a huge backlog cannot turn into hundreds of paced requests; the
 * summary says how many were left out (they are in the job summary table and SARIF).
 */
export const MAX_CHECK_ANNOTATIONS = 1000
/** GitHub truncates annotation titles at 255 characters and messages at 64 KB. */
const TITLE_LIMIT = 255
const MESSAGE_LIMIT = 16_000

type AnnotationLevel = 'notice' | 'warning' | 'failure'
const LEVEL: Record<Severity, AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' }

export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: AnnotationLevel
  message: string
  title: string
  raw_details?: string
}

export type CheckConclusion = 'success' | 'failure' | 'neutral'

export function conclusionFor(findings: readonly Finding[], gating: number, failOn: FailOn): CheckConclusion {
  if (gating > 0) return 'failure'
  return failOn === 'never' && findings.length > 0 ? 'neutral' : 'success'
}

function isGating(finding: Finding, failOn: FailOn): boolean {
  return !finding.baselined && !finding.outOfScope && meetsThreshold(finding.severity, failOn)
}

export function toCheckAnnotation(finding: Finding): CheckAnnotation {
  const { range } = finding
  const singleLine = range.startLine === range.endLine
  const state = finding.baselined ? ' (baselined)' : finding.outOfScope ? ' (outside the change, not gating)' : ''
  return {
    path: finding.path,
    start_line: range.startLine,
    end_line: Math.max(range.endLine, range.startLine),
    // Columns only on one line: "Omit this parameter if start_line and end_line have different values."
    ...(singleLine
      ? { start_column: range.startColumn, end_column: Math.max(range.startColumn, range.endColumn - 1) }
      : {}),
    annotation_level: LEVEL[finding.severity],
    message: finding.message.slice(0, MESSAGE_LIMIT),
    title: `${finding.ruleId} ${finding.title}${state}`.slice(0, TITLE_LIMIT),
    ...(finding.fix ? { raw_details: `Fix: ${finding.fix.description}`.slice(0, MESSAGE_LIMIT) } : {}),
  }
}

/** Gating findings first, then by severity and place: what a reviewer should see if the list is cut. */
export function annotationOrder(findings: readonly Finding[], failOn: FailOn): Finding[] {
  return [...findings].sort(
    (a, b) => Number(isGating(b, failOn)) - Number(isGating(a, failOn)) || compareFindings(a, b),
  )
}

export function checkTitle(findings: readonly Finding[], gating: number, failOn: FailOn): string {
  if (findings.length === 0) return 'No findings'
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('notice'), 'notice'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`)
  const verdict = failOn === 'never' ? 'reporting only' : gating > 0 ? `${gating} at or above ${failOn}` : `none at or above ${failOn}`
  return `${parts.join(', ')} (${verdict})`
}

export interface CheckRunRequest {
  repo: Repo
  headSha: string
  name: string
  findings: readonly Finding[]
  gating: number
  failOn: FailOn
  /** Markdown for `output.summary`, already within OUTPUT_TEXT_LIMIT and redacted. */
  summary: string
  detailsUrl: string | undefined
  now(): Date
}

export interface CheckRunResult {
  id: number
  conclusion: CheckConclusion
  annotations: number
  /** Annotations that could not be added (a failed update); the run is still completed with its conclusion. */
  lost: number
  requests: number
}

function fitText(text: string): string {
  if (text.length <= OUTPUT_TEXT_LIMIT) return text
  const note = '\n\n_(cut at GitHub\'s 65,535-character limit)_'
  return text.slice(0, OUTPUT_TEXT_LIMIT - note.length) + note
}

/**
 * Creates the check run and appends the annotations 50 per request. When an update fails after its retries the
 * remaining annotations are dropped, but the run is still completed with the right conclusion (a run left
 * `in_progress` would block a required check forever). Throws only when the run cannot be created.
 */
export async function publishCheckRun(client: GitHubClient, request: CheckRunRequest): Promise<CheckRunResult> {
  const { repo, findings, failOn, gating } = request
  const ordered = annotationOrder(findings, failOn)
  const annotations = ordered.slice(0, MAX_CHECK_ANNOTATIONS).map((finding) => toCheckAnnotation(finding))
  const capped = ordered.length - annotations.length
  const batches: CheckAnnotation[][] = []
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST))
  const conclusion = conclusionFor(findings, gating, failOn)
  const title = checkTitle(findings, gating, failOn)
  const cappedNote = capped
    ? `\n\n_${capped} more findings are not annotated here (astro-guard attaches at most ${MAX_CHECK_ANNOTATIONS}); the job summary and SARIF list them all._`
    : ''
  const summary = fitText(request.summary + cappedNote)
  const completion = () => ({ status: 'completed' as const, conclusion, completed_at: request.now().toISOString() })

  let requests = 1
  const created = await client.rest.checks.create({
    ...repo,
    name: request.name,
    head_sha: request.headSha,
    ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
    started_at: request.now().toISOString(),
    ...(batches.length <= 1 ? completion() : { status: 'in_progress' as const }),
    output: { title, summary, ...(batches[0]?.length ? { annotations: batches[0] } : {}) },
  })
  const id = created.data.id
  let added = batches[0]?.length ?? 0
  let lost = 0
  for (let index = 1; index < batches.length; index++) {
    const last = index === batches.length - 1
    try {
      requests++
      await client.rest.checks.update({
        ...repo,
        check_run_id: id,
        ...(last ? completion() : {}),
        output: { title, summary, annotations: batches[index] },
      })
      added += batches[index].length
    } catch (error) {
      lost = annotations.length - added
      let completed = true
      try {
        requests++
        await client.rest.checks.update({
          ...repo,
          check_run_id: id,
          ...completion(),
          output: {
            title,
            summary: fitText(`${summary}\n\n_${lost} annotations could not be added: the GitHub API failed while adding them._`),
          },
        })
      } catch {
        completed = false
      }
      throw new CheckRunIncomplete(id, added, lost, completed, error)
    }
  }
  return { id, conclusion, annotations: added, lost, requests }
}

/** The run was created, but some annotations are missing (and, rarely, it could not be completed). */
export class CheckRunIncomplete extends Error {
  override name = 'CheckRunIncomplete'
  constructor(
    readonly id: number,
    readonly added: number,
    readonly lost: number,
    readonly completed: boolean,
    override readonly cause: unknown,
  ) {
    super(
      `${lost} annotations could not be added to check run ${id}${completed ? '' : ', and it could not be marked completed'}`,
    )
  }
}
