#!/usr/bin/env bash
# NN-descent vs pynndescent as scanpy 1.11.5 runs it, on the same PCs, interleaved
# (pynndescent, this tree, [baseline]) x REPEATS; process CPU seconds and wall of the kNN alone
# after a warm-up (numba compile and JIT excluded), distance evaluations (ours), and recall of
# every run against brute force on QUERIES random cells (bench/knn/recall.py).
# Usage: bench/knn/compare.sh PCS.npy [REPEATS=2] [OLD_CLASSES] [QUERIES=3000]
#   OLD_CLASSES: a pipeline-core target/classes copy of a baseline build (optional).
# Prints one JSON line per run, then the recall JSON. Needs the project venv (.venv).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PCS="$1"; REPEATS="${2:-2}"; OLD="${3:-}"; QUERIES="${4:-3000}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" # mvnw needs it too
WORK="$ROOT/target/bench-knn"; mkdir -p "$WORK"
(cd "$ROOT" && ./mvnw -B -ntp -q -pl pipeline-core -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt")
DEPS="$ROOT/cache/target/classes:$(cat "$WORK/cp.txt")"
java_run() { # CLASSES TAG
  local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
  local out; out="$("$JAVA_HOME/bin/java" -Xmx4g -Dknn.queries=0 -Dknn.out="$WORK/idx-$2.npy" -cp "$1:$DEPS" "$ROOT/bench/knn/KnnBench.java" 0 0 15 2 0 "$PCS")"
  echo "{\"tag\": \"$2\", \"load_before\": \"$load\", \"result\": $out}"
}
FILES=()
for r in $(seq "$REPEATS"); do
  out="$(NUMBA_NUM_THREADS=2 OMP_NUM_THREADS=2 "$ROOT/.venv/bin/python" "$ROOT/bench/knn/pynnd_bench.py" "$PCS" "$WORK/idx-pynndescent-$r.npy" 2 2>/dev/null)"
  echo "{\"tag\": \"pynndescent-$r\", \"result\": $out}"; FILES+=("$WORK/idx-pynndescent-$r.npy")
  java_run "$ROOT/pipeline-core/target/classes" "new-$r"; FILES+=("$WORK/idx-new-$r.npy")
  if [ -n "$OLD" ]; then java_run "$OLD" "old-$r"; FILES+=("$WORK/idx-old-$r.npy"); fi
done
"$ROOT/.venv/bin/python" "$ROOT/bench/knn/recall.py" "$PCS" "$QUERIES" "${FILES[@]}"
