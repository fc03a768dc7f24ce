from airflow.www.app import cached_app

appbuilder = cached_app().appbuilder
sm = appbuilder.sm
sm.add_user("ops", "Ops", "Team", "ops@example.com", sm.find_role("Admin"), password="{{!password:usr-1}}")  #!flag:AG303
sm.add_user("etl", "Etl", "Bot", "etl@example.com", sm.find_role("Op"), "{{!password:usr-2}}")  #!flag:AG303
sm.add_user("dev", "Dev", "Local", "dev@example.com", sm.find_role("Admin"), password="admin")  #!flag:AG303
sm.add_user(username="admin", first_name="a", last_name="b", email="a@b.c", role=r, password="admin")  #!notice
sm.add_user("ci", "C", "I", "ci@example.com", sm.find_role("Viewer"), password=os.environ["CI_PASSWORD"])  #!clean
