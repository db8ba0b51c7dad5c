"""Issue 3's combined criterion: preprocessing through the Leiden sweep, Java vs scanpy.

Usage: through_leiden.py PP_JSON TL_JSON
Adds a "pp_through_leiden" section to PP_JSON: the sum of the pp steps up to and including PCA
(load .. pca; the sparse TruncatedSVD is an alternative to PCA, not a pipeline step, so it is
left out) plus the tl run's kNN, connectivities and 26-resolution Leiden sweep, per side, and
scanpy / Java (> 1 means Java is faster). Both JSONs keep their own load averages.
"""
import json
import sys

pp_path, tl_path = sys.argv[1], sys.argv[2]
pp, tl = json.load(open(pp_path)), json.load(open(tl_path))
steps = [s for s in pp["seconds"] if s != "truncated_svd_sparse"]
side = {}
for who in ("java", "scanpy"):
    pp_s = sum(pp["seconds"][s][who] for s in steps)
    tl_s = sum(tl[who][k] for k in ("knn_s", "connectivities_s", "leiden_sweep_s"))
    side[who] = {"pp_s": round(pp_s, 2), "tl_s": round(tl_s, 2), "total_s": round(pp_s + tl_s, 2)}
pp["pp_through_leiden"] = {
    "pp_steps": steps,
    "tl_steps": ["knn_s", "connectivities_s", "leiden_sweep_s"],
    "tl_result": tl_path,
    "java": side["java"],
    "scanpy": side["scanpy"],
    "scanpy_over_java": round(side["scanpy"]["total_s"] / side["java"]["total_s"], 2),
    "scanpy_over_java_without_leiden_sweep": round(
        (side["scanpy"]["total_s"] - tl["scanpy"]["leiden_sweep_s"]) / (side["java"]["total_s"] - tl["java"]["leiden_sweep_s"]), 2),
    "command": f"bench/pp/through_leiden.py {pp_path} {tl_path}",
}
json.dump(pp, open(pp_path, "w"), indent=1)
print(json.dumps(pp["pp_through_leiden"], indent=1))
