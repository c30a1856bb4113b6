#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into DATABASE_URL and MEDIA_ROOT.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/media scripts/restore.sh DIR
#
# Checksums are verified before anything is touched. The database must
# exist (an empty one, or the portal's: its tables are replaced, in one
# transaction). Evidence files are copied over MEDIA_ROOT and verified there.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[[ -x "$PG_BIN/pg_restore" ]] || PG_BIN="$(dirname "$(command -v pg_restore)")"
MEDIA_ROOT="${MEDIA_ROOT:-var/media}"
DIR="${1:?usage: scripts/restore.sh BACKUP_DIR}"

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    *) echo "restore: DATABASE_URL must name the PostgreSQL database to restore into" >&2; exit 2 ;;
esac
for file in database.dump database.sha256 media.sha256; do
    [[ -f "$DIR/$file" ]] || { echo "restore: $DIR/$file is missing" >&2; exit 2; }
done

(cd "$DIR" && sha256sum --check --quiet database.sha256)
(cd "$DIR/media" && sha256sum --check --quiet --strict ../media.sha256)

"$PG_BIN/pg_restore" --clean --if-exists --no-owner --no-acl --single-transaction \
    --exit-on-error --dbname="$DATABASE_URL" "$DIR/database.dump"
mkdir -p "$MEDIA_ROOT"
cp -a "$DIR/media/." "$MEDIA_ROOT/"
(cd "$MEDIA_ROOT" && sha256sum --check --quiet --strict "$(cd "$DIR" && pwd)/media.sha256")
echo "restore: $DIR restored ($(wc -l <"$DIR/media.sha256") evidence files verified)"
