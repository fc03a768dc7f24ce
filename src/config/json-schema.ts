import { z } from 'zod'
import { RESPONSIBILITY_INFO } from '../engine/responsibility.js'
import type { AnyRule } from '../engine/rule.js'
import { SEVERITIES } from '../engine/severity.js'
import { ConfigSchema } from './config-schema.js'

/** Where the committed schema is published; editors fetch it from the `# yaml-language-server: $schema=` line. */
export const CONFIG_SCHEMA_URL = 'https://raw.githubusercontent.com/astro-guard/astro-guard/main/schema/astro-guard.schema.json'

type JsonSchema = Record<string, unknown>

function toJson(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  return rest
}

/** A rule's options as a JSON Schema; every option is optional in the file because defaults fill the rest. */
function optionsSchema(rule: AnyRule): JsonSchema {
  const { required: _required, ...rest } = toJson(rule.options?.schema ?? z.object({}).strict())
  return { description: 'Rule options; `astro-guard explain <id>` describes them.', ...rest }
}

function ruleSettingsSchema(rules: readonly AnyRule[], withOptions: boolean, description: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  for (const rule of rules) {
    const area = RESPONSIBILITY_INFO[rule.responsibility]
    const objectForm: JsonSchema = {
      type: 'object',
      properties: {
        severity: { enum: ['off', ...SEVERITIES], description: `off, error, warning or notice (default: ${rule.severity}).` },
        ...(withOptions && rule.options ? { options: optionsSchema(rule) } : {}),
      },
      additionalProperties: false,
    }
    properties[rule.id] = {
      description: `${rule.name}: ${rule.title} (default ${rule.severity}; responsibility ${area.number}, ${area.label}).`,
      anyOf: [{ enum: ['off', ...SEVERITIES] }, objectForm],
    }
  }
  return { description, type: 'object', properties, additionalProperties: false }
}

/**
 * The JSON Schema of `.astro-guard.yml`, generated from the zod schema that validates it, with the rule ids and
 * each rule's options spelled out so that editors complete them. Committed as schema/astro-guard.schema.json.
 */
export function configJsonSchema(rules: readonly AnyRule[]): JsonSchema {
  const base = toJson(ConfigSchema)
  const properties = { ...(base.properties as Record<string, JsonSchema>) }
  properties.rules = ruleSettingsSchema(rules, true, String(properties.rules.description))
  const overrides = properties.overrides
  const item = overrides.items as JsonSchema
  const itemProperties = item.properties as Record<string, JsonSchema>
  properties.overrides = {
    ...overrides,
    items: {
      ...item,
      properties: {
        ...itemProperties,
        rules: ruleSettingsSchema(rules, false, String(itemProperties.rules.description)),
      },
    },
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_URL,
    title: 'astro-guard configuration (.astro-guard.yml)',
    ...base,
    properties,
  }
}

export function renderConfigJsonSchema(rules: readonly AnyRule[]): string {
  return `${JSON.stringify(configJsonSchema(rules), null, 2)}\n`
}
