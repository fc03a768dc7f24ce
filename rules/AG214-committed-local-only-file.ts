import { posix } from 'node:path'
import { defineFileRule } from '../src/engine/rule.js'
import { REFERENCES } from './helpers/credential-docs.js'

/**
 * Files the Astro project template's `.gitignore` lists because they hold local settings and secrets
 * (../shared/research/astro-runtime.md §4.3): `.env`, `airflow_settings.yaml`, `airflow.cfg`, `webserver_config.py`.
 * Variants meant to be committed (`.env.example`, `.env.sample`, `.env.template`, …) are not.
 */
const LOCAL_ONLY = new Set(['.env', 'airflow_settings.yaml', 'airflow_settings.yml', 'airflow.cfg', 'webserver_config.py'])
const SHAREABLE_ENV_SUFFIXES = new Set(['example', 'examples', 'sample', 'template', 'tmpl', 'tpl', 'dist', 'default', 'defaults', 'schema', 'ci', 'test'])

function localOnlyName(path: string): string | undefined {
  const name = posix.basename(path)
  if (LOCAL_ONLY.has(name)) return name
  if (name.startsWith('.env.')) {
    const suffix = name.slice(5).toLowerCase()
    if (!SHAREABLE_ENV_SUFFIXES.has(suffix) && !suffix.includes('example') && !suffix.includes('sample')) return name
  }
  return undefined
}

/** Whether the file sets anything (lines other than blanks and comments). */
function hasSettings(text: string): boolean {
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith(';')) return true
  }
  return false
}

export const rule = defineFileRule({
  id: 'AG214',
  name: 'committed-local-only-file',
  title: 'Local-only settings file tracked by git',
  severity: 'warning',
  responsibility: 'secret-storage',
  kinds: ['dotenv', 'airflow-settings', 'ini', 'python'],
  includeUnreadable: true,
  messages: {
    COMMITTED: (p: { name: string }) => `'${p.name}' is tracked by git, but the Astro project template keeps it out of the repository.`,
    COMMITTED_EMPTY: (p: { name: string }) => `'${p.name}' is tracked by git; it sets nothing yet, but whatever is added later will be committed.`,
  },
  docs: {
    what:
      'Flags `.env` (and `.env.local`, `.env.prod`, …, but not `.env.example`/`.sample`/`.template`), `airflow_settings.yaml`, `airflow.cfg` and `webserver_config.py` when git tracks them, before their content is even read; a file that sets nothing is only a notice. Without git information (a plain folder) nothing is reported.',
    why:
      'The Astro CLI creates these files for local development and its template `.gitignore` lists every one of them: they hold connection passwords, variables and local auth settings. Once tracked, the next secret someone adds locally is one `git commit -a` away from the history.',
    fix: 'Stop tracking the file (`git rm --cached <file>`), add it back to `.gitignore`, and rotate any credential it ever held. Commit a `.env.example` with placeholders instead; on Astro, set the values as Deployment environment variables (secret where sensitive) or in the Astro Environment Manager.',
    examples: {
      bad: { '.env': 'AIRFLOW_VAR_ENVIRONMENT=dev\n' },
      good: { '.env.example': 'AIRFLOW_VAR_ENVIRONMENT=dev\n' },
    },
    references: [{ title: 'Astro CLI: project structure', url: 'https://www.astronomer.io/docs/astro/cli/develop-project' }, REFERENCES.envVars],
  },
  check({ file, report }) {
    if (file.tracked !== true) return
    const name = localOnlyName(file.path)
    if (!name) return
    const empty = !file.unreadable && !hasSettings(file.text)
    report({
      messageId: empty ? 'COMMITTED_EMPTY' : 'COMMITTED',
      data: { name: file.path },
      span: { start: 0, end: 0 },
      severity: empty ? 'notice' : undefined,
    })
  },
  cases: {
    flag: [
      {
        name: 'tracked .env and airflow_settings.yaml',
        files: { '.env': 'AIRFLOW_VAR_ENVIRONMENT=dev\n', 'airflow_settings.yaml': 'airflow:\n  connections: []\n' },
        findings: [
          { file: '.env', line: 1, messageId: 'COMMITTED' },
          { file: 'airflow_settings.yaml', line: 1, messageId: 'COMMITTED' },
        ],
      },
      {
        name: 'tracked airflow.cfg, webserver_config.py and .env.prod in a monorepo project',
        files: {
          'teams/finance/airflow.cfg': '[core]\nload_examples = False\n',
          'teams/finance/webserver_config.py': 'AUTH_TYPE = AUTH_OAUTH\n',
          'teams/finance/.env.prod': 'AIRFLOW_VAR_X=1\n',
        },
        findings: [
          { file: 'teams/finance/.env.prod', line: 1, messageId: 'COMMITTED' },
          { file: 'teams/finance/airflow.cfg', line: 1, messageId: 'COMMITTED' },
          { file: 'teams/finance/webserver_config.py', line: 1, messageId: 'COMMITTED' },
        ],
      },
      {
        name: 'the template\'s empty .env is a notice',
        files: { '.env': '' },
        findings: [{ file: '.env', line: 1, messageId: 'COMMITTED_EMPTY', severity: 'notice' }],
      },
    ],
    pass: [
      { name: 'untracked (git-ignored) .env', files: { '.env': 'AIRFLOW_VAR_ENVIRONMENT=dev\n' }, tracked: [] },
      { name: 'example files meant to be committed', files: { '.env.example': 'X=1\n', '.env.sample': 'X=1\n', '.env.template': 'X=1\n' } },
      { name: 'other python and yaml files', files: { 'dags/webserver.py': 'x = 1\n', 'include/settings.yaml': 'a: 1\n' } },
    ],
  },
})
