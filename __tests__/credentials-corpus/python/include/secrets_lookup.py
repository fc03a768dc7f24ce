from airflow.providers.amazon.aws.secrets.secrets_manager import SecretsManagerBackend
from airflow.providers.hashicorp.hooks.vault import VaultHook

backend = SecretsManagerBackend(connections_prefix="airflow/connections")  #!clean
conn_uri = backend.get_conn_value(conn_id="warehouse")  #!clean
vault_password = VaultHook(vault_conn_id="vault").get_secret(secret_path="warehouse")["password"]  #!clean
secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/warehouse-AbCdEf"  #!clean
password = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db"  #!clean
token = "op://Engineering/partner-api/credential"  #!clean
api_key = "{{!lit:sk_partner_Ab12Cd34Ef56}}"  #!flag:AG206
