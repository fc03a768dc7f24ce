import { isUtf8 } from 'node:buffer'
import type { DiscoveredFile, FileSource } from './file-source.js'
import type { UnreadableReason } from './scanned-file.js'
import { decodeText } from './source-text.js'

export interface LoadedText {
  text: string
  unreadable: UnreadableReason | undefined
  invalidUtf8: boolean
  /** Bytes on disk, when the source told (too large files included). */
  size?: number
}

/** How far into a file to look for a NUL byte when deciding it is binary (git's heuristic uses 8000 bytes). */
const BINARY_SNIFF_BYTES = 8000

function looksBinary(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.byteLength, BINARY_SNIFF_BYTES)
  // Buffer#indexOf searches natively (memchr); a JavaScript loop over every byte cost ~10% of a scan.
  return Buffer.from(bytes.buffer, bytes.byteOffset, limit).indexOf(0) !== -1
}

/** Reads a file once and decodes it; binary, oversized and unreadable files come back with a reason instead. */
export function loadFile(source: FileSource, entry: DiscoveredFile, maxBytes: number): LoadedText {
  if (source.readTransient) {
    const read = source.readTransient(entry.path, maxBytes)
    if (read === undefined) return { text: '', unreadable: 'read-error', invalidUtf8: false }
    if (read.bytes === undefined) return { text: '', unreadable: 'too-large', invalidUtf8: false, size: read.size }
    // Decoded at once: the bytes may live in a buffer the next read reuses.
    return { ...decodeBytes(read.bytes), size: read.size }
  }
  const bytes = source.read(entry.path, maxBytes)
  if (bytes === 'too-large') return { text: '', unreadable: 'too-large', invalidUtf8: false }
  if (bytes === undefined) return { text: '', unreadable: 'read-error', invalidUtf8: false }
  return decodeBytes(bytes)
}

function decodeBytes(bytes: Uint8Array): LoadedText {
  // UTF-16 files start with a BOM and are full of NULs; decode them rather than call them binary.
  if (bytes.byteLength >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const littleEndian = bytes[0] === 0xff
    const body = Buffer.from(bytes.subarray(2))
    if (!littleEndian) body.swap16()
    const text = body.toString('utf16le').replace(/\r\n/g, '\n')
    return { text, unreadable: undefined, invalidUtf8: false }
  }
  if (looksBinary(bytes)) return { text: '', unreadable: 'binary', invalidUtf8: false }
  const decoded = decodeText(bytes, isUtf8(bytes))
  return { text: decoded.text, unreadable: undefined, invalidUtf8: decoded.invalidUtf8 }
}
