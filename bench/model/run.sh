#!/usr/bin/env bash
# Nested LOPO benchmark: Java (1 and 2 threads) vs scikit-learn/XGBoost on the same synthetic data.
# Usage: bench/model/run.sh [N_CELLS] [N_FEATURES] [N_ITER]   (from the repository root)
# Writes bench/results/model-<date>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
N_CELLS=${1:-2100}
N_FEATURES=${2:-50}
N_ITER=${3:-8}
FAMILIES="logreg linear_svm random_forest xgboost"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DATA=/tmp/cellbook-bench-model
mkdir -p "$DATA" bench/results
PY=.venv/bin/python
$PY bench/model/make_data.py "$DATA" "$N_CELLS" "$N_FEATURES"
./mvnw -B -ntp -q -pl pipeline-core -am compile
./mvnw -B -ntp -q -pl pipeline-core dependency:build-classpath -Dmdep.outputFile="$DATA/cp.txt" >/dev/null
CP="pipeline-core/target/classes:$(cat "$DATA/cp.txt")"
OUT="$DATA/lines.jsonl"
: > "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
for f in $FAMILIES; do
  for t in 1 2; do
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" bench/model/ModelBench.java "$DATA" "$f" "$N_ITER" "$t" \
      2>/dev/null | sed 's/^{/{"impl": "java", /' >> "$OUT"
  done
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $PY bench/model/sklearn_bench.py "$DATA" "$f" "$N_ITER" | sed 's/^{/{"impl": "python", /' >> "$OUT"
done
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
$PY - "$OUT" "$N_CELLS" "$N_FEATURES" "$N_ITER" "$LOAD_BEFORE" "$LOAD_AFTER" "$*" <<'PYEOF'
import json, sys, datetime, platform, os
out, n_cells, p, n_iter, l0, l1, args = sys.argv[1:8]
rows = [json.loads(l) for l in open(out)]
fam = {}
for r in rows:
    f = fam.setdefault(r["family"], {})
    key = "python" if r["impl"] == "python" else f"java_{r['threads']}t"
    f[key] = r
summary = {}
for f, d in fam.items():
    j1, j2, py = d["java_1t"]["seconds"], d["java_2t"]["seconds"], d["python"]["seconds"]
    summary[f] = {
        "java_1_thread_s": j1, "java_2_threads_s": j2, "python_s": py,
        "speedup_2_threads": round(j1 / j2, 3), "parallel_efficiency_2_threads": round(j1 / j2 / 2, 3),
        "java_1_thread_vs_python": round(py / j1, 3),
        "bit_identical_1_vs_2_threads": d["java_1t"]["proba_digest"] == d["java_2t"]["proba_digest"],
        "pooled_cell_auc_java": d["java_1t"]["pooled_cell_auc"], "pooled_cell_auc_python": d["python"]["pooled_cell_auc"],
    }
date = datetime.date.today().isoformat()
res = {
    "benchmark": "nested leave-one-patient-out CV, randomised search, inner StratifiedGroupKFold(3), ROC-AUC",
    "date": date, "command": "bench/model/run.sh " + args,
    "data": {"cells": int(n_cells), "features": int(p), "patients": 7, "generator": "bench/model/make_data.py (numpy seed 2026)"},
    "workload": {"outer_folds": 7, "inner_splits": 3, "n_iter": int(n_iter), "fits_per_family": 7 * (int(n_iter) * 3 + 1),
                 "random_forest": "50 trees; grid max_depth {4,8,16,None} x min_samples_leaf {1,5,20} x max_features {sqrt,0.3}",
                 "xgboost": "50 rounds, hist; max_depth randint(2,7), learning_rate loguniform(0.01,0.3), subsample/colsample uniform(0.6,1)",
                 "logreg": "StandardScaler in fold; C loguniform(1e-3,1e2)", "linear_svm": "StandardScaler in fold; C loguniform(1e-4,1e1)"},
    "scaled_down": "from the brief's 70,000 cells and n_iter 15 to fit ~10 minutes on a 2-core machine shared with other jobs; see note",
    "machine": {"cores": os.cpu_count(), "load_average_before": float(l0), "load_average_after": float(l1), "python": platform.python_version()},
    "note": "Every model is single-threaded (Java: 1 thread per task; Python: n_jobs=1, OMP_NUM_THREADS=1). The machine was shared with other builds, so absolute times and the 2-thread efficiency are noisy; the Java/Python ratio is measured under the same load. Python's candidates differ from Java's (different random streams), so AUCs are comparable only roughly.",
    "results": summary, "raw": rows,
}
path = f"bench/results/model-{date}.json"
json.dump(res, open(path, "w"), indent=2)
print(path)
print(json.dumps(summary, indent=2))
PYEOF
