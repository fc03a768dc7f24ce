import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml'

/** 1-based line and column in a YAML or JSON file. */
export interface Position {
  line: number
  col: number
}

/**
 * Finds where a value (or, with `key`, the key of its last path element) sits in a parsed YAML document, so
 * errors about the configuration or the baseline file can name a line and column. A path that leaves the
 * document gives the deepest node that exists on the way.
 */
export type Locate = (path: readonly PropertyKey[], options?: { key?: boolean }) => Position

export function yamlLocator(root: Node | null | undefined, lineCounter: LineCounter): Locate {
  return (path, options) => {
    const node = nodeAt(root, path, options?.key ?? false)
    if (!node?.range) return { line: 1, col: 1 }
    return lineCounter.linePos(node.range[0])
  }
}

function nodeAt(root: Node | null | undefined, path: readonly PropertyKey[], wantKey: boolean): Node | undefined {
  let node: Node | null | undefined = root
  let deepest: Node | undefined = root ?? undefined
  for (let index = 0; index < path.length; index++) {
    const key = path[index]
    const last = index === path.length - 1
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key))
      if (!pair) return deepest
      if (last && wantKey) return pair.key as Node
      // `key:` with no value: point at the key.
      deepest = (pair.value as Node | null) ?? (pair.key as Node)
      node = pair.value as Node | null
    } else if (isSeq(node) && typeof key === 'number' && key < node.items.length) {
      node = node.items[key] as Node | null
      if (node) deepest = node
    } else {
      return deepest
    }
  }
  return deepest
}
