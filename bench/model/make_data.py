"""Synthetic 7-patient feature matrix for the model benchmark (fixed numpy seed).

Usage: make_data.py OUT_DIR N_CELLS N_FEATURES
Patients get a random feature offset (batch effect), a patient-level response label and a weak
response signal on 5 features; writes x.npy (float32), y.npy and g.npy (int64 patient ids).
"""
import sys
import numpy as np

out, n_cells, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(2026)
n_pat = 7
sizes = rng.multinomial(n_cells - 100 * n_pat, np.full(n_pat, 1 / n_pat)) + 100
resp = np.array([1, 0, 1, 0, 1, 0, 1])
w = np.zeros(p)
w[:5] = 1.2
X, y, g = [], [], []
for k in range(n_pat):
    xk = rng.normal(size=(sizes[k], p)) + rng.normal(0, 0.5, size=p) + (resp[k] - 0.5) * w
    # some cell-level structure so trees have something non-linear to find
    xk[:, 5] += 0.8 * (xk[:, 0] * xk[:, 1] > 0) * (resp[k] - 0.5)
    X.append(xk)
    y.append(np.full(sizes[k], resp[k], dtype=np.int64))
    g.append(np.full(sizes[k], 101 + k, dtype=np.int64))
np.save(f"{out}/x.npy", np.concatenate(X).astype(np.float32))
np.save(f"{out}/y.npy", np.concatenate(y))
np.save(f"{out}/g.npy", np.concatenate(g))
