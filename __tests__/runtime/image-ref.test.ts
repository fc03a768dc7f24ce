import { describe, expect, it } from 'vitest'
import { airflowMajorOf, parseImageReference, parseRuntimeTag } from '../../src/runtime/image-ref.js'
import { compareRuntimeVersions, parseRuntimeVersion, seriesOf } from '../../src/runtime/runtime-version.js'

const SPAN = { start: 0, end: 0 }
const DIGEST = `sha256:${'ab'.repeat(32)}`
const MIRRORS = ['registry.corp.example/astronomer-mirror', 'https://harbor.corp.example/']

describe('parseRuntimeTag: every Astro Runtime tag grammar', () => {
  it.each([
    // Airflow 2 era, semver (research §1.1)
    ['13.11.0', { kind: 'pinned', scheme: 'semver', version: '13.11.0', variants: [] }],
    ['5.0.6-base', { kind: 'pinned', scheme: 'semver', version: '5.0.6', variants: ['base'], variantSuffix: '-base' }],
    ['10.3.0-python-3.11', { kind: 'pinned', version: '10.3.0', variants: ['python-3.11'], python: '3.11' }],
    ['11.0.0-slim', { kind: 'pinned', version: '11.0.0', variants: ['slim'] }],
    ['11.0.0-python-3.11-slim-base', { kind: 'pinned', version: '11.0.0', variants: ['python-3.11', 'slim', 'base'], variantSuffix: '-python-3.11-slim-base' }],
    ['11.0.0-python-3.11-base', { kind: 'pinned', version: '11.0.0', variants: ['python-3.11', 'base'] }],
    ['3.0.0', { kind: 'pinned', scheme: 'semver', version: '3.0.0' }],
    // Airflow 3 era, A.B-N (research §1.2)
    ['3.0-1', { kind: 'pinned', scheme: 'airflow3', version: '3.0-1' }],
    ['3.1-12', { kind: 'pinned', scheme: 'airflow3', version: '3.1-12' }],
    ['3.10-2', { kind: 'pinned', scheme: 'airflow3', version: '3.10-2' }],
    ['3.1-12-python-3.12', { kind: 'pinned', version: '3.1-12', python: '3.12', variantSuffix: '-python-3.12' }],
    ['3.1-12-python-3.11-base', { kind: 'pinned', version: '3.1-12', variants: ['python-3.11', 'base'] }],
    ['3.1-12-ubi9-python-3.11', { kind: 'pinned', version: '3.1-12', variants: ['ubi9', 'python-3.11'], variantSuffix: '-ubi9-python-3.11' }],
    ['3.1-12-slim-base', { kind: 'pinned', version: '3.1-12', variants: ['slim', 'base'] }],
    ['3.0-1-nightly20250220', { kind: 'pinned', version: '3.0-1-nightly20250220', prerelease: 'nightly20250220', variantSuffix: '' }],
    ['3.0-1-nightly20250220-python-3.12', { kind: 'pinned', version: '3.0-1-nightly20250220', prerelease: 'nightly20250220', python: '3.12' }],
    ['3.1-1.dev1', { kind: 'pinned', version: '3.1-1-dev1', prerelease: 'dev1' }],
    // Moving tags
    ['3.1', { kind: 'floating', floatingPrefix: '3.1', version: undefined }],
    ['3', { kind: 'floating', floatingPrefix: '3' }],
    ['3.1-python-3.12', { kind: 'floating', floatingPrefix: '3.1', python: '3.12', variantSuffix: '-python-3.12' }],
    ['latest', { kind: 'latest', floatingPrefix: '' }],
    [undefined, { kind: 'latest', floatingPrefix: '' }],
    // No Runtime version at all
    ['main', { kind: 'unparsed' }],
    ['', { kind: 'unparsed' }],
    ['3.1-12--base', { kind: 'unparsed' }],
    ['3.1-nightly', { kind: 'unparsed' }],
  ])('%j', (tag, expected) => {
    expect(parseRuntimeTag(tag)).toMatchObject(expected)
  })
})

describe('parseImageReference: every image form', () => {
  it.each([
    ['quay.io/astronomer/astro-runtime:13.11.0', { family: 'astro-runtime', registry: 'quay.io', repository: 'astronomer/astro-runtime', name: 'quay.io/astronomer/astro-runtime', version: '13.11.0', scheme: 'semver', floating: false }],
    ['astrocrpublic.azurecr.io/runtime:3.1-12', { family: 'astro-runtime', registry: 'astrocrpublic.azurecr.io', repository: 'runtime', version: '3.1-12', scheme: 'airflow3' }],
    ['air.astronomer.io/runtime:3.0-1-nightly20250220', { family: 'astro-runtime', registry: 'air.astronomer.io', version: '3.0-1-nightly20250220' }],
    ['astrocrpublic.azurecr.io/runtime:3.1', { family: 'astro-runtime', version: '3.1', scheme: undefined, floating: true }],
    ['astrocrpublic.azurecr.io/runtime', { family: 'astro-runtime', tag: undefined, floating: true }],
    ['quay.io/astronomer/astro-runtime:latest', { family: 'astro-runtime', floating: true }],
    [`quay.io/astronomer/astro-runtime@${DIGEST}`, { family: 'astro-runtime', tag: undefined, digest: DIGEST, floating: false }],
    [`quay.io/astronomer/astro-runtime:13.11.0@${DIGEST}`, { tag: '13.11.0', digest: DIGEST, version: '13.11.0', name: 'quay.io/astronomer/astro-runtime' }],
    [`astrocrpublic.azurecr.io/runtime:3.1@${DIGEST}`, { version: '3.1', floating: false }],
    // Astronomer Certified, every registry (research §1.3)
    ['quay.io/astronomer/ap-airflow:2.3.4-7-onbuild', { family: 'astronomer-certified', airflowVersion: '2.3.4' }],
    ['astronomerinc/ap-airflow:1.10.12-buster-onbuild', { family: 'astronomer-certified', registry: 'docker.io', airflowVersion: '1.10.12' }],
    ['docker.io/astronomerinc/ap-airflow:latest-onbuild', { family: 'astronomer-certified', airflowVersion: undefined }],
    ['quay.io/astronomer/ap-airflow', { family: 'astronomer-certified', tag: undefined }],
    // Others
    ['apache/airflow:2.9.3-python3.11', { family: 'apache-airflow', registry: 'docker.io', airflowVersion: '2.9.3' }],
    ['docker.io/apache/airflow:slim-3.0.2', { family: 'apache-airflow', airflowVersion: '3.0.2' }],
    ['index.docker.io/apache/airflow', { family: 'apache-airflow', airflowVersion: undefined }],
    ['python:3.12-slim', { family: 'other', registry: 'docker.io', repository: 'library/python', runtimeTag: undefined }],
    ['scratch', { family: 'other', repository: 'library/scratch' }],
    ['ghcr.io/apache/airflow:2.9.3', { family: 'other' }],
    ['images.astronomer.cloud/baseimages/astro-remote-execution-agent:3.1-1-python-3.12-astro-agent-1.1.0', { family: 'astro-agent' }],
    ['localhost:5000/astronomer/astro-runtime:12.0.0', { family: 'astro-runtime', registry: 'localhost:5000', name: 'localhost:5000/astronomer/astro-runtime', version: '12.0.0' }],
    // Copies under another registry that keep Astronomer's path are recognised without configuration.
    ['artifactory.corp.example/quay.io/astronomer/astro-runtime:11.8.0', { family: 'astro-runtime', mirror: undefined, version: '11.8.0' }],
    ['registry.corp.example/runtime:3.1-12', { family: 'other' }],
  ])('%s', (reference, expected) => {
    expect(parseImageReference(reference, SPAN)).toMatchObject(expected)
  })

  it.each([
    // Trusted mirror prefixes: with or without the upstream host, and the `runtime` repository.
    ['registry.corp.example/astronomer-mirror/astronomer/astro-runtime:11.8.0', { family: 'astro-runtime', registry: 'quay.io', mirror: 'registry.corp.example/astronomer-mirror', name: 'registry.corp.example/astronomer-mirror/astronomer/astro-runtime', version: '11.8.0' }],
    ['registry.corp.example/astronomer-mirror/quay.io/astronomer/astro-runtime:11.8.0', { family: 'astro-runtime', registry: 'quay.io', mirror: 'registry.corp.example/astronomer-mirror' }],
    ['REGISTRY.corp.example/astronomer-mirror/runtime:3.1-12', { family: 'astro-runtime', registry: 'astrocrpublic.azurecr.io', repository: 'runtime', version: '3.1-12' }],
    ['harbor.corp.example/runtime:3.1', { family: 'astro-runtime', floating: true, mirror: 'harbor.corp.example' }],
    ['harbor.corp.example/astronomerinc/ap-airflow:2.2.5-onbuild', { family: 'astronomer-certified', registry: 'docker.io' }],
    // A prefix only counts on a path-segment boundary.
    ['registry.corp.example/astronomer-mirrored/runtime:3.1-12', { family: 'other', mirror: undefined }],
  ])('through a trusted mirror: %s', (reference, expected) => {
    expect(parseImageReference(reference, SPAN, MIRRORS)).toMatchObject(expected)
  })

  it.each([
    ['quay.io/astronomer/astro-runtime:3.0.4', 2],
    ['astrocrpublic.azurecr.io/runtime:3.0-1', 3],
    ['astrocrpublic.azurecr.io/runtime:3.1', 3],
    ['quay.io/astronomer/astro-runtime:latest', undefined],
    ['quay.io/astronomer/ap-airflow:2.3.4-onbuild', 2],
    ['astronomerinc/ap-airflow:1.10.12-onbuild', undefined],
    ['apache/airflow:3.0.2', 3],
    ['python:3.12', undefined],
  ])('airflowMajorOf(%s) without a lookup is %s', (reference, major) => {
    expect(airflowMajorOf(parseImageReference(reference, SPAN))).toBe(major)
  })
})

describe('Runtime version order', () => {
  const sorted = ['2.1.1', '3.0.0', '3.0.4', '4.0.10', '9.10.0', '12.5.0', '13.11.0', '3.0-1-nightly20250220', '3.0-1', '3.0-7', '3.1-1', '3.9-1', '3.10-1']
  it('orders like the Astro CLI: every A.B-N tag after every semver tag, numbers numerically, pre-releases first', () => {
    const shuffled = [...sorted].reverse()
    const parsed = shuffled.map((text) => parseRuntimeVersion(text)!)
    expect(parsed.sort(compareRuntimeVersions).map((version) => version.text)).toEqual(sorted)
  })

  it.each([
    ['13.11.0', '13'],
    ['3.0.4', '3'],
    ['3.0-18', '3.0'],
    ['3.10-2', '3.10'],
  ])('series of %s is %s', (text, series) => {
    expect(seriesOf(parseRuntimeVersion(text)!)).toBe(series)
  })

  it.each(['13.11', '3.1', 'v13.11.0', '3.1-', '13.11.0.1'])('%s is no Runtime version', (text) => {
    expect(parseRuntimeVersion(text)).toBeUndefined()
  })
})
