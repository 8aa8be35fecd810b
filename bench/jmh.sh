#!/usr/bin/env bash
# Runs ferry's JMH benchmarks (src/test/java/dev/ferry/bench). Builds the test classes with the
# Maven wrapper, then runs JMH on them. Arguments go to JMH. A first argument that is not an
# option picks the benchmarks (default LoadOrderBenchmark); -f 1 -wi 3 -i 5 apply unless given.
#   bench/jmh.sh                                # LoadOrderBenchmark -f 1 -wi 3 -i 5
#   bench/jmh.sh -prof gc                       # the same, with allocation figures
#   bench/jmh.sh LoadOrder -f 3 -i 10 -rf json  # three forks, ten iterations, JSON result
# Record results in docs/perf.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

cp_file="target/bench-classpath.txt"
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null

if [[ ! -f target/test-classes/META-INF/BenchmarkList ]]; then
  echo "jmh.sh: target/test-classes/META-INF/BenchmarkList is missing; is jmh-generator-annprocess" \
    "in maven-compiler-plugin's annotationProcessorPaths?" >&2
  exit 1
fi

pattern=LoadOrderBenchmark
if [[ $# -gt 0 && "$1" != -* ]]; then
  pattern="$1"
  shift
fi
given=" $* "
defaults=()
# JMH refuses an option given twice, so a default applies only when the caller left it out.
[[ "$given" == *" -f "* ]] || defaults+=(-f 1)
[[ "$given" == *" -wi "* ]] || defaults+=(-wi 3)
[[ "$given" == *" -i "* ]] || defaults+=(-i 5)

exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main \
  "$pattern" "${defaults[@]}" "$@"
