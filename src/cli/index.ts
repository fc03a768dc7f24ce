#!/usr/bin/env node
import { isMainThread } from 'node:worker_threads'
import { runCli } from './main.js'

// Scan worker threads run this same bundle (src/engine/scan-parallel.ts): only the main thread is the CLI.
if (isMainThread) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  })
}
