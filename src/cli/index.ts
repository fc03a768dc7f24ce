#!/usr/bin/env node
import { isScanWorkerThread } from '../engine/scan-thread.js'
import { runCli } from './main.js'

// Scan worker threads run this same bundle (src/engine/scan-thread.ts): there, this is not the CLI.
if (!isScanWorkerThread()) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  })
}
