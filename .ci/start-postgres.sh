#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's) on 127.0.0.1:${PGPORT:-55432} and prints its URL.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGDIR=${PGDIR:-/tmp/qc-ci-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if ! "$BIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null; then
  rm -rf "$PGDIR"; mkdir -p "$PGDIR"; chown postgres:postgres "$PGDIR"
  su postgres -c "$BIN/initdb -D $PGDIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -c "$BIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1' -w start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
