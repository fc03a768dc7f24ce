import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliIo, runCli } from '../../src/cli/main.js'
import { runScan } from '../../src/run-scan.js'

// The whole path: requirements files on disk → inventory → OSV (a local server in the documented shape) →
// vulnerable-requirement findings, notes and the JSON report's vulnerabilityCheck.

const scratch = mkdtempSync(join(tmpdir(), 'ag-osv-'))
const project = join(scratch, 'project')
let server: Server
let endpoint = ''
let mode: 'ok' | 'error' = 'ok'
const asked: string[] = []

beforeAll(async () => {
  mkdirSync(join(project, 'dags'), { recursive: true })
  writeFileSync(join(project, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n')
  writeFileSync(join(project, 'dags', 'etl.py'), 'print("dag")\n')
  writeFileSync(join(project, 'requirements.txt'), '-r requirements/base.txt\nJinja2==3.1.2\npandas>=2\n')
  mkdirSync(join(project, 'requirements'))
  writeFileSync(join(project, 'requirements', 'base.txt'), 'requests==2.31.0\n')
  writeFileSync(join(project, 'requirements-lock.txt'), `six==1.16.0 --hash=sha256:${'a'.repeat(64)}\n`)
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      response.setHeader('content-type', 'application/json')
      if (mode === 'error') {
        response.writeHead(503)
        response.end('{"code":14,"message":"unavailable"}')
        return
      }
      if (request.method === 'GET') {
        response.end(
          JSON.stringify({
            id: 'GHSA-h5c8-rqwp-cp95',
            summary: 'Jinja vulnerable to HTML attribute injection',
            aliases: ['CVE-2024-22195'],
            affected: [{ package: { name: 'jinja2', ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.1.3' }] }] }],
          }),
        )
        return
      }
      const { queries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { queries: { package: { name: string }; version: string }[] }
      for (const query of queries) asked.push(`${query.package.name}==${query.version}`)
      response.end(
        JSON.stringify({
          results: queries.map((query) =>
            query.package.name === 'Jinja2' ? { vulns: [{ id: 'GHSA-h5c8-rqwp-cp95', modified: '2024-01-11T15:20:48Z' }] } : {},
          ),
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(scratch, { recursive: true, force: true })
})

function io() {
  const out: string[] = []
  const err: string[] = []
  const handle: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, env: {} }
  return { handle, stdout: () => out.join(''), stderr: () => err.join('') }
}

describe('runScan with vulnerabilityCheck osv', () => {
  it('checks every exactly pinned requirement, includes too, and reports each advisory', async () => {
    mode = 'ok'
    asked.length = 0
    const { report } = await runScan({ root: project, today: '2026-11-22', runtimeFeed: 'embedded', vulnerabilityCheck: 'osv', osvEndpoint: endpoint })
    expect(asked.sort()).toEqual(['Jinja2==3.1.2', 'requests==2.31.0', 'six==1.16.0'])
    const vulnerable = report.findings.filter((finding) => finding.ruleId === 'AG419')
    expect(vulnerable.map((finding) => [finding.path, finding.range.startLine, finding.severity, finding.message])).toEqual([
      [
        'requirements.txt',
        2,
        'error',
        `'Jinja2' 3.1.2 is affected by GHSA-h5c8-rqwp-cp95 (CVE-2024-22195; "Jinja vulnerable to HTML attribute injection"); the first fixed version is 3.1.3.`,
      ],
    ])
    expect(report.vulnerabilityCheck).toEqual({
      source: 'osv',
      endpoint,
      status: 'complete',
      packages: 3,
      vulnerabilities: 1,
      problems: [],
    })
    expect(report.notes).toContain(`Vulnerability check (OSV at ${endpoint}): 3 pinned package versions checked, 1 known vulnerability.`)
  })

  it('says in the notes and the JSON that a requested check failed, and still reports everything else', async () => {
    mode = 'error'
    const cli = io()
    const code = await runCli(
      ['scan', project, '--runtime-feed', 'embedded', '--format', 'json', '--today', '2026-11-22', '--vulnerability-check', 'osv', '--osv-endpoint', endpoint],
      cli.handle,
    )
    const json = JSON.parse(cli.stdout())
    expect(json.vulnerabilityCheck).toEqual({
      source: 'osv',
      endpoint,
      status: 'failed',
      packages: 3,
      vulnerabilities: 0,
      problems: ['querybatch failed: HTTP 503'],
    })
    expect(json.notes).toContain(
      `Vulnerability check (OSV at ${endpoint}) was requested but FAILED: querybatch failed: HTTP 503. None of the 3 pinned package versions was checked; this is not a clean result.`,
    )
    expect(json.findings.some((finding: { ruleId: string }) => finding.ruleId === 'AG401')).toBe(true)
    expect(code).toBe(0)
  })

  it('makes no request and has no vulnerabilityCheck when the check is not requested', async () => {
    asked.length = 0
    const { report } = await runScan({ root: project, today: '2026-11-22', runtimeFeed: 'embedded' })
    expect(asked).toEqual([])
    expect(report.vulnerabilityCheck).toBeUndefined()
    expect(report.findings.filter((finding) => finding.ruleId === 'AG419')).toEqual([])
  })

  it('notes requirements files that are fully in hash-checking mode', async () => {
    const { report } = await runScan({ root: project, today: '2026-11-22', runtimeFeed: 'embedded' })
    expect(report.hashCheckedFiles).toEqual(['requirements-lock.txt'])
    expect(report.notes).toContain(
      "`requirements-lock.txt` pins every requirement with --hash (pip's hash-checking mode): reproducible, tamper-evident installs, the gold standard for Astro images.",
    )
  })

  it('rejects an unknown check and an endpoint that is not an http(s) URL', async () => {
    const unknown = io()
    expect(await runCli(['scan', project, '--runtime-feed', 'embedded', '--vulnerability-check', 'snyk'], unknown.handle)).toBe(2)
    expect(unknown.stderr()).toContain("Option '--vulnerability-check' was 'snyk'; expected one of none, osv.")
    const badUrl = io()
    expect(await runCli(['scan', project, '--runtime-feed', 'embedded', '--vulnerability-check', 'osv', '--osv-endpoint', 'api.osv.dev'], badUrl.handle)).toBe(2)
    expect(badUrl.stderr()).toContain("Option '--osv-endpoint' was 'api.osv.dev'; expected an http(s) URL such as https://api.osv.dev.")
  })
})
