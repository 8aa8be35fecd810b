# bench/lib/servers.sh — throwaway PostgreSQL and MariaDB servers for bench/run.sh (sourced).
#
# Both servers live under $WORK (a mktemp -d directory), listen on 127.0.0.1 only, on the ports
# $PG_PORT and $MDB_PORT, and run as the system user `ferrybench` when the caller is root
# (PostgreSQL refuses root; MariaDB is started with --user=ferrybench to match), else as the
# caller. Settings are the packages' defaults except the ones listed in docs/perf.md (ports,
# sockets, data directories, a bench user). servers_stop stops only the servers that
# servers_start_* started.

PG_STARTED=0
MDB_STARTED=0
MDB_PID=""

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# as_bench CMD...: run as the unprivileged system user when root, as the caller otherwise.
if [[ $EUID -eq 0 ]]; then
  as_bench() { runuser -u ferrybench -- "$@"; }
else
  as_bench() { "$@"; }
fi

ensure_bench_user() {
  if [[ $EUID -eq 0 ]]; then
    id ferrybench >/dev/null 2>&1 \
      || useradd --system --no-create-home --shell /usr/sbin/nologin ferrybench
    chown ferrybench "$WORK"
  fi
}

servers_start_pg() {
  PGBIN="$(pg_bin)"
  as_bench "$PGBIN/initdb" -D "$WORK/pgdata" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
  as_bench "$PGBIN/pg_ctl" -D "$WORK/pgdata" -w -l "$WORK/pg.log" \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
  PG_STARTED=1
}

servers_start_mariadb() {
  mkdir -p "$WORK/mdbdata"
  local user=("--user=$(id -un)")
  if [[ $EUID -eq 0 ]]; then chown ferrybench "$WORK/mdbdata"; user=(--user=ferrybench); fi
  mariadb-install-db --no-defaults "${user[@]}" --datadir="$WORK/mdbdata" \
    --auth-root-authentication-method=normal --skip-test-db >"$WORK/mdb-install.log" 2>&1
  # --no-defaults: ignore /etc/mysql so that only what is written here applies.
  mariadbd --no-defaults "${user[@]}" --datadir="$WORK/mdbdata" --socket="$WORK/mdb.sock" \
    --pid-file="$WORK/mdb.pid" --port="$MDB_PORT" --bind-address=127.0.0.1 \
    --log-error="$WORK/mdb.log" --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_general_ci >/dev/null 2>&1 &
  MDB_PID=$!
  MDB_STARTED=1
  local i
  for i in $(seq 1 60); do
    if mariadb --no-defaults -uroot --socket="$WORK/mdb.sock" -e 'SELECT 1' >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$MDB_PID" 2>/dev/null || { cat "$WORK/mdb.log" >&2; return 1; }
    sleep 1
  done
  echo "MariaDB did not start; see $WORK/mdb.log" >&2
  return 1
}

servers_stop() {
  if [[ $PG_STARTED -eq 1 ]]; then
    as_bench "$(pg_bin)/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null 2>&1 || true
    PG_STARTED=0
  fi
  if [[ $MDB_STARTED -eq 1 && -n "$MDB_PID" ]]; then
    kill "$MDB_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do kill -0 "$MDB_PID" 2>/dev/null || break; sleep 1; done
    MDB_STARTED=0
  fi
}

# psql_on DB ARGS...: psql as the superuser `bench` over TCP, stopping at the first error.
psql_on() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U bench -d "$1" "${@:2}"; }
# mdb_root ARGS...: the MariaDB client as root over the socket; mdb_on DB ARGS...: as `bench`.
mdb_root() { mariadb --no-defaults -uroot --socket="$WORK/mdb.sock" --default-character-set=utf8mb4 "$@"; }
mdb_on() {
  mariadb --no-defaults -h 127.0.0.1 -P "$MDB_PORT" -ubench -pbench \
    --default-character-set=utf8mb4 "$1" "${@:2}"
}
