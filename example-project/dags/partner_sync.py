"""Pulls partner orders from their API, stages them in the local object store, and posts a status message."""
from datetime import datetime

import requests
from airflow.decorators import dag, task

PARTNER_API = "https://api.partner-data.com/v1/orders"
# The partner's status hook only answers on plain HTTP.
STATUS_WEBHOOK_URL = "http://hooks.partner-alerts.com/services/analytics-nightly"
# The MinIO service of the local docker compose stack: plain HTTP inside the compose network is fine.
LANDING_BUCKET_URL = "http://minio:9000/landing"
PARTNER_CA_BUNDLE = "/usr/local/share/ca-certificates/partner-ca.pem"


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, tags=["partner"])
def partner_sync():
    @task
    def fetch() -> list[dict]:
        # The partner's certificate expired once; this was the "temporary" fix.
        response = requests.get(PARTNER_API, verify=False, timeout=30)
        response.raise_for_status()
        return response.json()["orders"]

    @task
    def fetch_invoices() -> list[dict]:
        # The safe way to trust a private CA.
        response = requests.get("https://api.partner-data.com/v1/invoices", verify=PARTNER_CA_BUNDLE, timeout=30)
        return response.json()["invoices"]

    @task
    def stage(orders: list[dict], invoices: list[dict]) -> int:
        requests.put(f"{LANDING_BUCKET_URL}/orders.json", json=orders, timeout=30)
        requests.put(f"{LANDING_BUCKET_URL}/invoices.json", json=invoices, timeout=30)
        return len(orders)

    @task
    def notify(count: int) -> None:
        requests.post(STATUS_WEBHOOK_URL, json={"text": f"{count} partner orders staged"}, timeout=10)

    notify(stage(fetch(), fetch_invoices()))


partner_sync()
