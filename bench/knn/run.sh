#!/usr/bin/env bash
# NN-descent A/B: OLD_CLASSES (a pipeline-core target/classes copy of the baseline) vs this tree,
# interleaved old, new, old, new on the same input. Usage: bench/knn/run.sh OLD_CLASSES [PCS.npy] [REPEATS=2]
# Without PCS.npy a 70,000 x 30 Gaussian mixture (20 clusters) is used. Prints one JSON line per run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OLD="$1"; PCS="${2:-}"; REPEATS="${3:-2}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" # mvnw needs it too
(cd "$ROOT" && ./mvnw -B -ntp -q -pl pipeline-core -am install -DskipTests)
(cd "$ROOT" && ./mvnw -B -ntp -q -pl pipeline-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
DEPS="$(cat "$ROOT/pipeline-core/target/cp.txt")"
ARGS=(70000 30 15 2 20); [ -n "$PCS" ] && ARGS+=("$PCS")
for r in $(seq "$REPEATS"); do
  for v in old new; do
    if [ "$v" = old ]; then CP="$OLD:$DEPS"; else CP="$ROOT/pipeline-core/target/classes:$DEPS"; fi
    LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
    OUT="$("$JAVA_HOME/bin/java" -Xmx4g -cp "$CP" "$ROOT/bench/knn/KnnBench.java" "${ARGS[@]}")"
    echo "{\"variant\": \"$v\", \"repeat\": $r, \"load_before\": \"$LOAD\", \"result\": $OUT}"
  done
done
