import type { ParseProblem, Span } from '../engine/source-text.js'

export type PyTokenType = 'name' | 'number' | 'string' | 'op' | 'comment' | 'newline'

export interface PyToken {
  type: PyTokenType
  /** The raw source text of the token. */
  text: string
  start: number
  end: number
}

export interface PyStringToken extends PyToken {
  type: 'string'
  /** The lower-cased prefix letters: '', 'r', 'b', 'rb', 'f', 'fr', 'u', 't', ... */
  prefix: string
  /** The content between the quotes; escape sequences decoded unless raw. */
  value: string
  isFString: boolean
  isBytes: boolean
  isRaw: boolean
  isTriple: boolean
}

/** A small expression tree: enough to tell `password="s3cr3t"` from `password=Variable.get("x")`. */
export type PyExpr =
  | {
      kind: 'string'
      /** Implicitly concatenated literals are merged into one value. */
      value: string
      span: Span
      isFString: boolean
      /** An f-string with at least one `{...}` replacement field. */
      hasInterpolation: boolean
      isBytes: boolean
    }
  | { kind: 'number'; text: string; span: Span }
  | { kind: 'constant'; value: 'None' | 'True' | 'False'; span: Span }
  /** A name or dotted attribute chain: `x`, `os.environ`, `self.password`. */
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'call'; call: PyCall; span: Span }
  | { kind: 'tuple' | 'list' | 'set'; items: PyExpr[]; span: Span }
  | { kind: 'dict'; entries: PyDictEntry[]; span: Span }
  /** `target[key]`, e.g. `os.environ["X"]`; `target` is the dotted name or '' when not a simple name. */
  | { kind: 'subscript'; target: string; key: PyExpr; span: Span }
  /** Anything else (operators, lambdas, comprehensions, ...). */
  | { kind: 'other'; span: Span }

export interface PyKeywordArg {
  name: string
  nameSpan: Span
  value: PyExpr
}

export interface PyCall {
  /** Dotted callee name (`Connection`, `Variable.get`, `requests.get`); '' when the callee is not a simple name chain. */
  callee: string
  calleeSpan: Span
  args: PyExpr[]
  keywords: PyKeywordArg[]
  span: Span
}

export interface PyAssignment {
  /** For names and attributes the dotted name (`password`, `self.token`); for subscripts the target's dotted name (`os.environ`). */
  target: string
  targetKind: 'name' | 'attribute' | 'subscript'
  targetSpan: Span
  /** For subscript targets: the key expression (`"X"` in `os.environ["X"] = ...`). */
  subscriptKey: PyExpr | undefined
  value: PyExpr
  span: Span
}

export interface PyDictEntry {
  key: PyExpr
  value: PyExpr
  span: Span
}

export interface PythonModule {
  tokens: PyToken[]
  strings: PyStringToken[]
  comments: PyToken[]
  /** Every call in the file, nested ones included, in source order. */
  calls: PyCall[]
  /** Every simple (`=`, annotated `: T =`) assignment, at any depth; chained `a = b = "x"` yields one per target. */
  assignments: PyAssignment[]
  /** Every `key: value` of every dict display, at any depth. */
  dictEntries: PyDictEntry[]
  problems: ParseProblem[]
}

/** Tokenizes and lightly parses Python source. Never throws and never hangs: bad input gives `problems`. */
export function parsePython(text: string): PythonModule {
  void text
  throw new Error('not implemented')
}
