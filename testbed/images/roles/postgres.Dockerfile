# postgres:* / postgis/postgis:* stand-in: Debian's PostgreSQL 15 with PostGIS 3 (whatever the tag says), the
# official entrypoint's variables, data in /var/lib/postgresql/data, pg_dump/pg_restore/psql on the PATH.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
ARG INITDB_SCRIPT=""
LABEL dev.lifeboat.testbed.role="postgres" dev.lifeboat.testbed.upstream="${UPSTREAM}" \
      dev.lifeboat.testbed.note="Debian PostgreSQL 15 + PostGIS 3 standing in for ${UPSTREAM}"
ENV PGDATA=/var/lib/postgresql/data
RUN mkdir -p /docker-entrypoint-initdb.d "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 1777 "$PGDATA" \
 && if [ -n "${INITDB_SCRIPT}" ]; then ln -s "/usr/local/lib/standin/${INITDB_SCRIPT}" /docker-entrypoint-initdb.d/; fi
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/entry-postgres"]
CMD ["postgres"]
