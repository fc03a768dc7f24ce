import { z } from 'zod'
import { FailOnSchema, SeveritySchema } from '../engine/severity.js'
import { folderProblem, globProblem } from './glob.js'

export const SCOPES = ['all', 'changed-files', 'changed-lines'] as const
export const ScopeSchema = z.enum(SCOPES)
export type Scope = z.infer<typeof ScopeSchema>

/** A picomatch glob relative to the scanned folder, checked when the file is loaded (see glob.ts). */
export const GlobSchema = z.string().superRefine((pattern, ctx) => {
  const problem = globProblem(pattern)
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid glob '${pattern}': ${problem}` })
})

const GlobListSchema = z.array(GlobSchema)

const FolderSchema = z.string().superRefine((path, ctx) => {
  const problem = folderProblem(path)
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid folder '${path}': ${problem}` })
})

const RuleSeveritySchema = z.union([z.literal('off'), SeveritySchema])

/** `off`, a severity, or an object with a severity and rule options. */
export const RuleSettingSchema = z.union([
  z.literal('off'),
  SeveritySchema,
  z
    .object({
      severity: RuleSeveritySchema.optional().describe('off, error, warning or notice (default: the rule\'s own).'),
      options: z.record(z.string(), z.unknown()).optional().describe('Rule options; `astro-guard explain <id>` lists them.'),
    })
    .strict(),
])
export type RuleSetting = z.infer<typeof RuleSettingSchema>

/** Rule id → setting. Ids are checked against the registry when the config is resolved (with a did-you-mean). */
export const RulesSettingsSchema = z.record(z.string(), RuleSettingSchema)

export const OverrideSchema = z
  .object({
    files: z.array(GlobSchema).min(1).describe('Globs of the files this override applies to.'),
    rules: RulesSettingsSchema.describe('Rule settings for those files, as under the top-level `rules`.'),
  })
  .strict()

export const ConfigSchema = z
  .object({
    'fail-on': FailOnSchema.optional().describe(
      'Lowest severity that fails the run: error, warning, notice or never (default: error). The `fail-on` input and `--fail-on` win over it.',
    ),
    scope: ScopeSchema.optional().describe(
      'Which findings gate a pull request: all, changed-files or changed-lines (default: changed-lines on pull requests).',
    ),
    include: GlobListSchema.optional().describe('Globs of files to scan (default: everything).'),
    exclude: GlobListSchema.optional().describe('Globs of files and folders to skip; `legacy/**` or `legacy` skips the folder.'),
    projects: z
      .array(FolderSchema)
      .optional()
      .describe(
        'Folders of the Astro projects, relative to the scanned folder (`.` for the folder itself). When set, these are the projects and auto-detection (a Dockerfile FROM an Astro Runtime image beside dags/) is off.',
      ),
    rules: RulesSettingsSchema.optional().describe('Per rule id: off, a severity, or {severity, options}.'),
    overrides: z
      .array(OverrideSchema)
      .optional()
      .describe('Rule settings for some paths; an entry applies to files matching its globs, and later entries win.'),
    baseline: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Baseline file of known findings that do not gate, relative to the scanned folder (default: .astro-guard-baseline.json when present). Write it with `astro-guard baseline`.',
      ),
    'trusted-registries': z
      .array(z.string().min(1))
      .optional()
      .describe('Registry prefixes that mirror Astronomer images, e.g. registry.corp.example/astronomer.'),
    placeholders: z.array(z.string()).optional().describe('Extra values that are placeholders, not secrets.'),
    'test-fixture-paths': GlobListSchema.optional().describe(
      'Globs of test fixtures where credential findings are only notices.',
    ),
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
