import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'

/**
 * A GitHub REST API peer on 127.0.0.1 for the action's tests. Every request must match an operation of
 * __tests__/fixtures/github-openapi-subset.json (cut from GitHub's published OpenAPI description by
 * scripts/extract-openapi-subset.mjs) and its body must validate against that operation's schema, with objects
 * closed (`additionalProperties: false`): GitHub ignores unknown fields, so a misspelt one would pass silently
 * there. Violations are answered 422 and collected in `violations`, which tests assert empty.
 *
 * It keeps state (check runs, reviews, comments) like GitHub, checks review comment lines against the diff
 * hunks of its pull request files (its own parser, not the action's), and can be scripted to fail: permission
 * denials (403), faults queued per route (500, secondary rate limits with Retry-After).
 */

const SUBSET = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../fixtures/github-openapi-subset.json'), 'utf8'),
) as OpenApi

interface OpenApi {
  paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, { schema: unknown }> } }>>
  components: Record<string, unknown>
}

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  operationId: string | undefined
  body: unknown
  status: number
  authorization: string | undefined
}

export interface PeerFile {
  filename: string
  status: 'added' | 'modified' | 'removed' | 'renamed'
  patch?: string
}

export interface PeerComment {
  id: number
  body: string
  path?: string
  line?: number
  start_line?: number | null
  user: { login: string; type: 'Bot' | 'User' }
  author_association: string
  pull_request_review_id?: number
}

export interface PeerCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  details_url?: string
  output: { title?: string; summary?: string; text?: string }
  annotations: Record<string, unknown>[]
  /** Requests that carried annotations (create + updates). */
  annotationRequests: number[]
}

export interface Fault {
  method: string
  /** Matched against the request path (no query). */
  path: RegExp
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** How many requests it answers; default 1. */
  times?: number
  /** Never answer (until the peer closes): a hung connection. */
  hang?: boolean
}

type Permission = 'checks' | 'pull-requests'

const BOT = { login: 'github-actions[bot]', type: 'Bot' as const }

/** OpenAPI 3.0 → JSON Schema for ajv: `nullable` becomes a null type; request-body objects are closed. */
function toJsonSchema(value: unknown, close: boolean): unknown {
  if (Array.isArray(value)) return value.map((inner) => toJsonSchema(inner, close))
  if (value === null || typeof value !== 'object') return value
  const source = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(source)) {
    if (key === 'nullable') continue
    if (key === '$ref' && typeof inner === 'string') {
      out[key] = inner.replace(/^#\/components\//, 'github-components#/')
      continue
    }
    out[key] = key === 'properties' && inner && typeof inner === 'object'
      ? Object.fromEntries(Object.entries(inner).map(([name, schema]) => [name, toJsonSchema(schema, close)]))
      : toJsonSchema(inner, close)
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    else if (out.enum) out.enum = [...(out.enum as unknown[]), null]
    else return { anyOf: [out, { type: 'null' }] }
  }
  if (close && out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false
  return out
}

interface Operation {
  method: string
  pattern: RegExp
  operationId: string
  validate: ValidateFunction | undefined
}

function buildOperations(): Operation[] {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/)
  ajv.addFormat('uri', { validate: (text: string) => URL.canParse(text) })
  ajv.addSchema({ $id: 'github-components', ...(toJsonSchema(SUBSET.components, false) as object) })
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(SUBSET.paths)) {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`)
    for (const [method, operation] of Object.entries(item)) {
      const schema = operation.requestBody?.content['application/json']?.schema
      operations.push({
        method: method.toUpperCase(),
        pattern,
        operationId: operation.operationId,
        validate: schema ? ajv.compile(toJsonSchema(schema, true) as object) : undefined,
      })
    }
  }
  return operations
}

const OPERATIONS = buildOperations()

/** Right-side lines of a patch: hunk index per line, and whether the line was added. */
function rightSideLines(patch: string): Map<number, { hunk: number; added: boolean }> {
  const lines = new Map<number, { hunk: number; added: boolean }>()
  let hunk = -1
  let line = 0
  for (const text of patch.split('\n')) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text)
    if (header) {
      hunk++
      line = Number(header[1])
    } else if (hunk >= 0 && text.startsWith('+')) {
      lines.set(line++, { hunk, added: true })
    } else if (hunk >= 0 && text.startsWith(' ')) {
      lines.set(line++, { hunk, added: false })
    }
  }
  return lines
}

export class GitHubPeer {
  readonly requests: RecordedRequest[] = []
  readonly violations: string[] = []
  readonly checkRuns: PeerCheckRun[] = []
  readonly reviews: { id: number; body: string; commit_id: string; event: string; comments: number }[] = []
  readonly reviewComments: PeerComment[] = []
  readonly issueComments: PeerComment[] = []
  readonly denied = new Set<Permission>()
  readonly faults: Fault[] = []
  /** Simulates GitHub disagreeing with the action's view of the diff: context lines are refused too. */
  refuseContextLines = false
  files: PeerFile[] = []
  pull = {
    number: 7,
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    headRepo: 'acme/analytics',
    baseRepo: 'acme/analytics',
  }
  private readonly hanging: ServerResponse[] = []
  private nextId = 1000
  private server: Server | undefined
  url = ''

  constructor(readonly owner = 'acme', readonly repo = 'analytics') {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.violations.push(`peer crashed: ${String(error)}`)
        response.writeHead(500).end()
      })
    })
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', done))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy()
    this.server?.closeAllConnections()
    await new Promise<void>((done) => this.server?.close(() => done()))
  }

  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault })
  }

  /** Requests by `METHOD /path`, for compact assertions. */
  routes(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}${request.query.size ? `?${request.query}` : ''} ${request.status}`)
  }

  /** Every request body, serialized, to search for values that must never leave the action. */
  sentText(): string {
    return this.requests.map((request) => JSON.stringify(request.body ?? '')).join('\n')
  }

  private id(): number {
    return this.nextId++
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url)
    const method = request.method ?? 'GET'
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: unknown
    if (raw) body = JSON.parse(raw)
    const operation = OPERATIONS.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname))
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      operationId: operation?.operationId,
      body,
      status: 0,
      authorization: request.headers.authorization,
    }
    this.requests.push(record)
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      response.end(payload === undefined ? '' : JSON.stringify(payload))
    }
    if (!operation) {
      this.violations.push(`${method} ${url.pathname} is not an operation of the OpenAPI subset`)
      return send(404, { message: 'Not Found' })
    }
    if (operation.validate && !operation.validate(body ?? {})) {
      const errors = (operation.validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`)
      this.violations.push(`${operation.operationId}: ${errors.join('; ')}`)
      return send(422, { message: 'Invalid request', errors })
    }
    if (!request.headers.authorization?.startsWith('token ')) {
      return send(401, { message: 'Requires authentication' })
    }
    const fault = this.faults.find((candidate) => candidate.method === method && candidate.path.test(url.pathname) && (candidate.times ?? 1) > 0)
    if (fault) {
      fault.times = (fault.times ?? 1) - 1
      if (fault.hang) {
        record.status = -1
        this.hanging.push(response)
        return
      }
      return send(fault.status, fault.body ?? { message: 'Server Error' }, fault.headers)
    }
    const needs: Partial<Record<string, Permission>> = {
      'checks/create': 'checks',
      'checks/update': 'checks',
      'pulls/create-review': 'pull-requests',
      'pulls/update-review-comment': 'pull-requests',
      'issues/create-comment': 'pull-requests',
      'issues/update-comment': 'pull-requests',
    }
    const permission = needs[operation.operationId]
    if (permission && this.denied.has(permission)) {
      return send(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      })
    }
    const params = operation.pattern.exec(url.pathname)?.slice(1) ?? []
    const result = this.route(operation.operationId, params, body as Record<string, unknown>, url)
    send(result.status, result.body, result.headers)
  }

  private page<T>(items: T[], url: URL): { status: number; body: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
    const page = Number(url.searchParams.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (n: number, rel: string) => {
      const target = new URL(url)
      target.searchParams.set('page', String(n))
      return `<${target}>; rel="${rel}"`
    }
    const links = []
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    }
  }

  private route(operationId: string, params: string[], body: Record<string, unknown>, url: URL): { status: number; body?: unknown; headers?: Record<string, string> } {
    switch (operationId) {
      case 'pulls/get':
        return {
          status: 200,
          body: {
            number: this.pull.number,
            changed_files: this.files.length,
            user: { login: 'contributor', type: 'User' },
            head: { sha: this.pull.headSha, repo: { full_name: this.pull.headRepo } },
            base: { sha: this.pull.baseSha, repo: { full_name: this.pull.baseRepo } },
          },
        }
      case 'pulls/list-files':
        return this.page(
          this.files.map((file, index) => ({
            sha: index.toString(16).padStart(40, '0'),
            filename: file.filename,
            status: file.status,
            additions: 1,
            deletions: 0,
            changes: 1,
            ...(file.patch === undefined ? {} : { patch: file.patch }),
          })),
          url,
        )
      case 'checks/create': {
        const annotations = ((body.output as { annotations?: Record<string, unknown>[] } | undefined)?.annotations ?? [])
        const run: PeerCheckRun = {
          id: this.id(),
          name: String(body.name),
          head_sha: String(body.head_sha),
          status: String(body.status ?? (body.conclusion ? 'completed' : 'queued')),
          conclusion: (body.conclusion as string | undefined) ?? null,
          details_url: body.details_url as string | undefined,
          output: { ...(body.output as object) },
          annotations: [...annotations],
          annotationRequests: annotations.length ? [annotations.length] : [],
        }
        delete (run.output as Record<string, unknown>).annotations
        this.checkRuns.push(run)
        return { status: 201, body: { id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion } }
      }
      case 'checks/update': {
        const run = this.checkRuns.find((candidate) => candidate.id === Number(params[2]))
        if (!run) return { status: 404, body: { message: 'Not Found' } }
        const output = (body.output ?? {}) as { annotations?: Record<string, unknown>[] }
        if (output.annotations?.length) {
          run.annotations.push(...output.annotations)
          run.annotationRequests.push(output.annotations.length)
        }
        const { annotations: _annotations, ...rest } = output
        run.output = { ...run.output, ...rest }
        if (body.status) run.status = String(body.status)
        if (body.conclusion) {
          run.conclusion = String(body.conclusion)
          run.status = 'completed'
        }
        return { status: 200, body: { id: run.id, status: run.status, conclusion: run.conclusion } }
      }
      case 'pulls/create-review': {
        const comments = (body.comments ?? []) as { path: string; line: number; start_line?: number; body: string }[]
        for (const comment of comments) {
          const file = this.files.find((candidate) => candidate.filename === comment.path)
          const lines = file?.patch ? rightSideLines(file.patch) : new Map()
          const end = lines.get(comment.line)
          const start = comment.start_line === undefined ? end : lines.get(comment.start_line)
          const refused =
            !end || !start || start.hunk !== end.hunk || (this.refuseContextLines && (!end.added || !start.added))
          if (refused) {
            return {
              status: 422,
              body: {
                message: 'Unprocessable Entity',
                errors: ['Pull request review thread line must be part of the diff and Pull request review thread diff hunk can\'t be blank'],
                documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
                status: '422',
              },
            }
          }
        }
        const review = { id: this.id(), body: String(body.body ?? ''), commit_id: String(body.commit_id), event: String(body.event), comments: comments.length }
        this.reviews.push(review)
        for (const comment of comments) {
          this.reviewComments.push({
            id: this.id(),
            body: comment.body,
            path: comment.path,
            line: comment.line,
            start_line: comment.start_line ?? null,
            user: BOT,
            author_association: 'NONE',
            pull_request_review_id: review.id,
          })
        }
        return { status: 200, body: { id: review.id, body: review.body, state: 'COMMENTED', commit_id: review.commit_id, user: BOT } }
      }
      case 'pulls/list-review-comments':
        return this.page(this.reviewComments, url)
      case 'pulls/update-review-comment': {
        const comment = this.reviewComments.find((candidate) => candidate.id === Number(params[2]))
        if (!comment) return { status: 404, body: { message: 'Not Found' } }
        comment.body = String(body.body)
        return { status: 200, body: comment }
      }
      case 'issues/list-comments':
        return this.page(this.issueComments, url)
      case 'issues/create-comment': {
        const comment: PeerComment = { id: this.id(), body: String(body.body), user: BOT, author_association: 'NONE' }
        this.issueComments.push(comment)
        return { status: 201, body: comment }
      }
      case 'issues/update-comment': {
        const comment = this.issueComments.find((candidate) => candidate.id === Number(params[2]))
        if (!comment) return { status: 404, body: { message: 'Not Found' } }
        comment.body = String(body.body)
        return { status: 200, body: comment }
      }
      default:
        return { status: 501, body: { message: `${operationId} is not implemented by the peer` } }
    }
  }
}
