import type { LoadedBaseline } from '../baseline/baseline-file.js'
import type { Config } from '../config/config-schema.js'
import { resolveConfig } from '../config/resolve-config.js'
import { type Advisory, createAdvisoryIndex } from '../dependencies/advisories.js'
import { MemoryFileSource } from '../engine/file-source.js'
import type { InternalFinding } from '../engine/finding.js'
import type { AnyRule, FileSet } from '../engine/rule.js'
import { scan, type ScanResult } from '../engine/scan.js'
import type { RuntimeCatalog } from '../runtime/catalog.js'
import { embeddedRuntimeCatalog } from '../runtime/embedded-catalog.js'
import { scanAndTriage, type TriagedScan } from '../scan-and-triage.js'

/** The date rule cases run on unless they say otherwise: the day the embedded Runtime data was last checked. */
export const DEFAULT_CASE_DATE = '2026-11-22'

export interface MemoryScanOptions {
  rules: readonly AnyRule[]
  today?: string
  /** Paths git tracks; default: all. */
  tracked?: string[]
  config?: Config
  runtimeCatalog?: RuntimeCatalog
  /** Known vulnerabilities, as if the opt-in vulnerability check had found them. */
  advisories?: Advisory[]
}

/** Runs the real engine over in-memory files: what rule cases, doc examples and engine tests use. */
export function scanMemory(files: FileSet | Record<string, string | Uint8Array>, options: MemoryScanOptions): ScanResult {
  const catalog = options.runtimeCatalog ?? embeddedRuntimeCatalog()
  return scan({
    source: new MemoryFileSource(files, options.tracked),
    config: resolveConfig(options.config ?? {}, options.rules),
    today: options.today ?? DEFAULT_CASE_DATE,
    runtimeCatalog: () => catalog,
    ...(options.advisories ? { advisories: () => createAdvisoryIndex(options.advisories ?? []) } : {}),
  })
}

/** The engine plus inline suppressions and an optional baseline over in-memory files, as the CLI runs them. */
export function triageMemory(
  files: FileSet,
  options: MemoryScanOptions & { baseline?: LoadedBaseline; baselinePath?: string },
): TriagedScan {
  const catalog = options.runtimeCatalog ?? embeddedRuntimeCatalog()
  return scanAndTriage({
    source: new MemoryFileSource(files, options.tracked),
    config: resolveConfig(options.config ?? {}, options.rules),
    today: options.today ?? DEFAULT_CASE_DATE,
    runtimeCatalog: () => catalog,
    rules: options.rules,
    baseline: options.baseline
      ? { loaded: options.baseline, at: options.baselinePath ?? '.astro-guard-baseline.json' }
      : undefined,
  })
}

export function findingsOf(
  files: FileSet,
  options: MemoryScanOptions,
): InternalFinding[] {
  return scanMemory(files, options).findings
}
