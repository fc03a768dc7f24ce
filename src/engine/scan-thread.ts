/**
 * Scan worker threads run the same bundle as the CLI or the action (ncc emits one file), started with this extra
 * argument. Entry points check it instead of importing node:worker_threads, which would cost every start-up a few
 * milliseconds for the large scans that use workers.
 */
export const SCAN_WORKER_ARG = '--astro-guard-scan-worker'

/** Whether this thread was started as a scan worker (process.argv = [node, script, SCAN_WORKER_ARG]). */
export function isScanWorkerThread(): boolean {
  return process.argv[2] === SCAN_WORKER_ARG && process.argv.length === 3
}
