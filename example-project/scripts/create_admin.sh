#!/bin/sh
# Creates a local admin user in the deployed image (a violation: users come from SSO on Astro).
set -e
airflow users create --username ops --firstname Ops --lastname Team --role Admin --email ops@example.com --password Ops-Admin-2024
# local development only: the well-known default is a notice
airflow users create --username admin --password admin --role Admin --email admin@example.com --firstname a --lastname b
# clean: a random password
airflow users create --username viewer --role Viewer --use-random-password --email v@example.com --firstname v --lastname w
