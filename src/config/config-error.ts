/** A configuration problem: the CLI exits 2 and the action fails the step, quoting the value and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}
