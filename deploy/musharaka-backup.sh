#!/bin/sh
# Nightly PostgreSQL backup of Musharaka (custom format: compressed, restorable table by table).
# Run as a user that can read the database, e.g. from musharaka-backup.service:
#   BACKUP_DIR=/var/backups/musharaka KEEP_DAYS=14 deploy/musharaka-backup.sh
# Restore: see the README, "Production: backups and restore".
set -eu

: "${PGDATABASE:=musharaka}"
: "${BACKUP_DIR:=/var/backups/musharaka}"
: "${KEEP_DAYS:=14}"
export PGDATABASE

umask 077   # the dump holds phone numbers and answers: readable by its owner only
mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/musharaka-$stamp.dump"

# A consistent snapshot while the bot keeps running; written under a temporary name first, so a
# failed dump never looks like a good one.
pg_dump --format=custom --no-owner --file="$target.part"
mv "$target.part" "$target"
# Older dumps go once a newer one exists.
find "$BACKUP_DIR" -name 'musharaka-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "backup written: $target"
