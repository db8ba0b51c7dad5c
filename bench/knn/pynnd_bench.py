"""pynndescent kNN exactly as scanpy 1.11.5 builds it (sc.pp.neighbors, n_neighbors=15, method='umap'),
timed alone: process CPU seconds (getrusage, all numba threads) and wall, after a warm-up on 3,000 rows
so numba compile time is excluded. Writes the 15 indices per cell (self first) as int32 .npy.
Usage: pynnd_bench.py PCS.npy OUT_INDICES.npy THREADS   (set NUMBA_NUM_THREADS=THREADS too)
Prints one JSON line."""
import json, os, resource, sys, time

import numpy as np
import anndata as ad
import scanpy as sc
from scanpy.neighbors import Neighbors, KwdsForTransformer
from scanpy.neighbors._common import _get_indices_distances_from_sparse_matrix


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def knn(x, threads, k=15):
    sc.settings.n_jobs = threads
    a = ad.AnnData(np.zeros((x.shape[0], 1), dtype=np.float32))
    nb = Neighbors(a)
    kwds = KwdsForTransformer(n_neighbors=k, metric="euclidean", metric_params={}, random_state=0)
    _, transformer, shortcut = nb._handle_transformer("umap", None, knn=True, kwds=kwds)
    assert not shortcut, "expected pynndescent (n >= 8192)"
    c0, t0 = cpu(), time.perf_counter()
    dist = transformer.fit_transform(x)
    t1, c1 = time.perf_counter(), cpu()
    idx, _ = _get_indices_distances_from_sparse_matrix(dist, k)
    return idx, t1 - t0, c1 - c0, transformer.get_params()


if __name__ == "__main__":
    pcs, out, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    x = np.ascontiguousarray(np.load(pcs), dtype=np.float32)
    rng = np.random.default_rng(0)
    knn(x[rng.choice(x.shape[0], 10000, replace=False)], threads)  # warm-up: numba compiles (n >= 8192 path)
    load = os.getloadavg()
    idx, wall, cpu_s, params = knn(x, threads)
    np.save(out, idx.astype(np.int32))
    import pynndescent
    print(json.dumps({"side": "pynndescent", "n": x.shape[0], "dim": x.shape[1], "k": 15, "threads": threads,
                      "wall_s": round(wall, 3), "cpu_s": round(cpu_s, 3), "load_before": [round(v, 2) for v in load],
                      "load_after": [round(v, 2) for v in os.getloadavg()],
                      "params": {k: params[k] for k in ("n_neighbors", "n_trees", "n_iters", "max_candidates", "low_memory", "leaf_size", "early_termination_value", "n_jobs", "random_state")},
                      "versions": {"scanpy": sc.__version__, "pynndescent": pynndescent.__version__}}))
