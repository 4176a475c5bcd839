#!/bin/bash
# Sourced by the postgres entrypoint on first start in the cytomine/postgis stand-in: the real image also creates
# the app-engine database and its owner from APPENGINE_USER / APPENGINE_PASSWORD / APPENGINE_DB.
if [[ -n ${APPENGINE_USER:-} && -n ${APPENGINE_DB:-} ]]; then
    psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres -q \
        -v user="$APPENGINE_USER" -v pw="${APPENGINE_PASSWORD:-}" -v db="$APPENGINE_DB" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"user";
SQL
fi
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" -q \
    -c 'CREATE EXTENSION IF NOT EXISTS postgis'
