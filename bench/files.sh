#!/usr/bin/env bash
# bench/files.sh — ferry copying the files rows point to (docs/files.md) against `cp -r` of the
# same tree on the same disk, in the same run; and ferry's memory against the size of the files.
#
# Generates (never committed) a tree of SMALL files of 1-64 KiB and LARGE files of LARGE_MB MiB
# each (random bytes), a SQLite source table `attachment(id, path)` with a row per file, and an
# empty target table; then times
#   1. cp -r TREE OUT            (and `cp -r` followed by `sync`: ferry makes each file durable)
#   2. ferry copy with files: {column: path, from: TREE, to: STORE}  (template keep), through
#      the ./ferry launcher
# and prints each wall time, the seconds of ferry's table (its files and rows, from its
# run-report.json: no JVM start or catalogs), the throughput ratios (cp's time / ferry's) and
# ferry's peak RSS.
# Then copies two tables of two files each, once of 1 MiB and once of LARGE_MB MiB, and prints
# both peak RSS: memory flat in file size means they are about equal.
#
# Usage:   bench/files.sh [SMALL] [LARGE] [LARGE_MB]      (default 5000 2 512: ~1.2 GiB)
# Env:     FERRY_BENCH_DIR  where the trees go (default: a new directory under /tmp), the same
#                           disk for source and both targets
#          FERRY_BENCH_XMX  the JVM's -Xmx (default 256m)
#          FERRY_HOME       the checkout whose ./ferry launcher runs (default this one): to
#                           compare builds. ferry runs through the launcher users run, with its
#                           JVM defaults (FERRY_JVM_DEFAULTS overrides them), as bench/run.sh does
# Needs:   target/ferry.jar (./mvnw -B -DskipTests package), java 17+, sqlite3, python3, GNU time.
set -euo pipefail

SMALL="${1:-5000}"
LARGE="${2:-2}"
LARGE_MB="${3:-512}"
XMX="${FERRY_BENCH_XMX:-256m}"
cd "$(dirname "$0")/.."
HOME_DIR="${FERRY_HOME:-$PWD}"
[[ -f "$HOME_DIR/target/ferry.jar" ]] \
  || { echo "missing $HOME_DIR/target/ferry.jar: run ./mvnw -B -DskipTests package" >&2; exit 2; }
"$HOME_DIR/ferry" --version >/dev/null   # the launcher archives its classes once, untimed
for tool in sqlite3 python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
WORK="${FERRY_BENCH_DIR:-$(mktemp -d /tmp/ferry-files-bench.XXXXXX)}"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# generate: a tree of files and a table with a row per file
python3 - "$WORK" "$SMALL" "$LARGE" "$LARGE_MB" <<'PY'
import os, random, sys
work, small, large, large_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
random.seed(15)
def tree(name, files):
    rows = []
    for i, size in enumerate(files, 1):
        path = f"d{i % 97:02d}/f{i}.bin"
        full = os.path.join(work, name, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            left = size
            while left > 0:
                n = min(left, 8 << 20)
                f.write(random.randbytes(n))
                left -= n
        rows.append(f"({i}, '{path}')")
    with open(os.path.join(work, name + ".sql"), "w") as f:
        f.write("CREATE TABLE attachment (id integer PRIMARY KEY, path text);\n")
        for at in range(0, len(rows), 500):
            f.write("INSERT INTO attachment VALUES " + ", ".join(rows[at:at + 500]) + ";\n")
tree("tree", [random.randint(1024, 65536) for _ in range(small)] + [large_mb << 20] * large)
tree("tiny", [1 << 20] * 2)
tree("huge", [large_mb << 20] * 2)
PY

rss_of() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

ferry_copy() {  # name store -> prints seconds; leaves time -v output in $WORK/$1.time
  local name="$1" store="$2"
  rm -f "$WORK/$name-src.db" "$WORK/$name-tgt.db"
  sqlite3 "$WORK/$name-src.db" < "$WORK/$name.sql"
  sqlite3 "$WORK/$name-tgt.db" "CREATE TABLE attachment (id integer PRIMARY KEY, path text);"
  mkdir -p "$store"
  printf 'tables:\n  attachment:\n    files: {column: path, from: %s, to: %s}\n' \
    "$WORK/$name" "$store" > "$WORK/$name.yaml"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/$name.time" \
    env FERRY_JAVA_OPTS="-Xmx$XMX ${FERRY_JAVA_OPTS:-}" "$HOME_DIR/ferry" copy \
    --from "jdbc:sqlite:$WORK/$name-src.db" --to "jdbc:sqlite:$WORK/$name-tgt.db" \
    --config "$WORK/$name.yaml" --report "$WORK/$name-report" > "$WORK/$name.out" 2>&1 \
    || { cat "$WORK/$name.out" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

bytes=$(du -sb "$WORK/tree" | cut -f1)
files=$(find "$WORK/tree" -type f | wc -l)
find "$WORK/tree" -type f -exec cat {} + > /dev/null   # both read a warm page cache

start=$(date +%s.%N); cp -r "$WORK/tree" "$WORK/cp-out"; end=$(date +%s.%N)
cp_s=$(echo "$end - $start" | bc)
rm -rf "$WORK/cp-out"; sync
start=$(date +%s.%N); cp -r "$WORK/tree" "$WORK/cp-out"; sync; end=$(date +%s.%N)
cp_sync_s=$(echo "$end - $start" | bc)
rm -rf "$WORK/cp-out"; sync

ferry_s=$(ferry_copy tree "$WORK/store")
copied=$(grep -c '"fate":"copied"' "$WORK/tree-report/file-audit.jsonl")
table_s=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["tables"][0]["seconds"])' "$WORK/tree-report/run-report.json")
[[ "$copied" == "$files" ]] || { echo "ferry copied $copied of $files files" >&2; exit 1; }
rm -rf "$WORK/store"; sync

tiny_s=$(ferry_copy tiny "$WORK/store-tiny")
huge_s=$(ferry_copy huge "$WORK/store-huge")

printf 'tree: %d files, %.1f MiB (%d of 1-64 KiB, %d of %d MiB)\n' "$files" \
  "$(echo "$bytes / 1048576" | bc -l)" "$SMALL" "$LARGE" "$LARGE_MB"
printf 'cp -r:           %7.2f s  %7.1f MiB/s\n' "$cp_s" "$(echo "$bytes / 1048576 / $cp_s" | bc -l)"
printf 'cp -r; sync:     %7.2f s  %7.1f MiB/s\n' "$cp_sync_s" \
  "$(echo "$bytes / 1048576 / $cp_sync_s" | bc -l)"
printf 'ferry copy:      %7.2f s  %7.1f MiB/s  (JVM start and both databases included)\n' \
  "$ferry_s" "$(echo "$bytes / 1048576 / $ferry_s" | bc -l)"
printf 'ferry table:     %7.2f s  %7.1f MiB/s  (its files and rows: run-report.json)\n' \
  "$table_s" "$(echo "$bytes / 1048576 / $table_s" | bc -l)"
printf 'ratio:           %.2fx of cp -r, %.2fx of cp -r; sync (throughput)\n' \
  "$(echo "$cp_s / $ferry_s" | bc -l)" "$(echo "$cp_sync_s / $ferry_s" | bc -l)"
printf 'table ratio:     %.2fx of cp -r, %.2fx of cp -r; sync (throughput)\n' \
  "$(echo "$cp_s / $table_s" | bc -l)" "$(echo "$cp_sync_s / $table_s" | bc -l)"
printf 'peak RSS:        %d KiB copying the tree\n' "$(rss_of "$WORK/tree.time")"
printf 'memory:          %d KiB for two files of 1 MiB (%.2f s), %d KiB for two of %d MiB (%.2f s)\n' \
  "$(rss_of "$WORK/tiny.time")" "$tiny_s" "$(rss_of "$WORK/huge.time")" "$LARGE_MB" "$huge_s"
