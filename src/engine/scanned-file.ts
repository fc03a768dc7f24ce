import type { AdvisoryIndex } from '../dependencies/advisories.js'
import type { Dockerfile } from '../parsers/dockerfile.js'
import type { EnvFile } from '../parsers/env-file.js'
import type { IniFile } from '../parsers/ini.js'
import type { PythonModule } from '../parsers/python.js'
import type { RequirementsFile } from '../parsers/requirements.js'
import type { YamlFile } from '../parsers/yaml.js'
import type { RuntimeCatalog } from '../runtime/catalog.js'
import type { BaseImage } from '../runtime/image-ref.js'
import type { FileKind } from './file-kind.js'
import type { ViewName, ViewTypes } from './lazy-file.js'
import type { SourceText } from './source-text.js'

/** Why a discovered file's content was not read. Such files still reach path-only rules. */
export type UnreadableReason = 'binary' | 'too-large' | 'read-error'

/**
 * One file as rules see it: its path, kind, git status and text, with parsed views computed on first use and
 * shared by every rule (each file is read once and each view parsed at most once).
 */
export interface ScannedFile {
  /** POSIX path relative to the scan root. */
  readonly path: string
  readonly kind: FileKind
  /** Whether git tracks the file; undefined when the scan root is not in a git work tree. */
  readonly tracked: boolean | undefined
  readonly size: number
  readonly unreadable: UnreadableReason | undefined
  /** The bytes were not valid UTF-8 (decoded with U+FFFD replacements). */
  readonly invalidUtf8: boolean
  /** Normalized text (no BOM, LF line ends); '' when unreadable. */
  readonly text: string
  readonly source: SourceText
  /** The Astro project the file belongs to (the nearest enclosing one), if any. */
  readonly project: ProjectInfo | undefined
  dockerfile(): Dockerfile
  requirements(): RequirementsFile
  dotenv(): EnvFile
  yaml(): YamlFile
  python(): PythonModule
  ini(): IniFile
  /** The text lower-cased, computed once per file and shared by every rule that asks. */
  lowerText(): string
  /**
   * Whether a lower-case keyword occurs in the text (ASCII letters case-insensitively). Free for keywords that some
   * rule running on this file's kind declares (the engine found them all in its one pass); others are searched.
   */
  hasKeyword(keyword: string): boolean
  /**
   * A parsed view that a rule already built for this file, or undefined: never parses. For rules that only care
   * about a structure when another rule needed it (the engine runs the scanner's own AG0xx rules last).
   */
  parsedView<K extends ViewName>(name: K): ViewTypes[K] | undefined
}

/**
 * An Astro project found in the scan root: a `dags/` folder beside a Dockerfile that builds FROM an Astro Runtime
 * (or Astronomer Certified) image, or beside an `.astro/config.yaml` whatever the Dockerfile's base image.
 */
export interface ProjectInfo {
  /** POSIX path of the project folder relative to the scan root; '' for the root itself. */
  root: string
  /** Path of the project's Dockerfile, relative to the scan root. */
  dockerfilePath: string | undefined
  /** The image the deployed stage is built from, as parsed from the Dockerfile. */
  baseImage: BaseImage | undefined
  /** Airflow major version the project runs, when the base image tells it. */
  airflowMajor: 2 | 3 | undefined
  /**
   * Airflow version the base image ships, when known: from the lifecycle data for Astro Runtime (a moving tag such
   * as `3.1` or `latest` counts as the build it points to today), from the tag for Certified and `apache/airflow`.
   */
  airflowVersion: string | undefined
  hasDags: boolean
}

/** Scan-wide settings rules may read (never the process environment). */
export interface RuleSettings {
  /** Extra values that mean "placeholder, not a secret" (from config). */
  placeholders: readonly string[]
  /** Registry prefixes that mirror Astronomer's images (from config). */
  trustedRegistries: readonly string[]
  /** Globs of test-fixture paths where credential rules only notice. */
  testFixturePaths: readonly string[]
}

/** What the engine hands every rule besides the files: the clock and data, injected so rules stay pure. */
export interface RuleEnvironment {
  /** Today's date, YYYY-MM-DD (injectable for reproducible verdicts). */
  today: string
  /** The Astro Runtime lifecycle table, loaded on first use. */
  runtimeCatalog(): RuntimeCatalog
  settings: RuleSettings
  /**
   * Known vulnerabilities of pinned packages, when the run was asked to check them (`vulnerability-check: osv`);
   * fetched before the scan so rules never touch the network. Absent when the check was not requested.
   */
  advisories?: () => AdvisoryIndex
}
