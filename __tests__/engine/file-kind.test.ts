import { describe, expect, it } from 'vitest'
import { classifyPath } from '../../src/engine/file-kind.js'

describe('classifyPath', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['proj/Dockerfile.client', 'dockerfile'],
    ['docker/dev.Dockerfile', 'dockerfile'],
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['requirements/base.in', 'requirements'],
    ['constraints.txt', 'requirements'],
    ['packages.txt', 'packages'],
    ['packages-client.txt', 'packages'],
    ['airflow_settings.yaml', 'airflow-settings'],
    ['.env', 'dotenv'],
    ['.env.production', 'dotenv'],
    ['deploy/prod.env', 'dotenv'],
    ['dags/etl.py', 'python'],
    ['.github/workflows/deploy.yml', 'workflow'],
    ['proj/.github/workflows/ci.yaml', 'workflow'],
    ['include/config.yaml', 'yaml'],
    ['include/sa.json', 'json'],
    ['airflow.cfg', 'ini'],
    ['.pypirc', 'ini'],
    ['pip.conf', 'ini'],
    ['scripts/entrypoint.sh', 'shell'],
    ['include/sql/orders.sql', 'sql'],
    ['README.md', 'markdown'],
    ['certs/server.pem', 'private-key'],
    ['certs/client.p12', 'private-key'],
    ['.netrc', 'netrc'],
    ['LICENSE', 'text'],
  ])('%s is %s', (path, kind) => {
    expect(classifyPath(path)).toBe(kind)
  })
})
