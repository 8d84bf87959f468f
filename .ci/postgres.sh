#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages (if missing), starts it on 127.0.0.1:5432 and creates
# the test role and database. Safe to run again.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=${NEWSBOT_PGDATA:-/tmp/newsbot-pgdata}
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"; chown postgres:postgres "$DATA"
  su postgres -c "$PGBIN/initdb -D $DATA -A trust -U postgres" >/dev/null
fi
if ! su postgres -c "$PGBIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
  su postgres -c "$PGBIN/pg_ctl -D $DATA -l $DATA/server.log -w -o '-c listen_addresses=127.0.0.1 -p 5432 -k /tmp' start" >/dev/null
fi
psql_() { su postgres -c "psql -h 127.0.0.1 -p 5432 -U postgres -tAc \"$1\""; }
[ "$(psql_ "SELECT 1 FROM pg_roles WHERE rolname='newsbot'")" = 1 ] || psql_ "CREATE ROLE newsbot LOGIN SUPERUSER PASSWORD 'newsbot'"
[ "$(psql_ "SELECT 1 FROM pg_database WHERE datname='newsbot_test'")" = 1 ] || psql_ "CREATE DATABASE newsbot_test OWNER newsbot"
echo "PostgreSQL ready on 127.0.0.1:5432"
