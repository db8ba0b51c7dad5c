#!/usr/bin/env bash
# Benchmark: generate the reference synthetic cohort (7 patients x 2 samples x 5,000 cells,
# 20,000 genes) with the built CLI and record wall time, CPU time, peak RSS and output size in
# bench/results/synth-reference.json.
#   bench/synth/run.sh [COHORT_DIR]     (default: a temporary folder, deleted afterwards)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RESULT="$ROOT/bench/results/synth-reference.json"
cd "$ROOT"

[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

KEEP=1
if [[ $# -ge 1 ]]; then
  OUT="$1"
else
  KEEP=0
  OUT="$(mktemp -d)/cohort"
fi
TIMES="$(mktemp)"
trap 'rm -f "$TIMES"; [[ $KEEP == 1 ]] || rm -rf "$(dirname "$OUT")"' EXIT

# Build first (the launcher rebuilds when sources changed), so the timing is generation only.
JVM="$(./cellbook --version | sed -n 's/^JVM: //p')"

CMD=(./cellbook synth --preset reference --out "$OUT" --force)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v -o "$TIMES" "${CMD[@]}"

field() { sed -n "s/^[[:space:]]*$1: //p" "$TIMES"; }
wall="$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')"
user="$(field 'User time (seconds)')"
sys="$(field 'System time (seconds)')"
rss_kb="$(field 'Maximum resident set size (kbytes)')"
bytes="$(du -sb "$OUT" | cut -f1)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
mem_gib="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"

cat > "$RESULT" <<JSON
{
  "benchmark": "synth-reference",
  "command": "./cellbook synth --preset reference --out DIR --force",
  "script": "bench/synth/run.sh",
  "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {
    "nproc": $(nproc),
    "cpu": "$cpu_model",
    "memory_gib": $mem_gib,
    "jvm": "$JVM",
    "load_average_before": "$LOAD_BEFORE",
    "busy": $(awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { print (l > n) ? "true" : "false" }')
  },
  "cohort": { "patients": 7, "samples": 14, "cells": 70000, "genes": 20000 },
  "wall_seconds": $wall,
  "user_cpu_seconds": $user,
  "system_cpu_seconds": $sys,
  "note": "wall time is only comparable between idle machines (busy = 1-minute load above nproc before the run); CPU seconds are less sensitive to other load",
  "peak_rss_mib": $(( rss_kb / 1024 )),
  "output_bytes": $bytes,
  "output_mib": $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
}
JSON
cat "$RESULT"
