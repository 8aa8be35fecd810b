# bench/lib/consolidate.sh — the `consolidate` case of bench/run.sh (sourced by it).
#
# ferry consolidate of TENANTS tenant databases (PostgreSQL, each a copy of one data set of
# SCALE / TENANTS scale units, so that the tenants hold SCALE units in all, as `src` does) into
# one target whose tables carry a tenant column and take every key from a sequence (keys:
# remap, the norm), with --parallel-tenants P, against a plain ferry copy of `src` (the same
# number of rows, one source, tenant-less) into an empty schema. Both write as the non-superuser
# owner of the target's tables. After the consolidation, every table must hold TENANTS times a
# tenant's rows, and `ferry verify --manifest` (untimed) must pass. Then the first tenant's run
# is rolled back (timed, against the seconds its own run took, from its run-report.json), after
# which every table must hold the other tenants' rows.
# Env: FERRY_BENCH_TENANTS (default 20), FERRY_BENCH_PARALLEL_TENANTS (default 4).

TENANTS="${FERRY_BENCH_TENANTS:-20}"
PARALLEL_TENANTS="${FERRY_BENCH_PARALLEL_TENANTS:-4}"

consolidate_setup() {
  local unit=$((SCALE / TENANTS)) i db
  [[ $unit -ge 1 ]] || { echo "consolidate: --scale must be at least $TENANTS (one unit a tenant)" >&2; exit 2; }
  echo "== consolidate: $TENANTS tenants of scale $unit each ($(dataset_counts "$unit" \
    | awk '{s += $2} END {print s}') rows each)"
  psql_on postgres -c "DROP DATABASE IF EXISTS tsrc WITH (FORCE)" -c "CREATE DATABASE tsrc"
  psql_on tsrc -f "$ROOT/bench/lib/schema.sql"
  dataset_sql pg "$unit" | psql_on tsrc
  psql_on tsrc -f "$ROOT/bench/lib/constraints.sql" -c "VACUUM ANALYZE"
  for i in $(seq -w 1 "$TENANTS"); do
    psql_on postgres -c "DROP DATABASE IF EXISTS t$i WITH (FORCE)" -c "CREATE DATABASE t$i TEMPLATE tsrc"
  done
  psql_on postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname =
    'benchowner') THEN CREATE ROLE benchowner LOGIN; END IF; END \$\$"
  {
    echo "target: {url: '$PG/ctgt?user=benchowner'}"
    echo "tenant-column: tenant_id"
    echo "batch-size: 10000"
    echo "tenants:"
    for i in $(seq -w 1 "$TENANTS"); do
      echo "  - {name: t$i, id: t$i, source: {url: '$PG/t$i?user=bench'}}"
    done
  } >"$WORK/consolidation.yaml"
}

# consolidate_target: an empty target of the bench schema with a tenant column in every table,
# every key from a sequence, the unique e-mail per tenant, owned by benchowner.
consolidate_target() {
  local q="" t
  fresh_db ctgt
  sed -e 's/CREATE UNIQUE INDEX app_user_email_key ON app_user (email)/CREATE UNIQUE INDEX app_user_email_key ON app_user (tenant_id, email)/' \
    "$ROOT/bench/lib/constraints.sql" >"$WORK/constraints-tenant.sql"
  psql_on ctgt -f "$ROOT/bench/lib/schema.sql"
  for t in $TABLES; do
    q+="ALTER TABLE $t ADD COLUMN tenant_id varchar(10) NOT NULL;"
    q+="CREATE SEQUENCE ${t}_id_seq OWNED BY $t.id;"
    q+="ALTER TABLE $t ALTER COLUMN id SET DEFAULT nextval('${t}_id_seq');"
    q+="ALTER TABLE $t OWNER TO benchowner;"
  done
  psql_on ctgt -c "$q" -f "$WORK/constraints-tenant.sql" \
    -c "CREATE SCHEMA ferry AUTHORIZATION benchowner" -c "GRANT CREATE ON SCHEMA public TO benchowner"
  psql_on postgres -c "CHECKPOINT"
}

consolidate_run() {  # consolidate_run R
  local r=$1 tool t expected
  for tool in $(run_order "$r" ferry-copy ferry-consolidate); do
    case $tool in
      ferry-copy)
        fresh_db tgt schema
        q=""
        for t in $TABLES; do q+="ALTER TABLE $t OWNER TO benchowner;"; done
        psql_on tgt -c "$q" -c "CREATE SCHEMA ferry AUTHORIZATION benchowner" \
          -c "GRANT CREATE ON SCHEMA public TO benchowner"
        timed consolidate ferry-copy ferry "$FERRY" copy --from "$PG/src?user=bench" \
          --to "$PG/tgt?user=benchowner" --report "$WORK/reports/cons-copy-$r"
        check_counts tgt ;;
      ferry-consolidate)
        consolidate_target
        timed consolidate ferry-consolidate ferry "$FERRY" consolidate \
          --manifest "$WORK/consolidation.yaml" --parallel-tenants "$PARALLEL_TENANTS" \
          --report "$WORK/reports/cons-$r"
        for t in $TABLES; do
          expected=$(( $(dataset_counts $((SCALE / TENANTS)) | awk -v t="$t" '$1 == t {print $2}') * TENANTS ))
          [[ "$(psql_on ctgt -Atc "SELECT count(*) FROM $t")" == "$expected" ]] \
            || { echo "consolidate: $t does not hold $expected rows" >&2; exit 1; }
        done
        "$FERRY" verify --manifest "$WORK/consolidation.yaml" --out "$WORK/verify-cons-$r" \
          >"$WORK/logs/verify-cons-$r.txt" 2>&1 \
          || { tail -n 30 "$WORK/logs/verify-cons-$r.txt" >&2; echo "consolidate: verify failed" >&2; exit 1; }
        consolidate_rollback "$r" ;;
    esac
  done
}

# consolidate_rollback R: ferry rollback of the first tenant's run, against the seconds that run
# took (its run-report's totals.seconds, recorded as the pseudo-tool tenant-run): the rollback's
# own seconds (what it prints, recorded as ferry-rollback-run) and its wall time, JVM included.
consolidate_rollback() {
  local r=$1 first report run secs t expected
  first="t$(seq -w 1 "$TENANTS" | head -n 1)"
  report="$WORK/reports/cons-$r/$first/run-report.json"
  run="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["runId"])' "$report")"
  secs="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["totals"]["seconds"])' "$report")"
  echo "consolidate tenant-run $secs 0 -" >>"$WORK/measures"
  timed consolidate ferry-rollback ferry "$FERRY" rollback --to "$PG/ctgt?user=benchowner" \
    --run "$run" --tenant "$first"
  # its own seconds, as the run's are its report's: both without the JVM's start
  secs="$(sed -n 's/^Rolled back run .* in \([0-9.]*\) s$/\1/p' "$WORK/logs/consolidate.ferry-rollback.txt")"
  [[ -n "$secs" ]] || { echo "rollback of $first: no seconds in its output" >&2; exit 1; }
  echo "consolidate ferry-rollback-run $secs 0 -" >>"$WORK/measures"
  for t in $TABLES; do
    expected=$(( $(dataset_counts $((SCALE / TENANTS)) | awk -v t="$t" '$1 == t {print $2}') * (TENANTS - 1) ))
    [[ "$(psql_on ctgt -Atc "SELECT count(*) FROM $t")" == "$expected" ]] \
      || { echo "rollback of $first: $t does not hold $expected rows" >&2; exit 1; }
  done
}
