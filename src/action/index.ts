import { isScanWorkerThread } from '../engine/scan-thread.js'
import { run } from './main.js'

// Scan worker threads run this same bundle (src/engine/scan-thread.ts): there, this is not the action.
if (!isScanWorkerThread()) await run()
