// Process timing for the benchmark: wall time from spawn to exit, CPU time and peak RSS from /usr/bin/time
// (GNU time, `-f`), or from a preloaded probe in Node children when GNU time is missing.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'

/** The environment every measured child gets: NODE_EXTRA_CA_CERTS adds 80–100 ms to each Node start here. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra }
  delete env.NODE_EXTRA_CA_CERTS
  delete env.NODE_OPTIONS
  return env
}

export function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false
  const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' })
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr)
}

export class Runner {
  constructor(workDir) {
    this.workDir = workDir
    this.gnuTime = hasGnuTime()
    this.probe = join(workDir, 'rss-probe.mjs')
    // Fallback for Node children: report this process's peak RSS (worker threads included) at exit.
    writeFileSync(
      this.probe,
      "import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => { const u = process.resourceUsage(); if (process.env.BENCH_PROBE_OUT) writeFileSync(process.env.BENCH_PROBE_OUT, `${u.maxRSS} ${u.userCPUTime / 1000} ${u.systemCPUTime / 1000}`) })\n",
    )
  }

  /** Runs `command args` once; returns wall ms, CPU ms (user + system) and peak RSS in KiB (when known). */
  once(command, args, { env = cleanEnv(), cwd, timeoutMs = 600_000, node = false, expectStatus } = {}) {
    const stats = join(this.workDir, 'time.txt')
    rmSync(stats, { force: true })
    let file = command
    let argv = args
    let childEnv = env
    if (this.gnuTime) {
      file = GNU_TIME
      argv = ['-f', '%U %S %M', '-o', stats, command, ...args]
    } else if (node) {
      argv = ['--import', this.probe, ...args]
      childEnv = { ...env, BENCH_PROBE_OUT: stats }
    }
    const started = performance.now()
    const result = spawnSync(file, argv, { env: childEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, maxBuffer: 1 << 30 })
    const wallMs = performance.now() - started
    if (result.error) throw new Error(`${command} failed to run: ${result.error.message}`)
    if (expectStatus && !expectStatus.includes(result.status)) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 2000)}`)
    }
    let cpuMs
    let rssKb
    if (existsSync(stats)) {
      const fields = readFileSync(stats, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number)
      if (this.gnuTime) {
        cpuMs = (fields[0] + fields[1]) * 1000
        rssKb = fields[2]
      } else {
        rssKb = fields[0]
        cpuMs = fields[1] + fields[2]
      }
    }
    return { wallMs, cpuMs, rssKb, status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) }
  }

  /** `warmup` unrecorded runs, then `runs` recorded ones. */
  repeat(command, args, { runs, warmup = 1, ...options }) {
    for (let i = 0; i < warmup; i++) this.once(command, args, options)
    const samples = []
    for (let i = 0; i < runs; i++) samples.push(this.once(command, args, options))
    return summarize(samples)
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median, min and max of each measure; `spread` is (max - min) / median of the wall time. */
export function summarize(samples) {
  const pick = (key) => samples.map((s) => s[key]).filter((v) => typeof v === 'number' && Number.isFinite(v))
  const stat = (key) => {
    const values = pick(key)
    if (values.length === 0) return undefined
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) }
  }
  const wall = stat('wallMs')
  return {
    runs: samples.length,
    wallMs: wall,
    cpuMs: stat('cpuMs'),
    rssKb: stat('rssKb'),
    spread: wall && wall.median > 0 ? (wall.max - wall.min) / wall.median : 0,
    last: samples[samples.length - 1],
  }
}
