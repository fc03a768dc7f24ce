import os

import psycopg2
import snowflake.connector
from sqlalchemy import create_engine


class WarehouseConfig:
    def __init__(self):
        self.user = "etl"
        self.password = "{{!password:py-7}}"  #!flag:AG206
        self.client_secret = os.environ.get("CLIENT_SECRET")  #!clean
        self.password_hash = "$2b$12$KIXQJQ5Q1ZfY9mZ0yH6cUeJxkO2x7eQeQv7gq0kqTg9x8mQ1oY5Ce"  #!clean


def connect_snowflake():
    return snowflake.connector.connect(user="ETL", password="{{!password:py-8}}", account="xy12345")  #!flag:AG206


def connect_pg():
    return psycopg2.connect("host=warehouse.internal dbname=dw user=etl password={{!password:py-9}}")  #!flag:AG206


def connect_pg_env():
    return psycopg2.connect(f"host=warehouse.internal dbname=dw user=etl password={os.environ['PGPASSWORD']}")  #!clean


ENGINE = create_engine("postgresql+psycopg2://etl:{{!password:py-10}}@warehouse.internal:5432/dw")  #!flag:AG208
LOCAL_ENGINE = create_engine("postgresql://postgres:postgres@localhost:5432/postgres")  #!notice
DOC_ENGINE = create_engine("postgresql://user:password@host:5432/db")  #!clean
REF_ENGINE = create_engine(f"postgresql://etl:{os.environ['PGPASSWORD']}@warehouse.internal/dw")  #!clean

settings = {}
settings["auth_token"] = "{{!password:py-11}}"  #!flag:AG206
settings["region"] = "eu-west-1"  #!clean
os.environ["WAREHOUSE_PASSWORD"] = "{{!password:py-12}}"  #!flag:AG205
os.environ["TZ"] = "UTC"  #!clean
os.environ.setdefault("AIRFLOW_CONN_WAREHOUSE", "postgresql://etl:{{!password:py-13}}@warehouse.internal/dw")  #!flag:AG203
os.environ["AIRFLOW_VAR_PARTNER_TOKEN"] = "{{!password:py-14}}"  #!flag:AG204
os.environ["AIRFLOW__CORE__FERNET_KEY"] = "{{!password:py-15}}"  #!flag
os.environ["ASTRO_API_TOKEN"] = "{{!astro-api-token:py-16}}"  #!flag:AG102
GITHUB_TOKEN = "{{!github-classic:py-17}}"  #!flag:AG101
SLACK_WEBHOOK = "{{!slack-webhook:py-18}}"  #!flag:AG101
AWS_SECRET_ACCESS_KEY = "{{!aws-secret-access-key:py-19}}"  #!flag:AG103
