CREATE USER reporting WITH PASSWORD '{{!password:sql-1}}';  #!flag:AG215
CREATE USER loader PASSWORD = '{{!lit:Load3r-Pass-1}}' DEFAULT_ROLE = LOADER;  #!flag:AG215
CREATE USER 'app'@'%' IDENTIFIED BY '{{!password:sql-2}}';  #!flag:AG215
CREATE USER dev WITH PASSWORD 'airflow';  #!notice
CREATE USER templated WITH PASSWORD '{{ params.templated_password }}';  #!clean
CREATE USER bound WITH PASSWORD %(bound_password)s;  #!clean
ALTER USER expiring PASSWORD NULL;  #!clean
CREATE TABLE accounts (password_hash text, api_token_id int);  #!clean
-- prod: postgresql://admin:{{!lit:Pr0d-Admin-Pw}}@prod-db.corp.example.com/app  #!flag:AG208
