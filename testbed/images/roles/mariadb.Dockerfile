# mariadb:* stand-in: Debian's MariaDB 10.11 (whatever the tag says) with an entrypoint that honours the official
# image's variables; mariadb, mariadb-dump, mysqldump and healthcheck.sh are on the PATH as in the real image.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
LABEL dev.lifeboat.testbed.role="mariadb" dev.lifeboat.testbed.upstream="${UPSTREAM}" \
      dev.lifeboat.testbed.note="Debian MariaDB 10.11 standing in for ${UPSTREAM}"
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["/usr/local/bin/entry-mariadb"]
CMD ["mariadbd"]
