"""Creates a shared analyst login when the webserver starts (astro-guard example: users belong in SSO)."""


def bootstrap_users(appbuilder):
    sm = appbuilder.sm
    sm.add_user("analyst", "Ana", "Lyst", "analyst@example.com", sm.find_role("Op"), password="Analyst-Local-1")
