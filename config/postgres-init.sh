#!/bin/sh
# docker-compose.yml's PostgreSQL, first start: the owner role, the application role and the
# database, owned by the owner. The application role's rights on the tables come after every
# migrate (`manage.py grant_application_role`, bin/production migrate); docs/security.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_password="$OPSTAP_OWNER_DB_PASSWORD" -v app_password="$OPSTAP_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE opstap_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE opstap_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE opstap OWNER opstap_owner;
REVOKE ALL ON DATABASE opstap FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE opstap TO opstap_app;
SQL
