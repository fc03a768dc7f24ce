import { defineFileRule } from '../src/engine/rule.js'
import { isAstroSecretName, parseWorkflow, runLines, stepReceivesAstroCredential } from './helpers/workflow.js'

/** A reference to an Astro credential in a shell line: `$ASTRO_API_TOKEN`, `${ASTRONOMER_KEY_SECRET}`, `${{ secrets.ASTRO_X_TOKEN }}`, `${{ env.ASTRO_API_TOKEN }}`. */
const TOKEN_REF = /\$\{?(?:ASTRO_API_TOKEN|ASTRONOMER_KEY_SECRET|ASTRONOMER_KEY_ID)\b|\$\{\{\s*(?:secrets|env)\s*\.\s*([A-Za-z0-9_]+)\s*\}\}/g

function referencesToken(text: string): boolean {
  for (const match of text.matchAll(TOKEN_REF)) if (match[1] === undefined || isAstroSecretName(match[1])) return true
  return false
}

/** Commands that write their arguments to the log. */
const PRINT = /^\(?\s*(?:echo|printf|print|cat|Write-Host|Write-Output)\b/
/** Commands whose output is the (transformed) input: piping a token into them still prints it. */
const PRINTING_FILTER = /^(?:base64|xxd|od|rev|tr|sed|awk|cut|tee|cat|head|tail)\b/
/** Commands that dump the whole environment. */
const ENV_DUMP = /^(?:env|printenv|export\s+-p|set|declare\s+-[px])(?:\s*\|\s*sort)?\s*;?$/

/** Whether one shell command (no `&&`, `||` or `;`) prints the token: a print command, no redirection, no pipe into a consumer. */
/** The text with every `${{ ... }}` expression emptied (one pass, no regex). */
function withoutExpressions(text: string): string {
  let out = ''
  let from = 0
  for (;;) {
    const open = text.indexOf('${{', from)
    const close = open === -1 ? -1 : text.indexOf('}}', open + 3)
    if (close === -1) return out + text.slice(from)
    out += `${text.slice(from, open)}\${{}}`
    from = close + 2
  }
}

function commandPrintsToken(command: string): boolean {
  const plain = withoutExpressions(command)
  const [head, ...pipes] = plain.split('|')
  if (!PRINT.test(head.trimStart()) || !referencesToken(command)) return false
  if (pipes.some((target) => /\btee\b/.test(target))) return true
  if (/(^|[^0-9&])>/.test(plain)) return false
  return pipes.every((target) => PRINTING_FILTER.test(target.trim()))
}

/** Whether a script line prints the token in any of its commands. */
function printsToken(line: string): boolean {
  if (!referencesToken(line)) return false
  return line.split(/&&|\|\||;/).some(commandPrintsToken)
}

const deploy = (run: string, env = '          ASTRO_API_TOKEN: ${{ secrets.ASTRO_API_TOKEN }}\n') =>
  `on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n${env}        run: ${run}`

export const rule = defineFileRule({
  id: 'AG125',
  name: 'astro-token-printed',
  title: 'Astro token printed to the workflow log',
  severity: 'warning',
  responsibility: 'access-management',
  kinds: ['workflow'],
  keywords: ['astro'],
  messages: {
    ECHOED: () => 'This run step prints an Astro token; GitHub masks the exact secret in logs, but not encoded or transformed copies.',
    ENV_DUMP: () => 'This run step dumps the environment, which holds an Astro token, into the log.',
  },
  docs: {
    what: 'Flags `run:` lines that print an Astro credential (`echo`, `printf`, `cat` of `$ASTRO_API_TOKEN`, `${{ secrets.ASTRO_... }}` or `${{ env.ASTRO_API_TOKEN }}`, also through `| base64` or `| tee`), and environment dumps (`env`, `printenv`, `set`) in steps whose environment holds one. Redirections to files (`>> $GITHUB_ENV`) and pipes into a consumer (`| docker login --password-stdin`) are not printing.',
    why: 'GitHub masks the exact value of a secret in logs, but not a base64, URL-encoded or partial copy, and not a token that reached the step some other way. Workflow logs are readable by everyone with read access to the repository and are kept for months. Managing who can use API tokens is the customer\'s side of the shared responsibility model.',
    fix: 'Remove the line. To check that the token is set, test it without printing (`test -n "$ASTRO_API_TOKEN"`); to debug, print the variable name or its length. Rotate a token that was printed.',
    examples: {
      bad: { '.github/workflows/deploy.yml': deploy('echo "$ASTRO_API_TOKEN" | base64\n') },
      good: { '.github/workflows/deploy.yml': deploy('test -n "$ASTRO_API_TOKEN" && astro deploy\n') },
    },
    references: [{ title: 'GitHub: using secrets in GitHub Actions', url: 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions' }],
  },
  check({ file, report }) {
    const wf = parseWorkflow(file)
    if (!wf) return
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        if (!step.run) continue
        const holds = stepReceivesAstroCredential(wf, job, step)
        for (const { line, span } of runLines(file.text, step.run)) {
          if (printsToken(line)) report({ messageId: 'ECHOED', data: undefined, span })
          else if (holds && ENV_DUMP.test(line)) report({ messageId: 'ENV_DUMP', data: undefined, span })
        }
      }
    }
  },
  cases: {
    flag: [
      { name: 'echo piped into base64', files: { '.github/workflows/deploy.yml': deploy('echo "$ASTRO_API_TOKEN" | base64\n') }, findings: [{ file: '.github/workflows/deploy.yml', line: 10, messageId: 'ECHOED' }] },
      {
        name: 'secret expression echoed in a block script',
        files: { '.github/workflows/deploy.yml': deploy('|\n          echo "token: ${{ secrets.ASTRO_PROD_TOKEN }}"\n          astro deploy\n', '          X: y\n') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 11, messageId: 'ECHOED' }],
      },
      {
        name: 'tee to a file still prints',
        files: { '.github/workflows/deploy.yml': deploy('printf \'%s\' "${ASTRO_API_TOKEN}" | tee token.txt\n') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 10, messageId: 'ECHOED' }],
      },
      {
        name: 'environment dump in a step that holds the token',
        files: { '.github/workflows/deploy.yml': deploy('|\n          printenv | sort\n          astro deploy\n') },
        findings: [{ file: '.github/workflows/deploy.yml', line: 11, messageId: 'ENV_DUMP' }],
      },
    ],
    pass: [
      { name: 'written to GITHUB_ENV', files: { '.github/workflows/deploy.yml': deploy('echo "ASTRO_API_TOKEN=${{ secrets.ASTRO_API_TOKEN }}" >> "$GITHUB_ENV"\n', '          X: y\n') } },
      { name: 'piped into a consumer', files: { '.github/workflows/deploy.yml': deploy('echo "$ASTRO_API_TOKEN" | astro login --token-login-stdin\n') } },
      { name: 'presence check', files: { '.github/workflows/deploy.yml': deploy('test -n "$ASTRO_API_TOKEN" && echo "token is set"\n') } },
      { name: 'environment dump without the token', files: { '.github/workflows/ci.yml': deploy('env\n', '          PYTHONUNBUFFERED: "1"\n') } },
    ],
  },
})
