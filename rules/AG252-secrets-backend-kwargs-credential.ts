import { defineFileRule } from '../src/engine/rule.js'
import type { Span } from '../src/engine/source-text.js'
import { fakeSecret, fakeToken } from '../src/testing/fake-secret.js'
import { BACKEND_KWARGS_OPTIONS, findOption } from './data/airflow-settings.js'
import { airflowConfigAssignments } from './helpers/airflow-config.js'
import { airflow2Project, airflow3Project } from './helpers/case-projects.js'
import { isPlaceholder } from './helpers/placeholders.js'

/** kwargs names that hold a credential (AWS, GCP, Azure Key Vault, HashiCorp Vault backends). */
const CREDENTIAL_KWARG = /(secret|password|passwd|token|api_?key|access_?key|private_?key|credential|client_?key)/i
/** ...unless they name where a credential is, not the credential itself. */
const NOT_A_CREDENTIAL = /(_id|_ids|_path|_file|_prefix|_name|_arn|_pattern|_url|_uri|_type|_version|_mount_point|_lookup_pattern)$/i

interface Kwarg {
  name: string
  value: string
}

/** String leaves of the kwargs JSON whose key names a credential, at any depth (e.g. inside `keyfile_dict`). */
function credentialKwargs(json: unknown, depth = 0, out: Kwarg[] = []): Kwarg[] {
  if (depth > 20 || json === null || typeof json !== 'object') return out
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === 'string') {
      if (CREDENTIAL_KWARG.test(name) && !NOT_A_CREDENTIAL.test(name)) out.push({ name, value })
    } else if (value !== null && typeof value === 'object') {
      credentialKwargs(value, depth + 1, out)
    }
  }
  return out
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const rule = defineFileRule({
  id: 'AG252',
  name: 'secrets-backend-kwargs-credential',
  title: 'Credential inside the secrets-backend kwargs',
  severity: 'error',
  responsibility: 'secret-storage',
  kinds: ['dockerfile', 'dotenv', 'ini', 'yaml', 'json', 'workflow'],
  keywords: ['backend_kwargs'],
  messages: {
    KWARG_CREDENTIAL: (p: { setting: string; kwarg: string }) =>
      `${p.setting} passes a literal '${p.kwarg}' to the secrets backend.`,
  },
  docs: {
    what: 'Flags `[secrets] backend_kwargs` (and Airflow 3\'s `[workers] secrets_backend_kwargs`) whose JSON holds a literal credential: a key such as `aws_secret_access_key`, `client_secret`, `token`, `password` or a service-account `private_key` with a real value, in any carrier (Dockerfile `ENV`, `.env`, `airflow.cfg`, manifests, workflows, Deployment files). Prefixes, role ARNs, profile names, URLs and paths are not credentials and stay clean.',
    why: 'The kwargs are marked sensitive in Airflow\'s config for this reason: the credential that unlocks every secret in the backend would sit in the image or in git in plain text. Storing secrets safely is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the credential and rotate it. Let the backend authenticate with the Deployment\'s workload identity (an IAM role, a GCP service account or an Azure managed identity), keep only prefixes and names in the kwargs, and if a credential is unavoidable set the whole kwargs as an Astro Deployment environment variable marked secret.',
    examples: {
      bad: airflow2Project(
        `ENV AIRFLOW__SECRETS__BACKEND=airflow.providers.hashicorp.secrets.vault.VaultBackend\nENV AIRFLOW__SECRETS__BACKEND_KWARGS='{"connections_path": "connections", "url": "https://vault.acme.io", "token": "${fakeToken('hvs.', 24, 'ag252-doc')}"}'\n`,
      ),
      good: airflow2Project(
        `ENV AIRFLOW__SECRETS__BACKEND=airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend\nENV AIRFLOW__SECRETS__BACKEND_KWARGS='{"connections_prefix": "airflow/connections", "role_arn": "arn:aws:iam::123456789012:role/airflow"}'\n`,
      ),
    },
    references: [
      { title: 'Astro: AWS Secrets Manager backend', url: 'https://www.astronomer.io/docs/astro/secrets-backend/aws-secretsmanager' },
      { title: 'Airflow: secrets backends', url: 'https://airflow.apache.org/docs/apache-airflow/stable/security/secrets/secrets-backend/index.html' },
    ],
  },
  check({ file, env, report }) {
    for (const assignment of airflowConfigAssignments(file)) {
      if (findOption([{ options: BACKEND_KWARGS_OPTIONS }], assignment.section, assignment.key).length === 0) continue
      const kwargs = credentialKwargs(parseJson(assignment.value))
      const raw = file.text.slice(assignment.valueSpan.start, assignment.valueSpan.end)
      for (const { name, value } of kwargs) {
        if (isPlaceholder(value, env.settings.placeholders)) continue
        const at = raw.indexOf(value)
        const span: Span = at === -1 ? assignment.valueSpan : { start: assignment.valueSpan.start + at, end: assignment.valueSpan.start + at + value.length }
        report({ messageId: 'KWARG_CREDENTIAL', data: { setting: assignment.spelledAs, kwarg: name }, span, secret: value })
      }
    }
  },
  cases: {
    flag: [
      {
        name: 'AWS keys inline in the Dockerfile (Airflow 2)',
        files: airflow2Project(
          `ENV AIRFLOW__SECRETS__BACKEND_KWARGS='{"connections_prefix": "airflow/connections", "aws_access_key_id": "${fakeToken('AKIA', 16, 'ag252-1', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}", "aws_secret_access_key": "${fakeSecret(40, 'ag252-2')}"}'\n`,
        ),
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'KWARG_CREDENTIAL' }],
      },
      {
        name: 'Airflow 3 worker secrets backend with an Azure client secret, in .env',
        files: airflow3Project('', {
          '.env': `AIRFLOW__WORKERS__SECRETS_BACKEND_KWARGS={"vault_url": "https://kv-acme.vault.azure.net/", "tenant_id": "t", "client_id": "c", "client_secret": "${fakeSecret(34, 'ag252-3')}"}\n`,
        }),
        findings: [{ file: '.env', line: 1, messageId: 'KWARG_CREDENTIAL' }],
      },
      {
        name: 'GCP key dict nested in airflow.cfg',
        files: {
          'airflow.cfg': `[secrets]\nbackend = airflow.providers.google.cloud.secrets.secret_manager.CloudSecretManagerBackend\nbackend_kwargs = {"project_id": "acme", "gcp_keyfile_dict": {"type": "service_account", "private_key": "${fakeSecret(60, 'ag252-4')}"}}\n`,
        },
        findings: [{ file: 'airflow.cfg', line: 3, messageId: 'KWARG_CREDENTIAL' }],
      },
    ],
    pass: [
      {
        name: 'role ARN and prefixes only',
        files: airflow2Project(`ENV AIRFLOW__SECRETS__BACKEND_KWARGS='{"connections_prefix": "airflow/connections", "variables_prefix": "airflow/variables", "role_arn": "arn:aws:iam::123456789012:role/airflow"}'\n`),
      },
      { name: 'Vault with a token path', files: { '.env': 'AIRFLOW__SECRETS__BACKEND_KWARGS={"url": "https://vault.acme.io", "auth_type": "kubernetes", "kubernetes_jwt_path": "/var/run/secrets/token", "token_path": "/vault/token"}\n' } },
      { name: 'placeholder token', files: { '.env': 'AIRFLOW__SECRETS__BACKEND_KWARGS={"url": "https://vault.acme.io", "token": "<vault-token>"}\n' } },
      { name: 'not JSON', files: { '.env': 'AIRFLOW__SECRETS__BACKEND_KWARGS=${BACKEND_KWARGS}\n' } },
    ],
  },
})
