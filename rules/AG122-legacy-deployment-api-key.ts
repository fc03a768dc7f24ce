import { defineFileRule } from '../src/engine/rule.js'

/** Legacy Deployment API key variables: they stopped working on 2024-06-01 (research §5: DOCS astro/api-keys.md, astro-cli cmd/cloud/setup.go). */
const LEGACY_KEY = /\bASTRONOMER_KEY_(?:ID|SECRET)\b/g

export const rule = defineFileRule({
  id: 'AG122',
  name: 'legacy-deployment-api-key',
  title: 'Legacy Astro Deployment API key (ASTRONOMER_KEY_ID/SECRET)',
  severity: 'error',
  responsibility: 'access-management',
  kinds: ['workflow', 'yaml', 'shell', 'dotenv'],
  keywords: ['astronomer_key_'],
  messages: {
    LEGACY_KEY: (p: { name: string }) =>
      `${p.name} is a legacy Deployment API key; Astro stopped accepting API keys on 2024-06-01.`,
  },
  docs: {
    what: 'Flags `ASTRONOMER_KEY_ID` and `ASTRONOMER_KEY_SECRET` in workflows, CI YAML, shell scripts and `.env` files (one finding per line; commented-out lines are skipped).',
    why: 'Deployment API keys had to be converted to API tokens by 2024-06-01, after which they stopped working (the Astro CLI still warns when it sees them). A workflow that still uses them either no longer deploys, or keeps an unmanaged long-lived credential around in repository secrets. Managing API tokens is the customer\'s side of the shared responsibility model.',
    fix: 'Create a Deployment (or Workspace) API token with the narrowest role, store it as the `ASTRO_API_TOKEN` secret, pass it as `ASTRO_API_TOKEN` to the deploy step, and delete the old key secrets.',
    examples: {
      bad: {
        '.github/workflows/deploy.yml':
          'on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n        env:\n          ASTRONOMER_KEY_ID: ${{ secrets.ASTRONOMER_KEY_ID }}\n          ASTRONOMER_KEY_SECRET: ${{ secrets.ASTRONOMER_KEY_SECRET }}\n',
      },
      good: {
        '.github/workflows/deploy.yml':
          'on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n        env:\n          ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n',
      },
    },
    references: [
      { title: 'Astro: Deployment API tokens', url: 'https://www.astronomer.io/docs/astro/deployment-api-tokens' },
      { title: 'astronomer/deploy-action', url: 'https://github.com/astronomer/deploy-action' },
    ],
  },
  check({ file, report }) {
    const { text } = file
    let lastLineEnd = -1
    for (const match of text.matchAll(LEGACY_KEY)) {
      if (match.index < lastLineEnd) continue
      const newline = text.indexOf('\n', match.index)
      lastLineEnd = newline === -1 ? text.length : newline
      // Commented-out lines (`# ASTRONOMER_KEY_ID: ...`) configure nothing.
      const lineStart = text.lastIndexOf('\n', match.index) + 1
      if (text.slice(lineStart, match.index).trimStart().startsWith('#')) continue
      report({ messageId: 'LEGACY_KEY', data: { name: match[0] }, span: { start: match.index, end: match.index + match[0].length } })
    }
  },
  cases: {
    flag: [
      {
        name: 'key id and secret in a deploy step (one finding per line)',
        files: {
          '.github/workflows/deploy.yml':
            'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n        env:\n          ASTRONOMER_KEY_ID: ${{ secrets.ASTRONOMER_KEY_ID }}\n          ASTRONOMER_KEY_SECRET: ${{ secrets.ASTRONOMER_KEY_SECRET }}\n',
        },
        findings: [
          { file: '.github/workflows/deploy.yml', line: 8, messageId: 'LEGACY_KEY' },
          { file: '.github/workflows/deploy.yml', line: 9, messageId: 'LEGACY_KEY' },
        ],
      },
      {
        name: 'GitLab CI variables',
        files: { '.gitlab-ci.yml': 'deploy:\n  script:\n    - export ASTRONOMER_KEY_SECRET=$ASTRO_KEY\n    - astro deploy\n' },
        findings: [{ file: '.gitlab-ci.yml', line: 3, messageId: 'LEGACY_KEY' }],
      },
      {
        name: 'deploy script',
        files: { 'scripts/deploy.sh': '#!/bin/sh\n: "${ASTRONOMER_KEY_ID:?set the key id}"\nastro deploy "$DEPLOYMENT_ID"\n' },
        findings: [{ file: 'scripts/deploy.sh', line: 2, messageId: 'LEGACY_KEY' }],
      },
    ],
    pass: [
      {
        name: 'a commented-out job',
        files: {
          '.github/workflows/deploy.yml':
            'on: push\njobs:\n#   dev-push:\n#     env:\n#       ASTRONOMER_KEY_ID: ${{ secrets.DEV_ASTRONOMER_KEY_ID }}\n  prod:\n    runs-on: ubuntu-latest\n    steps:\n      - run: astro deploy\n',
        },
      },
      { name: 'API token', files: { 'scripts/deploy.sh': '#!/bin/sh\n: "${ASTRO_API_TOKEN:?set the token}"\nastro deploy\n' } },
      { name: 'a longer identifier', files: { 'scripts/rotate.sh': 'echo "OLD_ASTRONOMER_KEY_IDS were removed"\n' } },
    ],
  },
})
