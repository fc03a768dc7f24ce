-- source: postgresql://etl:{{!password:uri-1}}@warehouse.internal:5432/dw  #!flag:AG208
-- docs: postgresql://user:password@host:5432/db  #!clean
-- local: postgresql://airflow:airflow@localhost:5432/airflow  #!notice
SELECT * FROM orders;  #!clean
