#!/usr/bin/env bash
# Per-phase timers for load_cohort / qc_filter / their cache writes (LoadPhases) and PCA (PcaSplit).
# Usage: bench/pp70k/phases/run.sh load SAMPLES.csv SCRATCH [inflate parse contigs load write qc]
#        bench/pp70k/phases/run.sh pca SCALE_ENTRY.json     (a 'scale' entry of a cold cache)
# The classes sit in the cache's and pp's packages (split packages on the class path) to reach
# package-private internals (DataFile, ValueOutput). CLASSES: classes:cache-classes of another build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cpfile=$root/target/steps-bench-cp.txt
[ -f "$cpfile" ] || (cd "$root" && ./mvnw -B -ntp -q -pl pipeline-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >/dev/null)
classes=${CLASSES:-$root/pipeline-core/target/classes:$root/cache/target/classes}
out=$(mktemp -d)
"$JAVA_HOME/bin/javac" -d "$out" -cp "$classes:$(cat "$cpfile")" "$here"/*.java
what=$1; shift
main=$([ "$what" = pca ] && echo org.cellbook.core.pp.PcaSplit || echo org.cellbook.cache.LoadPhases)
"$JAVA_HOME/bin/java" -Xmx12g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$out:$classes:$(cat "$cpfile")" "$main" "$@"
rm -rf "$out"
