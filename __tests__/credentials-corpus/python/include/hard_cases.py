import subprocess

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator


def connect(host, user="etl", password="{{!password:hc-1}}"):  #!flag:AG206
    return host, user, password


def connect_env(host, password=None):  #!clean
    return host, password


dbPass = "{{!lit:Camel-Case-77}}"  #!flag:AG206
IMPLICIT = {"api_key": "hunter" "2024xyz"}  #!flag:AG206
SPLIT_PASSWORD = "hun" + "ter2-2024"  #!flag
subprocess.run(["airflow", "users", "create", "--username", "bot", "--password", "{{!password:hc-2}}", "--role", "Op"])  #!flag:AG301
pod = KubernetesPodOperator(task_id="mk", cmds=["airflow"], arguments=["users", "create", "--username", "x", "--password", "$(PW)"])  #!clean
PASSWORD_SHA256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"  #!clean
PASSWORD_REGEX = r"^(?=.*[A-Z])(?=.*[0-9]).{12,}$"  #!clean
password_prompt = "Enter your password:"  #!clean
ERROR_INVALID_TOKEN = "invalid_token"  #!clean
GRANT_TYPE = "password"  #!clean
token_type = "Bearer"  #!clean
HEADERS = {"X-API-Key": "{{!password:hc-3}}"}  #!flag:AG206
cursor.execute("CREATE USER reporting WITH PASSWORD '{{!password:hc-4}}'")  #!flag:AG215
cursor.execute("SELECT password_hash FROM users WHERE id = %s", (1,))  #!clean
ENCRYPTED = "ENC[AES256_GCM,data:Zm9vYmFy,iv:abc,tag:def,type:str]"  #!clean
