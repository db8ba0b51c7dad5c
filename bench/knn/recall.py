"""Recall of kNN index files against exact brute force (float64) on random query cells.
Usage: recall.py PCS.npy QUERIES INDICES.npy...   (INDICES: n x k int, self first, as scanpy's)
Recall = share of the k-1 non-self neighbours returned whose true distance is <= the (k-1)-th
smallest non-self distance (ties count as hits). Truth is cached next to PCS.npy. Prints JSON."""
import json, os, sys
import numpy as np

pcs, queries, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
x = np.load(pcs).astype(np.float64)
n = x.shape[0]
k = np.load(files[0], mmap_mode="r").shape[1]
cache = f"{pcs}.truth-{queries}-{k}.npz"
if os.path.exists(cache):
    t = np.load(cache); q, cut = t["q"], t["cut"]
else:
    q = np.random.default_rng(12345).choice(n, queries, replace=False)
    sq = (x ** 2).sum(1)
    cut = np.empty(queries)
    for s in range(0, queries, 256):
        b = q[s:s + 256]
        d = sq[b, None] - 2 * x[b] @ x.T + sq[None, :]
        d[np.arange(len(b)), b] = np.inf
        cut[s:s + 256] = np.partition(d, k - 2, axis=1)[:, k - 2]
    np.savez(cache, q=q, cut=cut)
out = {}
for f in files:
    idx = np.load(f)
    hit = 0
    for i, qi in enumerate(q):
        nb = [j for j in idx[qi] if j != qi][: k - 1]
        d = ((x[nb] - x[qi]) ** 2).sum(1)
        hit += int((d <= cut[i] * (1 + 1e-9) + 1e-12).sum())
    out[os.path.basename(f)] = round(hit / (queries * (k - 1)), 4)
print(json.dumps({"queries": queries, "k": k, "recall": out}))
