import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@actions/core', () => ({ getInput: vi.fn(), debug: vi.fn() }))

import * as core from '@actions/core'
import { getInputs } from '../../src/action/inputs.js'

function withInputs(inputs: Record<string, string>): void {
  vi.mocked(core.getInput).mockImplementation((name: string) => inputs[name] ?? '')
}

describe("the action's runtime-feed input", () => {
  beforeEach(() => vi.resetAllMocks())

  it.each([
    [{}, 'auto'],
    [{ 'runtime-feed': 'auto' }, 'auto'],
    [{ 'runtime-feed': 'embedded' }, 'embedded'],
    [{ 'runtime-feed': 'https://mirror.corp.example/astronomer-runtime' }, 'https://mirror.corp.example/astronomer-runtime'],
  ])('reads %j as %s', (inputs, expected) => {
    withInputs(inputs)
    expect(String(getInputs().runtimeFeed)).toBe(expected)
    expect(core.debug).toHaveBeenCalledWith(`runtime-feed = '${expected}'`)
  })

  it.each([
    ['sometimes', 'sometimes'],
    ['ftp://feed.example/x', 'ftp://feed.example/x'],
    // Credentials in the URL are refused and never quoted back.
    ['https://user:hunter2hunter2@feed.example/x', 'https://***@feed.example/x'],
  ])('rejects %j, naming the input and the forms', (value, quoted) => {
    withInputs({ 'runtime-feed': value })
    expect(() => getInputs()).toThrow(
      `Input 'runtime-feed' was '${quoted}'; expected 'auto', 'embedded', or an http(s) URL (without credentials) of an Astro Runtime versions feed.`,
    )
  })
})
