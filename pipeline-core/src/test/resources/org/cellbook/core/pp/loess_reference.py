"""Reference for pp/Loess: skmisc.loess fitted values (the call scanpy's seurat_v3 makes) on
several (x, y) sets, written to OUT as CASE_x.npy, CASE_y.npy, CASE_fitted.npy plus cases.json
(name, span, degree). Usage: loess_reference.py OUT DJVDJ_DIR
DJVDJ_DIR holds BL6_GEX/ and MD4_GEX/ (matrix.mtx.gz may be plain text; it is re-gzipped)."""
import gzip
import json
import os
import shutil
import sys
import warnings

import numpy as np
import scanpy as sc
from scanpy.preprocessing._utils import _get_mean_var
from skmisc.loess import loess

warnings.filterwarnings("ignore")
out, djvdj = sys.argv[1], sys.argv[2]
cases = []


def add(name, x, y, span=0.3, degree=2):
    model = loess(x, y, span=span, degree=degree)  # skmisc defaults otherwise, as in scanpy
    model.fit()
    np.save(os.path.join(out, name + "_x.npy"), np.ascontiguousarray(x, dtype=np.float64))
    np.save(os.path.join(out, name + "_y.npy"), np.ascontiguousarray(y, dtype=np.float64))
    np.save(os.path.join(out, name + "_fitted.npy"), np.asarray(model.outputs.fitted_values, dtype=np.float64))
    cases.append(dict(name=name, span=span, degree=degree))


def log_mean_var(sample):
    """log10 mean and variance of the genes with variance > 0, as seurat_v3 regresses them."""
    tmp = os.path.join(out, sample)
    shutil.copytree(os.path.join(djvdj, sample, "filtered_feature_bc_matrix"), tmp)
    mtx = os.path.join(tmp, "matrix.mtx.gz")
    with open(mtx, "rb") as f:
        data = f.read()
    if data[:2] != b"\x1f\x8b":  # djvdj ships plain text under a .gz name
        os.chmod(mtx, 0o644)
        with gzip.open(mtx, "wb") as f:
            f.write(data)
    a = sc.read_10x_mtx(tmp)
    # the filters of pp_reference.py: the genes seurat_v3 sees in the pp parity tests
    a.var["mt"] = a.var_names.str.startswith("mt-")
    sc.pp.calculate_qc_metrics(a, qc_vars=["mt"], percent_top=None, log1p=False, inplace=True)
    sc.pp.filter_cells(a, min_genes=5)
    sc.pp.filter_genes(a, min_cells=3)
    a = a[a.obs["pct_counts_mt"] < 20.0]
    mean, var = _get_mean_var(a.X)
    keep = var > 0
    return np.log10(mean[keep]), np.log10(var[keep])


for sample in ("BL6_GEX", "MD4_GEX"):
    add("djvdj_" + sample, *log_mean_var(sample))

rng = np.random.default_rng(3)
# scRNA-like: 20,000 genes of 5,000 cells, means k / n_cells (many exact ties at small k)
n_cells = 5000
k = np.maximum(1, np.round(rng.lognormal(3.0, 2.0, size=20000)))
mean = k / n_cells
var = mean * (1 + mean / rng.lognormal(0.5, 0.6, size=mean.size))
x, y = np.log10(mean), np.log10(var) + rng.normal(0, 0.05, size=mean.size)
add("counts_like", x, y)
add("counts_like_span05_deg1", x, y, span=0.5, degree=1)
# deeper counts for a small span (skmisc refuses neighbourhoods that are all one tied x)
k = np.maximum(1, np.round(rng.lognormal(5.0, 1.5, size=20000)))
mean = k / n_cells
var = mean * (1 + mean / rng.lognormal(0.5, 0.6, size=mean.size))
add("deep_counts_span01", np.log10(mean), np.log10(var) + rng.normal(0, 0.05, size=mean.size), span=0.1)
# smooth curve with noise, unequally spaced
x = rng.normal(size=2000)
add("sine", x, np.sin(x) + 0.3 * rng.normal(size=x.size))
# heavy ties in x: 40 distinct values
x = np.round(rng.uniform(0, 4, size=1500), 1)
add("ties", x, 0.5 * x**2 - x + rng.normal(0, 0.2, size=x.size))

with open(os.path.join(out, "cases.json"), "w") as f:
    json.dump(cases, f)
