import { parseDockerfile, type Dockerfile } from '../parsers/dockerfile.js'
import { parseEnvFile, type EnvFile } from '../parsers/env-file.js'
import { parseIni, type IniFile } from '../parsers/ini.js'
import { parsePython, type PythonModule } from '../parsers/python.js'
import { parseRequirements, type RequirementsFile } from '../parsers/requirements.js'
import { parseYaml, type YamlFile } from '../parsers/yaml.js'
import type { DiscoveredFile } from './file-source.js'
import type { FileKind } from './file-kind.js'
import type { ProjectInfo, ScannedFile, UnreadableReason } from './scanned-file.js'
import { type ParseProblem, SourceText } from './source-text.js'

export type ViewName = 'dockerfile' | 'requirements' | 'dotenv' | 'yaml' | 'python' | 'ini'

interface ViewDefinition<T> {
  parse(text: string): T
  /** What a view holds when its parser failed unexpectedly: empty, so rules simply find nothing. */
  empty(): T
}

const VIEWS: { [K in ViewName]: ViewDefinition<ViewTypes[K]> } = {
  dockerfile: {
    parse: parseDockerfile,
    empty: () => ({ instructions: [], stages: [], globalArgs: [], escapeChar: '\\', problems: [] }),
  },
  requirements: { parse: parseRequirements, empty: () => ({ lines: [], problems: [] }) },
  dotenv: { parse: parseEnvFile, empty: () => ({ entries: [], problems: [] }) },
  yaml: { parse: parseYaml, empty: () => ({ documents: [], problems: [] }) },
  python: {
    parse: parsePython,
    empty: () => ({ tokens: [], strings: [], comments: [], calls: [], assignments: [], dictEntries: [], problems: [] }),
  },
  ini: { parse: parseIni, empty: () => ({ sections: [], problems: [] }) },
}

export interface ViewTypes {
  dockerfile: Dockerfile
  requirements: RequirementsFile
  dotenv: EnvFile
  yaml: YamlFile
  python: PythonModule
  ini: IniFile
}

/** The view that states whether a file of this kind is well-formed (for the unparseable-file rule). */
export const STRUCTURAL_VIEW: Partial<Record<FileKind, ViewName>> = {
  dockerfile: 'dockerfile',
  requirements: 'requirements',
  dotenv: 'dotenv',
  'airflow-settings': 'yaml',
  workflow: 'yaml',
  yaml: 'yaml',
  json: 'yaml',
}

/** A discovered file with its decoded text; each parsed view is built on first use and then shared. */
export class LazyFile implements ScannedFile {
  readonly path: string
  readonly kind: FileKind
  readonly tracked: boolean | undefined
  readonly size: number
  readonly source: SourceText
  private readonly views = new Map<ViewName, unknown>()
  /** Parser failures that were not supposed to happen (a bug in a parser), reported as unparseable. */
  readonly parserFailures: ParseProblem[] = []
  private lower: string | undefined
  /** What the engine's keyword pass looked for in this file, and what it found (see setKeywordHits). */
  private keywordsSearched: ReadonlySet<string> | undefined
  private keywordsFound: ReadonlySet<string> | undefined

  constructor(
    entry: DiscoveredFile,
    readonly text: string,
    readonly unreadable: UnreadableReason | undefined,
    readonly invalidUtf8: boolean,
    readonly project: ProjectInfo | undefined,
  ) {
    this.path = entry.path
    this.kind = entry.kind
    this.tracked = entry.tracked
    this.size = entry.size
    this.source = new SourceText(text)
  }

  /** The text lower-cased, computed once per file for every rule that asks. */
  lowerText(): string {
    this.lower ??= this.text.toLowerCase()
    return this.lower
  }

  /**
   * Whether a lower-case keyword occurs in the text (ASCII case-insensitively). The keywords of the rules that run on
   * this kind were all found in the engine's one pass over the file; any other keyword is looked up in lowerText().
   */
  hasKeyword(keyword: string): boolean {
    if (this.keywordsFound && this.keywordsSearched?.has(keyword)) return this.keywordsFound.has(keyword)
    return this.lowerText().includes(keyword)
  }

  /** The engine's keyword pass: `searched` are the keywords it looked for, `found` those that occur. */
  setKeywordHits(searched: ReadonlySet<string>, found: ReadonlySet<string>): void {
    this.keywordsSearched = searched
    this.keywordsFound = found
  }

  view<K extends ViewName>(name: K): ViewTypes[K] {
    const existing = this.views.get(name)
    if (existing !== undefined) return existing as ViewTypes[K]
    const definition = VIEWS[name] as ViewDefinition<ViewTypes[K]>
    let value: ViewTypes[K]
    try {
      value = definition.parse(this.text)
    } catch (error) {
      this.parserFailures.push({
        message: `the ${name} parser failed: ${error instanceof Error ? error.message : String(error)}`,
        span: { start: 0, end: 0 },
      })
      value = definition.empty()
    }
    this.views.set(name, value)
    return value
  }

  /** A view some rule already built, without parsing (undefined when none did). */
  parsedView<K extends ViewName>(name: K): ViewTypes[K] | undefined {
    return this.views.get(name) as ViewTypes[K] | undefined
  }

  dockerfile(): Dockerfile {
    return this.view('dockerfile')
  }
  requirements(): RequirementsFile {
    return this.view('requirements')
  }
  dotenv(): EnvFile {
    return this.view('dotenv')
  }
  yaml(): YamlFile {
    return this.view('yaml')
  }
  python(): PythonModule {
    return this.view('python')
  }
  ini(): IniFile {
    return this.view('ini')
  }
}
