#!/usr/bin/env bash
# bench/cv-eff/mkbuild.sh NAME: copy this tree's kernel/target build to $CV_EFF/builds/NAME and
# train its AOT cache with the tiny demo run bench/e2e/e2e.py uses (as ./cellbook does after a build).
set -euo pipefail
CV_EFF="${CV_EFF:-/tmp/cv-eff}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
B=$CV_EFF/builds/$1; rm -rf "$B"; mkdir -p "$B"
cd "$ROOT/kernel/target" && cp -r cellbook.jar lib jvm-flags.txt "$B/"
cd "$ROOT"
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F=$(cat $B/jvm-flags.txt)
rm -rf $CV_EFF/aot-train
CELLBOOK_ROOT="$ROOT" DJL_OFFLINE=true $J $F -XX:AOTMode=record -XX:AOTConfiguration=$B/aot.conf -Xlog:aot=off -Xlog:cds=off \
  -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -jar $B/cellbook.jar demo --out $CV_EFF/aot-train --cells-per-sample 60 --genes 600 \
  -p preprocess.n_top_genes=200 -p preprocess.n_pcs=10 --no-cache >/dev/null 2>&1
$J $F -XX:AOTMode=create -XX:AOTConfiguration=$B/aot.conf -XX:AOTCache=$B/cellbook-notebook.aot -jar $B/cellbook.jar > $B/aot.log 2>&1
ls -la $B
