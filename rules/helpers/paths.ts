import { posix } from 'node:path'

/**
 * Test code: files under a `tests`/`test` folder, pytest modules (`test_*.py`, `*_test.py`, `conftest.py`). URLs
 * and TLS options there are mock data or point at test servers, so the network rules leave them alone.
 */
export function isTestPath(path: string): boolean {
  const name = posix.basename(path)
  return /(^|\/)tests?\//.test(path) || /^test_.*\.py$/.test(name) || /_test\.py$/.test(name) || name === 'conftest.py'
}

/**
 * Dockerfiles for local development or CI rather than the deployed image: in a `dev`, `local`, `test(s)`, `ci` or
 * `example(s)` folder, or named `Dockerfile.dev`, `Dockerfile.test`, `dev.Dockerfile`, `Dockerfile.local`, ...
 */
export function isLocalDockerfile(path: string): boolean {
  if (/(^|\/)(dev|local|tests?|ci|examples?)\//.test(path)) return true
  const name = posix.basename(path).toLowerCase()
  return /(^|[.-])(dev|local|test|tests|ci)([.-]|$)/.test(name.replace(/dockerfile|containerfile/g, ''))
}
