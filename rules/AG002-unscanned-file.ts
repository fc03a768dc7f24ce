import { FILE_KINDS, TEXT_FILE_KINDS } from '../src/engine/file-kind.js'
import { defineFileRule } from '../src/engine/rule.js'

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
}

export const rule = defineFileRule({
  id: 'AG002',
  name: 'unscanned-file',
  title: 'File that was not scanned',
  severity: 'notice',
  responsibility: 'secure-pipelines',
  kinds: FILE_KINDS,
  includeUnreadable: true,
  messages: {
    TOO_LARGE: (p: { size: string }) =>
      `This file (${p.size}) is larger than the configured max-file-size and was not scanned.`,
    BINARY_TEXT_FILE: (p: { kind: string }) =>
      `This ${p.kind} file contains NUL bytes and was treated as binary, so it was not scanned.`,
    READ_ERROR: (_: Record<string, never>) => 'This file could not be read and was not scanned.',
    INVALID_UTF8: (_: Record<string, never>) =>
      'This file is not valid UTF-8; undecodable bytes were replaced before scanning, so matches across them may be missed.',
    SYMLINK_SKIPPED: (p: { detail: string }) => `This symbolic link was not followed: it ${p.detail}.`,
    UNREADABLE_DIRECTORY: (_: { detail: string }) => 'This folder could not be read, so its files were not scanned.',
  },
  docs: {
    what: 'Reports files astro-guard did not scan, or scanned only partly: files above `max-file-size`, text files with binary content, invalid UTF-8, unreadable files and folders, and symbolic links that point outside the scanned folder.',
    why: 'A scanner that silently skips a file gives false confidence. Each skipped file is named so a reviewer can decide whether it needs a look.',
    fix: 'Raise `max-file-size` in `.astro-guard.yml`, re-encode the file as UTF-8, or exclude the path explicitly with `exclude:` if it is not part of the project.',
    examples: {
      bad: { 'dags/legacy.py': 'x = 1\u0000\n' },
      good: { 'dags/etl.py': 'print("hello")\n' },
    },
  },
  check({ file, report }) {
    const span = { start: 0, end: 0 }
    switch (file.unreadable) {
      case 'too-large':
        report({ messageId: 'TOO_LARGE', data: { size: megabytes(file.size) }, span })
        return
      case 'binary':
        if (TEXT_FILE_KINDS.has(file.kind)) report({ messageId: 'BINARY_TEXT_FILE', data: { kind: file.kind }, span })
        return
      case 'read-error':
        report({ messageId: 'READ_ERROR', data: {}, span })
        return
      case undefined:
        if (file.invalidUtf8) report({ messageId: 'INVALID_UTF8', data: {}, span })
    }
  },
  cases: {
    flag: [
      {
        name: 'NUL byte in a Python file',
        files: { 'dags/etl.py': 'x = 1\u0000\n' },
        findings: [{ file: 'dags/etl.py', line: 1, messageId: 'BINARY_TEXT_FILE' }],
      },
    ],
    pass: [
      { name: 'binary image is counted, not reported', files: { 'include/logo.png': '\u0089PNG\u0000\u0000' } },
      { name: 'plain UTF-8 text', files: { 'dags/etl.py': 'print("héllo")\n' } },
      { name: 'UTF-8 with BOM and CRLF', files: { 'dags/etl.py': '\uFEFFx = 1\r\ny = 2\r\n' } },
    ],
  },
})
