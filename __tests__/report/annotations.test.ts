import { describe, expect, it } from 'vitest'
import { annotationCommand, selectAnnotations } from '../../src/report/annotations.js'
import { sampleFinding } from '../helpers/sample-report.js'

describe('selectAnnotations', () => {
  it('emits everything when within the limits', () => {
    const annotations = selectAnnotations([sampleFinding(0), sampleFinding(1, 'warning')], 'error', 'See the summary.')
    expect(annotations.map((a) => a.type)).toEqual(['error', 'warning'])
  })

  it('keeps 10 per type, gating findings first, and adds one notice with the count and where to look', () => {
    const findings = [
      ...Array.from({ length: 14 }, (_, i) => sampleFinding(i, 'warning')),
      ...Array.from({ length: 12 }, (_, i) => sampleFinding(100 + i, 'error', { outOfScope: i < 6 })),
      ...Array.from({ length: 15 }, (_, i) => sampleFinding(200 + i, 'notice')),
    ]
    const annotations = selectAnnotations(findings, 'error', 'See the job summary for all of them.')
    const count = (type: string) => annotations.filter((a) => a.type === type).length
    expect(count('error')).toBe(10)
    expect(count('warning')).toBe(10)
    expect(count('notice')).toBe(10)
    // The six in-scope errors are all among the ten shown.
    const shownErrors = annotations.filter((a) => a.type === 'error').map((a) => a.properties.line)
    for (let i = 6; i < 12; i++) expect(shownErrors).toContain(100 + i + 1)
    const overflow = annotations[annotations.length - 1]
    expect(overflow.type).toBe('notice')
    expect(overflow.message).toBe(
      'astro-guard found 41 problems; 12 more are not shown as annotations because GitHub keeps 10 per type per step. See the job summary for all of them.',
    )
  })

  it('gives columns only for single-line findings', () => {
    const multi = sampleFinding(0, 'error', { range: { startLine: 2, startColumn: 3, endLine: 4, endColumn: 1 } })
    const [annotation] = selectAnnotations([multi], 'error', '')
    expect(annotation.properties).toEqual({ title: 'AG201 Connection credential written in airflow_settings.yaml', file: 'projects/p0/airflow_settings.yaml', line: 2, endLine: 4 })
  })
})

describe('annotationCommand', () => {
  it('escapes data and properties as the runner expects', () => {
    const command = annotationCommand({
      type: 'warning',
      message: '100% sure\nsecond line',
      properties: { title: 'a, b: c', file: 'dags/x.py', line: 3, endLine: 3, col: 1, endColumn: 5 },
    })
    expect(command).toBe('::warning title=a%2C b%3A c,file=dags/x.py,line=3,endLine=3,col=1,endColumn=5::100%25 sure%0Asecond line')
  })
})
