#!/usr/bin/env bash
# Starts a throwaway MariaDB (Debian's) on 127.0.0.1:${MYPORT:-53306} and prints its URL.
# Idempotent: a server already answering on the port is reused. Safe as root (runs as the caller).
set -euo pipefail
PATH="$PATH:/usr/sbin"
MYPORT=${MYPORT:-53306}
MYDIR=${MYDIR:-/tmp/qc-ci-mariadb}
MYUSER=qc
MYPASS=qc
MYDB=qc_test
OSUSER=$(id -un)
command -v mariadbd >/dev/null 2>&1 || { echo "mariadbd not found: apt-get install -y mariadb-server" >&2; exit 1; }
SOCK="$MYDIR/mysqld.sock"

# a real login, not `mariadb-admin ping` (which succeeds on any live server, even one refusing us)
ping_ok() {
  mariadb --protocol=tcp -h 127.0.0.1 -P "$MYPORT" -u "$MYUSER" -p"$MYPASS" --connect-timeout=2 -e 'SELECT 1' "$MYDB" >/dev/null 2>&1
}

if ! ping_ok; then
  # a leftover server of ours that lost its user: stop it before starting afresh
  if [ -f "$MYDIR/mysqld.pid" ]; then
    kill "$(cat "$MYDIR/mysqld.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -e "$MYDIR/mysqld.pid" ] || break; sleep 0.2; done
  fi
  rm -rf "$MYDIR"; mkdir -p "$MYDIR"
  mariadb-install-db --user="$OSUSER" --datadir="$MYDIR/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$MYDIR/install.log" 2>&1
  setsid nohup mariadbd --no-defaults --user="$OSUSER" --datadir="$MYDIR/data" --socket="$SOCK" \
    --pid-file="$MYDIR/mysqld.pid" --port="$MYPORT" --bind-address=127.0.0.1 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --skip-name-resolve --innodb-buffer-pool-size=64M --log-error="$MYDIR/error.log" \
    >/dev/null 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    mariadb-admin --socket="$SOCK" -u "$OSUSER" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  # the OS user gets unix_socket auth from mariadb-install-db; tests connect over TCP with a password
  mariadb --socket="$SOCK" -u "$OSUSER" <<SQL >/dev/null
CREATE USER IF NOT EXISTS '$MYUSER'@'127.0.0.1' IDENTIFIED BY '$MYPASS';
GRANT ALL PRIVILEGES ON *.* TO '$MYUSER'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS $MYDB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
  ping_ok || { echo "MariaDB did not start; see $MYDIR/error.log" >&2; exit 1; }
fi
echo "mysql://$MYUSER:$MYPASS@127.0.0.1:$MYPORT/$MYDB"
