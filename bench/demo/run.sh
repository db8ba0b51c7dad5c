#!/usr/bin/env bash
# Times `./cellbook demo` twice from a clean output folder: the first run generates the synthetic
# cohort and computes every step, the second is replayed from the run cache (nothing changed). A
# third run with --no-replay runs every cell with each pipeline step served from the cache. Records
# wall time of each command and the analysis time (sum of cell times, or the replay's time) and cache
# use from each run's manifest.
# Writes bench/results/demo-<UTC date>.json.
#
#   bench/demo/run.sh                   # OUT=/tmp/cellbook-demo-bench
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/cellbook-demo-bench}
RESULT=bench/results/demo-$(date -u +%Y-%m-%d).json
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

./cellbook setup >/dev/null 2>&1 || ./cellbook --version >/dev/null   # build once, outside the timings
rm -rf "$OUT"
rm -f kernel/target/cellbook-notebook.jsa kernel/target/cellbook-notebook.aot   # the launcher's class-data archive / AOT cache: run 1 writes it, as a first use does
for run in 1 2 3; do
    start=$(date +%s.%N)
    extra=(); [ "$run" = 3 ] && extra=(--no-replay)
    ./cellbook demo --out "$OUT" "${extra[@]}" >"$WORK/out$run.txt" 2>"$WORK/err$run.txt"
    end=$(date +%s.%N)
    echo "$start $end" >"$WORK/time$run.txt"
    cp "$OUT/manifest.json" "$WORK/manifest$run.json"
    tail -n 3 "$WORK/out$run.txt"
done

python3 - "$WORK" "$RESULT" "$0 (OUT=$OUT)" <<'PY'
import json, os, sys, platform
work, out, command = sys.argv[1:4]
runs = []
for i in (1, 2, 3):
    start, end = map(float, open(f"{work}/time{i}.txt").read().split())
    m = json.load(open(f"{work}/manifest{i}.json"))
    cells = [s for s in m["steps"] if s["id"].startswith("cell ")]
    replay = [s for s in m["steps"] if s["id"] == "replay"]
    steps = [s for s in m["steps"] if not s["id"].startswith("cell ") and s["id"] != "replay"]
    runs.append({
        "run": i,
        "wall_seconds": round(end - start, 2),
        "replayed": bool(replay),
        "analysis_seconds": round(sum(c["seconds"] for c in cells + replay), 3),
        "cells": len(cells), "cells_cached": sum(c["cache_hit"] for c in cells),
        "steps": {s["id"]: {"seconds": round(s["seconds"], 3), "cache_hit": s["cache_hit"]} for s in steps},
        "cache": m["cache"],
        "status": m["status"],
        "summary": open(f"{work}/out{i}.txt").read().strip().splitlines()[-1],
    })
doc = {"command": command,
       "cellbook_command": "./cellbook demo --out OUT (OUT removed first; twice, then with --no-replay)",
       "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg(), "platform": platform.platform()},
       "runs": runs,
       "second_over_first": {"wall": round(runs[1]["wall_seconds"] / runs[0]["wall_seconds"], 3),
                             "analysis": round(runs[1]["analysis_seconds"] / runs[0]["analysis_seconds"], 3)},
       "no_replay_over_first": {"wall": round(runs[2]["wall_seconds"] / runs[0]["wall_seconds"], 3),
                                "analysis": round(runs[2]["analysis_seconds"] / runs[0]["analysis_seconds"], 3)}}
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump(doc, open(out, "w"), indent=2)
print("wrote", out)
PY
