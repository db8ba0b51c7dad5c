#!/usr/bin/env bash
# Times load_cohort, qc_filter and preprocess as the pipeline runs them (StepsBench), with a fresh
# cache or the cache off. Usage: bench/pp70k/steps.sh CONFIG.yaml SCRATCH cache|nocache OUT.json [CLASSES]
# CLASSES: test-classes:classes:cache-classes of another build (A/B runs); default this worktree's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cpfile=${STEPS_BENCH_CPFILE:-$root/target/steps-bench-cp.txt}
if [ ! -f "$cpfile" ]; then
  mkdir -p "$(dirname "$cpfile")"
  ./mvnw -B -ntp -q -pl pipeline-core -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >/dev/null
fi
classes=${5:-pipeline-core/target/test-classes:pipeline-core/target/classes:cache/target/classes}
mkdir -p "$2"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    ${STEPS_BENCH_JAVA_OPTS:-} -cp "$classes:$(cat "$cpfile")" \
    org.cellbook.core.pipeline.StepsBench "$1" "$2" "$3" "$4"
