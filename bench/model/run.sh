#!/usr/bin/env bash
# Nested LOPO benchmark: Java (1 and 2 threads) vs scikit-learn/XGBoost on identical work (same
# synthetic data, same splits, the candidates Java drew searched by Python's GridSearchCV).
# Usage: bench/model/run.sh [N_CELLS] [N_FEATURES] [N_ITER] [FAMILIES]   (from the repository root)
#   full-size workload: bench/model/run.sh 70000 50 15
# Env: JAVA_OPTS (extra JVM flags), OUT_NAME (result file stem, default model-full-<date>),
#      DATA (work dir, default /tmp/cellbook-bench-model), ASSEMBLE_ONLY=1 (skip the runs and
#      write the result from the lines already in $DATA/lines.jsonl, e.g. after an interrupted run).
# Writes bench/results/<OUT_NAME>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
N_CELLS=${1:-7000}
N_FEATURES=${2:-50}
N_ITER=${3:-15}
FAMILIES=${4:-"logreg linear_svm random_forest xgboost"}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA_OPTS=${JAVA_OPTS:-}
DATA=${DATA:-/tmp/cellbook-bench-model}
mkdir -p "$DATA" bench/results
PY=.venv/bin/python
OUT="$DATA/lines.jsonl"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -z "${ASSEMBLE_ONLY:-}" ]]; then
$PY bench/model/make_data.py "$DATA" "$N_CELLS" "$N_FEATURES"
./mvnw -B -ntp -q -pl pipeline-core -am compile
./mvnw -B -ntp -q -pl pipeline-core dependency:build-classpath -Dmdep.outputFile="$DATA/cp.txt" >/dev/null
CP="pipeline-core/target/classes:$(cat "$DATA/cp.txt")"
: > "$OUT"
for f in $FAMILIES; do
  for t in 1 2; do
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $JAVA_OPTS --enable-native-access=ALL-UNNAMED -cp "$CP" bench/model/ModelBench.java \
      "$DATA" "$f" "$N_ITER" "$t" "$DATA/candidates-$f.json" 2>/dev/null \
      | sed "s/^{/{\"impl\": \"java\", \"load_average_at_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", /" >> "$OUT"
  done
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $PY bench/model/sklearn_bench.py "$DATA" "$f" "$DATA/candidates-$f.json" \
    | sed "s/^{/{\"impl\": \"python\", \"load_average_at_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", /" >> "$OUT"
done
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
$PY - "$OUT" "$N_CELLS" "$N_FEATURES" "$N_ITER" "$LOAD_BEFORE" "$LOAD_AFTER" "$*" "${OUT_NAME:-}" "$JAVA_OPTS" <<'PYEOF'
import json, sys, datetime, platform, os, subprocess
out, n_cells, p, n_iter, l0, l1, args, name, jopts = sys.argv[1:10]
rows = [json.loads(l) for l in open(out)]
fam = {}
for r in rows:
    f = fam.setdefault(r["family"], {})
    f["python" if r["impl"] == "python" else f"java_{r['threads']}t"] = r
summary = {}
for f, d in fam.items():
    j1, j2, py = d.get("java_1t"), d.get("java_2t"), d.get("python")
    if not (j1 and py):
        continue
    r = {"java_1_thread_s": j1["seconds"], "python_s": py["seconds"],
         "java_1_thread_cpu_s": j1["cpu_seconds"], "python_cpu_s": py["cpu_seconds"],
         "java_1_thread_vs_python_wall": round(py["seconds"] / j1["seconds"], 3),
         "java_1_thread_vs_python_cpu": round(py["cpu_seconds"] / j1["cpu_seconds"], 3),
         "pooled_cell_auc_java": j1["pooled_cell_auc"], "pooled_cell_auc_python": py["pooled_cell_auc"]}
    if j2:
        r.update({"java_2_threads_s": j2["seconds"], "java_2_threads_cpu_s": j2["cpu_seconds"],
                  "speedup_2_threads": round(j1["seconds"] / j2["seconds"], 3),
                  "parallel_efficiency_2_threads": round(j1["seconds"] / j2["seconds"] / 2, 3),
                  "bit_identical_1_vs_2_threads": j1["proba_digest"] == j2["proba_digest"]})
    summary[f] = r
tot = {k: round(sum(s[k] for s in summary.values()), 3) for k in
       ["java_1_thread_s", "python_s", "java_1_thread_cpu_s", "python_cpu_s"]}
if tot["java_1_thread_s"]:
    tot["java_1_thread_vs_python_wall"] = round(tot["python_s"] / tot["java_1_thread_s"], 3)
    tot["java_1_thread_vs_python_cpu"] = round(tot["python_cpu_s"] / tot["java_1_thread_cpu_s"], 3)
both = [s for s in summary.values() if "java_2_threads_s" in s]
if both:
    tot["parallel_efficiency_2_threads_over_families_with_both_runs"] = round(
        sum(s["java_1_thread_s"] for s in both) / sum(s["java_2_threads_s"] for s in both) / 2, 3)
date = datetime.date.today().isoformat()
nit = int(n_iter)
# Estimates, not runs: the classic part scaled linearly in cells to the reference's 70,000, and
# the deep part from the newest bench/deep result (see deep_estimate.py for its assumptions).
scale = 70000 / int(n_cells)
estimate = {"classic_cpu_hours_at_70000_cells_linear_in_cells": {
    "java": round(tot["java_1_thread_cpu_s"] * scale / 3600, 2), "python": round(tot["python_cpu_s"] * scale / 3600, 2)}}
deep = sorted(f for f in os.listdir("bench/results") if f.startswith("deep-") and f.endswith(".json"))
if deep:
    estimate["deep"] = json.loads(subprocess.run([sys.executable, "bench/model/deep_estimate.py", "bench/results/" + deep[-1], "70000", "15"],
                                                 capture_output=True, text=True, check=True).stdout)
res = {
    "benchmark": "nested leave-one-patient-out CV: 7 outer folds x inner StratifiedGroupKFold(3), n_iter candidates, ROC-AUC, refit, held-out prediction",
    "date": date, "command": "bench/model/run.sh " + args + (f"  (JAVA_OPTS={jopts})" if jopts else ""),
    "data": {"cells": int(n_cells), "features": int(p), "patients": 7, "generator": "bench/model/make_data.py (numpy seed 2026)",
             "reference_shape": "the reference preset is 70,000 cells (7 patients x 2 samples x 5,000) with 50 gene PCs"},
    "workload": {"outer_folds": 7, "inner_splits": 3, "n_iter": nit, "fits_per_family": 7 * (nit * 3 + 1),
                 "identical_work": "Python runs GridSearchCV over the exact candidate list Java drew (candidates-<family>.json); same splits (StratifiedGroupKFold without shuffle, LeaveOneGroupOut)",
                 "random_forest": "50 trees; max_depth {4,8,16,None} x min_samples_leaf {1,5,20} x max_features {sqrt,0.3}",
                 "xgboost": "50 rounds, hist; max_depth randint(2,7), learning_rate loguniform(0.01,0.3), subsample/colsample uniform(0.6,1)",
                 "logreg": "StandardScaler in fold; C loguniform(1e-3,1e2); tol 1e-4 both sides",
                 "linear_svm": "StandardScaler in fold; C loguniform(1e-4,1e1); tol 1e-4 both sides (sklearn dual=auto = primal here)"},
    "machine": {"cores": os.cpu_count(), "load_average_before": l0, "load_average_after": l1, "python": platform.python_version(),
                "java": subprocess.run([os.environ["JAVA_HOME"] + "/bin/java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]},
    "note": "Every model is single-threaded (Java: 1 thread per task; Python: n_jobs=1, OMP_NUM_THREADS=1). The machine is shared with other jobs: wall times and the 2-thread efficiency depend on the load (see load averages per run); the CPU-second ratio (Python CPU s / Java CPU s, process CPU including the JVM's JIT and GC threads) is the load-independent comparison.",
    "results": summary, "total": tot, "full_size_estimate": estimate, "raw": rows,
}
path = f"bench/results/{name or 'model-full-' + date}.json"
json.dump(res, open(path, "w"), indent=2)
print(path)
print(json.dumps({"results": summary, "total": tot}, indent=2))
PYEOF
