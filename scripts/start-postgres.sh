#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's package) on 127.0.0.1 for the
# tests, and prints the connection string. Idempotent: reuses a running one.
# Usage: eval "$(scripts/start-postgres.sh)"   (exports the env vars the tests read)
set -euo pipefail
port="${FLEET_PG_PORT:-55432}"
data_dir="${FLEET_PG_DIR:-/tmp/prometheus-fleet-pg}"
bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin_dir/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
run_as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if ! run_as_postgres "$bin_dir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    mkdir -p "$data_dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data_dir"
    run_as_postgres "$bin_dir/initdb" -D "$data_dir" -U postgres --auth=trust >/dev/null
  fi
  run_as_postgres "$bin_dir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=300 -c fsync=off" start >/dev/null
fi
url="postgresql://postgres@127.0.0.1:$port"
major="$(basename "$(dirname "$bin_dir")")"
echo "export BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$url"
echo "export FLEET_TEST_POSTGRES_URL=$url"
