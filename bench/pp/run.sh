#!/usr/bin/env bash
# pp benchmark: the same preprocessing steps in Java (PpBench) and scanpy on the same synthetic
# CSR counts; writes bench/results/pp-<date>.json. Usage: bench/pp/run.sh [N_CELLS] [N_GENES] [NNZ_PER_CELL]
# (default 70000 20000 2000). Data go to target/bench-pp/ (or $PP_BENCH_DATA), never committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-70000}; m=${2:-20000}; k=${3:-2000}
data=${PP_BENCH_DATA:-$root/target/bench-pp/${n}x${m}x${k}}
py=$root/.venv/bin/python
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A cohort folder (samples.csv, from `./cellbook synth --preset reference --out DIR`) given as
# PP_BENCH_DATA is read as 10x mtx folders on both sides; otherwise make_data.py's CSR .npy files.
[ -f "$data/data.npy" ] || [ -f "$data/samples.csv" ] || "$py" bench/pp/make_data.py "$data" "$n" "$m" "$k"
./mvnw -B -ntp -q -pl pipeline-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null
cp="pipeline-core/target/test-classes:pipeline-core/target/classes:cache/target/classes:$(cat "$work/cp.txt")"

# PP_BENCH_ROUNDS rounds alternate Java and scanpy (so both see the same background load on a
# shared machine); each step keeps its fastest round on each side.
rounds=${PP_BENCH_ROUNDS:-1}
for r in $(seq 1 "$rounds"); do
    echo "== Java (round $r of $rounds)"
    cut -d' ' -f1-3 /proc/loadavg > "$work/load-java-$r.txt"
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx${PP_BENCH_XMX:-12g} -cp "$cp" \
        org.cellbook.core.pp.PpBench "$data" "$work/java-$r.json"
    # PP_BENCH_BASE_CP: class folders of a baseline build (e.g. before a speed change), run in the
    # same round so before/after/scanpy see the same load.
    if [ -n "${PP_BENCH_BASE_CP:-}" ]; then
        echo "== Java baseline (round $r of $rounds)"
        cut -d' ' -f1-3 /proc/loadavg > "$work/load-base-$r.txt"
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx${PP_BENCH_XMX:-12g} -cp "$PP_BENCH_BASE_CP:$(cat "$work/cp.txt")" \
            org.cellbook.core.pp.PpBench "$data" "$work/base-$r.json"
    fi
    echo "== scanpy (round $r of $rounds)"
    cut -d' ' -f1-3 /proc/loadavg > "$work/load-scanpy-$r.txt"
    "$py" bench/pp/scanpy_bench.py "$data" "$work/scanpy-$r.json"
done

out=${PP_BENCH_OUT:-bench/results/pp-$(date +%F).json}
"$py" - "$work" "$rounds" "$data" "$out" "${PP_BENCH_GC:+PP_BENCH_GC=$PP_BENCH_GC }${PP_BENCH_NORMALIZE:+PP_BENCH_NORMALIZE=$PP_BENCH_NORMALIZE }${PP_BENCH_UNTIL:+PP_BENCH_UNTIL=$PP_BENCH_UNTIL }${PP_BENCH_ROUNDS:+PP_BENCH_ROUNDS=$rounds }${PP_BENCH_DATA:+PP_BENCH_DATA=$PP_BENCH_DATA }bench/pp/run.sh $n $m $k" <<'PY'
import json, os, platform, sys
def fastest(side):
    runs = [json.load(open(f"{sys.argv[1]}/{side}-{r}.json")) for r in range(1, int(sys.argv[2]) + 1)]
    best = dict(runs[-1])
    best["steps"] = {s: min(run["steps"][s] for run in runs) for s in runs[0]["steps"]}
    best["rounds"] = [run["steps"] for run in runs]
    # CPU seconds of each step (process-wide, all threads), least over rounds; absent in older builds
    best["cpu"] = ({s: min(run["cpu_seconds"][s] for run in runs) for s in runs[0]["cpu_seconds"]}
                   if all("cpu_seconds" in run for run in runs) else None)
    best["cpu_rounds"] = [run.get("cpu_seconds") for run in runs]
    best["faults_rounds"] = [run.get("minor_faults") for run in runs]
    best["gc_rounds"] = [run.get("gc_seconds_before") for run in runs]
    return best
java, scanpy = fastest("java"), fastest("scanpy")
base = fastest("base") if os.path.exists(f"{sys.argv[1]}/base-1.json") else None
shape, nnz = [java["input"]["cells"], java["input"]["genes"]], java["input"]["nnz"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
steps = list(java["steps"])
res = {
    "command": sys.argv[5],
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform()},
    "data": {"kind": "cellbook synth cohort, 10x mtx folders" if os.path.exists(os.path.join(sys.argv[3], "samples.csv")) else "make_data.py CSR .npy",
             "cells": shape[0], "genes": shape[1], "nnz": nnz, "nnz_per_cell": nnz / shape[0],
             "cells_after_filters": java["cells_after_filters"], "hvgs": java["hvgs"]},
    "seconds": {s: {"java": round(java["steps"][s], 3), "scanpy": round(scanpy["steps"][s], 3),
                    "scanpy_over_java": round(scanpy["steps"][s] / java["steps"][s], 2)} for s in steps},
    **({"baseline_seconds": {s: {"java_baseline": round(base["steps"][s], 3),
                                 "scanpy_over_java_baseline": round(scanpy["steps"][s] / base["steps"][s], 2)} for s in steps},
        "baseline_classes": os.environ.get("PP_BENCH_BASE_CP")} if base else {}),
    "java_gc_between_steps": os.environ.get("PP_BENCH_GC") == "1",
    "java_normalize_total": "functional copy" if os.environ.get("PP_BENCH_NORMALIZE") == "copy" else "in place, as scanpy",
    **({"cpu_seconds": {s: {"java": round(java["cpu"][s], 3), "scanpy": round(scanpy["cpu"][s], 3),
                            **({"java_baseline": round(base["cpu"][s], 3)} if base and base["cpu"] else {})}
                        for s in steps}} if java["cpu"] and scanpy["cpu"] else {}),
    "total_seconds": {"java": round(sum(java["steps"].values()), 2), "scanpy": round(sum(scanpy["steps"].values()), 2)},
    "memory_mb": {"java_peak_rss": round(java["peak_rss_mb"]), "java_max_heap": java["max_heap_mb"],
                  "java_peak_heap_per_step": {k: round(v) for k, v in java["peak_heap_mb"].items()},
                  "scanpy_peak_rss": round(scanpy["peak_rss_mb"]),
                  "scanpy_rss_after_step": {k: round(v) for k, v in scanpy["rss_after_mb"].items()}},
    "rounds": {"count": int(sys.argv[2]), "java": java["rounds"], "scanpy": scanpy["rounds"],
               "java_cpu": java["cpu_rounds"], "scanpy_cpu": scanpy["cpu_rounds"],
               "java_minor_faults": java["faults_rounds"], "java_gc_seconds_before_step": java["gc_rounds"],
               **({"java_baseline_cpu": base["cpu_rounds"]} if base else {}),
               **({"java_baseline": base["rounds"]} if base else {}),
               "load_average_before": {side: [open(f"{sys.argv[1]}/load-{side}-{r}.txt").read().split()
                                              for r in range(1, int(sys.argv[2]) + 1)] for side in ("java", "scanpy") + (("base",) if base else ())}},
    "threads": {"java_available_processors": java["threads"], "scanpy": scanpy.get("threads")},
    "load_average_at_end": os.getloadavg(),
}
if os.environ.get("PP_BENCH_NOTE"):
    res["notes"] = os.environ["PP_BENCH_NOTE"]
json.dump(res, open(sys.argv[4], "w"), indent=1)
print(json.dumps(res["seconds"], indent=1))
PY
echo "wrote $out"
