"""scanpy side of the pp benchmark: the same steps as PpBench on the same CSR .npy files.

Usage: scanpy_bench.py DATA_DIR OUT_JSON
Writes {"steps": {name: seconds}, "peak_rss_mb": ..., "rss_after_mb": {name: MB}}.
"""
import json
import os
import resource
import sys
import time
import warnings

import numpy as np
import scanpy as sc
from scipy import sparse
from sklearn.decomposition import TruncatedSVD

warnings.filterwarnings("ignore")
data_dir, out = sys.argv[1], sys.argv[2]
steps, rss = {}, {}


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


cpu = {}


def timed(name, fn):
    c = time.process_time()  # whole process, all threads (numba, BLAS), user + system
    t = time.perf_counter()
    r = fn()
    steps[name] = time.perf_counter() - t
    cpu[name] = time.process_time() - c
    rss[name] = rss_mb()
    print(f"{name}: {steps[name]:.2f} s", flush=True)
    return r


def load_cohort():
    """cellbook synth's cohort folder: every sample's 10x mtx folder, barcodes prefixed with the
    sample id, the sample-sheet annotations as obs columns, concatenated (as the notebook does)."""
    import anndata as ad
    import pandas as pd
    sheet = pd.read_csv(f"{data_dir}/samples.csv")
    parts = []
    for row in sheet.itertuples():
        a = sc.read_10x_mtx(f"{data_dir}/{row.gex_path}")
        a.obs_names = row.sample_id + "_" + a.obs_names
        for col in ("sample_id", "patient_id", "timepoint", "response"):
            a.obs[col] = getattr(row, col)
        parts.append(a)
    return ad.concat(parts, merge="same")


def load():
    if os.path.exists(f"{data_dir}/samples.csv"):
        return load_cohort()
    shape = tuple(np.load(f"{data_dir}/shape.npy"))
    x = sparse.csr_matrix((np.load(f"{data_dir}/data.npy"), np.load(f"{data_dir}/indices.npy"),
                           np.load(f"{data_dir}/indptr.npy")), shape=shape)
    a = sc.AnnData(x)
    a.obs_names = open(f"{data_dir}/obs.txt").read().split()
    a.var_names = open(f"{data_dir}/var.txt").read().split()
    return a


adata = timed("load", load)


def qc():
    adata.var["mt"] = adata.var_names.str.startswith("MT-")
    sc.pp.calculate_qc_metrics(adata, qc_vars=["mt"], percent_top=None, log1p=False, inplace=True)


timed("qc_metrics", qc)
timed("filter_cells", lambda: sc.pp.filter_cells(adata, min_genes=200))
timed("filter_genes", lambda: sc.pp.filter_genes(adata, min_cells=3))
adata = timed("filter_pct_mt", lambda: adata[adata.obs["pct_counts_mt"] < 20].copy())
counts = adata.copy()
timed("hvg_seurat_v3", lambda: sc.pp.highly_variable_genes(counts, flavor="seurat_v3", n_top_genes=2000))
del counts
timed("normalize_total", lambda: sc.pp.normalize_total(adata))
timed("log1p", lambda: sc.pp.log1p(adata))
timed("hvg_cell_ranger", lambda: sc.pp.highly_variable_genes(adata.copy(), flavor="cell_ranger", n_top_genes=2000))
timed("hvg_seurat", lambda: sc.pp.highly_variable_genes(adata, flavor="seurat", n_top_genes=2000))
hv = adata[:, adata.var["highly_variable"]].copy()
del adata
log_hvg = hv.X.copy()
timed("scale", lambda: sc.pp.scale(hv, max_value=10))
until_scale = os.environ.get("PP_BENCH_UNTIL") == "scale"  # skip PCA and the SVD (the slow end)
if not until_scale:
    timed("pca", lambda: sc.pp.pca(hv, n_comps=50))
if os.environ.get("PP_BENCH_SCANPY_PCS"):
    np.save(os.environ["PP_BENCH_SCANPY_PCS"], hv.obsm["X_pca"].astype(np.float32))
if not until_scale:
    timed("truncated_svd_sparse", lambda: TruncatedSVD(n_components=50, algorithm="arpack", random_state=0).fit(log_hvg))
def threads():
    import numba
    from threadpoolctl import threadpool_info
    return {"numba": numba.get_num_threads(),
            "blas": [{k: p.get(k) for k in ("internal_api", "num_threads")} for p in threadpool_info()],
            "env": {k: os.environ.get(k) for k in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}}


peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open(out, "w") as f:
    json.dump({"steps": steps, "cpu_seconds": cpu, "rss_after_mb": rss, "peak_rss_mb": peak,
               "threads": threads(), "cells_after_filters": int(hv.n_obs), "hvgs": int(hv.n_vars)}, f, indent=1)
