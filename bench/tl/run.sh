#!/usr/bin/env bash
# tl benchmark: kNN + UMAP connectivities + 26-resolution Leiden sweep, Java vs scanpy, same PCs.
# Usage: bench/tl/run.sh [N=70000] [DIM=50] [THREADS=2]
# Writes bench/results/tl-<date>.json. Needs the project venv (.venv) and a JDK >= 21.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-70000}"; DIM="${2:-50}"; THREADS="${3:-2}"
WORK="$ROOT/target/bench-tl"
mkdir -p "$WORK" "$ROOT/bench/results"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; export JAVA_HOME
CMD="${TL_BENCH_SWEEP:+TL_BENCH_SWEEP=$TL_BENCH_SWEEP }${TL_BENCH_PCS:+TL_BENCH_PCS=$TL_BENCH_PCS }bench/tl/run.sh $N $DIM $THREADS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== scanpy" >&2
NUMBA_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" TL_BENCH_SWEEP="${TL_BENCH_SWEEP:-1}" TL_BENCH_PCS="${TL_BENCH_PCS:-}" "$ROOT/.venv/bin/python" "$ROOT/bench/tl/scanpy_tl.py" "$WORK" "$N" "$DIM" "$THREADS"

echo "== java" >&2
LOAD_BEFORE_JAVA="$(cut -d' ' -f1-3 /proc/loadavg)"
# compiled in place (no install into ~/.m2, which other checkouts share)
(cd "$ROOT" && ./mvnw -B -ntp -q -pl pipeline-core -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt")
CP="$ROOT/pipeline-core/target/classes:$ROOT/cache/target/classes:$(cat "$WORK/cp.txt")"
"$JAVA_HOME/bin/java" -Xmx6g -cp "$CP" "$ROOT/bench/tl/TlBench.java" "$WORK" "$THREADS"

LOAD_BEFORE_JAVA="$LOAD_BEFORE_JAVA" LOAD_BEFORE="$LOAD_BEFORE" "$ROOT/.venv/bin/python" - "$WORK" "$ROOT/bench/results" "$CMD" "$N" "$DIM" <<'PY'
import json, sys, datetime, platform, os
work, out, cmd, n, dim = sys.argv[1:6]
py, jv = json.load(open(f"{work}/scanpy.json")), json.load(open(f"{work}/java.json"))
ratio = lambda k: round(py[k] / jv[k], 2) if py.get(k) is not None and jv.get(k) else None
res = {
    "benchmark": "tl: kNN (approximate) + UMAP connectivities + Leiden sweep (26 resolutions 0.05..1.30)",
    "command": cmd,
    "date": datetime.datetime.now().isoformat(timespec="seconds"),
    "data": {"n": py.get("n", int(n)), "dim": py.get("dim", int(dim)),
             "kind": f"PCs from {os.environ['TL_BENCH_PCS']}" if os.environ.get("TL_BENCH_PCS")
             else "Gaussian mixture, 30 clusters, PCA-like decaying spread (scanpy_tl.py, seed 0)"},
    "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_average_at_end": os.getloadavg(),
                "load_average_before_scanpy": os.environ["LOAD_BEFORE"].split(),
                "load_average_before_java": os.environ["LOAD_BEFORE_JAVA"].split()},
    "scanpy": py, "java": jv,
    "speedup_scanpy_over_java": {k: ratio(k) for k in ("knn_s", "connectivities_s", "leiden_sweep_s")},
}
path = os.environ.get("TL_BENCH_OUT") or f"{out}/tl-{datetime.date.today().isoformat()}.json"
json.dump(res, open(path, "w"), indent=2)
print(json.dumps(res, indent=2)); print("wrote", path, file=sys.stderr)
PY
