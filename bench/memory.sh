#!/usr/bin/env bash
# bench/memory.sh — how much memory `ferry copy` needs for a large table, under -Xmx256m.
#
# Starts a throwaway PostgreSQL cluster, fills a source database with one table of ROWS rows
# (bigint key, two text columns, numeric, int, timestamptz), creates the same empty table in a
# target database, and runs
#     /usr/bin/time -v java -Xmx256m -jar target/ferry.jar copy --from SRC --to TGT
# It prints the rows copied, the wall time, rows/s and the peak resident set size (RSS) of the
# ferry JVM, and exits non-zero when the copy fails or the target's row count differs.
#
# Usage:   bench/memory.sh [ROWS]          (default 2000000)
# Env:     FERRY_BENCH_PORT  loopback port for the cluster (default 55432)
#          FERRY_BENCH_BATCH ferry's --batch-size (default 10000, ferry's own default)
#          FERRY_BENCH_XMX   the JVM's -Xmx (default 256m)
# Besides peak RSS it prints the largest Java heap left after a garbage collection (from the
# JVM's GC log): the memory the copy really keeps, as opposed to what the JVM chose to reserve.
# Needs:   target/ferry.jar (./mvnw -B -DskipTests package), java 17+, PostgreSQL server
#          binaries (Debian package `postgresql`) and GNU time (package `time`); as root, the
#          script installs the two packages with apt-get when they are missing.
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the system user `ferrybench`
# (created when missing). The cluster lives in a temporary directory, listens on 127.0.0.1
# only, and is stopped and deleted on exit; nothing else is touched.
set -euo pipefail

ROWS="${1:-2000000}"
PORT="${FERRY_BENCH_PORT:-55432}"
BATCH="${FERRY_BENCH_BATCH:-10000}"
XMX="${FERRY_BENCH_XMX:-256m}"
cd "$(dirname "$0")/.."
JAR="$PWD/target/ferry.jar"
[[ -f "$JAR" ]] || { echo "missing $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [[ -z "$(pg_bin)" || ! -x /usr/bin/time ]]; then
  if [[ $EUID -ne 0 ]]; then
    echo "need PostgreSQL server binaries and /usr/bin/time: apt-get install postgresql time" >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql time
fi
PGBIN="$(pg_bin)"

if [[ $EUID -eq 0 ]]; then
  id ferrybench >/dev/null 2>&1 \
    || useradd --system --no-create-home --shell /usr/sbin/nologin ferrybench
  as_pg() { runuser -u ferrybench -- "$@"; }
else
  as_pg() { "$@"; }
fi

WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
[[ $EUID -eq 0 ]] && chown ferrybench "$WORK"
STARTED=0
cleanup() {
  if [[ $STARTED -eq 1 ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT in $WORK"
as_pg "$PGBIN/initdb" -D "$WORK/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -w -l "$WORK/server.log" \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_wal_size=4GB" start >/dev/null
STARTED=1
psql_on() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U bench -d "$1" "${@:2}"; }
psql_on postgres -c "CREATE DATABASE src" -c "CREATE DATABASE tgt"

TABLE="CREATE TABLE item (
  id bigint PRIMARY KEY,
  sku text NOT NULL,
  description text,
  price numeric(12, 2) NOT NULL,
  quantity int,
  created_at timestamptz NOT NULL)"
psql_on tgt -c "$TABLE"
echo "== generating $ROWS rows"
psql_on src -c "$TABLE" -c "
  INSERT INTO item
  SELECT g, 'SKU-' || lpad(g::text, 9, '0'),
         CASE WHEN g % 10 = 0 THEN NULL
              ELSE 'item ' || g || ': ' || repeat(md5(g::text), 1 + g % 3) END,
         round((g % 100000) / 7.0, 2), g % 1000,
         timestamptz '2020-01-01 00:00:00+00' + g * interval '1.5 seconds'
  FROM generate_series(1, $ROWS) g" -c "ANALYZE item"
SIZE="$(psql_on src -Atc "SELECT pg_size_pretty(pg_total_relation_size('item'))")"

URL="jdbc:postgresql://127.0.0.1:$PORT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "== ferry copy (-Xmx$XMX, --batch-size $BATCH)"
set +e
/usr/bin/time -v -o "$WORK/time.txt" \
  "$JAVA" "-Xmx$XMX" "-Xlog:gc:file=$WORK/gc.log" -jar "$JAR" copy \
  --from "$URL/src?user=bench" --to "$URL/tgt?user=bench" --batch-size "$BATCH" \
  --report "$WORK/report" >"$WORK/copy.out" 2>"$WORK/copy.err"
STATUS=$?
set -e
cat "$WORK/copy.out"
if [[ $STATUS -ne 0 ]]; then
  echo "ferry copy failed with exit $STATUS:" >&2
  cat "$WORK/copy.err" >&2
  exit 1
fi
COPIED="$(psql_on tgt -Atc "SELECT count(*) FROM item")"
if [[ "$COPIED" != "$ROWS" ]]; then
  echo "target holds $COPIED rows, expected $ROWS" >&2
  exit 1
fi

RSS_KB="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")"
WALL="$(awk -F': ' '/Elapsed \(wall clock\) time/ {print $2}' "$WORK/time.txt")"
SECONDS_WALL="$(awk -v t="$WALL" 'BEGIN { n = split(t, p, ":"); s = 0;
  for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }')"
LIVE="$(grep -o -- '->[0-9]*M(' "$WORK/gc.log" | tr -dc '0-9\n' | sort -n | tail -n 1)"
GCS="$(grep -c 'Pause' "$WORK/gc.log" || true)"
echo "== result"
echo "rows:          $ROWS (source table $SIZE)"
echo "wall time:     $SECONDS_WALL s (JVM start to exit)"
echo "rows/s:        $(awk -v r="$ROWS" -v s="$SECONDS_WALL" 'BEGIN { printf "%d", r / s }')"
echo "peak RSS:      $((RSS_KB / 1024)) MiB ($RSS_KB kB, Maximum resident set size, -Xmx$XMX)"
echo "heap after GC: at most ${LIVE:-?} MiB over $GCS collections"
echo "machine:       $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
echo "jdk:           $("$JAVA" -version 2>&1 | head -n 1)"
