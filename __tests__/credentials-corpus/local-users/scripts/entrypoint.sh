#!/bin/bash
set -euo pipefail
airflow db migrate
airflow users create \
  --username ops \
  --role Admin \
  --password {{!password:lu-1}} \  #!flag:AG301
  --email ops@example.com --firstname Ops --lastname Team
airflow users create --username svc -r Op -e s@v.c -f s -l v -p '{{!lit:svc-Pass-2024}}'  #!flag:AG301
airflow users create --username random --role Viewer --use-random-password --email r@a.n --firstname r --lastname n  #!clean
airflow users create --username envpw --role Viewer --password "$VIEWER_PASSWORD" --email e@n.v --firstname e --lastname v  #!clean
airflow users create --username admin --password admin --role Admin --email a@b.c --firstname a --lastname b  #!notice
exec airflow scheduler
