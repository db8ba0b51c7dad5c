#!/usr/bin/env bash
# Cold run, unchanged warm re-run (replayed from the run cache), the same with --no-replay (cells run,
# steps from the cache), a run with one model parameter changed (random_forest
# n_estimators), then one more (logreg C), of the TCR-response demo notebook through one cache. Reads per-step and per-fold-task
# times and cache hits from each run's manifest and writes bench/results/cache-rerun-<UTC date>.json.
#
#   bench/cache-rerun/run.sh            # OUT=/tmp/cellbook-cache-rerun; EXTRA="--workers 2" to pass more
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/cellbook-cache-rerun}
EXTRA=${EXTRA:-}
RESULT=bench/results/cache-rerun-$(date -u +%Y-%m-%d).json
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

./cellbook setup >/dev/null 2>&1 || ./cellbook --version >/dev/null   # build once, outside the timings
rm -rf "$OUT"
# A private copy of the notebook folder, so the "changed" run can edit its config.yaml.
cp -r notebooks/tcr-response "$WORK/nb"
NB="$WORK/nb/tcr-response.ipynb"
# Generate the demo's synthetic cohort (preset demo over 8 patients, as `cellbook demo` does) outside
# the timings; the demo uses OUT/data when it is there.
./cellbook synth --preset demo --patients 8 --cells-per-sample 150 --out "$OUT/data" >/dev/null

run() { # name [extra cellbook options]
    local name=$1
    shift
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%e %U %S" -o "$WORK/cpu-$name.txt" \
        ./cellbook demo --out "$OUT" --notebook "$NB" $EXTRA "$@" >"$WORK/out-$name.txt" 2>"$WORK/err-$name.txt"
    end=$(date +%s.%N)
    echo "$start $end" >"$WORK/time-$name.txt"
    cp "$OUT/manifest.json" "$WORK/manifest-$name.json"
    tail -n 1 "$WORK/out-$name.txt"
}
run cold
run warm
run warm_no_replay --no-replay
python3 - "$WORK/nb/config.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = "n_estimators: [50, 100]"
assert old in s, "config.yaml no longer has " + old
open(p, "w").write(s.replace(old, "n_estimators: [50, 150]"))
PY
run changed
python3 - "$WORK/nb/config.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = "C: [0.01, 0.1, 1.0]"
assert old in s, "config.yaml no longer has " + old
open(p, "w").write(s.replace(old, "C: [0.01, 0.1, 10.0]"))
PY
run changed_logreg

python3 - "$WORK" "$RESULT" "$0 (OUT=$OUT EXTRA=$EXTRA)" <<'PY'
import json, os, sys, platform, subprocess
work, out, command = sys.argv[1:4]
runs = {}
for name in ("cold", "warm", "warm_no_replay", "changed", "changed_logreg"):
    start, end = map(float, open(f"{work}/time-{name}.txt").read().split())
    elapsed, user, sys_ = map(float, open(f"{work}/cpu-{name}.txt").read().split()[-3:])
    m = json.load(open(f"{work}/manifest-{name}.json"))
    cells = [s for s in m["steps"] if s["id"].startswith("cell ")]
    tasks = [s for s in m["steps"] if s["id"].startswith("fold_task:")]
    replay = [s for s in m["steps"] if s["id"] == "replay"]
    steps = [s for s in m["steps"] if not s["id"].startswith(("cell ", "fold_task:")) and s["id"] != "replay"]
    runs[name] = {
        "wall_seconds": round(end - start, 2),
        "process_cpu_seconds": round(user + sys_, 2),
        "replayed": bool(replay),
        "analysis_seconds": round(sum(c["seconds"] for c in cells + replay), 3),
        "step_seconds": round(sum(s["seconds"] for s in steps), 3),
        "cells": {c["id"]: {"label": c["label"], "seconds": round(c["seconds"], 3), "cache_hit": c["cache_hit"]} for c in cells},
        "steps": {s["id"]: {"seconds": round(s["seconds"], 3), "cache_hit": s["cache_hit"]} for s in steps},
        "step_hit_rate": round(sum(s["cache_hit"] for s in steps) / max(1, len(steps)), 3),
        "fold_tasks": len(tasks), "fold_tasks_cached": sum(t["cache_hit"] for t in tasks),
        "recomputed": [s["id"] for s in steps if not s["cache_hit"]]
                      + sorted({t["id"].split(":", 1)[1].rsplit("/", 1)[0] + "/*" for t in tasks if not t["cache_hit"]}),
        "cache": m["cache"], "status": m["status"],
        "summary": open(f"{work}/out-{name}.txt").read().strip().splitlines()[-1],
    }
def ratio(a, b, key):
    return round(runs[a][key] / runs[b][key], 4) if runs[b][key] else None
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    cpu = platform.processor()
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
doc = {"command": command,
       "cellbook_command": "./cellbook demo --out OUT --notebook <copy of notebooks/tcr-response> (cold: empty cache; warm: same"
                           " again, replayed; warm_no_replay: with --no-replay; changed: random_forest n_estimators [50, 100] -> [50, 150] in the copy's config.yaml;"
                           " changed_logreg: then also logreg C [0.01, 0.1, 1.0] -> [0.01, 0.1, 10.0])",
       "commit": commit,
       "machine": {"cpus": os.cpu_count(), "cpu": cpu, "load_average_at_end": os.getloadavg(), "platform": platform.platform(),
                   "note": "shared machine: other agents' builds and tests ran at the same time, so wall times are noisy;"
                           " process_cpu_seconds is less sensitive to that"},
       "ratios": {
           "warm_over_cold": {"analysis": ratio("warm", "cold", "analysis_seconds"), "wall": ratio("warm", "cold", "wall_seconds"),
                              "process_cpu": ratio("warm", "cold", "process_cpu_seconds"),
                              "steps": ratio("warm", "cold", "step_seconds")},
           "warm_no_replay_over_cold": {"analysis": ratio("warm_no_replay", "cold", "analysis_seconds"),
                                        "wall": ratio("warm_no_replay", "cold", "wall_seconds"),
                                        "process_cpu": ratio("warm_no_replay", "cold", "process_cpu_seconds"),
                                        "steps": ratio("warm_no_replay", "cold", "step_seconds")},
           "changed_over_cold": {"analysis": ratio("changed", "cold", "analysis_seconds"), "wall": ratio("changed", "cold", "wall_seconds"),
                                 "process_cpu": ratio("changed", "cold", "process_cpu_seconds"),
                                 "steps": ratio("changed", "cold", "step_seconds")},
           "changed_logreg_over_cold": {"analysis": ratio("changed_logreg", "cold", "analysis_seconds"),
                                        "wall": ratio("changed_logreg", "cold", "wall_seconds"),
                                        "process_cpu": ratio("changed_logreg", "cold", "process_cpu_seconds"),
                                        "steps": ratio("changed_logreg", "cold", "step_seconds")}},
       "runs": runs}
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump(doc, open(out, "w"), indent=2)
print("wrote", out)
print(json.dumps(doc["ratios"], indent=2))
for n in runs:
    print(n, "recomputed:", runs[n]["recomputed"], "fold tasks cached:", runs[n]["fold_tasks_cached"], "/", runs[n]["fold_tasks"])
PY
