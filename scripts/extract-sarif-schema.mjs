// Re-creates __tests__/fixtures/sarif-schema-2.1.0.json, the OASIS SARIF 2.1.0 schema our SARIF output is
// validated against. The schema ships inside @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json); we take
// the tarball from the npm registry with `npm pack` instead of adding the package and its dependencies.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const scratch = mkdtempSync(join(tmpdir(), 'sarif-schema-'))
try {
  const tarball = execFileSync('npm', ['pack', '@microsoft/jest-sarif@1.0.0-beta.0', '--silent'], { cwd: scratch, encoding: 'utf8' }).trim()
  execFileSync('tar', ['xzf', tarball], { cwd: scratch })
  copyFileSync(join(scratch, 'package/lib/schemas/sarif-2.1.0-rtm.5.json'), '__tests__/fixtures/sarif-schema-2.1.0.json')
  console.log('wrote __tests__/fixtures/sarif-schema-2.1.0.json')
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
