#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the storage tests (Debian's postgresql package).
#
#   eval "$(bash scripts/pg-test-server.sh start)"   # exports MEDSEC_TEST_PG_URL, MEDSEC_TEST_PG_DIR
#   bash scripts/pg-test-server.sh stop "$MEDSEC_TEST_PG_DIR"
#
# The cluster lives in a temporary folder, listens on loopback only on a free port, trusts local
# connections and skips fsync: it holds test data for one run and is deleted by `stop`. As root
# the server runs as the `postgres` user (PostgreSQL refuses to run as root); otherwise as you.
# Only the export lines go to stdout; progress and errors go to stderr.
set -euo pipefail

pg_bin() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/initdb" ] || { echo "no PostgreSQL server binaries (apt-get install postgresql)" >&2; return 1; }
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin dir port
  bin=$(pg_bin)
  if [ ! -c /dev/null ]; then
    # initdb writes to /dev/null; a regular file left there by a broken tool makes it fail
    if [ "$(id -u)" = 0 ]; then
      echo "pg-test-server: /dev/null is not a device; restoring it" >&2
      rm -f /dev/null && mknod -m 666 /dev/null c 1 3
    else
      echo "pg-test-server: /dev/null is not a device" >&2
      return 1
    fi
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/medsec-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; return 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres medsec_test >&2
  echo "export MEDSEC_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/medsec_test"
  echo "export MEDSEC_TEST_PG_DIR=$dir"
}

stop() {
  local dir="${1:?usage: pg-test-server.sh stop DIR}"
  [ -d "$dir/data" ] && as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
