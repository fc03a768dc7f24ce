import type { Severity } from '../../src/engine/severity.js'
import { airflowBoolean } from '../helpers/airflow-config.js'

/**
 * Security-relevant Airflow options and the values that make them risky: the data the settings rules
 * (AG322, AG450–AG452, AG704) run over. Each entry names the option in every spelling Airflow honours, the
 * Airflow majors it applies to, what the risky value does, the safe value, and where the fact comes from.
 *
 * Sources (see ../shared/research/astro-runtime.md §6 for the table this is built from):
 * - AIRFLOW-2: apache/airflow `airflow/config_templates/config.yml` (2.x).
 * - AIRFLOW-3: apache/airflow `airflow-core/src/airflow/config_templates/config.yml` (3.x).
 * - AIRFLOW-MAP: apache/airflow `configuration.py` deprecated-options map: `[api] expose_config` ← `[webserver]
 *   expose_config` (3.0.1), `[api] secret_key` ← `[webserver] secret_key` (3.0.2); the old names keep working.
 * - ASTRO-PLATFORM: Astronomer docs `astro/platform-variables.md` (expose_config fixed to NON-SENSITIVE-ONLY,
 *   cookie_secure True on Astro).
 * - ASTRO-CLI: astro-cli `airflow/include/airflow{2,3}/composeyml.go.tmpl` (local-only defaults).
 *
 * To add a setting: add an entry with its names, `risky` predicate, texts and source. The rule for its `group`
 * picks it up; the keyword prefilter is derived from the names.
 */

export type SettingGroup =
  /** AG450: the API or UI lets anonymous or every user in. */
  | 'open-access'
  /** AG451: secrets or internals shown to UI/API users or logs. */
  | 'data-exposure'
  /** AG452: other options whose non-default value weakens the deployment. */
  | 'insecure-option'
  /** AG322: API authentication with local passwords instead of SSO. */
  | 'basic-auth'
  /** AG704: TLS certificate verification switched off by configuration. */
  | 'tls-verification'

export type AirflowMajor = 2 | 3

export interface OptionName {
  section: string
  key: string
  /** The Airflow majors that read this spelling. */
  majors: readonly AirflowMajor[]
}

export interface RiskySetting {
  id: string
  group: SettingGroup
  /** Airflow options (any spelling in any carrier). */
  options: readonly OptionName[]
  /** Plain environment variables (not Airflow options) with the same effect. */
  envNames?: readonly string[]
  risky(value: string): boolean
  /** What the risky value does, completing "<setting> = <value> …". */
  effect: string
  /** The safe value or replacement. */
  safe: string
  /** Overrides the group rule's default severity. */
  severity?: Severity
  source: string
}

const isTrue = (value: string) => airflowBoolean(value) === true
const isFalse = (value: string) => airflowBoolean(value) === false
const listItems = (value: string) =>
  value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean)

/** Patterns that let every class through: `*`, `**`, `.*`, `.+`, `^.*$`. */
const MATCH_ALL = new Set(['*', '**', '.*', '.+', '^.*', '^.*$', '.*$', '^.+$'])

export const RISKY_SETTINGS: readonly RiskySetting[] = [
  {
    id: 'auth-backend-default',
    group: 'open-access',
    options: [
      { section: 'api', key: 'auth_backends', majors: [2] },
      { section: 'api', key: 'auth_backend', majors: [2] },
      { section: 'fab', key: 'auth_backends', majors: [3] },
    ],
    risky: (value) => listItems(value).includes('airflow.api.auth.backend.default'),
    effect: 'lets every REST API request through without authentication',
    safe: 'airflow.api.auth.backend.session (the default); call the API on Astro with an API token',
    source: 'AIRFLOW-2 [api] auth_backends; research §6',
  },
  {
    id: 'simple-auth-manager-all-admins',
    group: 'open-access',
    options: [{ section: 'core', key: 'simple_auth_manager_all_admins', majors: [3] }],
    risky: isTrue,
    effect: 'logs everyone in as an anonymous admin without credentials',
    safe: 'False (the default); the Astro CLI sets it only in its local docker compose',
    source: 'AIRFLOW-3 [core] simple_auth_manager_all_admins; ASTRO-CLI compose template',
  },
  {
    id: 'experimental-api',
    group: 'open-access',
    options: [{ section: 'api', key: 'enable_experimental_api', majors: [2] }],
    risky: isTrue,
    effect: 're-enables the deprecated experimental REST API, which has no access control',
    safe: 'False (the default); use the stable REST API',
    source: 'AIRFLOW-2 [api] enable_experimental_api',
  },
  {
    id: 'basic-auth-backend',
    group: 'basic-auth',
    options: [
      { section: 'api', key: 'auth_backends', majors: [2] },
      { section: 'api', key: 'auth_backend', majors: [2] },
      { section: 'fab', key: 'auth_backends', majors: [3] },
    ],
    risky: (value) => listItems(value).some((item) => item.endsWith('.basic_auth')),
    effect: 'authenticates REST API calls with local usernames and passwords',
    safe: 'airflow.api.auth.backend.session; on Astro call the API with a Deployment or Workspace API token',
    source: 'AIRFLOW-2 [api] auth_backends; research §6',
  },
  {
    id: 'expose-config',
    group: 'data-exposure',
    options: [
      { section: 'webserver', key: 'expose_config', majors: [2, 3] },
      { section: 'api', key: 'expose_config', majors: [3] },
    ],
    risky: isTrue,
    effect: 'shows the whole configuration, Fernet key and database URI included, in the UI and API',
    safe: 'False or non-sensitive-only (Astro fixes it to NON-SENSITIVE-ONLY; do not override it)',
    source: 'AIRFLOW-2/3 expose_config; AIRFLOW-MAP (3.0.1); ASTRO-PLATFORM',
  },
  {
    id: 'hide-sensitive-var-conn-fields',
    group: 'data-exposure',
    options: [{ section: 'core', key: 'hide_sensitive_var_conn_fields', majors: [2, 3] }],
    risky: isFalse,
    effect: 'stops masking sensitive Variables and connection extras in the UI and task logs',
    safe: 'True (the default)',
    source: 'AIRFLOW-2/3 [core] hide_sensitive_var_conn_fields',
  },
  {
    id: 'expose-stacktrace',
    group: 'data-exposure',
    options: [
      { section: 'webserver', key: 'expose_stacktrace', majors: [2] },
      { section: 'api', key: 'expose_stacktrace', majors: [3] },
    ],
    risky: isTrue,
    effect: 'returns stack traces and SQL statements to UI and API users on errors',
    safe: 'False (the default)',
    source: 'AIRFLOW-2 [webserver] expose_stacktrace; AIRFLOW-3 api_fastapi/common/exceptions.py reads [api] expose_stacktrace',
  },
  {
    id: 'test-connection',
    group: 'data-exposure',
    options: [{ section: 'core', key: 'test_connection', majors: [2, 3] }],
    risky: (value) => value.trim().toLowerCase() === 'enabled',
    effect: 'lets UI, API and CLI users test connections, which Airflow warns can be abused',
    safe: 'Disabled (the default) or Hidden',
    source: 'AIRFLOW-2/3 [core] test_connection (2.7+)',
  },
  {
    id: 'xcom-pickling',
    group: 'insecure-option',
    options: [{ section: 'core', key: 'enable_xcom_pickling', majors: [2] }],
    risky: isTrue,
    effect: 'deserializes XComs with pickle, so whoever can write an XCom can run code',
    safe: 'False (the default); return JSON-serializable values or use a custom XCom backend',
    severity: 'error',
    source: 'AIRFLOW-2 [core] enable_xcom_pickling (removed in Airflow 3)',
  },
  {
    id: 'allowed-deserialization-classes',
    group: 'insecure-option',
    options: [
      { section: 'core', key: 'allowed_deserialization_classes', majors: [2, 3] },
      { section: 'core', key: 'allowed_deserialization_classes_regexp', majors: [2, 3] },
    ],
    risky: (value) => listItems(value).some((item) => MATCH_ALL.has(item)),
    effect: 'allows every class to be imported while deserializing XComs and DAGs',
    safe: "'airflow.*' (the default) plus the exact classes you need",
    source: 'AIRFLOW-2/3 [core] allowed_deserialization_classes (2.5+), _regexp (2.8.2+)',
  },
  {
    id: 'cookie-secure',
    group: 'insecure-option',
    options: [{ section: 'webserver', key: 'cookie_secure', majors: [2] }],
    risky: isFalse,
    effect: 'lets the browser send the session cookie over plain HTTP',
    safe: 'True (Astro sets it; do not override it)',
    source: 'AIRFLOW-2 [webserver] cookie_secure; ASTRO-PLATFORM',
  },
  {
    id: 'cors-any-origin',
    group: 'insecure-option',
    options: [{ section: 'api', key: 'access_control_allow_origins', majors: [2, 3] }],
    risky: (value) => listItems(value).includes('*'),
    effect: 'lets any website call the API from a logged-in browser',
    safe: 'the exact origins that need the API, or empty (the default)',
    source: 'AIRFLOW-2/3 [api] access_control_allow_origins',
  },
  {
    id: 'load-examples',
    group: 'insecure-option',
    options: [{ section: 'core', key: 'load_examples', majors: [2, 3] }],
    risky: isTrue,
    effect: "loads Airflow's bundled example DAGs, code nobody on the team reviewed",
    safe: 'False, as Airflow recommends for production',
    severity: 'notice',
    source: 'AIRFLOW-2/3 [core] load_examples',
  },
  {
    id: 'kubernetes-verify-ssl',
    group: 'tls-verification',
    options: [
      { section: 'kubernetes', key: 'verify_ssl', majors: [2] },
      { section: 'kubernetes_executor', key: 'verify_ssl', majors: [2, 3] },
    ],
    risky: isFalse,
    effect: "stops the Kubernetes client from verifying the API server's certificate",
    safe: 'True (the default)',
    source: 'AIRFLOW-2 [kubernetes] verify_ssl, renamed [kubernetes_executor] in 2.5',
  },
  {
    id: 'elasticsearch-verify-certs',
    group: 'tls-verification',
    options: [{ section: 'elasticsearch_configs', key: 'verify_certs', majors: [2, 3] }],
    risky: isFalse,
    effect: "stops the Elasticsearch log handler from verifying the cluster's certificate",
    safe: 'True (the default)',
    source: 'apache-airflow-providers-elasticsearch [elasticsearch_configs] verify_certs',
  },
  {
    id: 'python-https-verify',
    group: 'tls-verification',
    options: [],
    envNames: ['PYTHONHTTPSVERIFY'],
    risky: (value) => value.trim() === '0',
    effect: "turns off certificate verification for Python's standard-library HTTPS clients in every process",
    safe: 'unset',
    source: 'PEP 493 (PYTHONHTTPSVERIFY)',
  },
]

/**
 * Options that hold credentials (config.yml `sensitive: true`) and are checked for literal values by AG250.
 * `uri` values are secret only when they embed a password; `userpass` values are `user:password` pairs.
 */
export type SecretKind = 'key' | 'uri' | 'userpass'

export interface SecretSetting {
  id: string
  options: readonly OptionName[]
  kind: SecretKind
  /** What the value protects, completing "<setting> …". */
  protects: string
  source: string
}

export const SECRET_SETTINGS: readonly SecretSetting[] = [
  {
    id: 'fernet-key',
    options: [{ section: 'core', key: 'fernet_key', majors: [2, 3] }],
    kind: 'key',
    protects: 'encrypts every connection password and Variable in the metadata database',
    source: 'AIRFLOW-2/3 [core] fernet_key (sensitive); research §6',
  },
  {
    id: 'secret-key',
    options: [
      { section: 'webserver', key: 'secret_key', majors: [2, 3] },
      { section: 'api', key: 'secret_key', majors: [3] },
    ],
    kind: 'key',
    protects: 'signs UI sessions and log-fetch requests',
    source: 'AIRFLOW-2/3 secret_key; AIRFLOW-MAP (3.0.2)',
  },
  {
    id: 'jwt-secret',
    options: [{ section: 'api_auth', key: 'jwt_secret', majors: [3] }],
    kind: 'key',
    protects: 'signs the JWTs of the public and execution APIs',
    source: 'AIRFLOW-3 [api_auth] jwt_secret',
  },
  {
    id: 'sql-alchemy-conn',
    options: [
      { section: 'database', key: 'sql_alchemy_conn', majors: [2, 3] },
      { section: 'core', key: 'sql_alchemy_conn', majors: [2] },
    ],
    kind: 'uri',
    protects: 'is the metadata database login',
    source: 'AIRFLOW-2/3 [database] sql_alchemy_conn (sensitive; [core] before 2.3)',
  },
  {
    id: 'celery-broker-url',
    options: [{ section: 'celery', key: 'broker_url', majors: [2, 3] }],
    kind: 'uri',
    protects: 'is the Celery broker login',
    source: 'AIRFLOW-2 [celery] broker_url (sensitive)',
  },
  {
    id: 'celery-result-backend',
    options: [{ section: 'celery', key: 'result_backend', majors: [2, 3] }],
    kind: 'uri',
    protects: 'is the Celery result backend login',
    source: 'AIRFLOW-2 [celery] result_backend (sensitive)',
  },
  {
    id: 'flower-basic-auth',
    options: [{ section: 'celery', key: 'flower_basic_auth', majors: [2, 3] }],
    kind: 'userpass',
    protects: 'holds the Flower UI logins',
    source: 'AIRFLOW-2 [celery] flower_basic_auth (sensitive)',
  },
  {
    id: 'smtp-password',
    options: [{ section: 'smtp', key: 'smtp_password', majors: [2, 3] }],
    kind: 'key',
    protects: 'is the SMTP login for alert emails',
    source: 'AIRFLOW-2/3 [smtp] smtp_password',
  },
]

/** The secrets-backend kwargs options (JSON, `sensitive: true`), checked for inline credentials by AG252. */
export const BACKEND_KWARGS_OPTIONS: readonly OptionName[] = [
  { section: 'secrets', key: 'backend_kwargs', majors: [2, 3] },
  { section: 'workers', key: 'secrets_backend_kwargs', majors: [3] },
]

/** The entry of a table whose options include this section/key. */
export function findOption<T extends { options: readonly OptionName[] }>(
  table: readonly T[],
  section: string,
  key: string,
): { entry: T; option: OptionName }[] {
  const found: { entry: T; option: OptionName }[] = []
  for (const entry of table) {
    for (const option of entry.options) if (option.section === section && option.key === key) found.push({ entry, option })
  }
  return found
}

/** Lower-case prefilter keywords for a set of entries: every option key and env name. */
export function keywordsOf(entries: readonly { options: readonly OptionName[]; envNames?: readonly string[] }[]): string[] {
  const words = new Set<string>()
  for (const entry of entries) {
    for (const option of entry.options) words.add(option.key.toLowerCase())
    for (const name of entry.envNames ?? []) words.add(name.toLowerCase())
  }
  return [...words].sort()
}
