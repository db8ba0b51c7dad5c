#!/usr/bin/env bash
# MatrixMarket (10x matrix.mtx) parse speed on a generated Cell Ranger-like file, plain and gzipped.
#   bench/mtx-parse.sh [entries] [repetitions]      (default 100000000 entries, 3 repetitions)
# Writes bench/results/mtx-parse.json (includes this command). The generated inputs are cached in
# target/bench-work/ (about 1.3 GB plain + 0.4 GB gzipped for 10^8 entries; delete when done).
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES="${1:-100000000}"
REPS="${2:-3}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -ntp -q -pl pipeline-core -am test-compile
./mvnw -B -ntp -q -pl pipeline-core dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/bench-classpath.txt" >/dev/null
mkdir -p bench/results target/bench-work
"$JAVA_HOME/bin/java" -Xmx6g -Dbench.command="bench/mtx-parse.sh $ENTRIES $REPS" \
  -cp "pipeline-core/target/test-classes:pipeline-core/target/classes:$(cat target/bench-classpath.txt)" \
  org.cellbook.core.io.MtxParseBench target/bench-work bench/results/mtx-parse.json "$ENTRIES" "$REPS"
