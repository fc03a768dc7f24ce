from airflow.operators.bash import BashOperator

mk = BashOperator(task_id="mk", bash_command="airflow users create --username svc --password={{!password:lu-2}} --role Viewer --email s@v.c --firstname s --lastname v")  #!flag:AG301
ok = BashOperator(task_id="ok", bash_command="airflow users create --username svc --password {{ var.value.svc_password }} --role Viewer")  #!clean
