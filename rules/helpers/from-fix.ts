import type { Fix } from '../../src/engine/rule.js'
import type { Dockerfile, DockerFrom, DockerKeyValue } from '../../src/parsers/dockerfile.js'
import type { Span } from '../../src/engine/source-text.js'

/** `${NAME}`, `$NAME`, `${NAME:-word}` or `${NAME-word}` as the whole text; group 1 or 2 is the name. */
const WHOLE_VARIABLE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))$/

/** The last global ARG (before the first FROM) that gives `name` a plain, non-empty default. */
function globalDefault(dockerfile: Dockerfile, name: string): DockerKeyValue | undefined {
  let found: DockerKeyValue | undefined
  for (const arg of dockerfile.globalArgs) {
    if (arg.key === name) found = arg
  }
  if (!found?.value || /[$@\s]/.test(found.value)) return undefined
  return found
}

function variableName(text: string): string | undefined {
  const match = WHOLE_VARIABLE.exec(text)
  return match ? (match[1] ?? match[2]) : undefined
}

/** Where the `word` of `${NAME:-word}` / `${NAME-word}` sits in `text` (the whole text being that reference). */
function inlineDefault(text: string): { start: number; end: number } | undefined {
  if (!text.startsWith('${') || !text.endsWith('}')) return undefined
  const dash = text.indexOf('-')
  if (dash === -1 || variableName(text) === undefined) return undefined
  return { start: dash + 1, end: text.length - 1 }
}

/** The replacement written the way the ARG value was: quoted values stay quoted. */
function asArgValue(source: string, arg: DockerKeyValue, value: string): string {
  const raw = source.slice(arg.valueSpan.start, arg.valueSpan.end)
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : ''
  return `${quote}${value}${quote}`
}

/**
 * A fix that moves a FROM to `name:tag`. When the FROM takes its image or tag from a global ARG default
 * (`FROM ${RUNTIME_IMAGE}`, `FROM quay.io/astronomer/astro-runtime:${TAG}`), the default is edited so the ARG
 * keeps working; otherwise the FROM's image text is replaced (a digest is dropped: it pinned the old build).
 */
export function fromImageFix(
  source: string,
  dockerfile: Dockerfile,
  from: DockerFrom,
  replacement: { name: string; tag: string; renamed: boolean },
  description: string,
): Fix {
  const reference = `${replacement.name}:${replacement.tag}`
  const written = from.image
  if (written.includes('$')) {
    // The image is all one variable: edit its ARG default, or the default written in the FROM itself.
    const whole = variableName(written)
    if (whole) {
      const arg = globalDefault(dockerfile, whole)
      if (arg) return { span: arg.valueSpan, replacement: asArgValue(source, arg, reference), description }
      const inline = inPlace(source, from, inlineDefault(written))
      if (inline) return { span: inline, replacement: reference, description }
    }
    // `<name without variables>:<one variable>`: the tag comes from a build argument.
    const dollar = written.indexOf('$')
    const tagged = dollar > 1 && written[dollar - 1] === ':' && !written.slice(0, dollar - 1).includes('@') && !replacement.renamed
    const tagName = tagged ? variableName(written.slice(dollar)) : undefined
    if (tagName) {
      const arg = globalDefault(dockerfile, tagName)
      if (arg) return { span: arg.valueSpan, replacement: asArgValue(source, arg, replacement.tag), description }
      const word = inlineDefault(written.slice(dollar))
      const inline = word && inPlace(source, from, { start: dollar + word.start, end: dollar + word.end })
      if (inline) return { span: inline, replacement: replacement.tag, description }
    }
  }
  return { span: from.imageSpan, replacement: reference, description }
}

/** A range of the FROM's image text as a file span, when the image is written on one piece of line. */
function inPlace(source: string, from: DockerFrom, range: { start: number; end: number } | undefined): Span | undefined {
  if (!range || source.slice(from.imageSpan.start, from.imageSpan.end) !== from.image) return undefined
  return { start: from.imageSpan.start + range.start, end: from.imageSpan.start + range.end }
}
