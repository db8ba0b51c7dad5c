#!/usr/bin/env bash
# Times the four deep architectures (DJL 0.35.1 / PyTorch 2.7.1 CPU, one thread) on one fold of
# synthetic one-hot CDR3 data, and the same networks in PyTorch from Python when TORCH_PYTHON
# names a python with torch installed. Writes bench/results/deep-<UTC date>.json.
#
#   bench/deep/run.sh                                  # defaults: N=20000 LENGTH=25 EPOCHS=3 BATCH=64
#   TORCH_PYTHON=/tmp/torchvenv/bin/python bench/deep/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-20000}
LENGTH=${LENGTH:-25}
EPOCHS=${EPOCHS:-3}
BATCH=${BATCH:-64}
TORCH_PYTHON=${TORCH_PYTHON:-}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
OUT=bench/results/deep-$(date -u +%Y-%m-%d).json
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

./mvnw -B -ntp -q -pl pipeline-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="pipeline-core/target/test-classes:pipeline-core/target/classes:$(cat "$WORK/cp.txt")"

"$JAVA_HOME/bin/java" -Xmx6g --enable-native-access=ALL-UNNAMED -cp "$CP" \
    org.cellbook.core.model.deep.DeepBenchmark "$N" "$LENGTH" "$EPOCHS" "$BATCH" "$WORK/djl.json" "$WORK/data"

if [[ -n "$TORCH_PYTHON" ]]; then
    "$TORCH_PYTHON" bench/deep/torch_bench.py "$WORK/data" "$EPOCHS" "$BATCH" "$WORK/torch.json"
fi

python3 - "$WORK/djl.json" "$WORK/torch.json" "$OUT" "$0 (N=$N LENGTH=$LENGTH EPOCHS=$EPOCHS BATCH=$BATCH TORCH_PYTHON=${TORCH_PYTHON:-none})" <<'PY'
import json, os, sys, platform
djl_path, torch_path, out, command = sys.argv[1:5]
doc = {"command": command, "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg(),
                                       "platform": platform.platform()}}
doc.update(json.load(open(djl_path)))
if os.path.exists(torch_path):
    t = json.load(open(torch_path))
    doc["pytorch_python"] = t
    by = {r["family"]: r for r in t["results"]}
    doc["djl_over_pytorch_fit_time"] = {r["family"]: {
        "wall": r["fit_seconds"] / by[r["family"]]["fit_seconds"],
        "cpu": r["fit_cpu_seconds"] / by[r["family"]]["fit_cpu_seconds"]} for r in doc["djl"] if r["family"] in by}
else:
    doc["pytorch_python"] = None
json.dump(doc, open(out, "w"), indent=2)
print("wrote", out)
PY
