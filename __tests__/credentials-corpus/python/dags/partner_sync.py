"""Partner sync DAG with every Python carrier."""
import os
from datetime import datetime

import requests
from airflow.decorators import dag, task
from airflow.hooks.base import BaseHook
from airflow.models import Variable
from requests.auth import HTTPBasicAuth

PARTNER_API_KEY = "{{!password:py-1}}"  #!flag:AG206
DB_PASSWORD = "{{!lit:airflow123}}"  #!flag:AG206
password_field = "password"  #!clean
TOKEN_KEY = "access_token"  #!clean
SECRET_NAME = "prod/partner/api-key"  #!clean
API_KEY_ENV = "PARTNER_API_KEY"  #!clean
EMPTY_PASSWORD = ""  #!clean
REPLACE_ME_TOKEN = "REPLACE_ME"  #!clean
placeholder_secret = "<your-client-secret>"  #!clean
masked = "********"  #!clean
max_tokens = 4096  #!clean
tokenizer = "cl100k_base"  #!clean
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  #!clean
RUN_UUID = "123e4567-e89b-12d3-a456-426614174000"  #!clean
CHECKSUM_MD5 = "d41d8cd98f00b204e9800998ecf8427e"  #!clean
LOGO_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="  #!clean


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False)
def partner_sync():
    @task
    def extract():
        conn = BaseHook.get_connection("partner_api")  #!clean
        api_key = Variable.get("partner_api_key")  #!clean
        token = os.environ["PARTNER_TOKEN"]  #!clean
        secret = os.getenv("PARTNER_CLIENT_SECRET")  #!clean
        fallback = os.getenv("PARTNER_TOKEN", "{{!password:py-2}}")  #!flag:AG206
        headers = {"Authorization": f"Bearer {token}"}  #!clean
        literal_headers = {"Authorization": "Bearer {{!password:py-3}}"}  #!flag:AG206
        requests.get("https://api.partner.io/v1", auth=(conn.login, conn.password))  #!clean
        requests.get("https://api.partner.io/v1", auth=("svc-airflow", "{{!password:py-4}}"))  #!flag:AG206
        requests.get("https://api.partner.io/v2", auth=HTTPBasicAuth("svc", "{{!lit:Partner#2024}}"))  #!flag:AG206
        requests.post("https://api.partner.io/v1/login", json={"username": "svc", "password": "{{!password:py-5}}"})  #!flag:AG206
        client = PartnerClient(api_key="{{!password:py-6}}", timeout=30)  #!flag:AG206
        client2 = PartnerClient(api_key=api_key, password=conn.password)  #!clean
        templated = PartnerClient(password="{{ conn.partner_api.password }}", api_key="{{ var.value.api_key }}")  #!clean
        return headers, literal_headers, fallback, secret, client, client2, templated

    extract()


partner_sync()
