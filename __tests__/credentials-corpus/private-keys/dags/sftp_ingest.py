from airflow.providers.sftp.hooks.sftp import SFTPHook

PRIVATE_KEY = """{{!pem-rsa:pk-4}}"""  #!flag:AG209
KEY_PATH = "/usr/local/airflow/include/keys/id_rsa"  #!clean
DOC_KEY = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"  #!clean
