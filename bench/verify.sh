#!/usr/bin/env bash
# Times verification against a plain scan of the same tables on embedded PostgreSQL and MariaDB
# (src/test/java/dev/ferry/bench/VerifyBench.java) and prints a Markdown table for docs/perf.md.
#   bench/verify.sh                 # 1,000,000 rows per table, best of 3
#   bench/verify.sh 200000 5        # 200,000 rows, best of 5
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

cp_file="target/bench-classpath.txt"
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null

exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  dev.ferry.bench.VerifyBench "$@"
