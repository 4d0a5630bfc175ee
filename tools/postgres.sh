#!/usr/bin/env bash
# Starts (start DIR) or stops (stop DIR) a throwaway PostgreSQL server for the tests: a new cluster
# in DIR, trust authentication, listening on 127.0.0.1 on a free port. `start` prints the JDBC URL
# of its "postgres" database on standard output; it prints nothing and exits 1 when no server can
# be started (no PostgreSQL binaries, or as root no "postgres" user to run it as), saying why on
# standard error. The server runs as the "postgres" user when started by root (PostgreSQL refuses root).
set -uo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: tools/postgres.sh start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "postgres: no PostgreSQL server binaries (Debian package postgresql)" >&2; exit 1; }
as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "postgres: running as root and there is no 'postgres' user to run the server as" >&2; exit 1; }
  as=(runuser -u postgres --)
fi
case "$cmd" in
  start)
    mkdir -p "$dir" && chmod 777 "$dir"
    data="$dir/data"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    "${as[@]}" "$bin/initdb" -D "$data" -A trust -U postgres >"$dir/initdb.log" 2>&1 || { echo "postgres: initdb failed (see $dir/initdb.log)" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 54329)
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null 2>&1 \
      || { echo "postgres: the server did not start (see $dir/server.log)" >&2; exit 1; }
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    exit 0
    ;;
  *) echo "usage: tools/postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
