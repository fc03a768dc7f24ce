-- Read-only user for the partner extract.
CREATE USER partner_reader WITH PASSWORD 'Partner-Reader-99';
GRANT SELECT ON ALL TABLES IN SCHEMA marts TO partner_reader;
-- The right way: the password comes from a bind parameter.
CREATE USER reporting WITH PASSWORD %(reporting_password)s;
