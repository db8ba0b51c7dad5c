#!/usr/bin/env bash
# Reference-size (70,000 cells) nested CV alone: bench/cv70k/run.sh CLASSPATH_DIR WORKERS... (see README.md)
#   CLASSPATH_DIR: a folder with cellbook.jar + lib/ (kernel/target, or a copy of an older build).
#   JAVA_OPTS (env) go to the JVM. Needs /tmp/cv70k/config.yaml + a copy of the reference run's cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR="$1"; shift
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
# shellcheck disable=SC2046,SC2086
exec "$JAVA" $(cat kernel/target/jvm-flags.txt) ${JAVA_OPTS:-} -Dcellbook.root="$PWD" -cp "$DIR/cellbook.jar:$DIR/lib/*" \
  bench/cv70k/FoldTaskBench.java "${CV70K_CONFIG:-/tmp/cv70k/config.yaml}" "${CV70K_CACHE:-/tmp/cv70k/cache}" \
  "${CV70K_SETS:-/tmp/cv70k/sets}" "$@"
