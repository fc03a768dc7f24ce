import type { FileSet } from '../../src/engine/rule.js'

/**
 * Minimal Astro projects for rule cases: a Dockerfile FROM an Astro Runtime image beside a `dags/` folder, so the
 * engine detects the project and its Airflow major. Runtime 13.11.0 ships Airflow 2, Runtime 3.3-8 Airflow 3.
 */
export const AIRFLOW2_FROM = 'FROM quay.io/astronomer/astro-runtime:13.11.0\n'
export const AIRFLOW3_FROM = 'FROM astrocrpublic.azurecr.io/runtime:3.3-8\n'

/** An Airflow 2 project whose Dockerfile ends with `dockerfileTail`, plus `files`. */
export function airflow2Project(dockerfileTail = '', files: FileSet = {}): FileSet {
  return { Dockerfile: AIRFLOW2_FROM + dockerfileTail, 'dags/.airflowignore': '', ...files }
}

/** An Airflow 3 project whose Dockerfile ends with `dockerfileTail`, plus `files`. */
export function airflow3Project(dockerfileTail = '', files: FileSet = {}): FileSet {
  return { Dockerfile: AIRFLOW3_FROM + dockerfileTail, 'dags/.airflowignore': '', ...files }
}
