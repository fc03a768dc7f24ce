/** References and fix sentences the credential rules share (sources: ../shared/research/astro-runtime.md §5, §6). */
export const REFERENCES = {
  envVars: { title: 'Astro: set environment variables (mark as secret)', url: 'https://www.astronomer.io/docs/astro/manage-env-vars' },
  connections: { title: 'Astro: manage connections and variables', url: 'https://www.astronomer.io/docs/astro/manage-connections-variables' },
  secretsBackend: { title: 'Astro: configure a secrets backend', url: 'https://www.astronomer.io/docs/astro/secrets-backend' },
  apiTokens: { title: 'Astro: API tokens', url: 'https://www.astronomer.io/docs/astro/organization-api-tokens' },
  deployAction: { title: 'astronomer/deploy-action', url: 'https://github.com/astronomer/deploy-action' },
  ghSecrets: { title: 'GitHub Actions: using secrets', url: 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions' },
  airflowConnections: { title: 'Airflow: managing connections (URI and JSON forms)', url: 'https://airflow.apache.org/docs/apache-airflow/stable/howto/connection.html' },
  sso: { title: 'Astro: set up SSO', url: 'https://www.astronomer.io/docs/astro/configure-idp' },
  cwe798: { title: 'CWE-798: Use of Hard-coded Credentials', url: 'https://cwe.mitre.org/data/definitions/798.html' },
  cwe321: { title: 'CWE-321: Use of Hard-coded Cryptographic Key', url: 'https://cwe.mitre.org/data/definitions/321.html' },
} as const

/** The Astro way to keep a secret out of the repository. */
export const ASTRO_WAY =
  'On Astro, keep it in a Deployment environment variable marked secret (or the Astro Environment Manager for connections), or in a secrets backend; in GitHub Actions, reference it as `${{ secrets.NAME }}`.'

export const ROTATE = 'It is in git history: rotate it first, then remove it from the file.'
