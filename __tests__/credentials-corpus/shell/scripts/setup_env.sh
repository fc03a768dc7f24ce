#!/bin/sh
export DBT_CLOUD_API_KEY={{!password:sh-1}}  #!flag:AG205
export AIRFLOW_CONN_WAREHOUSE="postgresql://etl:{{!password:sh-2}}@warehouse.internal/dw"  #!flag:AG203
export SNOWFLAKE_PASSWORD="$(aws secretsmanager get-secret-value --secret-id prod/sf --query SecretString --output text)"  #!clean
export GOOGLE_APPLICATION_CREDENTIALS=/secrets/gcp.json  #!clean
export PARTNER_TOKEN=${PARTNER_TOKEN:-}  #!clean
DB_PASSWORD=$(cat /run/secrets/db_password)  #!clean
export ASTRO_API_TOKEN={{!astro-api-token:sh-3}}  #!flag:AG102
echo "done"
