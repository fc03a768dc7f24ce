import json

from airflow.models import Connection, Variable
from airflow.hooks.base import BaseHook

warehouse = Connection(conn_id="warehouse", conn_type="postgres", host="warehouse.internal", login="etl", password="{{!password:py-20}}")  #!flag:AG207
crm = Connection(conn_id="crm", uri="mysql://app:{{!password:py-21}}@crm.internal:3306/crm")  #!flag:AG207
http = Connection(conn_id="partner", conn_type="http", extra={"api_token": "{{!password:py-22}}", "timeout": 30})  #!flag:AG207
sf = Connection(conn_id="sf", conn_type="snowflake", extra=json.dumps({"private_key_content": "{{!password:py-23}}"}))  #!flag:AG207
aws = Connection(conn_id="aws", conn_type="aws", extra={"region_name": "eu-west-1"})  #!clean
env_conn = Connection(conn_id="x", uri=BaseHook.get_connection("x").get_uri())  #!clean
local = Connection(conn_id="pg", conn_type="postgres", host="postgres", login="postgres", password="postgres")  #!notice
Variable.set("partner_api_token", "{{!password:py-24}}")  #!flag:AG207
Variable.set("last_sync", "2024-01-01T00:00:00")  #!clean
Variable.set("partner_api_token", Variable.get("bootstrap_token"))  #!clean
gh = Connection(conn_id="github", conn_type="github", password="{{!github-fine-grained:py-25}}")  #!flag:AG101
