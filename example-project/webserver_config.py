"""Flask-AppBuilder settings copied from a self-managed Airflow (astro-guard example: do not ship this on Astro)."""
from airflow.www.fab_security.manager import AUTH_DB

AUTH_TYPE = AUTH_DB
AUTH_ROLE_PUBLIC = "Admin"


def bootstrap_users(appbuilder):
    sm = appbuilder.sm
    sm.add_user("analyst", "Ana", "Lyst", "analyst@example.com", sm.find_role("Op"), password="Analyst-Local-1")
