import picomatch from 'picomatch'
import type { FileKind } from '../../src/engine/file-kind.js'
import type { FileRuleContext, MessageData, MessageTable, Report } from '../../src/engine/rule.js'
import type { RuleSettings, ScannedFile } from '../../src/engine/scanned-file.js'
import type { Severity } from '../../src/engine/severity.js'
import type { Span } from '../../src/engine/source-text.js'
import { type YamlEntry, yamlEntries } from '../../src/parsers/yaml.js'
import { NAME_KEYWORDS } from './credentials.js'
import { airflowCfgExtractor, airflowSettingsExtractor, configKeyExtractor, dbtProfilesExtractor, toolConfigExtractor } from './carriers/config-files.js'
import { envStyleExtractor } from './carriers/env-style.js'
import { PYTHON_EXTRA_KEYWORDS, pythonExtractor } from './carriers/python.js'
import { sqlExtractor } from './carriers/sql.js'
import { tokenExtractor, uriExtractor, usersCreateExtractor } from './carriers/text.js'
import type { Candidate, CandidateOf, CredentialRuleId, ExtractContext, Extractor } from './carriers/types.js'
import { KeywordIndex } from './keyword-index.js'
import { PRIVATE_KEY_KEYWORDS, SERVICE_ACCOUNT_KEYWORDS } from './private-keys.js'
import { PROVIDER_SCAN_KEYWORDS, providerKeywords } from './provider-tokens.js'
import { PYTHON_TRIGGER_KEYWORDS } from './carriers/python.js'
import { SQL_STATEMENTS } from './carriers/sql.js'

export type { Candidate, CandidateOf, CredentialRuleId } from './carriers/types.js'
export { NAME_KEYWORDS } from './credentials.js'

/**
 * One extraction per file for every credential rule.
 *
 * Each carrier (extractor) turns a file into candidate findings; the candidates of all carriers are then
 * deduplicated by location with a fixed precedence ({@link TIER}): when two carriers see the same characters,
 * the more specific one reports and the other is dropped, leaving its carrier name (`where`) on the survivor.
 * So a provider-format token inside a Python keyword argument is one finding (the provider rule's, naming the
 * argument), and a password inside an `AIRFLOW_CONN_*` URI is the connection rule's finding, not also the
 * generic URI rule's. The result is memoised per file, so the rules that share it cost one extraction.
 *
 * Rules stay consistent with the engine's keyword prefilter: a candidate is kept only if its rule's keywords
 * occur in the file (so the rule that owns it actually runs), and each extractor runs only when one of the rules
 * it feeds can run. A rule disabled in configuration still wins its locations (its findings are then simply not
 * reported); that is the documented price of reporting each secret once.
 */


const TEXT_KINDS_NO_REQUIREMENTS: readonly FileKind[] = [
  'dockerfile',
  'packages',
  'airflow-settings',
  'dotenv',
  'python',
  'workflow',
  'yaml',
  'json',
  'ini',
  'shell',
  'sql',
  'markdown',
  'private-key',
  'netrc',
  'text',
]
const ALL_KINDS: readonly FileKind[] = [...TEXT_KINDS_NO_REQUIREMENTS, 'requirements']
const ENV_KINDS: readonly FileKind[] = ['dotenv', 'dockerfile', 'workflow', 'yaml', 'shell', 'python']

const uniq = (...lists: readonly (readonly string[])[]): string[] => [...new Set(lists.flat())]

/** Per rule: the keyword prefilter (lower case) and the file kinds it looks at. Rule modules use these. */
export const CREDENTIAL_RULE_SCOPE: Record<CredentialRuleId, { keywords: readonly string[]; kinds: readonly FileKind[] }> = {
  AG101: { keywords: uniq(providerKeywords('AG101'), ['twilio']), kinds: ALL_KINDS },
  AG102: { keywords: ['eyj', 'astro_api_token', 'astronomer_api_token'], kinds: ALL_KINDS },
  AG103: { keywords: uniq(providerKeywords('AG103'), SERVICE_ACCOUNT_KEYWORDS, ['secret', '_key', 'accountkey', 'storagekey']), kinds: ALL_KINDS },
  AG201: { keywords: ['conn_password', 'conn_uri', 'conn_extra'], kinds: ['airflow-settings'] },
  AG202: { keywords: ['variable_value'], kinds: ['airflow-settings'] },
  AG203: { keywords: ['airflow_conn_'], kinds: ENV_KINDS },
  AG204: { keywords: ['airflow_var_'], kinds: ENV_KINDS },
  AG205: { keywords: NAME_KEYWORDS, kinds: ENV_KINDS },
  AG206: { keywords: uniq(NAME_KEYWORDS, PYTHON_EXTRA_KEYWORDS, ['password=', 'pwd=', 'passwd=', 'proxyauth']), kinds: ['python'] },
  // `Connection(` as a constructor call, not `get_connection(`
  AG207: { keywords: [' connection(', '=connection(', '(connection(', '[connection(', '\nconnection(', '\tconnection(', 'variable.set'], kinds: ['python'] },
  AG208: { keywords: ['://'], kinds: TEXT_KINDS_NO_REQUIREMENTS },
  AG209: { keywords: PRIVATE_KEY_KEYWORDS, kinds: ALL_KINDS },
  // No keyword: .pgpass lines have none. The rule looks at its few file names before anything else.
  AG210: { keywords: [], kinds: ['netrc', 'ini', 'text'] },
  AG211: { keywords: NAME_KEYWORDS, kinds: ['yaml'] },
  AG212: { keywords: uniq(NAME_KEYWORDS, ['://']), kinds: ['ini'] },
  AG213: { keywords: NAME_KEYWORDS, kinds: ['yaml', 'json', 'ini'] },
  AG215: { keywords: ['password', 'identified by'], kinds: ['sql', 'python'] },
  AG301: {
    keywords: ['users create', 'create_user', '"users", "create"', "'users', 'create'", '"users","create"', "'users','create'"],
    kinds: ['shell', 'dockerfile', 'python', 'workflow', 'yaml', 'text', 'dotenv'],
  },
  AG303: { keywords: ['add_user', 'create_user'], kinds: ['python'] },
}

/**
 * Short stems that stand for many precise keywords in the engine's prefilter (`key` for `api_key`, `apikey`,
 * `accountkey=`, …). The engine searches every file for the rules' keywords with one alternation; fewer, shorter
 * alternatives make that pass cheaper, and the extraction still decides precisely with every keyword (one
 * Aho-Corasick pass). A stem occurs wherever a keyword containing it does, so the rule runs whenever it must.
 */
const STEMS = ['key', 'pass', 'auth', 'secret', 'token', 'cred', 'pw', 'xox', 'pypi-', 'users', 'connection(', 'sk_', 'rk_', 'create_user']

function stemOf(keyword: string): string {
  return STEMS.find((stem) => keyword.includes(stem)) ?? keyword
}

/** The engine-level prefilter of a credential rule: the stems of its keywords. */
export function prefilterOf(rule: CredentialRuleId): string[] {
  return [...new Set(CREDENTIAL_RULE_SCOPE[rule].keywords.map(stemOf))]
}

/** Every carrier, in the order they run (order only matters between candidates of the same tier). */
export const EXTRACTORS: readonly Extractor[] = [
  tokenExtractor,
  airflowSettingsExtractor,
  dbtProfilesExtractor,
  airflowCfgExtractor,
  toolConfigExtractor,
  usersCreateExtractor,
  sqlExtractor,
  pythonExtractor,
  envStyleExtractor,
  configKeyExtractor,
  uriExtractor,
]

/** The carrier name a candidate contributes when a more specific finding absorbs it. */
function carrierLabel(candidate: Candidate): string | undefined {
  switch (candidate.rule) {
    case 'AG101':
      return candidate.where
    case 'AG102':
    case 'AG103':
      return candidate.name
    case 'AG201':
      return `connection ${candidate.conn}`
    case 'AG202':
      return candidate.variable
    case 'AG203':
    case 'AG204':
    case 'AG205':
      return candidate.envName
    case 'AG206':
      return candidate.form === 'bearer' ? 'Authorization header' : candidate.form === 'dsn' ? 'connection string' : candidate.name
    case 'AG207':
      return candidate.form === 'connection' ? `connection ${candidate.name}` : candidate.name
    case 'AG210':
      return `${candidate.tool} ${candidate.name}`
    case 'AG211':
      return candidate.field
    case 'AG212':
      return candidate.key
    case 'AG213':
      return candidate.key
    default:
      return undefined
  }
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end
}

/**
 * Keeps the most specific candidate per location (see {@link TIER}); the survivors are sorted by position.
 * Tier by tier: a candidate is dropped when it overlaps a survivor of a better tier (binary search in the sorted,
 * non-overlapping survivors) or an earlier survivor of its own tier; each tier's survivors are then merged in.
 * O(n log n) per tier, whatever the number of candidates.
 */
export function dedupeCandidates(candidates: Candidate[]): Candidate[] {
  const byTier = new Map<number, Candidate[]>()
  for (const candidate of candidates) {
    const list = byTier.get(candidate.tier) ?? []
    list.push(candidate)
    byTier.set(candidate.tier, list)
  }
  let accepted: Candidate[] = []
  for (const tier of [...byTier.keys()].sort((a, b) => a - b)) {
    const ordered = (byTier.get(tier) as Candidate[]).sort((a, b) => a.span.start - b.span.start)
    const added: Candidate[] = []
    let last: Candidate | undefined
    for (const candidate of ordered) {
      let winner: Candidate | undefined
      if (last && candidate.span.start < last.span.end) winner = last
      if (!winner) {
        let low = 0
        let high = accepted.length
        while (low < high) {
          const mid = (low + high) >> 1
          if (accepted[mid].span.start < candidate.span.start) low = mid + 1
          else high = mid
        }
        winner = [accepted[low - 1], accepted[low]].find((c) => c !== undefined && overlaps(c.span, candidate.span))
      }
      if (winner) {
        const label = carrierLabel(candidate)
        if (winner.where === undefined && label && label !== carrierLabel(winner)) winner.where = label
        continue
      }
      added.push(candidate)
      if (!last || candidate.span.end > last.span.end) last = candidate
    }
    const merged: Candidate[] = []
    let i = 0
    let j = 0
    while (i < accepted.length || j < added.length) {
      if (j >= added.length || (i < accepted.length && accepted[i].span.start <= added[j].span.start)) merged.push(accepted[i++])
      else merged.push(added[j++])
    }
    accepted = merged
  }
  return accepted
}

/**
 * Every keyword the extraction asks about: the rules' prefilters, the extractors' extra triggers and the
 * carriers' own cheap checks. One pass per file finds them all.
 */
export const KEYWORD_INDEX = new KeywordIndex([
  ...Object.values(CREDENTIAL_RULE_SCOPE).flatMap((scope) => scope.keywords),
  ...EXTRACTORS.flatMap((extractor) => extractor.alsoRunsOn ?? []),
  ...PROVIDER_SCAN_KEYWORDS,
  ...PYTHON_TRIGGER_KEYWORDS,
  ...SQL_STATEMENTS,
])

interface Memo {
  settings: RuleSettings
  candidates: Candidate[]
}

const memo = new WeakMap<ScannedFile, Memo>()

function anyHit(hits: ReadonlySet<string>, keywords: readonly string[]): boolean {
  if (keywords.length === 0) return true
  for (const keyword of keywords) if (hits.has(keyword)) return true
  return false
}

/** Every credential candidate of a file, deduplicated (memoised per file and settings). */
export function credentialCandidates(file: ScannedFile, settings: RuleSettings): Candidate[] {
  const cached = memo.get(file)
  if (cached && cached.settings === settings) return cached.candidates
  const candidates = extract(file, settings)
  memo.set(file, { settings, candidates })
  return candidates
}

function extract(file: ScannedFile, settings: RuleSettings): Candidate[] {
  if (file.unreadable || file.text === '') return []
  const text = file.text
  const lower = text.toLowerCase()
  const hits = KEYWORD_INDEX.scan(lower)
  const runs = new Map<CredentialRuleId, boolean>()
  const ruleRuns = (rule: CredentialRuleId): boolean => {
    let known = runs.get(rule)
    if (known === undefined) {
      const scope = CREDENTIAL_RULE_SCOPE[rule]
      known = scope.kinds.includes(file.kind) && anyHit(hits, scope.keywords)
      runs.set(rule, known)
    }
    return known
  }
  const raw: Candidate[] = []
  const reserved: Span[] = []
  let entries: YamlEntry[] | undefined
  const ctx: ExtractContext = {
    file,
    text,
    lower,
    has: (keyword) => {
      if (!KEYWORD_INDEX.keywords.has(keyword)) throw new Error(`keyword '${keyword}' is not in the credential keyword index`)
      return hits.has(keyword)
    },
    settings,
    push: (candidate) => {
      if (candidate.span.end > candidate.span.start && candidate.secret !== '') raw.push(candidate)
    },
    reserve: (span) => reserved.push(span),
    yamlEntries: () => (entries ??= yamlEntries(file.yaml())),
  }
  for (const extractor of EXTRACTORS) {
    if (!extractor.kinds.includes(file.kind)) continue
    if (extractor.applies && !extractor.applies(file)) continue
    const wanted = extractor.produces.some(ruleRuns) || (extractor.alsoRunsOn !== undefined && anyHit(hits, extractor.alsoRunsOn))
    if (wanted) extractor.extract(ctx)
  }
  const kept = raw.filter((candidate) => ruleRuns(candidate.rule) && !reserved.some((span) => overlaps(span, candidate.span)))
  return dedupeCandidates(kept)
}

/** The candidates one rule reports. */
export function candidatesFor<R extends CredentialRuleId>(file: ScannedFile, settings: RuleSettings, rule: R): CandidateOf<R>[] {
  return credentialCandidates(file, settings).filter((candidate): candidate is CandidateOf<R> => candidate.rule === rule)
}

/** A rule's message for a candidate: a messageId of its table with that message's data. */
export type MessageFor<M extends MessageTable> = { [K in keyof M & string]: { messageId: K; data: MessageData<M, K> } }[keyof M & string]

const fixtureMatchers = new WeakMap<RuleSettings, (path: string) => boolean>()

/**
 * Whether a path is a configured test fixture. The engine already lowers secret-storage findings there; the
 * access-management and federated-identity credential rules follow the same setting.
 */
function isTestFixture(path: string, settings: RuleSettings): boolean {
  if (settings.testFixturePaths.length === 0) return false
  let matcher = fixtureMatchers.get(settings)
  if (!matcher) {
    matcher = picomatch(settings.testFixturePaths as string[], { dot: true })
    fixtureMatchers.set(settings, matcher)
  }
  return matcher(path)
}

/**
 * The severity of a candidate's finding: a well-known local default, a credential in a file git does not track
 * (it is not in the repository, yet) or in a configured test fixture is a notice; lesser kinds are warnings; the
 * rest keep the rule's.
 */
export function candidateSeverity(candidate: Candidate, file: ScannedFile, settings: RuleSettings): Severity | undefined {
  if (candidate.local || file.tracked === false || isTestFixture(file.path, settings)) return 'notice'
  return candidate.severity
}

/** Reports every candidate of `rule` in the file, each as the message `describe` chooses. */
export function reportCandidates<R extends CredentialRuleId, M extends MessageTable, O>(
  ctx: FileRuleContext<M, O>,
  rule: R,
  describe: (candidate: CandidateOf<R>) => MessageFor<M>,
): void {
  for (const candidate of candidatesFor(ctx.file, ctx.env.settings, rule)) {
    const message = describe(candidate)
    ctx.report({
      messageId: message.messageId,
      data: message.data,
      span: candidate.span,
      secret: candidate.secret,
      severity: candidateSeverity(candidate, ctx.file, ctx.env.settings),
    } as Report<M>)
  }
}

/** `' in GITHUB_TOKEN'` or '' (for messages that name an absorbed carrier). */
export function inCarrier(where: string | undefined): string {
  return where ? ` in '${where}'` : ''
}
