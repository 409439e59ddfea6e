#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests; prints the URL to use on stdout.
# Stop it with: bash <dir>/stop (run as postgres when root).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
dir=$(mktemp -d /tmp/iob-pg.XXXXXX)
port=${IOB_TEST_PG_PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
run "$bin/initdb" -D "$dir/db" -U iob --auth=trust >/dev/null
run "$bin/pg_ctl" -D "$dir/db" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" \
  -l "$dir/log" -w start >&2
run "$bin/createdb" -h 127.0.0.1 -p "$port" -U iob iob_test
echo "$bin/pg_ctl -D $dir/db stop -m fast" > "$dir/stop"
echo "postgresql://iob@127.0.0.1:$port/iob_test"
