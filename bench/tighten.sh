#!/usr/bin/env bash
# Times the profile of `ferry schema --tighten` against one raw scan on embedded PostgreSQL and MariaDB
# (src/test/java/dev/ferry/bench/TightenBench.java) and prints a Markdown table for docs/perf.md.
#   bench/tighten.sh                 # 1,000,000 orders (100,000 customers), best of 3
#   bench/tighten.sh 200000 5        # 200,000 rows, best of 5
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

cp_file="target/bench-classpath.txt"
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null

exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  dev.ferry.bench.TightenBench "$@"
