#!/bin/bash
# Stand-in for the official mariadb image's healthcheck.sh. It accepts the same options (--connect, --innodb_initialized,
# --mariadbupgrade, --su-mysql ...) and checks the one thing that matters here: the server answers on its socket.
exec mariadb-admin --protocol=socket --socket=/run/mysqld/mysqld.sock ping --silent >/dev/null 2>&1
