import type { Worker } from 'node:worker_threads'
import type { ScanTask, ScanWorkerInit, TaskItemResult, WorkerMessage } from './scan-worker.js'
import { SCAN_WORKER_ARG } from './scan-thread.js'

interface Slot {
  worker: Worker
  ready: boolean
  /** Gone: failed, exited or terminated. */
  gone: boolean
  /** Tasks sent and not yet answered. */
  pending: Map<number, ScanTask>
}

interface RunHandlers {
  message(slot: Slot, message: WorkerMessage): void
  gone(slot: Slot): void
}

/** Messages the main thread sends a scan worker: the init data once, then tasks. */
export type ToWorker = { type: 'init'; init: ScanWorkerInit } | ScanTask

/**
 * Scan worker threads and the task queue they share with the main thread.
 *
 * Workers can be started before the scan knows what to give them (`start()` during discovery, so their start-up,
 * about 150–250 ms of compiling and evaluating the bundle, overlaps the walk and project detection); `init()` then
 * hands them the files and settings. A worker that fails or exits gives its unanswered tasks back to the queue, so
 * the main thread finishes them: a scan never depends on a worker.
 */
export class ScanWorkerPool {
  private readonly slots: Slot[] = []
  private started = false
  private handlers: RunHandlers | undefined

  constructor(
    private readonly count: number,
    private readonly script: URL,
  ) {}

  /** Starts the workers (once). Returns false when threads cannot be started here. */
  start(): boolean {
    if (this.started) return this.slots.length > 0
    this.started = true
    // Loaded on first use only: a small scan never pays for node:worker_threads.
    const threads = process.getBuiltinModule('node:worker_threads')
    try {
      for (let i = 0; i < this.count; i++) {
        const slot: Slot = { worker: new threads.Worker(this.script, { argv: [SCAN_WORKER_ARG] }), ready: false, gone: false, pending: new Map() }
        // Listeners from the start: an 'error' event without one would crash the process.
        slot.worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') slot.ready = true
          this.handlers?.message(slot, message)
        })
        const gone = () => {
          if (slot.gone) return
          slot.gone = true
          this.handlers?.gone(slot)
        }
        slot.worker.on('error', gone)
        slot.worker.on('exit', gone)
        this.slots.push(slot)
      }
    } catch {
      this.close()
    }
    return this.slots.length > 0
  }

  get size(): number {
    return this.slots.length
  }

  /** Hands every worker the scan's data. False (and the pool closed) when the data cannot be cloned. */
  init(init: ScanWorkerInit): boolean {
    try {
      for (const slot of this.slots) slot.worker.postMessage({ type: 'init', init } satisfies ToWorker)
      return true
    } catch {
      this.close()
      return false
    }
  }

  /**
   * Runs `tasks` (in order of their ids) on the workers and on the main thread (`runHere`), which takes one task at
   * a time and yields between tasks so worker messages are handled. `canTake` holds a task back until it may run
   * (project tasks wait for every file task). Resolves when every task has a result.
   */
  run(
    tasks: ScanTask[],
    canTake: (task: ScanTask) => boolean,
    runHere: (task: ScanTask) => TaskItemResult[],
    record: (task: ScanTask, results: TaskItemResult[]) => void,
  ): Promise<void> {
    const queue = [...tasks]
    const live = new Set(this.slots.filter((slot) => !slot.gone))
    return new Promise<void>((resolve) => {
      let settled = false
      const take = (): ScanTask | undefined => {
        const task = queue[0]
        return task && canTake(task) ? queue.shift() : undefined
      }
      const done = () => {
        if (settled || queue.length > 0) return
        for (const slot of live) if (slot.pending.size > 0) return
        settled = true
        this.handlers = undefined
        resolve()
      }
      const feed = (slot: Slot) => {
        // Two tasks in flight per worker, so it never waits for the main thread between tasks.
        while (slot.ready && slot.pending.size < 2) {
          const task = take()
          if (!task) break
          slot.pending.set(task.id, task)
          slot.worker.postMessage(task satisfies ToWorker)
        }
      }
      const retire = (slot: Slot) => {
        if (!live.delete(slot)) return
        // Whatever it had not answered goes back to the front of the queue, in order.
        queue.unshift(...[...slot.pending.values()].sort((a, b) => a.id - b.id))
        slot.pending.clear()
        void slot.worker.terminate()
        pump()
      }
      let pumping = false
      const pump = () => {
        if (pumping || settled) return
        pumping = true
        const step = () => {
          const task = take()
          if (task) {
            record(task, runHere(task))
            for (const slot of live) feed(slot)
            setImmediate(step)
            return
          }
          // Nothing to take now (held-back tasks wait for the workers' last ones): the next message pumps again.
          pumping = false
          done()
        }
        step()
      }
      this.handlers = {
        message(slot, message) {
          if (!live.has(slot)) return
          if (message.type === 'done') {
            const task = slot.pending.get(message.id)
            slot.pending.delete(message.id)
            if (task) record(task, message.results)
          } else if (message.type === 'failed') {
            retire(slot)
            return
          }
          for (const other of live) feed(other)
          pump()
          done()
        },
        gone: retire,
      }
      for (const slot of live) feed(slot)
      pump()
    })
  }

  close(): void {
    this.handlers = undefined
    for (const slot of this.slots) {
      slot.gone = true
      void slot.worker.terminate()
    }
    this.slots.length = 0
  }
}
