"""Synthetic counts for the pp benchmark, written as CSR .npy files (not committed).

Usage: make_data.py OUT_DIR [N_CELLS] [N_GENES] [NNZ_PER_CELL]
Defaults: 70000 x 20000 with ~2000 non-zeros per cell (1,500-2,500 range), 13 MT- genes.
Genes have log-normal popularity; each cell draws its detected genes from that popularity and
negative-binomial-like counts (1 + geometric), so per-gene means and variances span orders of
magnitude as in 10x data. Fixed seed: the same files every time.
"""
import os
import sys
import time

import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 70000
m = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
per_cell = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261122)
t0 = time.time()
pop = rng.lognormal(0, 1.6, size=m)
pop /= pop.sum()
cum = np.cumsum(pop)
n_mt = 13
indptr = np.zeros(n + 1, dtype=np.int64)
idx_parts, val_parts = [], []
chunk = 2000
for start in range(0, n, chunk):
    rows = min(chunk, n - start)
    draws = rng.integers(int(per_cell * 0.75), int(per_cell * 1.25), size=rows) * 13 // 10
    total = int(draws.sum())
    cols = np.searchsorted(cum, rng.random(total) * cum[-1]).astype(np.int64)
    cols = np.minimum(cols, m - 1)
    row_of = np.repeat(np.arange(rows, dtype=np.int64), draws)
    key = np.unique(row_of * m + cols)  # distinct genes per cell (repeats collapse), sorted
    r = key // m
    c = (key % m).astype(np.int32)
    counts = np.bincount(r, minlength=rows)
    vals = (1 + rng.geometric(0.55, size=key.size) - 1 + (rng.random(key.size) < 0.3)).astype(np.float32)
    indptr[start + 1:start + rows + 1] = indptr[start] + np.cumsum(counts)
    idx_parts.append(c)
    val_parts.append(vals)
np.save(os.path.join(out, "indptr.npy"), indptr)
np.save(os.path.join(out, "indices.npy"), np.concatenate(idx_parts))
np.save(os.path.join(out, "data.npy"), np.concatenate(val_parts))
with open(os.path.join(out, "var.txt"), "w") as f:
    f.write("\n".join([f"MT-{i}" for i in range(n_mt)] + [f"Gene{i:05d}" for i in range(n_mt, m)]) + "\n")
with open(os.path.join(out, "obs.txt"), "w") as f:
    f.write("\n".join(f"cell{i:06d}" for i in range(n)) + "\n")
np.save(os.path.join(out, "shape.npy"), np.array([n, m], dtype=np.int64))
print(f"{n} x {m}, {indptr[-1]} non-zeros ({indptr[-1] / n:.0f} per cell) in {time.time() - t0:.0f} s")
