import { STRUCTURAL_VIEW } from '../src/engine/lazy-file.js'
import { defineFileRule } from '../src/engine/rule.js'

const WHAT: Record<string, string> = {
  dockerfile: 'Dockerfile',
  requirements: 'requirements file',
  dotenv: '.env file',
  'airflow-settings': 'airflow_settings.yaml',
  workflow: 'workflow file',
  yaml: 'YAML file',
  json: 'JSON file',
}

/**
 * Files whose structure matters to a deployment (the image, dependencies, environment, local settings, CI) are
 * always parsed. Other YAML and JSON (dbt models, Kubernetes manifests, Helm and Jinja templates that are not meant
 * to be valid YAML, data files) only count when a rule needed their structure: then a parse error means that rule
 * could not look inside. Parsing every such file cost about half of a large scan's time (npm run bench).
 */
const ALWAYS_PARSED = new Set<string>(['dockerfile', 'requirements', 'dotenv', 'airflow-settings', 'workflow'])

/** Parser messages may quote the input; keep their wording, never their quoted text. */
function describe(message: string): string {
  const firstLine = message.split('\n')[0] ?? ''
  return firstLine
    .replace(/(['"`]).*?\1/g, '…')
    .replace(/\s+at line \d+, column \d+:?$/, '')
    .slice(0, 160)
}

export const rule = defineFileRule({
  id: 'AG001',
  name: 'unparseable-file',
  title: 'File that cannot be parsed',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: Object.keys(STRUCTURAL_VIEW) as (keyof typeof STRUCTURAL_VIEW)[],
  messages: {
    PARSE_ERROR: (p: { what: string; detail: string }) =>
      `This ${p.what} could not be parsed (${p.detail}); rules that need its structure may have missed problems in it.`,
    PARSER_FAILURE: (p: { detail: string }) =>
      `astro-guard could not parse this file (${p.detail}); please report it. Other rules still ran on its text.`,
  },
  docs: {
    what: 'Flags a Dockerfile, requirements file, .env, airflow_settings.yaml or workflow that does not parse, at the place the parser gave up, and any other YAML or JSON file that a rule needed to read but could not parse.',
    why: 'A file astro-guard cannot parse is a file it cannot fully check, and usually one that `astro deploy` or Airflow cannot read either. Reporting it keeps a broken file from silently hiding a secret or an unpinned dependency.',
    fix: 'Fix the syntax at the reported location. `astro dev parse` and a YAML linter show the same error locally.',
    examples: {
      bad: { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: warehouse\n     conn_type: postgres\n' },
      good: { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n' },
    },
  },
  check({ file, report }) {
    const view = STRUCTURAL_VIEW[file.kind]
    if (!view) return
    // The engine runs this rule after the others on the file, so parsedView() sees what they parsed.
    const parsed = ALWAYS_PARSED.has(file.kind) ? file[view]() : file.parsedView(view)
    if (!parsed) return
    for (const problem of parsed.problems) {
      report({
        messageId: 'PARSE_ERROR',
        data: { what: WHAT[file.kind] ?? 'file', detail: describe(problem.message) },
        span: problem.span,
      })
    }
  },
  cases: {
    flag: [
      {
        name: 'bad indentation in airflow_settings.yaml',
        files: { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: a\n     conn_type: b\n' },
        findings: [{ file: 'airflow_settings.yaml', line: 4, messageId: 'PARSE_ERROR' }],
      },
      {
        name: 'unterminated flow mapping in a workflow',
        files: { '.github/workflows/deploy.yml': 'on: {push\njobs: {}\n' },
        findings: [{ file: '.github/workflows/deploy.yml', line: 2, messageId: 'PARSE_ERROR' }],
      },
    ],
    pass: [
      { name: 'valid YAML', files: { 'include/config.yaml': 'a: 1\nb: [1, 2]\n' } },
      { name: 'valid JSON', files: { 'include/config.json': '{"a": {"b": [1, 2, 3]}}' } },
      { name: 'empty YAML document', files: { 'include/empty.yaml': '' } },
      {
        name: 'template that is not YAML, in a file no rule needs to parse',
        files: { 'include/chart/templates/deployment.yaml': 'spec:\n  replicas: {{ .Values.replicas }}\n   image: x\n' },
      },
    ],
  },
})
