#!/usr/bin/env bash
# bench/run.sh — ferry against pgloader, pg_dump | psql, pgcopydb and raw COPY, side by side.
#
# Sets up, in one temporary directory, a PostgreSQL and a MariaDB server on 127.0.0.1 (ports
# 55433 and 53306), fills both with the same deterministic data set (bench/lib/dataset.sh, about
# 10,000 rows per scale unit), checks that both sides hold the same data (row counts and ferry's
# engine-independent fingerprints), then times each case R times, alternating the tools
# (ferry, peer, peer, ferry, ...), and prints one table of medians and ratios (ferry / peer).
#
#   1 mariadb-to-pg   ferry copy MariaDB -> PostgreSQL (existing schema) vs pgloader with its
#                     defaults (empty database) and pgloader data-only into the same schema
#   2 pg-to-pg        ferry copy PostgreSQL -> PostgreSQL (existing schema, indexes and FKs) vs
#                     pg_dump --data-only | psql, vs raw COPY out | COPY in of every table, and
#                     vs pgcopydb clone into an empty database
#   3 user-map        ferry copy with a user map over the 20 reference columns vs the same
#                     copy without a map, and vs the ten tables without a map (--exclude app_user)
#   4 verify          ferry verify of two equal PostgreSQL databases vs a raw full scan of both;
#                     and MariaDB vs PostgreSQL vs a raw scan of both
#   migrate           (opt-in) the whole migration, from an EMPTY PostgreSQL database to schema,
#                     data, indexes and foreign keys: ferry copy --create-schema (then ferry
#                     verify, untimed, must pass) vs pgloader with its defaults doing the same
#   consolidate       (opt-in) ferry consolidate of 20 tenant databases (--parallel-tenants 4;
#                     bench/lib/consolidate.sh) vs a plain ferry copy of as many rows
#   sync              (opt-in) ferry sync --once cycles after 1% of every table's rows changed
#                     on the source (a copy of src with an updated_at column), against a plain
#                     ferry copy of the same tables into an empty schema: under watermarks, with
#                     no watermark (every row read and compared), and under watermarks with
#                     deletes: true on the four leaf tables after 0.1% of two were deleted;
#                     as the superuser bench, or with FERRY_BENCH_SYNC_OWNER=1 as benchowner,
#                     the owner of the target's tables and no superuser (copy and cycles alike)
#   merge, remap      (opt-in) ferry copy --merge update into its own target, and ferry copy
#                     --keys remap (every table's keys from a sequence of the target, every
#                     foreign key rewritten through the id map; ferry verify must pass), each
#                     against a plain ferry copy into an empty schema
# Every copy, ferry's or a peer's, is checked afterwards: the target must hold the source's row
# count in every table, else the script stops. ferry runs through ./ferry (the launcher and its
# JVM defaults) with -Xmx512m; its peak RSS and
# the largest heap left after a GC (from -Xlog:gc) are reported, and the peers' peak RSS.
# The last lines are `ratio <name> <value>`, one per comparison, to track over time.
#
# Usage:   bench/run.sh --scale N [--runs R] [--keep] [--cases LIST] [--out FILE]
#            --scale N     scale units (10,130 rows each; 100 = 1M rows, 500 = 5M rows)
#            --runs R      timed runs per tool and case (default 3); medians are reported
#            --keep        keep the temporary directory (servers are stopped all the same)
#            --cases LIST  comma-separated subset of mariadb-to-pg,pg-to-pg,user-map,verify,merge,merge-owner,
#                          remap,migrate,consolidate,sync (merge, merge-owner, remap, migrate,
#                          consolidate and sync are not run unless named)
#                          (default: all)
#            --out FILE    also write the report there (default bench/results/DATE-scaleN.txt)
#            --hold        set up the servers and the data, print how to reach them, and wait
#                          until interrupted instead of timing anything (for profiling)
# Env:     FERRY_BENCH_PG_PORT, FERRY_BENCH_MDB_PORT   ports (default 55433, 53306)
#          FERRY_BENCH_XMX       ferry's -Xmx (default 512m)
#          FERRY_BENCH_JAVA_OPTS more JVM options for ferry
#          FERRY_BENCH_P2P_EXTRA more ferry runs in pg-to-pg, space-separated: ferry-whole
#                                (--split-rows 0: every table one unit, as before key ranges),
#                                ferry-b2k, ferry-b50k (--batch-size 2000, 50000), ferry-r100k
#                                (--split-rows 100000: key ranges from 100,000 rows),
#                                ferry-create (copy --create-schema into an empty
#                                database: pgcopydb clone's job, schema and keys included)
#                                ferry-spark (the same copy with its steps as Spark tasks on
#                                local[2]: ferry-spark.jar on Spark's own classpath, as
#                                spark-submit runs it; docs/spark.md)
#          FERRY_BENCH_JFR=DIR   record every timed ferry run with Java Flight Recorder (profile
#                                settings) into DIR/<case>.<tool>.r<run>.jfr
# Needs:   java 17+, Debian packages postgresql postgresql-client mariadb-server
#          mariadb-client pgloader pgcopydb time; as root the script installs what is missing
#          with apt-get, and builds target/ferry.jar when it is missing or older than src/main.
#
# PostgreSQL refuses to run as root: as root, both servers run as the system user `ferrybench`
# (created when missing). The servers listen on 127.0.0.1 only, keep their data in the
# temporary directory, and are stopped (only they) and deleted on exit; nothing else is touched.
# Documented in docs/perf.md ("Harness: ferry against pgloader, pg_dump, pgcopydb and raw COPY").
set -euo pipefail

SCALE=""
RUNS=3
KEEP=0
HOLD=0
CASES="mariadb-to-pg,pg-to-pg,user-map,verify"
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --cases) CASES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --hold) HOLD=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$SCALE" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/run.sh --scale N [--runs R] [--keep]" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a positive number" >&2; exit 2; }
has_case() { [[ ",$CASES," == *",$1,"* ]]; }

PG_PORT="${FERRY_BENCH_PG_PORT:-55433}"
MDB_PORT="${FERRY_BENCH_MDB_PORT:-53306}"
XMX="${FERRY_BENCH_XMX:-512m}"
cd "$(dirname "$0")/.."
ROOT="$PWD"
JAR="$ROOT/target/ferry.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DATE="$(date -u +%Y-%m-%d)"
OUT="${OUT:-$ROOT/bench/results/$DATE-scale$SCALE.txt}"

# ---- tools -------------------------------------------------------------------------------
need=()
[[ -n "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null)" ]] || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
command -v mariadbd >/dev/null || need+=(mariadb-server)
command -v mariadb >/dev/null || need+=(mariadb-client)
command -v pgloader >/dev/null || need+=(pgloader)
command -v pgcopydb >/dev/null || need+=(pgcopydb)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ ${#need[@]} -gt 0 ]]; then
  if [[ $EUID -ne 0 ]]; then
    echo "missing Debian packages: ${need[*]} (apt-get install them, or run as root)" >&2
    exit 2
  fi
  echo "== installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ ! -f "$JAR" ]] || [[ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]]; then
  echo "== building $JAR"
  ./mvnw -B -q -DskipTests package
fi

WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
if [[ " ${FERRY_BENCH_P2P_EXTRA:-} " == *" ferry-spark "* ]]; then
  # ferry installed into the local repository, then ferry-spark.jar and Spark's classpath
  echo "== building ferry-spark"
  ./mvnw -B -q -DskipTests -Dinvoker.skip=true install
  ./mvnw -B -q -f ferry-spark/pom.xml -DskipTests package
  ./mvnw -B -q -f ferry-spark/pom.xml dependency:build-classpath -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$WORK/spark.cp"
  SPARK_CP="$ROOT/ferry-spark/target/ferry-spark.jar:$(cat "$WORK/spark.cp")"
  # what spark-submit opens on Java 17 (the module's pom lists them)
  SPARK_OPENS="$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' ferry-spark/pom.xml)"
fi
# shellcheck source=bench/lib/servers.sh
source "$ROOT/bench/lib/servers.sh"
# shellcheck source=bench/lib/dataset.sh
source "$ROOT/bench/lib/dataset.sh"
cleanup() {
  servers_stop
  if [[ $KEEP -eq 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
ensure_bench_user
mkdir -p "$WORK/run" "$WORK/logs"
chmod 755 "$WORK"

# ---- servers and data --------------------------------------------------------------------
servers_start_pg
servers_start_mariadb
PGVER="$("$(pg_bin)/postgres" --version | awk '{print $3}')"
MDBVER="$(mdb_root -N -e 'SELECT version()')"
echo "== PostgreSQL $PGVER on 127.0.0.1:$PG_PORT, MariaDB $MDBVER on 127.0.0.1:$MDB_PORT, in $WORK"

# pgloader's MySQL driver speaks mysql_native_password only.
mdb_root -e "
  CREATE DATABASE src CHARACTER SET utf8mb4;
  CREATE USER bench@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('bench');
  CREATE USER bench@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('bench');
  GRANT ALL ON *.* TO bench@'127.0.0.1';
  GRANT ALL ON *.* TO bench@'localhost';"
psql_on postgres -c "CREATE DATABASE src"

ROWS_TOTAL="$(dataset_counts "$SCALE" | awk '{s += $2} END {print s}')"
echo "== generating the data set: scale $SCALE, $ROWS_TOTAL rows in 11 tables"
t0=$SECONDS
psql_on src -f "$ROOT/bench/lib/schema.sql"
dataset_sql pg "$SCALE" | psql_on src
psql_on src -f "$ROOT/bench/lib/constraints.sql" -c "VACUUM ANALYZE"
sed -e 's/\bbytea\b/blob/; s/\btimestamp\b/datetime/' "$ROOT/bench/lib/schema.sql" \
  | mdb_on src
dataset_sql mariadb "$SCALE" | mdb_on src
mdb_on src <"$ROOT/bench/lib/constraints.sql"
mdb_on src -e "ANALYZE TABLE app_user, team, category, customer, product, orders, order_line,
  ticket, comment, audit_log, invoice" >/dev/null
echo "   generated in $((SECONDS - t0)) s; PostgreSQL source $(psql_on src -Atc \
  "SELECT pg_size_pretty(pg_database_size('src'))")"
# An equal copy of the source, for verify.
psql_on postgres -c "CREATE DATABASE vtgt TEMPLATE src"

PG="jdbc:postgresql://127.0.0.1:$PG_PORT"
MDB="jdbc:mariadb://127.0.0.1:$MDB_PORT/src?user=bench"
PGURI="postgresql://bench@127.0.0.1:$PG_PORT"
export FERRY_BENCH_MDB_PASSWORD=bench

TABLES=$(dataset_counts "$SCALE" | awk '{print $1}')
# check_counts DB [SCHEMA]: every table of DB holds the data set's row count, else stop.
check_counts() {
  local db=$1 schema=${2:-public} q="" t
  [[ ${LAST_FAILED:-0} -eq 0 ]] || return 0   # a failed peer left nothing to count
  for t in $TABLES; do
    q+="${q:+ UNION ALL }SELECT '$t', count(*) FROM \"$schema\".$t"
  done
  if ! diff <(dataset_counts "$SCALE" | sort) <(psql_on "$db" -At -F ' ' -c "$q" | sort) \
      >"$WORK/diff.txt"; then
    echo "WRONG ROW COUNTS in $db ($schema): expected < > found" >&2
    cat "$WORK/diff.txt" >&2
    exit 1
  fi
}
check_mdb_counts() {
  local q="" t
  for t in $TABLES; do q+="${q:+ UNION ALL }SELECT '$t', count(*) FROM $t"; done
  diff <(dataset_counts "$SCALE" | sort) <(mdb_on src -N -e "$q" | tr '\t' ' ' | sort) >&2 \
    || { echo "WRONG ROW COUNTS in the MariaDB source" >&2; exit 1; }
}
check_counts src
check_mdb_counts

# $FERRY ARGS...: the ./ferry launcher in $WORK/run (no ferry.yaml there) with the heap limit and
# a GC log; a script, not a function, so that /usr/bin/time can run it (exec: time sees the JVM).
GCLOG="$WORK/gc.log"
FERRY="$WORK/ferry"
cat >"$FERRY" <<EOF
#!/usr/bin/env bash
jfr=()
if [[ -n "\${FERRY_BENCH_JFR:-}" ]]; then
  jfr=("-XX:StartFlightRecording=filename=\$FERRY_BENCH_JFR/\${FERRY_BENCH_TAG:-ferry}.jfr,settings=profile")
fi
# the launcher users run, with its JVM defaults (FERRY_JVM_DEFAULTS overrides them)
export FERRY_JAVA_OPTS="-Xmx$XMX -Xlog:gc:file=$GCLOG \${jfr[*]} \${FERRY_BENCH_JAVA_OPTS:-}"
cd "$WORK/run" && exec "$ROOT/ferry" "\$@"
EOF
chmod +x "$FERRY"

echo "== checking that MariaDB and PostgreSQL hold the same data (ferry fingerprint)"
"$FERRY" fingerprint "$MDB" --password-env FERRY_BENCH_MDB_PASSWORD --out "$WORK/fp-mariadb.json" \
  >"$WORK/logs/fp-mariadb.txt" 2>&1 || { cat "$WORK/logs/fp-mariadb.txt" >&2; exit 1; }
"$FERRY" fingerprint "$PG/src?user=bench" --out "$WORK/fp-pg.json" >"$WORK/logs/fp-pg.txt" 2>&1 \
  || { cat "$WORK/logs/fp-pg.txt" >&2; exit 1; }
python3 "$ROOT/bench/lib/fingerprint_diff.py" "$WORK/fp-mariadb.json" "$WORK/fp-pg.json"

if [[ $HOLD -eq 1 ]]; then
  echo "== holding: source $PG/src?user=bench and $MDB (password bench), equal copy"
  echo "   $PG/vtgt?user=bench; ferry as $FERRY; psql -h 127.0.0.1 -p $PG_PORT -U bench."
  echo "   Interrupt (Ctrl-C or kill $$) to stop the servers."
  trap 'exit 130' INT TERM
  while true; do sleep 3600 & wait $!; done
fi

# ---- measuring ---------------------------------------------------------------------------
# timed CASE TOOL KIND CMD...: run CMD under /usr/bin/time; append "case tool wall rss_kb heap_mb"
# to $WORK/measures. KIND is `ferry` (also read the GC log) or `peer`. A failure stops the script.
timed() {
  local case=$1 tool=$2 kind=$3 heap="-" log="$WORK/logs/$1.$2.txt"
  shift 3
  rm -f "$GCLOG"
  export FERRY_BENCH_TAG="$case.$tool.r$r"
  sync
  LAST_FAILED=0
  if ! /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$log" 2>&1; then
    echo "FAILED: $case / $tool: $*" >&2
    tail -n 40 "$log" >&2
    # a peer that fails (pgloader out of heap at scale 500) is left out of the report; ferry
    # failing stops the run
    [[ $kind == peer ]] || exit 1
    echo "$case $tool: $(grep -m 1 -iE 'error|exhausted|fatal' "$log" | cut -c 1-160)" \
      >>"$WORK/failures"
    LAST_FAILED=1
    unset FERRY_BENCH_TAG
    return 0
  fi
  if [[ $kind == ferry ]]; then
    # a run too short to collect garbage logs no GC: no heap figure (0), not a failed grep
    heap="$({ grep -o -- '->[0-9]*M(' "$GCLOG" || true; } | tr -dc '0-9\n' | sort -n | tail -n 1)"
    heap="${heap:-0}"
  fi
  unset FERRY_BENCH_TAG
  read -r wall rss <"$WORK/time.txt"
  echo "$case $tool $wall $rss $heap" >>"$WORK/measures"
  printf '   %-16s %-22s %8.2f s %7d MiB%s\n' "$case" "$tool" "$wall" $((rss / 1024)) \
    "$([[ $kind == ferry ]] && echo ", heap after GC ${heap} MiB")"
}

# fresh_db NAME [schema]: drop and recreate NAME, empty or with the schema (tables, indexes, FKs).
fresh_db() {
  psql_on postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  if [[ "${2:-}" == schema ]]; then
    psql_on "$1" -f "$ROOT/bench/lib/schema.sql" -f "$ROOT/bench/lib/constraints.sql"
  fi
  psql_on postgres -c "CHECKPOINT"
}

# sync_run R: the sync case's run R (see the header). ssrc is src with an updated_at column,
# indexed as a watermark column is, its values one second apart from 2020-01-01 by key; stgt the
# same schema. Each timed cycle follows its own 1% change (rows whose id % 100 is a number no
# earlier cycle used), stamped now(). Besides the wall times (a JVM per cycle: --once), the
# seconds the copy's run report and each cycle's sync_cycles row give (the work alone, as a
# running service does it) are recorded as the pseudo-tools *-run.
sync_run() {
  local r=$1 t q secs user=bench
  psql_on postgres -c "DROP DATABASE IF EXISTS ssrc WITH (FORCE)" -c "CREATE DATABASE ssrc TEMPLATE src"
  fresh_db stgt schema
  q=""
  for t in $TABLES; do
    q+="ALTER TABLE $t ADD COLUMN updated_at timestamp NOT NULL DEFAULT '2020-01-01';"
  done
  psql_on stgt -c "$q"
  if [[ -n "${FERRY_BENCH_SYNC_OWNER:-}" ]]; then
    # the target's tables owned by a login that is no superuser, which writes them
    user=benchowner
    psql_on postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname =
      'benchowner') THEN CREATE ROLE benchowner LOGIN; END IF; END \$\$"
    local own=""
    for t in $TABLES; do own+="ALTER TABLE $t OWNER TO benchowner;"; done
    psql_on stgt -c "$own" -c "CREATE SCHEMA ferry AUTHORIZATION benchowner" \
      -c "GRANT CREATE ON SCHEMA public TO benchowner"
  fi
  for t in $TABLES; do
    q+="UPDATE $t SET updated_at = timestamp '2020-01-01' + id * interval '1 second';"
    q+="CREATE INDEX ${t}_updated_at ON $t (updated_at);"
  done
  psql_on ssrc -c "$q" -c "VACUUM ANALYZE"
  {
    echo "reports: $WORK/sync-reports"
    echo "jobs:"
    for job in wm full del; do
      echo "  - name: $job"
      echo "    source: {url: '$PG/ssrc?user=bench'}"
      echo "    target: {url: '$PG/stgt?user=$user'}"
      if [[ $job != full ]]; then
        echo "    tables:"
        for t in $TABLES; do
          case "$job:$t" in
            del:order_line|del:comment|del:audit_log|del:invoice)
              echo "      $t: {watermark: updated_at, deletes: true}" ;;
            *) echo "      $t: {watermark: updated_at}" ;;
          esac
        done
      fi
    done
  } >"$WORK/sync.yaml"
  change() {  # change K: 1% of every table's rows changed on the source
    q=""
    for t in $TABLES; do q+="UPDATE $t SET updated_at = now() WHERE id % 100 = $1;"; done
    psql_on ssrc -c "$q" -c "ANALYZE"
  }
  cycle() {  # cycle JOB TOOL: a timed cycle, and its own seconds from sync_cycles
    timed sync "$2" ferry "$FERRY" sync --config "$WORK/sync.yaml" --once --job "$1"
    secs="$(psql_on stgt -Atc "SELECT extract(epoch FROM ended_at::timestamptz
      - started_at::timestamptz) FROM ferry.sync_cycles WHERE job = '$1' ORDER BY started_at
      DESC LIMIT 1")"
    echo "sync $2-run $secs 0 -" >>"$WORK/measures"
  }
  timed sync ferry-copy ferry "$FERRY" copy --from "$PG/ssrc?user=bench" \
    --to "$PG/stgt?user=$user" --report "$WORK/reports/sync-copy-$r"
  check_counts stgt
  secs="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["totals"]["seconds"])' \
    "$WORK/reports/sync-copy-$r/run-report.json")"
  echo "sync ferry-copy-run $secs 0 -" >>"$WORK/measures"
  # the marks of a first cycle of each job with watermarks (it reads every row and writes none)
  for job in wm del; do
    "$FERRY" sync --config "$WORK/sync.yaml" --once --job $job >"$WORK/logs/sync-$job-$r.txt" 2>&1 \
      || { cat "$WORK/logs/sync-$job-$r.txt" >&2; exit 1; }
  done
  psql_on postgres -c "CHECKPOINT"
  change 1
  cycle wm ferry-cycle-wm
  change 2
  cycle full ferry-cycle-full
  # and 0.1% of two leaf tables deleted on the source, which the deletes' job deletes
  change 3
  psql_on ssrc -c "DELETE FROM order_line WHERE id % 1000 = 7" -c "DELETE FROM comment WHERE id % 1000 = 7"
  cycle del ferry-cycle-deletes
  # the cycles left the target equal to the source, value for value
  "$FERRY" verify --from "$PG/ssrc?user=bench" --to "$PG/stgt?user=bench" \
    --out "$WORK/verify-sync-$r" >"$WORK/logs/verify-sync-$r.txt" 2>&1 \
    || { cat "$WORK/logs/verify-sync-$r.txt" >&2; echo "sync left the target unequal" >&2; exit 1; }
}

# run_order R TOOL...: the tools in order for odd runs, reversed for even runs.
run_order() {
  local r=$1; shift
  if (( r % 2 == 1 )); then echo "$@"; else echo "$@" | tr ' ' '\n' | tac | tr '\n' ' '; fi
}

# Helper scripts, so that pipelines and loops are timed as one command.
{
  echo "set -euo pipefail"
  for t in $TABLES; do
    echo "psql -X -q -h 127.0.0.1 -p $PG_PORT -U bench -d src -c '\\copy $t TO STDOUT' |" \
      "PGOPTIONS='-c session_replication_role=replica' psql -X -q -v ON_ERROR_STOP=1" \
      "-h 127.0.0.1 -p $PG_PORT -U bench -d tgt -c '\\copy $t FROM STDIN'"
  done
} >"$WORK/raw-copy.sh"
{
  echo "set -euo pipefail"
  for db in src vtgt; do
    for t in $TABLES; do
      echo "psql -X -q -h 127.0.0.1 -p $PG_PORT -U bench -d $db -c 'COPY $t TO STDOUT' >/dev/null"
    done
  done
} >"$WORK/scan-pg.sh"
{
  echo "set -euo pipefail"
  for t in $TABLES; do
    echo "mariadb --no-defaults -h 127.0.0.1 -P $MDB_PORT -ubench -pbench --quick --batch -N" \
      "-e 'SELECT * FROM $t' src >/dev/null"
  done
  for t in $TABLES; do
    echo "psql -X -q -h 127.0.0.1 -p $PG_PORT -U bench -d src -c 'COPY $t TO STDOUT' >/dev/null"
  done
} >"$WORK/scan-both.sh"
cat >"$WORK/pg-dump.sh" <<EOF
set -euo pipefail
pg_dump -h 127.0.0.1 -p $PG_PORT -U bench --data-only --disable-triggers src \
  | psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PG_PORT -U bench -d tgt >/dev/null
EOF
cat >"$WORK/pgloader-data-only.load" <<EOF
LOAD DATABASE
  FROM mysql://bench:bench@127.0.0.1:$MDB_PORT/src
  INTO postgresql://bench@127.0.0.1:$PG_PORT/tgt
WITH data only, truncate, disable triggers
ALTER SCHEMA 'src' RENAME TO 'public';
EOF

# The user map: the mapped target holds the same users under keys + 1,000,000; the unmapped one
# under the source's keys. Both have app_user filled before the copy, team_id NULL (the teams
# are not there yet), and the copy loads the ten business tables in both.
cat >"$WORK/ferry.yaml" <<EOF
identity:
  table: app_user
  key: id
  match:
    - column: email
  unmatched: fail
EOF
prefill_users() {  # prefill_users DB OFFSET
  psql_on src -c "\\copy (SELECT id + $2, email, external_id, name, NULL, active, created_at
                          FROM app_user) TO '$WORK/users.tsv'"
  psql_on "$1" -c "\\copy app_user FROM '$WORK/users.tsv'" -c "ANALYZE app_user"
}

# ---- the cases ---------------------------------------------------------------------------
if has_case consolidate; then
  # shellcheck source=bench/lib/consolidate.sh
  source "$ROOT/bench/lib/consolidate.sh"
  consolidate_setup
fi
: >"$WORK/measures"
for r in $(seq 1 "$RUNS"); do
  echo "== run $r of $RUNS (load $(cut -d ' ' -f 1-3 /proc/loadavg))"
  if has_case mariadb-to-pg; then
    for tool in $(run_order "$r" ferry pgloader pgloader-data-only); do
      case $tool in
        ferry)
          fresh_db tgt schema
          timed mariadb-to-pg ferry ferry "$FERRY" copy --from "$MDB" --to "$PG/tgt?user=bench" \
            --from-password-env FERRY_BENCH_MDB_PASSWORD --report "$WORK/reports/m2p-$r"
          check_counts tgt ;;
        pgloader)
          fresh_db tgt
          timed mariadb-to-pg pgloader peer pgloader --root-dir "$WORK/pgloader" \
            "mysql://bench:bench@127.0.0.1:$MDB_PORT/src" "$PGURI/tgt"
          check_counts tgt src ;;
        pgloader-data-only)
          fresh_db tgt schema
          timed mariadb-to-pg pgloader-data-only peer pgloader --root-dir "$WORK/pgloader" \
            "$WORK/pgloader-data-only.load"
          check_counts tgt ;;
      esac
    done
  fi
  if has_case migrate; then
    # The whole migration from an empty database: ferry creates the tables, keys and foreign keys
    # from MariaDB's catalog and loads them; pgloader's defaults create the schema (in a schema
    # named after the MariaDB database, `src`), load, then build indexes and foreign keys.
    for tool in $(run_order "$r" ferry pgloader); do
      fresh_db tgt
      case $tool in
        ferry)
          timed migrate ferry ferry "$FERRY" copy --from "$MDB" --to "$PG/tgt?user=bench" \
            --from-password-env FERRY_BENCH_MDB_PASSWORD --create-schema \
            --report "$WORK/reports/migrate-$r"
          check_counts tgt
          "$FERRY" verify --from "$MDB" --from-password-env FERRY_BENCH_MDB_PASSWORD \
            --to "$PG/tgt?user=bench" --out "$WORK/verify-migrate-$r" \
            >"$WORK/logs/verify-migrate-$r.txt" 2>&1 \
            || { cat "$WORK/logs/verify-migrate-$r.txt" >&2; echo "migrate: verify failed" >&2; exit 1; }
          echo "   migrate ferry: verify passed; $(psql_on tgt -Atc "SELECT count(*) FROM pg_indexes
            WHERE schemaname = 'public'") indexes, $(psql_on tgt -Atc "SELECT count(*) FROM
            pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace") foreign keys" ;;
        pgloader)
          timed migrate pgloader peer pgloader --root-dir "$WORK/pgloader" \
            "mysql://bench:bench@127.0.0.1:$MDB_PORT/src" "$PGURI/tgt"
          check_counts tgt src
          [[ ${LAST_FAILED:-0} -ne 0 ]] || echo "   migrate pgloader: $(psql_on tgt -Atc "SELECT
            count(*) FROM pg_indexes WHERE schemaname = 'src'") indexes, $(psql_on tgt -Atc "SELECT
            count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'src'::regnamespace") foreign keys" ;;
      esac
    done
  fi
  if has_case pg-to-pg; then
    for tool in $(run_order "$r" ferry ${FERRY_BENCH_P2P_EXTRA:-} pg_dump raw-copy pgcopydb); do
      case $tool in
        ferry)
          fresh_db tgt schema
          timed pg-to-pg ferry ferry "$FERRY" copy --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" \
            --report "$WORK/reports/p2p-$r" ;;
        ferry-whole|ferry-b2k|ferry-b50k|ferry-r100k)
          declare -A extra=([ferry-whole]="--split-rows 0" [ferry-b2k]="--batch-size 2000"
            [ferry-b50k]="--batch-size 50000" [ferry-r100k]="--split-rows 100000")
          fresh_db tgt schema
          # shellcheck disable=SC2086
          timed pg-to-pg "$tool" ferry "$FERRY" copy --from "$PG/src?user=bench" \
            --to "$PG/tgt?user=bench" ${extra[$tool]} --report "$WORK/reports/p2p-$tool-$r" ;;
        ferry-create)
          # the job pgcopydb clone does: from an empty database, tables, data, keys, indexes
          fresh_db tgt
          timed pg-to-pg ferry-create ferry "$FERRY" copy --from "$PG/src?user=bench" \
            --to "$PG/tgt?user=bench" --create-schema --report "$WORK/reports/p2p-create-$r" ;;
        ferry-spark)
          fresh_db tgt schema
          # shellcheck disable=SC2086
          # the JVM defaults of the ./ferry launcher (C1 only, serial GC), as for ferry itself
          timed pg-to-pg ferry-spark ferry java -Xmx"$XMX" -Xlog:gc:file="$GCLOG" \
            -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $SPARK_OPENS \
            -Dspark.master='local[2]' -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 \
            -cp "$SPARK_CP" dev.ferry.spark.FerrySpark copy --from "$PG/src?user=bench" \
            --to "$PG/tgt?user=bench" --report "$WORK/reports/p2p-spark-$r" ;;
        pg_dump)
          fresh_db tgt schema
          timed pg-to-pg pg_dump peer bash "$WORK/pg-dump.sh" ;;
        raw-copy)
          fresh_db tgt schema
          timed pg-to-pg raw-copy peer bash "$WORK/raw-copy.sh" ;;
        pgcopydb)
          fresh_db tgt
          rm -rf "$WORK/pgcopydb"
          timed pg-to-pg pgcopydb peer pgcopydb clone --source "$PGURI/src" \
            --target "$PGURI/tgt" --dir "$WORK/pgcopydb" --no-owner ;;
      esac
      check_counts tgt
    done
  fi
  if has_case user-map; then
    for tool in $(run_order "$r" ferry-map ferry-no-map ferry-exclude); do
      case $tool in
        ferry-map)
          fresh_db tgt schema
          prefill_users tgt 1000000
          "$FERRY" --config "$WORK/ferry.yaml" users map --from "$PG/src?user=bench" \
            --to "$PG/tgt?user=bench" --out "$WORK/user-map.csv" >"$WORK/logs/users-map.txt" 2>&1 \
            || { cat "$WORK/logs/users-map.txt" >&2; exit 1; }
          timed user-map ferry-map ferry "$FERRY" --config "$WORK/ferry.yaml" copy \
            --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" \
            --users-map "$WORK/user-map.csv" --report "$WORK/reports/map-$r"
          check_counts tgt
          # Every reference now points at a target user (key > 1,000,000).
          bad="$(psql_on tgt -Atc "SELECT count(*) FROM orders WHERE created_by <= 1000000")"
          [[ "$bad" == 0 ]] || { echo "user map not applied: $bad orders" >&2; exit 1; } ;;
        ferry-no-map)
          # The same copy without a map: every table (app_user too) into an empty schema.
          fresh_db tgt schema
          timed user-map ferry-no-map ferry "$FERRY" --config "$WORK/ferry.yaml" copy \
            --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" \
            --report "$WORK/reports/nomap-$r"
          check_counts tgt ;;
        ferry-exclude)
          # Without a map, the same ten tables: app_user left out, already in the target.
          fresh_db tgt schema
          prefill_users tgt 0
          timed user-map ferry-exclude ferry "$FERRY" --config "$WORK/ferry.yaml" copy \
            --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" --exclude app_user \
            --report "$WORK/reports/exclude-$r"
          check_counts tgt ;;
      esac
    done
  fi
  if has_case merge; then
    # A plain copy into an empty schema; then, into the target it filled, a merge that finds
    # nothing changed; then the same merge after 10% of order_line's and comment's rows were
    # changed and 5% deleted in the target (so 5% are new again).
    fresh_db tgt schema
    timed merge ferry-copy ferry "$FERRY" copy --from "$PG/src?user=bench" \
      --to "$PG/tgt?user=bench" --report "$WORK/reports/merge-copy-$r"
    check_counts tgt
    psql_on postgres -c "CHECKPOINT"
    timed merge ferry-rerun ferry "$FERRY" copy --from "$PG/src?user=bench" \
      --to "$PG/tgt?user=bench" --merge update --report "$WORK/reports/merge-rerun-$r"
    psql_on tgt -c "UPDATE order_line SET qty = qty + 1 WHERE id % 10 = 0" \
      -c "DELETE FROM order_line WHERE id % 20 = 1" \
      -c "UPDATE comment SET body = body || 'x' WHERE id % 10 = 0" \
      -c "DELETE FROM comment WHERE id % 20 = 1" -c "VACUUM ANALYZE"
    psql_on postgres -c "CHECKPOINT"
    timed merge ferry-merge ferry "$FERRY" copy --from "$PG/src?user=bench" \
      --to "$PG/tgt?user=bench" --merge update --report "$WORK/reports/merge-$r"
    check_counts tgt
    # the merged target is the source again, value for value
    "$FERRY" verify --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" \
      --out "$WORK/verify-merge-$r" >"$WORK/logs/verify-merge-$r.txt" 2>&1 \
      || { cat "$WORK/logs/verify-merge-$r.txt" >&2; echo "merge left the target unequal" >&2; exit 1; }
  fi
  if has_case merge-owner; then
    # The merge case again as a non-superuser owner of the target's tables (the normal
    # principal): its plain copy checks every foreign key row by row (a superuser's copy
    # switches the checks off), which a merge that writes little does not pay.
    psql_on postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname =
      'benchowner') THEN CREATE ROLE benchowner LOGIN; END IF; END \$\$"
    fresh_db tgt schema
    q=""
    for t in $TABLES; do q+="ALTER TABLE $t OWNER TO benchowner;"; done
    psql_on tgt -c "$q" -c "CREATE SCHEMA ferry AUTHORIZATION benchowner" \
      -c "GRANT CREATE ON SCHEMA public TO benchowner"
    timed merge-owner ferry-copy ferry "$FERRY" copy --from "$PG/src?user=bench" \
      --to "$PG/tgt?user=benchowner" --report "$WORK/reports/mo-copy-$r"
    check_counts tgt
    psql_on postgres -c "CHECKPOINT"
    timed merge-owner ferry-rerun ferry "$FERRY" copy --from "$PG/src?user=bench" \
      --to "$PG/tgt?user=benchowner" --merge update --report "$WORK/reports/mo-rerun-$r"
    psql_on tgt -c "UPDATE order_line SET qty = qty + 1 WHERE id % 10 = 0" \
      -c "DELETE FROM order_line WHERE id % 20 = 1" \
      -c "UPDATE comment SET body = body || 'x' WHERE id % 10 = 0" \
      -c "DELETE FROM comment WHERE id % 20 = 1" -c "VACUUM ANALYZE"
    psql_on postgres -c "CHECKPOINT"
    timed merge-owner ferry-merge ferry "$FERRY" copy --from "$PG/src?user=bench" \
      --to "$PG/tgt?user=benchowner" --merge update --report "$WORK/reports/mo-merge-$r"
    check_counts tgt
    "$FERRY" verify --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" \
      --out "$WORK/verify-mo-$r" >"$WORK/logs/verify-mo-$r.txt" 2>&1 \
      || { cat "$WORK/logs/verify-mo-$r.txt" >&2; echo "merge left the target unequal" >&2; exit 1; }
  fi

  if has_case remap; then
    # A plain copy into an empty schema against the same copy under --keys remap into an empty
    # schema whose every key comes from a sequence that starts past the source's keys: every
    # key is new and every foreign key is rewritten through the id map. Then verify, which
    # compares through the map, must pass. Both write as a non-superuser owner of the target's
    # tables (the normal case): remap loads the app_user/team cycle with a NULL first and a
    # fix-up then, which it can translate (a superuser's copy loads the cycle as it is, which
    # remap refuses).
    psql_on postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname =
      'benchowner') THEN CREATE ROLE benchowner LOGIN; END IF; END \$\$"
    for tool in $(run_order "$r" ferry-copy ferry-remap); do
      fresh_db tgt schema
      q=""
      for t in $TABLES; do
        if [[ $tool == ferry-remap ]]; then
          q+="CREATE SEQUENCE ${t}_id_seq START 1000000000 OWNED BY $t.id;"
          q+="ALTER TABLE $t ALTER COLUMN id SET DEFAULT nextval('${t}_id_seq');"
        fi
        q+="ALTER TABLE $t OWNER TO benchowner;"
      done
      psql_on tgt -c "$q" -c "CREATE SCHEMA ferry AUTHORIZATION benchowner" \
        -c "GRANT CREATE ON SCHEMA public TO benchowner"
      case $tool in
        ferry-copy)
          timed remap ferry-copy ferry "$FERRY" copy --from "$PG/src?user=bench" \
            --to "$PG/tgt?user=benchowner" --report "$WORK/reports/remap-copy-$r" ;;
        ferry-remap)
          timed remap ferry-remap ferry "$FERRY" copy --from "$PG/src?user=bench" \
            --to "$PG/tgt?user=benchowner" --keys remap --report "$WORK/reports/remap-$r"
          [[ "$(psql_on tgt -Atc "SELECT count(*) FROM customer WHERE id < 1000000000")" == 0 ]] \
            || { echo "remap left source keys in the target" >&2; exit 1; }
          "$FERRY" verify --from "$PG/src?user=bench" --to "$PG/tgt?user=bench" \
            --out "$WORK/verify-remap-$r" >"$WORK/logs/verify-remap-$r.txt" 2>&1 \
            || { cat "$WORK/logs/verify-remap-$r.txt" >&2; echo "remap: verify failed" >&2; exit 1; } ;;
      esac
      check_counts tgt
    done
  fi
  if has_case consolidate; then
    consolidate_run "$r"
  fi
  if has_case sync; then
    sync_run "$r"
  fi
  if has_case verify; then
    for tool in $(run_order "$r" ferry scan); do
      case $tool in
        ferry) timed verify ferry ferry "$FERRY" verify --from "$PG/src?user=bench" \
                 --to "$PG/vtgt?user=bench" --out "$WORK/verify-$r" ;;
        scan) timed verify scan peer bash "$WORK/scan-pg.sh" ;;
      esac
    done
    for tool in $(run_order "$r" ferry scan); do
      case $tool in
        ferry) timed verify-mariadb ferry ferry "$FERRY" verify --from "$MDB" \
                 --from-password-env FERRY_BENCH_MDB_PASSWORD --to "$PG/src?user=bench" \
                 --out "$WORK/verify-m-$r" ;;
        scan) timed verify-mariadb scan peer bash "$WORK/scan-both.sh" ;;
      esac
    done
  fi
done

# ---- report ------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
python3 "$ROOT/bench/lib/report.py" "$WORK/measures" \
  --title "bench/run.sh --scale $SCALE --runs $RUNS, $DATE, $ROWS_TOTAL rows" \
  --machine "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); PostgreSQL $PGVER, MariaDB $MDBVER, $(pgloader --version | head -n 1), pgcopydb $(pgcopydb --version 2>/dev/null | awk '/version/ {print $3; exit}'), $("$JAVA" -version 2>&1 | head -n 1); ferry -Xmx$XMX; load after the runs $(cut -d ' ' -f 1-3 /proc/loadavg)" \
  | tee "$OUT"
if [[ -s "$WORK/failures" ]]; then
  { echo; echo "Failed, left out of the comparisons:"; sed 's/^/  /' "$WORK/failures"; } \
    | tee -a "$OUT"
fi
echo "(written to $OUT)"
