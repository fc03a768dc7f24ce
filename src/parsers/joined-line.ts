import type { Span } from '../engine/source-text.js'

/**
 * A logical line made of several physical lines (Dockerfile and pip continuations), with a segment table that
 * maps offsets in the joined text back to the file, so spans stay exact across continuations.
 */
export interface JoinedSegments {
  text: string
  /** Joined offset at which each segment starts (ascending). */
  at: number[]
  /** File offset of each segment's first character. */
  from: number[]
}

/** Index of the last segment whose joined start satisfies `at <= offset` (or `< offset` when `exclusive`). */
function segmentOf(line: JoinedSegments, offset: number, exclusive: boolean): number {
  let low = 0
  let high = line.at.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    const at = line.at[mid]
    if (exclusive ? at < offset : at <= offset) low = mid
    else high = mid - 1
  }
  return low
}

/** File offset of the character at joined offset `offset` (a span start). */
function fileStart(line: JoinedSegments, offset: number): number {
  const segment = segmentOf(line, offset, false)
  return line.from[segment] + (offset - line.at[segment])
}

/** File offset just after the character before joined offset `offset` (a span end), never past a line break. */
function fileEnd(line: JoinedSegments, offset: number): number {
  if (offset <= 0) return line.from[0]
  const segment = segmentOf(line, offset, true)
  return line.from[segment] + (offset - line.at[segment])
}

/** Maps a joined span [start, end) to a file span. */
export function fileSpan(line: JoinedSegments, start: number, end: number): Span {
  if (end <= start) {
    const at = start >= line.text.length ? fileEnd(line, start) : fileStart(line, start)
    return { start: at, end: at }
  }
  return { start: fileStart(line, start), end: fileEnd(line, end) }
}
