/**
 * The distributions that make up Airflow itself, which an Astro Runtime image already ships. Listing one in the
 * project's `requirements.txt` asks pip to install Airflow again. Runtime images built FROM a non-`-base` tag even
 * refuse a versioned `apache-airflow` line in their ONBUILD step ("Do not upgrade by specifying 'apache-airflow' in
 * your requirements.txt, change the base image instead!", `docker inspect quay.io/astronomer/astro-runtime:9.6.0`
 * OnBuild, as quoted in a public "Astro Devcontainer Example" README; seen for Runtime 9, not checked for newer ones).
 */
export const AIRFLOW_PACKAGES = ['apache-airflow', 'apache-airflow-core', 'apache-airflow-task-sdk'] as const
export type AirflowPackage = (typeof AIRFLOW_PACKAGES)[number]

export function isAirflowPackage(normalizedName: string): normalizedName is AirflowPackage {
  return (AIRFLOW_PACKAGES as readonly string[]).includes(normalizedName)
}

/**
 * The version of `name` that ships with Airflow `airflowVersion`, or undefined when the package does not exist for
 * that Airflow (`apache-airflow-core` and the Task SDK are Airflow 3 distributions).
 *
 * `apache-airflow` and `apache-airflow-core` carry Airflow's own version. The Task SDK has its own line, released
 * with each Airflow 3 release as 1.<minor>.<patch> (Airflow 3.0.x ↔ 1.0.x, 3.1.0 ↔ 1.1.0, 3.1.6 ↔ 1.1.6: pip
 * resolution logs and upgrade reports of public Airflow 3 projects; apache-airflow-core 3.1.0 requires
 * `apache-airflow-task-sdk<1.2.0,>=1.1.0`).
 */
export function shippedVersion(name: AirflowPackage, airflowVersion: string): string | undefined {
  const [major, minor, patch] = airflowVersion.split('.')
  if (name === 'apache-airflow') return airflowVersion
  if (major !== '3') return undefined
  return name === 'apache-airflow-core' ? airflowVersion : `1.${minor}.${patch ?? '0'}`
}
