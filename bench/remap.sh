#!/usr/bin/env bash
# Times remap script generation for a large map (RemapScriptBench): arguments are mappings
# (default 1000000), reference columns (100), dialect (postgres) and output directory
# (target/remap-bench). JAVA_OPTS sets the heap, e.g. JAVA_OPTS=-Xmx1g. Record results in
# docs/perf.md, "Script generation".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
cp_file="target/bench-classpath.txt"
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  dev.ferry.script.RemapScriptBench "$@"
