#!/usr/bin/env bash
# Creates the analysts' Airflow logins when the container starts (the password comes from the environment).
set -euo pipefail
airflow users create \
  --username analyst \
  --role Viewer \
  --email analytics@acme.io \
  --firstname Analytics \
  --lastname Team \
  --password "$ANALYST_PASSWORD"
