import os  #!flag:AG214

from airflow.www.fab_security.manager import AUTH_DB, AUTH_OAUTH

AUTH_TYPE = AUTH_DB
AUTH_USER_REGISTRATION = True
AUTH_USER_REGISTRATION_ROLE = "Admin"  #!flag:AG302
SECRET_KEY = "{{!password:wsc-1}}"  #!flag:AG206
OAUTH_PROVIDERS = [{"name": "okta", "remote_app": {"client_id": "0oa1b2c3d4", "client_secret": "{{!password:wsc-2}}"}}]  #!flag:AG206
OAUTH_ENV_PROVIDERS = [{"name": "okta", "remote_app": {"client_id": "0oa1b2c3d4", "client_secret": os.environ["OKTA_SECRET"]}}]  #!clean
