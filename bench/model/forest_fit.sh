#!/usr/bin/env bash
# Per-fit time and held-out AUC: the histogram random forest vs the Smile one it replaced, on
# bench/model's synthetic matrix (train patients 101-105, test 106-107; each fit() bins its matrix).
# Usage: bench/model/forest_fit.sh [N_CELLS] [N_FEATURES] [WARMUP] [REPS]   (from the repository root)
# Writes bench/results/forest-fit-<date>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
N_CELLS=${1:-6000}
N_FEATURES=${2:-55}
WARMUP=${3:-3}
REPS=${4:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DATA=${DATA:-/tmp/cellbook-bench-forest}
mkdir -p "$DATA" bench/results
.venv/bin/python bench/model/make_data.py "$DATA" "$N_CELLS" "$N_FEATURES"
./mvnw -B -ntp -q -pl pipeline-core -am compile
./mvnw -B -ntp -q -pl pipeline-core dependency:build-classpath -Dmdep.outputFile="$DATA/cp.txt" >/dev/null
CP="pipeline-core/target/classes:$(cat "$DATA/cp.txt")"
: > "$DATA/lines.jsonl"
for impl in hist smile; do
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" bench/model/ForestFitBench.java "$DATA" $impl "$WARMUP" "$REPS" 2>/dev/null \
    | sed "s/^{/{\"load_average_at_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", /" >> "$DATA/lines.jsonl"
done
.venv/bin/python - "$DATA/lines.jsonl" "$*" <<'PYEOF'
import json, sys, datetime, os
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["params"], {})[r["impl"]] = r
summary = {p: {"hist_s_per_fit": d["hist"]["seconds_per_fit"], "smile_s_per_fit": d["smile"]["seconds_per_fit"],
               "speedup_wall": round(d["smile"]["seconds_per_fit"] / d["hist"]["seconds_per_fit"], 2),
               "auc_hist": d["hist"]["mean_auc"], "auc_smile": d["smile"]["mean_auc"]} for p, d in by.items()}
date = datetime.date.today().isoformat()
res = {"benchmark": "random forest per-fit wall time and held-out AUC, histogram (RandomForestHist) vs Smile (RandomForestSmile)",
       "date": date, "command": "bench/model/forest_fit.sh " + sys.argv[2], "cores": os.cpu_count(),
       "note": "one thread per fit; wall seconds per fit averaged over REPS seeds after WARMUP fits; Smile's thread CPU column is not meaningful (it grows on a private pool thread). The machine is shared: see load averages.",
       "results": summary, "raw": rows}
path = f"bench/results/forest-fit-{date}.json"
json.dump(res, open(path, "w"), indent=2)
print(path)
print(json.dumps(summary, indent=2))
PYEOF
