#!/usr/bin/env bash
# bench/cdc.sh — `ferry sync` under capture: cdc at a steady load: apply rate, end-to-end lag
# and the service's memory over the run.
#
# Starts a throwaway PostgreSQL cluster (wal_level=logical), a source database with one table of
# ROWS rows and an empty target, and `ferry sync` (-Xmx256m) with one job under
#     capture: {mode: cdc, batch-events: 1000, batch-wait: 500ms}
# Once the stream has applied its first change, pgbench runs a steady load on the source for
# SECONDS: RATE transactions a second, each an upsert of a random key among 2*ROWS (about half
# inserts, half updates of a counter). Every 5 s the script samples the service's
# ferry_sync_cdc_lag_seconds and ferry_sync_cdc_events_total from /metrics and its resident set
# size (VmRSS). After the load it waits for the target to equal the source (count and sum of
# the counter) and prints: changes applied per second, the lag's median and maximum, RSS at
# the first and last sample and its maximum, and the time the target took to catch up.
#
# Usage:   bench/cdc.sh [SECONDS] [RATE] [ROWS]     (default 600 200 100000)
# Env:     FERRY_BENCH_PORT  loopback port for the cluster (default 55433)
# Needs:   target/ferry.jar (./mvnw -B -DskipTests package), java 17+, PostgreSQL server
#          binaries and pgbench (Debian package `postgresql`, `postgresql-contrib` on old ones).
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the system user `ferrybench`
# (created when missing). It lives in a temporary directory, listens on 127.0.0.1 only, and is
# stopped and deleted on exit; nothing else is touched.
set -euo pipefail

SECONDS_LOAD="${1:-600}"
RATE="${2:-200}"
ROWS="${3:-100000}"
PORT="${FERRY_BENCH_PORT:-55433}"
cd "$(dirname "$0")/.."
JAR="$PWD/target/ferry.jar"
[[ -f "$JAR" ]] || { echo "missing $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 2; }
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[[ -n "$PGBIN" ]] || { echo "need PostgreSQL server binaries: apt-get install postgresql" >&2; exit 2; }

if [[ $EUID -eq 0 ]]; then
  id ferrybench >/dev/null 2>&1 \
    || useradd --system --no-create-home --shell /usr/sbin/nologin ferrybench
  as_pg() { runuser -u ferrybench -- "$@"; }
else
  as_pg() { "$@"; }
fi

WORK="$(mktemp -d /tmp/ferry-cdc-bench.XXXXXX)"
[[ $EUID -eq 0 ]] && chown ferrybench "$WORK"
STARTED=0
SERVICE=0
cleanup() {
  [[ $SERVICE -ne 0 ]] && kill "$SERVICE" 2>/dev/null && wait "$SERVICE" 2>/dev/null || true
  if [[ $STARTED -eq 1 ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT in $WORK"
as_pg "$PGBIN/initdb" -D "$WORK/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -w -l "$WORK/server.log" \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c wal_level=logical" start >/dev/null
STARTED=1
psql_on() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U bench -d "$1" "${@:2}"; }
psql_on postgres -c "CREATE DATABASE src" -c "CREATE DATABASE tgt"
TABLE="CREATE TABLE item (id bigint PRIMARY KEY, hits int NOT NULL, note text)"
psql_on tgt -c "$TABLE"
psql_on src -c "$TABLE" -c "INSERT INTO item SELECT g, 0, 'item ' || g
  FROM generate_series(1, $ROWS) g" -c "ANALYZE item"

URL="jdbc:postgresql://127.0.0.1:$PORT"
cat >"$WORK/sync.yaml" <<YAML
reports: runs
jobs:
  - name: bench
    source: {url: '$URL/src?user=bench'}
    target: {url: '$URL/tgt?user=bench'}
    interval: 5s
    capture: {mode: cdc, batch-events: 1000, batch-wait: 500ms}
YAML
cat >"$WORK/load.sql" <<SQL
\set id random(1, $((2 * ROWS)))
INSERT INTO item (id, hits, note) VALUES (:id, 0, 'new') ON CONFLICT (id) DO UPDATE SET hits = item.hits + 1;
SQL

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
(cd "$WORK" && exec "$JAVA" -Xmx256m -jar "$JAR" sync --config sync.yaml --port 0 \
  --log-format text >"$WORK/sync.out" 2>"$WORK/sync.err") &
SERVICE=$!
for _ in $(seq 1 600); do
  HTTP_PORT="$(grep -o 'http://localhost:[0-9]*' "$WORK/sync.out" 2>/dev/null | head -n 1 | cut -d: -f3 || true)"
  [[ -n "$HTTP_PORT" ]] && break
  sleep 0.5
done
[[ -n "$HTTP_PORT" ]] || { echo "the service printed no port" >&2; cat "$WORK/sync.err" >&2; exit 1; }
metric() { curl -s "http://localhost:$HTTP_PORT/metrics" | awk -v n="$1" '$0 ~ "^"n"\\{" {print $2}'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$(pgrep -P "$SERVICE" java || echo "$SERVICE")/status" 2>/dev/null; }

# the stream is up once a change went through (one made before the slot existed is not streamed)
for _ in $(seq 1 600); do
  psql_on src -c "UPDATE item SET hits = hits + 1 WHERE id = 1"
  [[ "$(metric ferry_sync_cdc_events_total)" =~ ^[1-9] ]] && break
  sleep 1
done
[[ "$(metric ferry_sync_cdc_events_total)" =~ ^[1-9] ]] \
  || { echo "the stream applied nothing" >&2; cat "$WORK/sync.err" >&2; exit 1; }
echo "== load: $RATE tx/s for $SECONDS_LOAD s (upserts of random keys among $((2 * ROWS)))"
START_EVENTS="$(metric ferry_sync_cdc_events_total)"
START="$(date +%s.%N)"
pgbench -n -h 127.0.0.1 -p "$PORT" -U bench -c 4 -j 2 -R "$RATE" -T "$SECONDS_LOAD" \
  -f "$WORK/load.sql" src >"$WORK/pgbench.out" 2>&1 &
LOAD=$!
: >"$WORK/samples"
while kill -0 "$LOAD" 2>/dev/null; do
  sleep 5
  echo "$(date +%s) $(metric ferry_sync_cdc_lag_seconds) $(metric ferry_sync_cdc_events_total) $(rss_kb)" >>"$WORK/samples"
done
wait "$LOAD"
LOAD_END="$(date +%s.%N)"
SRC="$(psql_on src -Atc "SELECT count(*) || ' ' || sum(hits) FROM item")"
for _ in $(seq 1 1200); do
  [[ "$(psql_on tgt -Atc "SELECT count(*) || ' ' || sum(hits) FROM item")" == "$SRC" ]] && break
  sleep 0.5
done
CAUGHT="$(date +%s.%N)"
TGT="$(psql_on tgt -Atc "SELECT count(*) || ' ' || sum(hits) FROM item")"
END_EVENTS="$(metric ferry_sync_cdc_events_total)"
echo "== result"
grep -E "number of transactions actually processed|tps = " "$WORK/pgbench.out" | sed 's/^/pgbench: /'
awk -v s="$START_EVENTS" -v e="$END_EVENTS" -v t0="$START" -v t1="$CAUGHT" \
  'BEGIN { printf "applied:       %d changes in %.0f s: %.0f changes/s\n", e - s, t1 - t0, (e - s) / (t1 - t0) }'
awk -v t0="$LOAD_END" -v t1="$CAUGHT" 'BEGIN { printf "caught up:     %.1f s after the load ended\n", t1 - t0 }'
sort -n -k2 "$WORK/samples" | awk '{ lag[NR] = $2 } END {
  printf "lag:           median %.2f s, max %.2f s over %d samples (each 5 s)\n", lag[int((NR + 1) / 2)], lag[NR], NR }'
awk 'NR == 1 { first = $4 } { last = $4; if ($4 > max) max = $4 } END {
  printf "RSS:           first %d MiB, last %d MiB, max %d MiB (-Xmx256m)\n", first / 1024, last / 1024, max / 1024 }' "$WORK/samples"
echo "source/target: $SRC / $TGT (count, sum of hits)"
echo "machine:       $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
[[ "$SRC" == "$TGT" ]] || { echo "the target differs from the source" >&2; exit 1; }
