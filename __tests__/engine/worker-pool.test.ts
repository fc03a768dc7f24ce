import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { ScanTask, TaskItemResult } from '../../src/engine/scan-worker.js'
import { ScanWorkerPool } from '../../src/engine/worker-pool.js'

// The pool only speaks the message protocol, so plain .mjs workers can stand in for the scan worker here.
const scratch = mkdtempSync(join(tmpdir(), 'ag-pool-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function workerScript(name: string, onTask: string): URL {
  const path = join(scratch, `${name}.mjs`)
  writeFileSync(
    path,
    `import { parentPort } from 'node:worker_threads'
parentPort.on('message', (message) => {
  if (message.type === 'init') {
    if (message.init.shared) Atomics.add(new Int32Array(message.init.shared), 0, 1)
    parentPort.postMessage({ type: 'ready' })
    return
  }
  ${onTask}
})
`,
  )
  return pathToFileURL(path)
}

const ECHO = "parentPort.postMessage({ type: 'done', id: message.id, results: message.indices.map((index) => ({ index, findings: [], failures: [], size: index * 10 })) })"

function tasks(count: number): ScanTask[] {
  return Array.from({ length: count }, (_, id) => ({ type: 'files' as const, id, indices: [id * 2, id * 2 + 1] }))
}

async function runAll(pool: ScanWorkerPool, count: number, canTake: () => boolean = () => true) {
  const byThread = { here: 0, workers: 0 }
  const sizes = new Map<number, number>()
  const record = (_task: ScanTask, results: TaskItemResult[]) => {
    for (const result of results) {
      expect(sizes.has(result.index)).toBe(false)
      sizes.set(result.index, result.size ?? -1)
    }
  }
  const runHere = (task: ScanTask): TaskItemResult[] => {
    byThread.here++
    return task.indices.map((index) => ({ index, findings: [], failures: [], size: index * 10 }))
  }
  await pool.run(tasks(count), canTake, runHere, record)
  byThread.workers = count - byThread.here
  pool.close()
  return { sizes, byThread }
}

describe('ScanWorkerPool', () => {
  it('shares the tasks between the main thread and the workers, each result recorded once', async () => {
    const pool = new ScanWorkerPool(2, workerScript('echo', ECHO))
    expect(pool.start()).toBe(true)
    expect(pool.size).toBe(2)
    // Workers count themselves ready; no task may be taken before one is, so the first tasks go to a worker.
    const shared = new SharedArrayBuffer(4)
    expect(pool.init({ shared } as never)).toBe(true)
    const counter = new Int32Array(shared)
    const { sizes, byThread } = await runAll(pool, 40, () => Atomics.load(counter, 0) > 0)
    expect([...sizes.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i))
    expect(sizes.get(79)).toBe(790)
    expect(byThread.workers).toBeGreaterThanOrEqual(2)
  })

  it('finishes on the main thread what a failing worker gives back', async () => {
    const pool = new ScanWorkerPool(1, workerScript('failing', "parentPort.postMessage({ type: 'failed', id: message.id, message: 'no' })"))
    pool.start()
    pool.init({} as never)
    const { sizes, byThread } = await runAll(pool, 10)
    expect(sizes.size).toBe(20)
    expect(byThread.workers).toBe(0)
  })

  it('finishes on the main thread when a worker crashes or never starts', async () => {
    const crashing = new ScanWorkerPool(1, workerScript('crashing', "throw new Error('boom')"))
    crashing.start()
    crashing.init({} as never)
    expect((await runAll(crashing, 10)).sizes.size).toBe(20)
    const missing = new ScanWorkerPool(1, pathToFileURL(join(scratch, 'missing.mjs')))
    missing.start()
    missing.init({} as never)
    expect((await runAll(missing, 10)).sizes.size).toBe(20)
  })

  it('runs everything on the main thread when it has no workers', async () => {
    const { sizes, byThread } = await runAll(new ScanWorkerPool(0, pathToFileURL(join(scratch, 'unused.mjs'))), 6)
    expect(sizes.size).toBe(12)
    expect(byThread.here).toBe(6)
  })
})
