import { defineFileRule } from '../src/engine/rule.js'
import { fakeCredential, fakeServiceAccountKey } from '../src/testing/fake-credentials.js'
import { ASTRO_WAY, REFERENCES, ROTATE } from './helpers/credential-docs.js'
import { CREDENTIAL_RULE_SCOPE, prefilterOf, inCarrier, reportCandidates } from './helpers/credential-scan.js'

const scope = CREDENTIAL_RULE_SCOPE.AG103

export const rule = defineFileRule({
  id: 'AG103',
  name: 'cloud-access-key',
  title: 'Cloud provider access key committed',
  severity: 'error',
  responsibility: 'access-management',
  kinds: scope.kinds,
  keywords: prefilterOf('AG103'),
  messages: {
    CLOUD_KEY: (p: { provider: string; where: string }) => `A ${p.provider} is committed${p.where}.`,
    SERVICE_ACCOUNT_KEY: (p: { account: string }) => `A Google Cloud service-account key${p.account} is committed.`,
  },
  docs: {
    what:
      'Flags AWS access key ids (`AKIA…`, `ASIA…`; a warning on their own) and secret access keys, Google Cloud service-account key files and Google API keys, Azure storage account keys (alone under a storage-key name, or inside a connection string), Azure shared access keys and Azure AD client secrets. AWS documentation keys (`AKIAIOSFODNN7EXAMPLE`) are left alone.',
    why:
      'A cloud key opens the customer\'s cloud account (buckets, warehouses, the secrets backend itself) to whoever reads the repository. Managing keys and who can use them is the customer\'s side of the shared responsibility model.',
    fix: `${ROTATE} Deactivate the key in the cloud console and prefer keyless access: on Astro, workload identity (an IAM role, GCP service account or Azure managed identity attached to the Deployment) instead of static keys. Where a key is unavoidable: ${ASTRO_WAY}`,
    examples: {
      bad: { 'include/gcp-key.json': fakeServiceAccountKey('ag103-doc') },
      good: { '.env.example': 'GOOGLE_APPLICATION_CREDENTIALS=/usr/local/airflow/include/gcp-key.json\n' },
    },
    references: [
      { title: 'Astro: authorize Deployments to your cloud (workload identity)', url: 'https://www.astronomer.io/docs/astro/authorize-deployments-to-your-cloud' },
      REFERENCES.secretsBackend,
      REFERENCES.cwe798,
    ],
  },
  check(ctx) {
    reportCandidates(ctx, 'AG103', (c) =>
      c.provider === 'Google Cloud service-account key'
        ? { messageId: 'SERVICE_ACCOUNT_KEY', data: { account: c.name ? ` for '${c.name}'` : '' } }
        : { messageId: 'CLOUD_KEY', data: { provider: c.provider, where: inCarrier(c.name ?? c.where) } },
    )
  },
  cases: {
    flag: [
      {
        name: 'AWS key id and secret in .env (the id alone is a warning)',
        files: { '.env': `AWS_ACCESS_KEY_ID=${fakeCredential('aws-access-key-id', 1)}\nAWS_SECRET_ACCESS_KEY=${fakeCredential('aws-secret-access-key', 1)}\n` },
        findings: [
          { file: '.env', line: 1, messageId: 'CLOUD_KEY', severity: 'warning' },
          { file: '.env', line: 2, messageId: 'CLOUD_KEY', severity: 'error' },
        ],
      },
      {
        name: 'AWS secret in a credentials-style INI file',
        files: { 'include/aws.ini': `[default]\naws_secret_access_key = ${fakeCredential('aws-secret-access-key', 2)}\n` },
        findings: [{ file: 'include/aws.ini', line: 2, messageId: 'CLOUD_KEY' }],
      },
      {
        name: 'GCP service-account key file',
        files: { 'include/gcp-key.json': fakeServiceAccountKey(3) },
        findings: [{ file: 'include/gcp-key.json', line: 5, messageId: 'SERVICE_ACCOUNT_KEY' }],
      },
      {
        name: 'Azure storage connection string and client secret in a DAG',
        files: {
          'dags/blob.py': `CONN = "DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=${fakeCredential('azure-storage-key', 4)};EndpointSuffix=core.windows.net"\nCLIENT = "${fakeCredential('azure-client-secret', 4)}"\n`,
        },
        findings: [
          { file: 'dags/blob.py', line: 1, messageId: 'CLOUD_KEY' },
          { file: 'dags/blob.py', line: 2, messageId: 'CLOUD_KEY' },
        ],
      },
      {
        name: 'Google API key in YAML',
        files: { 'include/maps.yaml': `geocoder:\n  api_key: ${fakeCredential('gcp-api-key', 5)}\n` },
        findings: [{ file: 'include/maps.yaml', line: 2, messageId: 'CLOUD_KEY' }],
      },
    ],
    pass: [
      { name: 'AWS documentation example key', files: { 'README.md': 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' } },
      { name: 'key file path only', files: { '.env': 'GOOGLE_APPLICATION_CREDENTIALS=/usr/local/airflow/include/gcp-key.json\n' } },
      { name: 'keys from the environment', files: { 'dags/s3.py': 'import os\nkey = os.environ["AWS_SECRET_ACCESS_KEY"]\n' } },
      { name: 'service-account JSON without its private key', files: { 'include/sa.json': '{"type": "service_account", "client_email": "x@p.iam.gserviceaccount.com"}\n' } },
    ],
  },
})
