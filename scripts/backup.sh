#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and
# the evidence store (MEDIA_ROOT), with a SHA-256 manifest of every file.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/media scripts/backup.sh [DIR]
#
# DIR defaults to var/backups/<UTC time>; it must not exist yet. The dump is
# taken before the files are copied: an evidence file uploaded in between is
# an extra file, never a row pointing at a missing one.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[[ -x "$PG_BIN/pg_dump" ]] || PG_BIN="$(dirname "$(command -v pg_dump)")"
MEDIA_ROOT="${MEDIA_ROOT:-var/media}"
DIR="${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}"

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    *) echo "backup: DATABASE_URL must name the PostgreSQL database to back up" >&2; exit 2 ;;
esac
if [[ -e "$DIR" ]]; then
    echo "backup: $DIR exists; choose a new directory" >&2
    exit 2
fi

mkdir -p "$DIR/media"
"$PG_BIN/pg_dump" --format=custom --no-owner --no-acl --file="$DIR/database.dump" "$DATABASE_URL"
if [[ -d "$MEDIA_ROOT" ]]; then
    cp -a "$MEDIA_ROOT/." "$DIR/media/"
fi
(cd "$DIR/media" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) >"$DIR/media.sha256"
(cd "$DIR" && sha256sum database.dump >database.sha256)
echo "backup: $DIR ($(wc -l <"$DIR/media.sha256") evidence files)"
