"""Issue 3's combined criterion: preprocessing through the Leiden sweep, Java vs scanpy.

Usage: through_leiden.py PP_JSON TL_JSON [PCA_FROM_PP_JSON] [SWEEP_FROM_TL_JSON]
Adds a "pp_through_leiden" section to PP_JSON: the pp steps load .. PCA (the sparse
TruncatedSVD is an alternative to PCA, not a pipeline step, so it is left out) plus the tl
run's kNN, connectivities and 26-resolution Leiden sweep, per side, and scanpy / Java (> 1 means
Java is faster). When PP_JSON has no PCA (PP_BENCH_UNTIL=scale) or TL_JSON no sweep
(TL_BENCH_SWEEP=0), those times come from the optional files; every source is named in the output.
"""
import json
import sys

pp_path, tl_path = sys.argv[1], sys.argv[2]
pca_path = sys.argv[3] if len(sys.argv) > 3 else pp_path
sweep_path = sys.argv[4] if len(sys.argv) > 4 else tl_path
pp, tl = json.load(open(pp_path)), json.load(open(tl_path))
pca_src, sweep_src = json.load(open(pca_path)), json.load(open(sweep_path))
steps = [s for s in pp["seconds"] if s not in ("pca", "truncated_svd_sparse")]
side = {}
for who in ("java", "scanpy"):
    pp_s = sum(pp["seconds"][s][who] for s in steps) + pca_src["seconds"]["pca"][who]
    tl_s = tl[who]["knn_s"] + tl[who]["connectivities_s"] + sweep_src[who]["leiden_sweep_s"]
    side[who] = {"pp_s": round(pp_s, 2), "knn_and_connectivities_s": round(tl[who]["knn_s"] + tl[who]["connectivities_s"], 2),
                 "leiden_sweep_s": round(sweep_src[who]["leiden_sweep_s"], 2), "total_s": round(pp_s + tl_s, 2)}
pp["pp_through_leiden"] = {
    "sources": {"pp_steps": pp_path, "pca": pca_path, "knn_and_connectivities": tl_path, "leiden_sweep": sweep_path},
    "pp_steps": steps + ["pca"],
    "java": side["java"],
    "scanpy": side["scanpy"],
    "scanpy_over_java": round(side["scanpy"]["total_s"] / side["java"]["total_s"], 2),
    "scanpy_over_java_without_leiden_sweep": round(
        (side["scanpy"]["total_s"] - side["scanpy"]["leiden_sweep_s"]) / (side["java"]["total_s"] - side["java"]["leiden_sweep_s"]), 2),
    "command": "bench/pp/through_leiden.py " + " ".join(sys.argv[1:]),
}
json.dump(pp, open(pp_path, "w"), indent=1)
print(json.dumps(pp["pp_through_leiden"], indent=1))
