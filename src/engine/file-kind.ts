import { posix } from 'node:path'

/**
 * What a file is, decided from its path alone so that discovery never has to read content to classify.
 * Rules declare the kinds they look at; the engine only hands them those.
 */
export const FILE_KINDS = [
  'dockerfile',
  'requirements',
  'packages',
  'airflow-settings',
  'dotenv',
  'python',
  'workflow',
  'yaml',
  'json',
  'ini',
  'shell',
  'sql',
  'markdown',
  'private-key',
  'netrc',
  'text',
] as const
export type FileKind = (typeof FILE_KINDS)[number]

const EXTENSION_KINDS: Record<string, FileKind> = {
  '.py': 'python',
  '.pyi': 'python',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.cfg': 'ini',
  '.ini': 'ini',
  '.conf': 'ini',
  '.toml': 'ini',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.sql': 'sql',
  '.md': 'markdown',
  '.mdx': 'markdown',
  '.rst': 'markdown',
  '.pem': 'private-key',
  '.key': 'private-key',
  '.p12': 'private-key',
  '.pfx': 'private-key',
}

const EXACT_NAME_KINDS: Record<string, FileKind> = {
  'packages.txt': 'packages',
  'airflow_settings.yaml': 'airflow-settings',
  'airflow_settings.yml': 'airflow-settings',
  '.netrc': 'netrc',
  '_netrc': 'netrc',
  '.pypirc': 'ini',
  'pip.conf': 'ini',
  'pip.ini': 'ini',
  'airflow.cfg': 'ini',
  'entrypoint': 'shell',
}

/** Classifies a repository-relative POSIX path. */
export function classifyPath(path: string): FileKind {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const lower = name.toLowerCase()
  const exact = EXACT_NAME_KINDS[lower]
  if (exact) return exact
  // The regular expressions run only on names that can match them: discovery classifies every file of the tree.
  // Dockerfile, Dockerfile.client, dev.Dockerfile, Containerfile
  if (lower.includes('erfile') && (/^(docker|container)file(\..+)?$/i.test(name) || /\.(docker|container)file$/i.test(name))) {
    return 'dockerfile'
  }
  const startsRequirements = lower.startsWith('requirements') || lower.startsWith('constraints')
  if (startsRequirements && (/^requirements([-_.].*)?\.(txt|in)$/i.test(name) || /^constraints([-_.].*)?\.txt$/i.test(name))) {
    return 'requirements'
  }
  if (/requirements\//i.test(path) && /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path)) return 'requirements'
  if (lower.startsWith('packages') && /^packages([-_.].*)?\.txt$/i.test(name)) return 'packages'
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv'
  const ext = posix.extname(lower)
  if ((ext === '.yml' || ext === '.yaml') && /(^|\/)\.github\/workflows\/[^/]+$/.test(path)) return 'workflow'
  if (ext === '.yml' || ext === '.yaml') {
    if (/^action\.ya?ml$/.test(lower) && path.includes('.github/')) return 'workflow'
  }
  return EXTENSION_KINDS[ext] ?? 'text'
}


/**
 * Kinds whose files are meant to be text: binary content in one of these is suspicious and worth a notice,
 * unlike in an image or archive (kind `text`) or a PKCS#12 key store (kind `private-key`).
 */
export const TEXT_FILE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([
  'dockerfile',
  'requirements',
  'packages',
  'airflow-settings',
  'dotenv',
  'python',
  'workflow',
  'yaml',
  'json',
  'ini',
  'shell',
  'netrc',
])
