import { applyBaseline } from './baseline/apply-baseline.js'
import type { LoadedBaseline } from './baseline/baseline-file.js'
import { compareFindings, type InternalFinding } from './engine/finding.js'
import { Redactor } from './engine/redactor.js'
import type { AnyRule } from './engine/rule.js'
import { scan, type ScanOptions, type ScanResult } from './engine/scan.js'
import { scanParallel } from './engine/scan-parallel.js'
import { SuppressionCollector } from './suppress/apply-suppressions.js'
import { SUPPRESSION_MARKER } from './suppress/suppression-comments.js'

export interface TriageOptions extends Omit<ScanOptions, 'postProcessFile'> {
  /** Every known rule (suppressions may name a rule that is off; it is not unknown). */
  rules: readonly AnyRule[]
  /** The baseline to apply, and the path findings about its entries are reported on. */
  baseline?: { loaded: LoadedBaseline; at: string }
}

export interface TriagedScan {
  /** The scan, its findings after suppressions and the baseline, sorted. */
  result: ScanResult
  /** Built from every finding the rules made, suppressed ones included. */
  redactor: Redactor
  /** Findings after inline suppressions, before the baseline. */
  unbaselined: InternalFinding[]
  suppressed: number
  baselined: number
}

/**
 * Scans, then applies what people decided about findings: inline `astro-guard: ignore[...]` comments drop the
 * findings they name (and are themselves reported when invalid or unused), then the baseline marks accepted
 * findings `baselined`. Shared by the CLI, the action and the tests.
 */
export function scanAndTriage(options: TriageOptions): TriagedScan {
  const { rules: _rules, baseline: _baseline, ...scanOptions } = options
  const suppressions = new SuppressionCollector()
  return triage(scan({ ...scanOptions, postProcessFile: suppressions.collect }), suppressions, options)
}

/**
 * The same, with the scan spread over worker threads for large trees (see scanParallel): the suppression hook only
 * needs files that contain the marker, so only those come back from the workers with their text.
 */
export async function scanAndTriageParallel(options: TriageOptions & { threads?: number }): Promise<TriagedScan> {
  const { rules: _rules, baseline: _baseline, threads, ...scanOptions } = options
  const suppressions = new SuppressionCollector()
  const result = await scanParallel({
    ...scanOptions,
    threads,
    postProcessFile: suppressions.collect,
    postProcessMarkers: [SUPPRESSION_MARKER],
  })
  return triage(result, suppressions, options)
}

function triage(result: ScanResult, suppressions: SuppressionCollector, options: TriageOptions): TriagedScan {
  const { rules, baseline } = options
  // A suppressed secret is still a secret that must never be printed.
  const redactor = Redactor.fromFindings(result.findings)
  const { findings: unbaselined, suppressed } = suppressions.apply(result.findings, rules, options.config)
  let findings = unbaselined
  let baselined = 0
  if (baseline) {
    const outcome = applyBaseline(unbaselined, baseline.loaded, { today: options.today, config: options.config, at: baseline.at })
    findings = outcome.findings
    baselined = outcome.baselined
  }
  return {
    result: { ...result, findings: [...findings].sort(compareFindings) },
    redactor,
    unbaselined,
    suppressed,
    baselined,
  }
}
