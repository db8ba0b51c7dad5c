#!/usr/bin/env bash
# Nested-CV parallel efficiency on the demo cohort, cold JVMs, interleaved A/B (see README.md).
#   bench/fold-parallel/run.sh DEMO_DIR REPEATS [NAME=CLASSPATH_DIR ...]
# DEMO_DIR: a `./cellbook demo --out DIR` folder (its data/ is read). Each variant is a folder
# holding cellbook.jar + lib/ (a copy of kernel/target from some commit); a NAME ending in
# "nowarmup" runs with -Dcellbook.foldWarmup=false. JAVA_OPTS (env) go to every JVM.
# Writes JSON lines to /tmp/fold-parallel-runs.jsonl and prints the summary JSON.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEMO="$1"; REPEATS="$2"; shift 2
[[ -f kernel/target/jvm-flags.txt ]] || ./cellbook --version >/dev/null
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
CACHE=/tmp/fold-parallel-cache
OUT=/tmp/fold-parallel-runs.jsonl
: > "$OUT"
variants=("$@")
for r in $(seq "$REPEATS"); do
  for v in "${variants[@]}"; do
    name="${v%%=*}"; dir="${v#*=}"
    read -r -a extra <<< "${JAVA_OPTS:-}"
    [[ "$name" == *nowarmup ]] && extra+=(-Dcellbook.foldWarmup=false)
    for w in 1 2; do
      # shellcheck disable=SC2046
      line=$("$JAVA" $(cat kernel/target/jvm-flags.txt) ${extra[@]+"${extra[@]}"} -Dcellbook.root="$PWD" \
          -cp "$dir/cellbook.jar:$dir/lib/*" bench/fold-parallel/FoldParallel.java "$DEMO" "$CACHE" "$w" 2>/dev/null | grep '^{')
      echo "{\"variant\": \"$name\", \"repeat\": $r, \"run\": $line}" >> "$OUT"
      echo "$name repeat $r workers $w: $(echo "$line" | cut -c1-160)" >&2
    done
  done
done
python3 bench/fold-parallel/summarize.py "$OUT"
