import { defineFileRule } from '../src/engine/rule.js'
import type { Dockerfile, DockerInstruction } from '../src/parsers/dockerfile.js'
import { substituteVariables } from '../src/parsers/dockerfile.js'
import { parseImageReference } from '../src/runtime/image-ref.js'

const ROOT = /^(?:root|0)(?::.*)?$/

/** The last USER of a stage, following `FROM <earlier stage>` to the stage it builds on. */
function effectiveUser(dockerfile: Dockerfile): { instruction: DockerInstruction | undefined; image: string } {
  const stages = dockerfile.stages
  let stage = stages.length - 1
  for (let hops = 0; hops <= stages.length && stage >= 0; hops++) {
    const users = dockerfile.instructions.filter((instruction) => instruction.stage === stage && instruction.keyword === 'USER')
    if (users.length > 0) return { instruction: users[users.length - 1], image: stages[stage].from.resolvedImage }
    const base = stages[stage].from.resolvedImage.toLowerCase()
    const parent = stages.findIndex((candidate, index) => index < stage && (candidate.from.alias?.toLowerCase() === base || String(index) === base))
    if (parent === -1) return { instruction: undefined, image: stages[stage].from.resolvedImage }
    stage = parent
  }
  return { instruction: undefined, image: '' }
}

const FROM = 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n'

export const rule = defineFileRule({
  id: 'AG418',
  name: 'root-final-user',
  title: 'Astro image left running as root',
  severity: 'warning',
  responsibility: 'secure-pipelines',
  kinds: ['dockerfile'],
  keywords: ['user'],
  messages: {
    ROOT_USER: (p: { user: string }) =>
      `The deployed image ends with 'USER ${p.user}': Airflow components would run as root instead of the Runtime's 'astro' user.`,
  },
  docs: {
    what: 'Flags a Dockerfile built on an Astro Runtime image whose deployed stage ends with `USER root` (or `USER 0`) as its last USER instruction.',
    why: 'Astro Runtime images run Airflow as the unprivileged `astro` user: their ONBUILD steps switch to root only to install `packages.txt` and `requirements.txt`, then back to `USER astro`. Leaving root as the final user gives every task, and any code it imports, root inside the container, which turns a vulnerable dependency or a malicious DAG into full control of the container.',
    fix: 'Switch back after the steps that need root: end the stage with `USER astro` (the automatic fix does this).',
    examples: {
      bad: { Dockerfile: `${FROM}USER root\nRUN mkdir -p /opt/acme\n` },
      good: { Dockerfile: `${FROM}USER root\nRUN mkdir -p /opt/acme\nUSER astro\n` },
    },
    references: [{ title: 'Astro Runtime image architecture', url: 'https://www.astronomer.io/docs/astro/runtime-image-architecture' }],
  },
  check({ file, report, env }) {
    const dockerfile = file.dockerfile()
    if (dockerfile.stages.length === 0) return
    const { instruction, image } = effectiveUser(dockerfile)
    if (!instruction) return
    const family = parseImageReference(image, instruction.argsSpan, env.settings.trustedRegistries).family
    if (family !== 'astro-runtime' && family !== 'astronomer-certified') return
    const user = substituteVariables(instruction.args.trim(), new Map()).value
    if (!ROOT.test(user)) return
    report({
      messageId: 'ROOT_USER',
      data: { user },
      span: instruction.argsSpan,
      fix: { span: instruction.argsSpan, replacement: 'astro', description: 'Run as the Runtime\'s astro user' },
    })
  },
  cases: {
    flag: [
      {
        name: 'USER root left at the end',
        files: { Dockerfile: `${FROM}USER root\nRUN apt-get update && apt-get install -y gcc=4:12.2.0-3\n` },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'ROOT_USER' }],
      },
      {
        name: 'USER 0:0 after switching back and forth',
        files: { Dockerfile: `FROM quay.io/astronomer/astro-runtime:13.11.0\nUSER root\nRUN true\nUSER astro\nRUN true\nUSER 0:0\n` },
        findings: [{ file: 'Dockerfile', line: 6, messageId: 'ROOT_USER' }],
      },
      {
        name: 'the final stage builds on a stage that ended as root',
        files: { Dockerfile: `${FROM.trim()} AS base\nUSER root\nRUN true\nFROM base\nCOPY include/ include/\n` },
        findings: [{ file: 'Dockerfile', line: 2, messageId: 'ROOT_USER' }],
      },
    ],
    pass: [
      { name: 'no USER at all (the Runtime runs as astro)', files: { Dockerfile: FROM } },
      { name: 'root only while installing', files: { Dockerfile: `${FROM}USER root\nRUN true\nUSER astro\n` } },
      { name: 'root in a build stage that is not deployed', files: { Dockerfile: `FROM python:3.12-slim AS build\nUSER root\nRUN true\n${FROM}COPY --from=build /opt /opt\n` } },
      { name: 'not an Astro image', files: { Dockerfile: 'FROM python:3.12-slim\nUSER root\n' } },
    ],
  },
})
