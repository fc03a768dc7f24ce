// Deterministic synthetic Airflow monorepo for `npm run bench`: Astro projects with DAGs, SQL, docs, tests,
// requirements, Dockerfiles and settings, plus a few planted violations per project. Credential-shaped values
// are generated here from a seeded PRNG (a fixed prefix + random characters), never written as literals.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Bump when the generated content changes, so cached trees are rebuilt. */
export const GENERATOR_VERSION = 4

/** mulberry32: a tiny deterministic PRNG. */
export function createRandom(seed) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n) => Math.floor(next() * n)
  const pick = (list) => list[int(list.length)]
  const chars = (length, alphabet) => {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)]
    return out
  }
  return { next, int, pick, chars }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE64 = `${ALNUM}+/`
const HEX = '0123456789abcdef'

const TEAMS = ['analytics', 'finance', 'marketing', 'platform', 'risk', 'growth', 'ops', 'ml', 'data-eng', 'sales']
const NOUNS = ['orders', 'customers', 'invoices', 'events', 'sessions', 'payments', 'shipments', 'accounts', 'clicks', 'leads', 'refunds', 'inventory', 'ledger', 'campaigns', 'tickets']
const VERBS = ['extract', 'load', 'transform', 'validate', 'publish', 'aggregate', 'dedupe', 'enrich', 'archive', 'sync']
const PROVIDERS = [
  ['apache-airflow-providers-snowflake', '5.6.0'],
  ['apache-airflow-providers-amazon', '8.28.0'],
  ['apache-airflow-providers-google', '10.22.0'],
  ['apache-airflow-providers-postgres', '5.12.0'],
  ['apache-airflow-providers-http', '4.13.0'],
  ['apache-airflow-providers-slack', '8.9.0'],
  ['astronomer-cosmos', '1.7.1'],
  ['pandas', '2.2.3'],
  ['requests', '2.32.3'],
  ['boto3', '1.35.36'],
  ['dbt-core', '1.8.7'],
  ['great-expectations', '0.18.19'],
  ['pyarrow', '17.0.0'],
  ['sqlalchemy', '1.4.54'],
]
const RUNTIMES = [
  'quay.io/astronomer/astro-runtime:12.8.0',
  'quay.io/astronomer/astro-runtime:12.12.0',
  'quay.io/astronomer/astro-runtime:13.11.0',
  'astrocrpublic.azurecr.io/runtime:3.3-8',
  'astrocrpublic.azurecr.io/runtime:3.2-10',
]
/** Past end of support on the bench's date: the runtime-upgrade rules flag these. */
const OLD_RUNTIMES = ['quay.io/astronomer/astro-runtime:9.1.0', 'quay.io/astronomer/astro-runtime:11.8.0']

const name = (r) => `${r.pick(VERBS)}_${r.pick(NOUNS)}`

/** Credential-shaped values built at run time (see the header comment). */
export const plant = {
  awsKeyId: (r) => `AKIA${r.chars(16, UPPER_B32)}`,
  awsSecret: (r) => r.chars(40, BASE64),
  githubToken: (r) => `ghp_${r.chars(36, ALNUM)}`,
  slackToken: (r) => `xoxb-${r.chars(11, '0123456789')}-${r.chars(12, '0123456789')}-${r.chars(24, ALNUM)}`,
  password: (r) => r.chars(18, ALNUM),
  privateKey: (r) => {
    const lines = []
    for (let i = 0; i < 25; i++) lines.push(r.chars(64, BASE64))
    const kind = 'RSA PRIVATE KEY'
    return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n${r.chars(20, BASE64)}==\n-----END ${kind}-----\n`
  },
}

function dagFile(r, project, index, violation) {
  const dagId = `${project.replace(/-/g, '_')}_${name(r)}_${index}`
  const tasks = 5 + r.int(6)
  // Real DAGs link runbooks, call HTTP APIs and read tokens from Variables: words that wake up the TLS, plaintext
  // endpoint and credential rules, which then parse the file (these are decoys, not violations).
  const withLink = r.next() < 0.4
  const withHttp = r.next() < 0.2
  const withTokenVariable = r.next() < 0.3
  const lines = [
    `"""${r.pick(VERBS)} ${r.pick(NOUNS)} for the ${project} team.`,
    '',
    `Owned by ${r.pick(TEAMS)}; runs ${r.pick(['hourly', 'daily', 'weekly'])}. See docs/${r.pick(NOUNS)}.md for the runbook.`,
    ...(withLink ? [`Runbook: https://wiki.example.com/data/${project}/${r.pick(NOUNS)}`] : []),
    '"""',
    'from __future__ import annotations',
    '',
    'import json',
    'import logging',
    'from datetime import datetime, timedelta',
    '',
    'from airflow import DAG',
    'from airflow.models import Variable',
    'from airflow.operators.bash import BashOperator',
    'from airflow.operators.python import PythonOperator',
    'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
    'from airflow.hooks.base import BaseHook',
    ...(withHttp ? ['from airflow.providers.http.operators.http import HttpOperator'] : []),
    '',
    'log = logging.getLogger(__name__)',
    ...(withTokenVariable ? [`api_token = Variable.get("${r.pick(NOUNS)}_api_token")`] : []),
    '',
    'default_args = {',
    `    "owner": "${r.pick(TEAMS)}",`,
    `    "retries": ${r.int(4)},`,
    `    "retry_delay": timedelta(minutes=${1 + r.int(15)}),`,
    '    "depends_on_past": False,',
    '}',
    '',
  ]
  if (violation === 'aws') {
    lines.push(`AWS_ACCESS_KEY_ID = "${plant.awsKeyId(r)}"`, `aws_secret_access_key = "${plant.awsSecret(r)}"`, '')
  } else if (violation === 'github') {
    lines.push(`GITHUB_TOKEN = "${plant.githubToken(r)}"`, '')
  } else if (violation === 'slack') {
    lines.push(`SLACK_BOT_TOKEN = "${plant.slackToken(r)}"`, '')
  } else if (violation === 'password') {
    lines.push(`DB_PASSWORD = "${plant.password(r)}"`, '')
  } else if (violation === 'uri') {
    lines.push(`WAREHOUSE_URI = "postgresql://etl:${plant.password(r)}@warehouse.internal:5432/dw"`, '')
  }
  for (let t = 0; t < tasks; t++) {
    const fn = `${r.pick(VERBS)}_${r.pick(NOUNS)}_${t}`
    lines.push(
      '',
      `def ${fn}(**context) -> dict:`,
      `    """${r.pick(VERBS)} the ${r.pick(NOUNS)} partition for the logical date."""`,
      `    conn = BaseHook.get_connection("${r.pick(NOUNS)}_db")`,
      `    bucket = Variable.get("${r.pick(NOUNS)}_bucket", default_var="s3://${project}-${r.pick(NOUNS)}")`,
      `    rows = [{"id": i, "value": i * ${1 + r.int(9)}} for i in range(${10 + r.int(90)})]`,
      `    log.info("processed %s rows into %s for %s", len(rows), bucket, context["ds"])`,
      '    # keep the payload small: XComs live in the metadata database',
      `    return {"rows": len(rows), "host": conn.host, "checksum": "${r.chars(32, HEX)}"}`,
    )
  }
  lines.push(
    '',
    '',
    'with DAG(',
    `    dag_id="${dagId}",`,
    `    schedule="${r.pick(['@daily', '@hourly', '0 3 * * *', '*/30 * * * *'])}",`,
    `    start_date=datetime(2024, ${1 + r.int(12)}, ${1 + r.int(28)}),`,
    '    catchup=False,',
    '    default_args=default_args,',
    `    tags=["${project}", "${r.pick(NOUNS)}"],`,
    ') as dag:',
    '    start = BashOperator(task_id="start", bash_command="echo starting {{ ds }}")',
    ...(withHttp
      ? [`    notify = HttpOperator(task_id="notify", http_conn_id="${r.pick(NOUNS)}_api", endpoint="/api/v1/${r.pick(NOUNS)}", method="POST")`]
      : []),
  )
  for (let t = 0; t < tasks; t++) {
    lines.push(
      `    task_${t} = PythonOperator(task_id="step_${t}", python_callable=${lines.find((l) => l.startsWith('def ') && l.includes(`_${t}(`))?.slice(4).split('(')[0]})`,
      `    sql_${t} = SQLExecuteQueryOperator(task_id="sql_${t}", conn_id="${r.pick(NOUNS)}_db", sql="include/sql/query_${String(r.int(30)).padStart(2, '0')}.sql")`,
      `    start >> task_${t} >> sql_${t}`,
    )
  }
  return `${lines.join('\n')}\n`
}

function sqlFile(r) {
  const table = r.pick(NOUNS)
  const lines = [`-- ${r.pick(VERBS)} ${table} for {{ ds }}`, `CREATE TABLE IF NOT EXISTS staging.${table} (`]
  const columns = 8 + r.int(10)
  for (let c = 0; c < columns; c++) lines.push(`    ${r.pick(NOUNS)}_${c} ${r.pick(['VARCHAR(255)', 'NUMBER(38,0)', 'TIMESTAMP_NTZ', 'BOOLEAN'])},`)
  lines.push('    loaded_at TIMESTAMP_NTZ', ');', '')
  const statements = 6 + r.int(8)
  for (let s = 0; s < statements; s++) {
    lines.push(
      `MERGE INTO analytics.${table} AS t`,
      `USING (SELECT * FROM staging.${table} WHERE loaded_at >= '{{ ds }}') AS s`,
      `ON t.${r.pick(NOUNS)}_0 = s.${r.pick(NOUNS)}_0`,
      `WHEN MATCHED THEN UPDATE SET t.${r.pick(NOUNS)}_1 = s.${r.pick(NOUNS)}_1, t.loaded_at = s.loaded_at`,
      `WHEN NOT MATCHED THEN INSERT (${r.pick(NOUNS)}_0, loaded_at) VALUES (s.${r.pick(NOUNS)}_0, s.loaded_at);`,
      '',
    )
  }
  return `${lines.join('\n')}\n`
}

function markdownFile(r, project) {
  const lines = [`# ${r.pick(NOUNS)} runbook (${project})`, '']
  const sections = 4 + r.int(6)
  for (let s = 0; s < sections; s++) {
    lines.push(`## ${r.pick(VERBS)} ${r.pick(NOUNS)}`, '')
    for (let p = 0; p < 3; p++) {
      const words = []
      for (let w = 0; w < 40 + r.int(30); w++) words.push(r.pick([...NOUNS, ...VERBS, 'the', 'a', 'to', 'and', 'with', 'for', 'when']))
      lines.push(`${words.join(' ')}.`, '')
    }
    lines.push('```bash', `astro deploy --deployment-id ${r.chars(25, 'abcdefghijklmnopqrstuvwxyz0123456789')}`, '```', '')
  }
  return `${lines.join('\n')}\n`
}

function testFile(r, project) {
  const lines = [
    '"""DAG integrity tests."""',
    'import os',
    '',
    'import pytest',
    'from airflow.models import DagBag',
    '',
    '',
    '@pytest.fixture(scope="session")',
    'def dag_bag() -> DagBag:',
    '    return DagBag(dag_folder="dags", include_examples=False)',
    '',
  ]
  for (let t = 0; t < 10 + r.int(10); t++) {
    lines.push(
      '',
      `def test_${r.pick(NOUNS)}_${t}(dag_bag: DagBag) -> None:`,
      `    dag = dag_bag.get_dag("${project.replace(/-/g, '_')}_${name(r)}_${t}")`,
      '    assert dag is None or dag.catchup is False',
      `    assert os.environ.get("AIRFLOW_HOME", "/usr/local/airflow")`,
    )
  }
  return `${lines.join('\n')}\n`
}

function requirementsFile(r, unpinned) {
  const lines = ['# Astro Runtime includes the providers it ships; pin what you add.']
  const count = 4 + r.int(8)
  const used = new Set()
  for (let i = 0; i < count; i++) {
    const [pkg, version] = r.pick(PROVIDERS)
    if (used.has(pkg)) continue
    used.add(pkg)
    lines.push(`${pkg}==${version}`)
  }
  if (unpinned) lines.push('requests-oauthlib', 'pyyaml>=6.0')
  return `${lines.join('\n')}\n`
}

function dockerfile(r, old) {
  const image = old ? r.pick(OLD_RUNTIMES) : r.pick(RUNTIMES)
  return `FROM ${image}\n\nENV AIRFLOW__CORE__LOAD_EXAMPLES=False\nCOPY include/ /usr/local/airflow/include/\n`
}

function settingsFile(r, password) {
  const lines = ['airflow:', '  connections:']
  for (let c = 0; c < 3; c++) {
    lines.push(
      `    - conn_id: ${r.pick(NOUNS)}_db`,
      `      conn_type: ${r.pick(['postgres', 'snowflake', 'aws', 'http'])}`,
      `      conn_host: ${r.pick(NOUNS)}.internal.example.com`,
      `      conn_login: ${r.pick(VERBS)}`,
      `      conn_password: ${password && c === 0 ? plant.password(r) : ''}`,
      '      conn_port: 5432',
    )
  }
  lines.push('  pools:', `    - pool_name: ${r.pick(NOUNS)}`, '      pool_slot: 4', '  variables:', `    - variable_name: environment`, '      variable_value: dev')
  return `${lines.join('\n')}\n`
}

function yamlConfig(r) {
  const lines = ['tables:']
  for (let t = 0; t < 20 + r.int(20); t++) {
    lines.push(`  - name: ${r.pick(NOUNS)}_${t}`, `    schedule: "${r.pick(['@daily', '@hourly'])}"`, `    owner: ${r.pick(TEAMS)}`, `    columns: [${Array.from({ length: 5 }, () => r.pick(NOUNS)).join(', ')}]`)
  }
  return `${lines.join('\n')}\n`
}

function jsonConfig(r) {
  const items = []
  for (let t = 0; t < 30 + r.int(30); t++) items.push({ name: `${r.pick(NOUNS)}_${t}`, retries: r.int(5), owner: r.pick(TEAMS), enabled: r.next() > 0.3 })
  return `${JSON.stringify({ version: 1, items }, null, 2)}\n`
}

/**
 * Writes the tree under `root` (deleted first). `projects` projects × `dags` DAG files each; returns the number of
 * files and bytes written and the planted violations by kind.
 */
export function generateTree(root, { projects, dags, seed = 1 }) {
  rmSync(root, { recursive: true, force: true })
  let files = 0
  let bytes = 0
  const planted = {}
  const count = (kind) => (planted[kind] = (planted[kind] ?? 0) + 1)
  const write = (path, text) => {
    const full = join(root, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, text)
    files++
    bytes += Buffer.byteLength(text)
  }
  write('README.md', '# Data platform monorepo\n\nOne Astro project per folder under projects/.\n')
  write('.github/workflows/deploy.yml', 'name: deploy\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: astro deploy\n')
  const sqlCount = Math.max(1, Math.round(dags / 2))
  const docCount = Math.max(1, Math.round(dags / 5))
  const testCount = Math.max(1, Math.round(dags / 10))
  for (let p = 0; p < projects; p++) {
    const r = createRandom(seed * 1_000_003 + p)
    const project = `${TEAMS[p % TEAMS.length]}-${String(p).padStart(3, '0')}`
    const base = `projects/${TEAMS[p % TEAMS.length]}/${project}`
    const old = p % 7 === 3
    if (old) count('old-runtime')
    write(`${base}/Dockerfile`, dockerfile(r, old))
    const unpinned = p % 3 === 1
    if (unpinned) count('unpinned-requirement')
    write(`${base}/requirements.txt`, requirementsFile(r, unpinned))
    write(`${base}/packages.txt`, p % 4 === 0 ? 'libpq-dev\n' : '')
    const settingsPassword = p % 2 === 0
    if (settingsPassword) count('settings-password')
    write(`${base}/airflow_settings.yaml`, settingsFile(r, settingsPassword))
    write(`${base}/.astro/config.yaml`, `project:\n  name: ${project}\n`)
    write(`${base}/.dockerignore`, 'astro\n.git\n.env\nairflow_settings.yaml\nlogs/\n')
    write(`${base}/.gitignore`, '.git\n.env\n.DS_Store\nairflow_settings.yaml\n__pycache__/\nastro\n.astro/\nlogs/\n')
    if (p % 5 === 2) {
      count('env-conn-uri')
      write(`${base}/.env`, `AIRFLOW_CONN_WAREHOUSE=postgresql://etl:${plant.password(r)}@warehouse.internal:5432/dw\nAIRFLOW__CORE__LOAD_EXAMPLES=False\n`)
    }
    if (p % 10 === 9) {
      count('private-key')
      write(`${base}/include/keys/deploy_key.pem`, plant.privateKey(r))
    }
    const violations = ['aws', 'github', 'slack', 'password', 'uri']
    for (let d = 0; d < dags; d++) {
      // Two planted credentials per project, at fixed DAG positions.
      const violation = d === 7 || d === 31 ? violations[(p + d) % violations.length] : undefined
      if (violation) count(violation)
      write(`${base}/dags/${name(r)}_${String(d).padStart(3, '0')}.py`, dagFile(r, project, d, violation))
    }
    for (let s = 0; s < sqlCount; s++) write(`${base}/include/sql/query_${String(s).padStart(2, '0')}.sql`, sqlFile(r))
    for (let m = 0; m < docCount; m++) write(`${base}/docs/${r.pick(NOUNS)}_${m}.md`, markdownFile(r, project))
    for (let t = 0; t < testCount; t++) write(`${base}/tests/dags/test_${r.pick(NOUNS)}_${t}.py`, testFile(r, project))
    write(`${base}/include/config/tables.yaml`, yamlConfig(r))
    write(`${base}/include/config/jobs.json`, jsonConfig(r))
    write(`${base}/README.md`, markdownFile(r, project))
  }
  return { files, bytes, planted }
}

/** Commits the tree as its own git repository, as a monorepo checkout would be (skipped when git is missing). */
function commitTree(root) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.invalid',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  }
  try {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root, env, stdio: 'ignore' })
    execFileSync('git', ['add', '-A', '-f'], { cwd: root, env, stdio: 'ignore' })
    execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'bench tree'], { cwd: root, env, stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Generates the tree unless a tree with the same parameters and generator version is already there. */
export function ensureTree(root, params) {
  const manifestPath = `${root}.manifest.json`
  const wanted = { version: GENERATOR_VERSION, ...params }
  if (existsSync(manifestPath) && existsSync(root)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
      if (JSON.stringify(manifest.params) === JSON.stringify(wanted)) return { ...manifest.result, cached: true }
    } catch {
      // Regenerate below.
    }
  }
  const result = generateTree(root, params)
  result.git = commitTree(root)
  writeFileSync(manifestPath, JSON.stringify({ params: wanted, result }, null, 2))
  return { ...result, cached: false }
}
