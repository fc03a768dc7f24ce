import { isMainThread } from 'node:worker_threads'
import { run } from './main.js'

// Scan worker threads run this same bundle (src/engine/scan-parallel.ts): only the main thread is the action.
if (isMainThread) await run()
