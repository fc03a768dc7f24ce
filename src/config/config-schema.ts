import { z } from 'zod'
import { FailOnSchema, SeveritySchema } from '../engine/severity.js'

export const SCOPES = ['all', 'changed-files', 'changed-lines'] as const
export const ScopeSchema = z.enum(SCOPES)
export type Scope = z.infer<typeof ScopeSchema>

/** `off`, a severity, or an object with a severity and rule options. */
export const RuleSettingSchema = z.union([
  z.literal('off'),
  SeveritySchema,
  z
    .object({
      severity: z.union([z.literal('off'), SeveritySchema]).optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
])
export type RuleSetting = z.infer<typeof RuleSettingSchema>

const RuleIdKey = z.string().regex(/^AG\d{3}$/, 'a rule id such as AG201')

export const ConfigSchema = z
  .object({
    'fail-on': FailOnSchema.optional().describe('Lowest severity that fails the run (default: error).'),
    scope: ScopeSchema.optional().describe('Which findings gate a pull request (default: changed-lines on pull requests).'),
    include: z.array(z.string()).optional().describe('Globs of files to scan (default: everything).'),
    exclude: z.array(z.string()).optional().describe('Globs of files and folders to skip.'),
    rules: z.record(RuleIdKey, RuleSettingSchema).optional().describe('Per-rule severity, `off`, or options.'),
    overrides: z
      .array(
        z
          .object({
            files: z.array(z.string()).min(1),
            rules: z.record(RuleIdKey, RuleSettingSchema),
          })
          .strict(),
      )
      .optional()
      .describe('Per-path rule settings; later entries win.'),
    'trusted-registries': z
      .array(z.string())
      .optional()
      .describe('Registry prefixes that mirror Astronomer images, e.g. registry.corp.example/astronomer.'),
    placeholders: z.array(z.string()).optional().describe('Extra values that are placeholders, not secrets.'),
    'test-fixture-paths': z
      .array(z.string())
      .optional()
      .describe('Globs of test fixtures where credential findings are only notices.'),
    'max-file-size': z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Files larger than this many bytes are not read (a notice says so). Default 33554432 (32 MiB).'),
  })
  .strict()
export type Config = z.infer<typeof ConfigSchema>

export const DEFAULT_MAX_FILE_SIZE = 32 * 1024 * 1024
