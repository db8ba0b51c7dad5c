#!/usr/bin/env bash
# Ray overhead against threads for the demo's fold workload (see RayOverhead.java): cluster start,
# data shipping, per-task overhead, totals. Starts and stops its own two-node cluster on this
# machine (state in /tmp/cellbook-ray-bench; only that cluster's processes are stopped).
# Writes bench/results/ray-overhead-<UTC date>.json.
#
#   bench/ray/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RESULT=bench/results/ray-overhead-$(date -u +%Y-%m-%d).json
./cellbook --version >/dev/null   # builds kernel/target/cellbook.jar + lib/ (the workers' code) when stale
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
# shellcheck disable=SC2046
"$JAVA" $(cat kernel/target/jvm-flags.txt) -Dcellbook.root="$PWD" \
    -cp "kernel/target/cellbook.jar:kernel/target/lib/*" bench/ray/RayOverhead.java "$RESULT" "bench/ray/run.sh"
echo "wrote $RESULT" >&2
