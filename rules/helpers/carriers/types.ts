import type { FileKind } from '../../../src/engine/file-kind.js'
import type { RuleSettings, ScannedFile } from '../../../src/engine/scanned-file.js'
import type { Span } from '../../../src/engine/source-text.js'
import type { YamlEntry } from '../../../src/parsers/yaml.js'

/** The rules that report hardcoded credentials found by the shared extraction (see credential-scan.ts). */
export type CredentialRuleId =
  | 'AG101'
  | 'AG102'
  | 'AG103'
  | 'AG201'
  | 'AG202'
  | 'AG203'
  | 'AG204'
  | 'AG205'
  | 'AG206'
  | 'AG207'
  | 'AG208'
  | 'AG209'
  | 'AG210'
  | 'AG211'
  | 'AG212'
  | 'AG213'
  | 'AG215'
  | 'AG301'
  | 'AG303'

/**
 * Precedence when two carriers see the same characters (lower wins). A value is reported once per location:
 * a provider-format token inside a Python keyword argument is the provider rule's finding, a password inside an
 * `AIRFLOW_CONN_*` URI is the connection rule's, not the generic URI rule's.
 */
export const TIER = {
  /** A whole GCP service-account key (it contains a PEM key). */
  serviceAccount: 0,
  privateKey: 1,
  /** `ASTRO_API_TOKEN=<literal>`: named by its carrier, which beats the JWT format. */
  astroByName: 2,
  /** Self-identifying provider formats (GitHub, Slack, AWS key ids, JWTs, ...). */
  provider: 3,
  /** Airflow-aware and tool-aware carriers: connections, variables, dbt profiles, airflow.cfg, .netrc, users. */
  structured: 4,
  /** A password in the userinfo of a URI of any scheme. */
  uri: 5,
  /** A literal under a credential-like name (Python, environment variables, config keys). */
  named: 6,
} as const

/** How a variable reached an environment: where an environment-style value was written. */
export type EnvCarrier =
  | '.env file'
  | 'Dockerfile ENV'
  | 'Dockerfile ARG default'
  | 'workflow env'
  | 'workflow input'
  | 'workflow step script'
  | 'Kubernetes env'
  | 'Astro Deployment file'
  | 'compose environment'
  | 'YAML'
  | 'shell script'
  | 'os.environ'

export type PythonForm = 'keyword' | 'assignment' | 'dict' | 'default' | 'environ-default' | 'basic-auth' | 'bearer' | 'dsn'

interface Base {
  span: Span
  secret: string
  tier: number
  /** A well-known local development default: reported as a notice. */
  local?: boolean
  /** A lesser finding (test-mode keys, a key id without its secret, an encrypted key). */
  severity?: 'warning'
  /** The name of the carrier a higher-precedence finding absorbed (`GITHUB_TOKEN` around a `ghp_` token). */
  where?: string
}

export type Candidate = Base &
  (
    | { rule: 'AG101'; provider: string }
    | { rule: 'AG102'; name: string | undefined }
    | { rule: 'AG103'; provider: string; name: string | undefined }
    | { rule: 'AG201'; conn: string; field: string }
    | { rule: 'AG202'; variable: string }
    | { rule: 'AG203'; envName: string; conn: string; field: string; form: 'uri' | 'json'; carrier: EnvCarrier }
    | { rule: 'AG204'; envName: string; carrier: EnvCarrier }
    | { rule: 'AG205'; envName: string; carrier: EnvCarrier }
    | { rule: 'AG206'; form: PythonForm; name: string }
    | { rule: 'AG207'; form: 'connection' | 'variable'; name: string; field: string }
    | { rule: 'AG208'; scheme: string; host: string }
    | { rule: 'AG209'; keyType: string; encrypted: boolean }
    | { rule: 'AG210'; tool: '.netrc' | '.pypirc' | 'pip.conf' | '.npmrc' | '.pgpass'; name: string }
    | { rule: 'AG211'; profile: string; target: string; field: string }
    | { rule: 'AG212'; section: string; key: string; inUri: boolean }
    | { rule: 'AG213'; key: string; format: 'YAML' | 'JSON' | 'INI' | 'TOML' | 'Kubernetes Secret' }
    | { rule: 'AG215' }
    | { rule: 'AG301'; user: string }
    | { rule: 'AG303'; user: string }
  )

export type CandidateOf<R extends CredentialRuleId> = Extract<Candidate, { rule: R }>

/** What an extractor works with: the file, its lower-cased text for keyword checks, and where results go. */
export interface ExtractContext {
  file: ScannedFile
  text: string
  lower: string
  /** Whether a keyword of the credential keyword index occurs in the file (one pass found them all). */
  has(keyword: string): boolean
  settings: RuleSettings
  push(candidate: Candidate): void
  /** Characters that belong to another family (issue 6's `AIRFLOW__*` settings, issue 5's index URLs). */
  reserve(span: Span): void
  /** The YAML entries of the file, walked once and shared. */
  yamlEntries(): YamlEntry[]
}

export interface Extractor {
  name: string
  kinds: readonly FileKind[]
  /** Rules whose candidates this extractor produces; it runs only if one of their keyword lists matches. */
  produces: readonly CredentialRuleId[]
  /** Extra keywords that make the extractor run without producing (to reserve spans for other families). */
  alsoRunsOn?: readonly string[]
  applies?(file: ScannedFile): boolean
  extract(ctx: ExtractContext): void
}
