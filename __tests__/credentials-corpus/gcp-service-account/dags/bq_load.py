from airflow.models import Connection

KEYFILE = {
    "type": "service_account",
    "project_id": "analytics-prod",
    "private_key": "{{!pem-escaped:gcp-2}}",  #!flag:AG103
    "client_email": "loader@analytics-prod.iam.gserviceaccount.com",
}
GOOGLE_MAPS_KEY = "{{!gcp-api-key:gcp-3}}"  #!flag:AG103
