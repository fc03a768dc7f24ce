import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@actions/core', () => ({
  getInput: vi.fn(),
  debug: vi.fn(),
  info: vi.fn(),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
  error: vi.fn(),
  warning: vi.fn(),
  notice: vi.fn(),
  setOutput: vi.fn(),
  setFailed: vi.fn(),
  summary: { addRaw: vi.fn(), write: vi.fn() },
}))

import * as core from '@actions/core'
import { run } from '../../src/action/main.js'
import { runCli } from '../../src/cli/main.js'

const workspace = mkdtempSync(join(tmpdir(), 'ag-action-baseline-'))
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

function withInputs(inputs: Record<string, string>): void {
  vi.mocked(core.getInput).mockImplementation((name: string) => inputs[name] ?? '')
}

describe("the action's baseline input", () => {
  const project = join(workspace, 'airflow')
  mkdirSync(join(project, 'dags'), { recursive: true })
  writeFileSync(join(project, 'Dockerfile'), 'FROM quay.io/astronomer/astro-runtime:9.1.0\n')
  writeFileSync(join(project, 'dags/etl.py'), 'x = 1\n')

  beforeEach(() => {
    vi.clearAllMocks()
    vi.stubEnv('GITHUB_WORKSPACE', workspace)
    vi.stubEnv('GITHUB_STEP_SUMMARY', '')
  })

  it('fails on existing findings without a baseline, and passes with the baseline the input names', async () => {
    withInputs({ path: 'airflow', 'runtime-feed': 'embedded' })
    await run()
    expect(core.setFailed).toHaveBeenCalledWith("astro-guard: 1 finding at or above 'error'.")

    const capture = { stdout: () => {}, stderr: () => {}, isTty: false, env: {} }
    expect(await runCli(['baseline', project, '--baseline', join(workspace, 'ci/baseline.json'), '--runtime-feed', 'embedded'], capture)).toBe(0)
    vi.clearAllMocks()
    withInputs({ path: 'airflow', baseline: 'ci/baseline.json', 'runtime-feed': 'embedded' })
    await run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.setOutput).toHaveBeenCalledWith('findings', 1)
  })

  it('fails the step naming a baseline file that does not exist', async () => {
    withInputs({ path: 'airflow', baseline: 'ci/missing.json', 'runtime-feed': 'embedded' })
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(
      `astro-guard: Baseline file '${join(workspace, 'ci/missing.json')}' does not exist; write it with 'astro-guard baseline'.`,
    )
  })
})

describe('findings about a baseline outside the scanned folder', () => {
  it('name it relative to the repository', async () => {
    vi.clearAllMocks()
    vi.stubEnv('GITHUB_WORKSPACE', workspace)
    vi.stubEnv('GITHUB_STEP_SUMMARY', '')
    const project = join(workspace, 'fixed')
    mkdirSync(join(project, 'dags'), { recursive: true })
    writeFileSync(join(project, 'Dockerfile'), 'FROM quay.io/astronomer/astro-runtime:9.1.0\n')
    writeFileSync(join(project, 'dags/etl.py'), 'x = 1\n')
    const capture = { stdout: () => {}, stderr: () => {}, isTty: false, env: {} }
    await runCli(['baseline', project, '--baseline', join(workspace, 'ci/fixed.json'), '--runtime-feed', 'embedded'], capture)
    writeFileSync(join(project, 'Dockerfile'), 'FROM astrocrpublic.azurecr.io/runtime:3.1-9\n')
    withInputs({ path: 'fixed', baseline: 'ci/fixed.json', 'runtime-feed': 'embedded' })
    await run()
    expect(core.notice).toHaveBeenCalledWith(
      expect.stringContaining("This baseline entry for AG501 in 'Dockerfile' matches no finding any more"),
      expect.objectContaining({ file: 'ci/fixed.json', startLine: 4 }),
    )
  })
})
