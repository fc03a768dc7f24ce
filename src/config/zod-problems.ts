import type { z } from 'zod'
import { didYouMean } from './did-you-mean.js'

/** One problem in a user-written file, at a path of keys and indices (located later, by the caller). */
export interface PathProblem {
  path: readonly PropertyKey[]
  /** Point at the key of the last path element rather than its value (unknown keys). */
  key?: boolean
  message: string
}

/** `rules.AG201.severity`, `overrides[0].files[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`
    else text += text ? `.${String(part)}` : String(part)
  }
  return text
}

interface SchemaDef {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  element?: z.ZodType
  valueType?: z.ZodType
  options?: z.ZodType[]
  in?: z.ZodType
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current)
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType
    else if (def.type === 'pipe' && def.in) current = def.in
    else break
  }
  return current
}

/** The object member of a union (the `{severity, options}` form of a rule setting), if any. */
function objectMember(schema: z.ZodType): z.ZodType | undefined {
  const unwrapped = unwrap(schema)
  const def = defOf(unwrapped)
  if (def.type === 'object') return unwrapped
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const member = objectMember(option)
      if (member) return member
    }
  }
  return undefined
}

/** The keys an object schema at `path` allows, to suggest the intended one for an unknown key. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = schema
  for (const key of path) {
    if (!current) return undefined
    const unwrapped = unwrap(current)
    const def = defOf(unwrapped)
    if (def.type === 'array') current = def.element
    else if (def.type === 'record') current = def.valueType
    else {
      const object = objectMember(unwrapped)
      current = object ? defOf(object).shape?.[String(key)] : undefined
    }
  }
  const object = current ? objectMember(current) : undefined
  return object ? Object.keys(defOf(object).shape ?? {}) : undefined
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'boolean') return String(value)
  return `the ${typeof value} ${String(value)}`
}

function subject(path: readonly PropertyKey[]): string {
  return path.length ? `'${formatPath(path)}'` : 'the file'
}

/**
 * Turns zod issues into messages a person can act on: what is wrong, where (a path the caller locates), and what
 * is allowed, with a "did you mean" for unknown keys at any depth.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  value: unknown,
  base: readonly PropertyKey[] = [],
): PathProblem[] {
  const problems: PathProblem[] = []
  for (const issue of issues) {
    const path = [...base, ...issue.path]
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(schema, path) ?? []
        for (const key of issue.keys) {
          const where = path.length ? ` in '${formatPath(path)}'` : ''
          const hint = didYouMean(key, allowed)
          problems.push({
            path: [...path, key],
            key: true,
            message: `unknown key '${key}'${where}${hint}${hint ? ' ' : '; '}Allowed keys: ${allowed.join(', ')}.`,
          })
        }
        break
      }
      case 'invalid_value':
        problems.push({ path, message: `${subject(path)} must be one of ${issue.values.map(String).join(', ')}.` })
        break
      case 'invalid_type': {
        const actual = valueAt(value, path)
        const expected = EXPECTED[issue.expected] ?? issue.expected
        problems.push(
          actual === undefined
            ? { path, message: `${subject(path)} is required: ${expected}.` }
            : { path, message: `${subject(path)} must be ${expected}, not ${kindOf(actual)}.` },
        )
        break
      }
      case 'invalid_key':
        problems.push({
          path,
          key: true,
          message: `invalid key '${String(path[path.length - 1])}' in ${subject(path.slice(0, -1))}: expected ${issue.issues[0]?.message ?? 'another key'}.`,
        })
        break
      case 'invalid_union':
        problems.push(...describeUnion(issue, schema, value, path))
        break
      case 'too_small':
      case 'too_big': {
        const small = issue.code === 'too_small'
        const limit = small ? issue.minimum : issue.maximum
        const bound = issue.inclusive ? (small ? 'at least' : 'at most') : small ? 'more than' : 'less than'
        const unit = issue.origin === 'array' ? ` item${limit === 1 ? '' : 's'}` : issue.origin === 'string' ? ` character${limit === 1 ? '' : 's'}` : ''
        const verb = issue.origin === 'array' ? 'must list' : issue.origin === 'string' ? 'must have' : 'must be'
        problems.push({ path, message: `${subject(path)} ${verb} ${bound} ${String(limit)}${unit}.` })
        break
      }
      default:
        problems.push({ path, message: `${subject(path)}: ${issue.message}.`.replace(/\.\.$/, '.') })
    }
  }
  return problems
}

function describeUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
): PathProblem[] {
  // A branch whose complaints are about the value's insides matched its type: report those complaints.
  const typeMismatch = (branch: readonly z.core.$ZodIssue[]) =>
    branch.every((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value'))
  const matched = issue.errors.find((branch) => branch.length > 0 && !typeMismatch(branch))
  if (matched) return describeIssues(matched, schema, value, path)
  const choices: string[] = []
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.code === 'invalid_value') choices.push(...inner.values.map(String))
      else if (inner.code === 'invalid_type') {
        const keys = inner.expected === 'object' ? allowedKeysAt(schema, path) : undefined
        choices.push(`${EXPECTED[inner.expected] ?? inner.expected}${keys?.length ? ` with keys ${keys.join(', ')}` : ''}`)
      }
    }
  }
  const actual = valueAt(value, path)
  const last = choices.pop()
  const list = choices.length ? `${choices.join(', ')}, or ${last}` : String(last)
  return [{ path, message: `${subject(path)} must be one of ${list}; got ${kindOf(actual)}.` }]
}
