"""Nightly sync of partner orders into the CRM database.

astro-guard example: the credential literals below are deliberate violations (made-up values); everything that reads
credentials at run time is the way to do it and stays clean.
"""
from datetime import datetime

import requests
from airflow.decorators import dag, task
from airflow.hooks.base import BaseHook
from airflow.models import Connection, Variable
from sqlalchemy import create_engine

# Violations (each is reported once):
CRM_ENGINE = create_engine("mysql+pymysql://crm_sync:Crm-Sync-Pass-77@crm.internal:3306/crm")  # AG208
LEGACY = Connection(conn_id="legacy_sftp", conn_type="sftp", host="sftp.partner.io", login="sync", password="Sftp-Legacy-2023")  # AG207

# Decoys that must stay clean:
password_field = "password"
SECRET_NAME = "partner/api-key"
PAYLOAD_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
RUN_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, tags=["partner"])
def crm_partner_sync():
    @task
    def fetch_orders() -> list[dict]:
        api = BaseHook.get_connection("partner_api")
        token = Variable.get("partner_api_token")
        response = requests.get(
            "https://api.partner.io/v1/orders",
            headers={"Authorization": f"Bearer {token}"},
            auth=(api.login, api.password),
            timeout=30,
        )
        # A literal password sent to the partner's legacy endpoint:
        requests.post("https://legacy.partner.io/login", data={"user": "sync", "password": "Partner-Sync-2024"}, timeout=30)  # AG206
        return response.json()

    @task(templates_dict={"password": "{{ conn.partner_api.password }}", "api_key": "{{ var.value.partner_api_key }}"})
    def push(rows: list[dict], templates_dict: dict | None = None) -> None:
        print(f"pushing {len(rows)} rows")

    push(fetch_orders())


crm_partner_sync()
