#!/bin/bash
# STAND-IN for the `backup` / `restore` commands of the cytomine/postgis image (the vendor runs `backup` from cron
# daily; admins run `docker compose exec postgis backup|restore`). Same files as the vendor's scripts:
#   backup : /var/lib/postgresql/data/backup/cytomine_postgis_backup_<Day>.tar.gz (pg_dumpall --clean), backup.log
#   restore: reads /var/lib/postgresql/data/backup/restore.tar.gz, drops $POSTGRES_DB, replays the SQL with psql
set -euo pipefail
D=${PGDATA:-/var/lib/postgresql/data}/backup
U=${POSTGRES_USER:-postgres}
mkdir -p "$D/tmp"
case $(basename "$0") in
    backup)
        name=cytomine_postgis_backup_$(date +%a)
        pg_dumpall --username="$U" --clean -f "$D/tmp/$name.sql"
        tar -czf "$D/$name.tar.gz" -C "$D/tmp" "$name.sql"
        rm -f "$D/tmp/$name.sql"
        echo "$(date -u +%FT%TZ) backup $name.tar.gz done" | tee -a "$D/backup.log"
        ;;
    restore)
        [[ -f $D/restore.tar.gz && $(stat -c %s "$D/restore.tar.gz") -gt 1000 ]] \
            || { echo "no valid $D/restore.tar.gz" >&2; exit 1; }
        rm -rf "$D/tmp-restore"; mkdir -p "$D/tmp-restore"
        tar -xzf "$D/restore.tar.gz" -C "$D/tmp-restore"
        dropdb --force --if-exists -U "$U" "${POSTGRES_DB:-$U}"
        psql -q -U "$U" -d postgres -f "$(find "$D/tmp-restore" -name '*.sql' | head -n 1)" >/dev/null
        rm -rf "$D/tmp-restore"
        echo "$(date -u +%FT%TZ) restore done" | tee -a "$D/backup.log"
        ;;
esac
