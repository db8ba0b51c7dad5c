"""Extrapolates the deep part of the full-size workload from a bench/deep result (not a run).

Usage: deep_estimate.py DEEP_RESULT_JSON N_CELLS EPOCHS_PER_FIT
The full workload is 4 architectures x 7 outer folds x (32 candidates x 3 inner splits + 1
refit). Per-epoch CPU seconds per training row are taken from DEEP_RESULT_JSON (DJL and PyTorch,
one thread each, batch 64) and scaled to the rows each fit trains on when every one of N_CELLS
cells has a CDR3 (an upper bound): inner fits train on 6/7 x 2/3 x 0.8 of the cells, refits on
6/7 x 0.8 (validation_fraction 0.2). EPOCHS_PER_FIT stands in for where early stopping ends
(max_epochs 50, patience 5). Prints one JSON object.
"""
import json, sys

path, n_cells, epochs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
d = json.load(open(path))
inner_rows = n_cells * 6 / 7 * 2 / 3 * 0.8
refit_rows = n_cells * 6 / 7 * 0.8
rows_per_arch = 7 * (32 * 3 * inner_rows + refit_rows)


def per_row_epoch(results):
    return {r["family"]: r["fit_cpu_seconds"] / d["epochs"] / d["n_train"] for r in results}


djl = per_row_epoch(d["djl"])
torch = per_row_epoch(d["pytorch_python"]["results"]) if d.get("pytorch_python") else {}
out = {"source": path, "source_command": d.get("command"), "cells": n_cells, "epochs_per_fit_assumed": epochs,
       "fits": 4 * 7 * (32 * 3 + 1), "estimate_only": True, "per_architecture_cpu_hours": {}}
tot_j = tot_t = 0.0
for fam, s in djl.items():
    j = s * rows_per_arch * epochs / 3600
    t = torch[fam] * rows_per_arch * epochs / 3600 if fam in torch else None
    tot_j += j
    tot_t += t or 0
    out["per_architecture_cpu_hours"][fam] = {"djl": round(j, 2), "pytorch": None if t is None else round(t, 2),
                                              "pytorch_over_djl": None if t is None else round(t / j, 3)}
out["total_cpu_hours"] = {"djl": round(tot_j, 2), "pytorch": round(tot_t, 2) if torch else None,
                          "pytorch_over_djl": round(tot_t / tot_j, 3) if torch else None}
print(json.dumps(out))
