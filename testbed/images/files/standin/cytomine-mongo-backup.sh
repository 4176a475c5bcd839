#!/bin/bash
# STAND-IN for the `backup` / `restore` commands of the cytomine/mongo image (vendor: cron daily, or
# `docker compose exec mongo backup|restore`). Same files as the vendor's scripts, through the stand-in tools:
#   backup : mongodump --out /data/db/backup/tmp/backups, archived as /data/db/backup/cytomine_mongo_backup_<Day>.tar.gz
#   restore: /data/db/backup/restore.tar.gz (folders cytomine/ and admin/) -> mongorestore --drop
set -euo pipefail
D=/data/db/backup
mkdir -p "$D/tmp"
case $(basename "$0") in
    backup)
        name=cytomine_mongo_backup_$(date +%a)
        rm -rf "$D/tmp/backups"
        # The vendor script passes the password on the command line; the stand-in ignores credentials anyway.
        mongodump --quiet --host localhost --port "${MONGO_DB_PORT:-27017}" \
            --username "${MONGO_INITDB_ROOT_USERNAME:-}" --password "${MONGO_INITDB_ROOT_PASSWORD:-}" \
            --out "$D/tmp/backups"
        tar -czf "$D/$name.tar.gz" -C "$D/tmp/backups" .
        rm -rf "$D/tmp/backups"
        echo "$(date -u +%FT%TZ) backup $name.tar.gz done" | tee -a "$D/backup.log"
        ;;
    restore)
        [[ -f $D/restore.tar.gz ]] || { echo "no $D/restore.tar.gz" >&2; exit 1; }
        rm -rf "$D/tmp/restore"; mkdir -p "$D/tmp/restore"
        tar -xzf "$D/restore.tar.gz" -C "$D/tmp/restore"
        mongorestore --quiet --host localhost --port "${MONGO_DB_PORT:-27017}" --drop "$D/tmp/restore"
        rm -rf "$D/tmp/restore"
        echo "$(date -u +%FT%TZ) restore done" | tee -a "$D/backup.log"
        ;;
esac
