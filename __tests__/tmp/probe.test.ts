import { it } from 'vitest'
import { parsePython } from '../../src/parsers/python.js'
it('probe', () => {
  const src = `import os\nos.environ["AIRFLOW_CONN_X"] = "postgres://u:p@h/db"\nc = Connection(conn_id="x", password='s3cr3t', extra={"token": "abc"})\nheaders = {"Authorization": f"Bearer {tok}"}\nx: str = "a" "b"\nrequests.get(url, auth=("u", "pw"))\n`
  const m = parsePython(src)
  const show = (s: {start:number,end:number}) => JSON.stringify(src.slice(s.start, s.end))
  for (const a of m.assignments) console.log('assign', a.target, a.targetKind, a.subscriptKey && a.subscriptKey.kind, a.value.kind, show(a.value.span))
  for (const c of m.calls) console.log('call', c.callee, c.args.map(a=>a.kind), c.keywords.map(k=>k.name+':'+k.value.kind+show(k.value.span)))
  for (const d of m.dictEntries) console.log('dict', show(d.key.span), show(d.value.span))
  for (const s of m.strings) console.log('str', JSON.stringify(s.text), s.start, s.end, s.hasInterpolation)
})
