"""Reference for the Java pp steps: runs scanpy 1.11.5 on one dataset and writes inputs and
outputs as .npy / text into OUT. Usage: pp_reference.py OUT DATASET
DATASET: 'synthetic' or a 10x mtx directory (matrix.mtx.gz may be plain text; it is re-gzipped)."""
import gzip
import json
import os
import shutil
import sys
import warnings

import numpy as np
import scanpy as sc
from scipy import sparse
from sklearn.decomposition import TruncatedSVD

warnings.filterwarnings("ignore")
out, dataset = sys.argv[1], sys.argv[2]


def save(name, arr):
    np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(arr))


def save_names(name, names):
    with open(os.path.join(out, name + ".txt"), "w") as f:
        f.write("\n".join(map(str, names)) + "\n")


def synthetic():
    rng = np.random.default_rng(42)
    n, m, n_mt = 800, 1500, 13
    gene_mean = rng.lognormal(mean=-1.0, sigma=1.5, size=m)
    batch = rng.integers(0, 3, size=n)
    batch_effect = rng.lognormal(0, 0.4, size=(3, m))
    size = rng.lognormal(0, 0.5, size=n)
    mu = size[:, None] * gene_mean[None, :] * batch_effect[batch]
    mu[:, :n_mt] *= rng.choice([1.0, 8.0], size=(n, 1), p=[0.85, 0.15])  # some mito-heavy cells
    r = 2.0
    counts = rng.negative_binomial(r, r / (r + mu)).astype(np.float32)
    names = [f"MT-{i}" for i in range(n_mt)] + [f"Gene{i:04d}" for i in range(n_mt, m)]
    a = sc.AnnData(sparse.csr_matrix(counts))
    a.obs_names = [f"cell{i:04d}" for i in range(n)]
    a.var_names = names
    a.obs["batch"] = [f"b{b}" for b in batch]
    return a, dict(prefix="MT-", min_genes=300, min_cells=3, max_pct_mt=20.0, n_top=300, n_top_v3=300, v3_batch=True)


def tenx(path):
    tmp = os.path.join(out, "mtx")
    shutil.copytree(path, tmp)
    mtx = os.path.join(tmp, "matrix.mtx.gz")
    with open(mtx, "rb") as f:
        plain = f.read(2) != b"\x1f\x8b"
    if plain:  # djvdj ships plain text under a .gz name
        data = open(mtx, "rb").read()
        os.chmod(mtx, 0o644)
        with gzip.open(mtx, "wb") as f:
            f.write(data)
    a = sc.read_10x_mtx(tmp)
    mouse = a.var_names.str.startswith("mt-").sum() > a.var_names.str.startswith("MT-").sum()
    a.obs["batch"] = [f"b{i % 3}" for i in range(a.n_obs)]
    return a, dict(prefix="mt-" if mouse else "MT-", min_genes=5, min_cells=3, max_pct_mt=20.0, n_top=100, n_top_v3=100, v3_batch=False)


adata, p = synthetic() if dataset == "synthetic" else tenx(dataset)
x = adata.X.tocsr()
save("counts_data", x.data.astype(np.float32))
save("counts_indices", x.indices.astype(np.int32))
save("counts_indptr", x.indptr.astype(np.int64))
save_names("obs", adata.obs_names)
save_names("var", adata.var_names)
save_names("batch", adata.obs["batch"])
save("shape", np.array(adata.shape, dtype=np.int64))

# QC metrics
adata.var["mt"] = adata.var_names.str.startswith(p["prefix"])
sc.pp.calculate_qc_metrics(adata, qc_vars=["mt"], percent_top=None, log1p=False, inplace=True)
save("qc_n_genes_by_counts", adata.obs["n_genes_by_counts"].to_numpy().astype(np.int64))
save("qc_total_counts", adata.obs["total_counts"].to_numpy())
save("qc_pct_counts_mt", adata.obs["pct_counts_mt"].to_numpy())
save("qc_n_cells_by_counts", adata.var["n_cells_by_counts"].to_numpy().astype(np.int64))
save("qc_gene_total_counts", adata.var["total_counts"].to_numpy())

# Filters
sc.pp.filter_cells(adata, min_genes=p["min_genes"])
save_names("kept_cells", adata.obs_names)
sc.pp.filter_genes(adata, min_cells=p["min_cells"])
save_names("kept_genes", adata.var_names)
adata = adata[adata.obs["pct_counts_mt"] < p["max_pct_mt"]].copy()
save_names("kept_mt", adata.obs_names)

# seurat_v3 on counts
# skmisc's loess fails on the tiny per-batch subsets of the real test data: batches only on synthetic
for key, batch in (("v3", None), ("v3_batch", "batch"))[: 2 if p["v3_batch"] else 1]:
    c = adata.copy()
    sc.pp.highly_variable_genes(c, flavor="seurat_v3", n_top_genes=p["n_top_v3"], batch_key=batch)
    save(f"hvg_{key}", c.var["highly_variable"].to_numpy())
    save(f"hvg_{key}_variances_norm", c.var["variances_norm"].to_numpy())
    save(f"hvg_{key}_rank", c.var["highly_variable_rank"].to_numpy().astype(np.float64))
# numpy's order among equal values (which seurat_v3's ranks inherit) depends on its SIMD sort path
feats = np._core._multiarray_umath.__cpu_features__
p["numpy_sort_simd"] = "AVX512_SKX" if feats.get("AVX512_SKX") else "AVX2" if feats.get("AVX2") else "other"

sc.pp.normalize_total(adata)
save("norm_data", adata.X.data)
save("norm_indptr", adata.X.indptr.astype(np.int64))
sc.pp.log1p(adata)
save("log_data", adata.X.data)

hvg_runs = {
    "seurat": dict(flavor="seurat"),
    "seurat_top": dict(flavor="seurat", n_top_genes=p["n_top"]),
    "cell_ranger": dict(flavor="cell_ranger", n_top_genes=p["n_top"]),
    "cell_ranger_cutoffs": dict(flavor="cell_ranger"),
    "seurat_batch": dict(flavor="seurat", batch_key="batch"),
    "seurat_top_batch": dict(flavor="seurat", n_top_genes=p["n_top"], batch_key="batch"),
    "cell_ranger_batch": dict(flavor="cell_ranger", n_top_genes=p["n_top"], batch_key="batch"),
}
for key, kw in hvg_runs.items():
    c = adata.copy()
    sc.pp.highly_variable_genes(c, **kw)
    save(f"hvg_{key}", c.var["highly_variable"].to_numpy())
    save(f"hvg_{key}_dispersions_norm", c.var["dispersions_norm"].to_numpy().astype(np.float64))
    save(f"hvg_{key}_means", c.var["means"].to_numpy().astype(np.float64))

# Scale and PCA on the default seurat HVGs; truncated SVD of the sparse log data on the same genes
sc.pp.highly_variable_genes(adata, flavor="seurat")
hv = adata[:, adata.var["highly_variable"]].copy()
log_hvg = hv.X.copy()
sc.pp.scale(hv, max_value=10)
save("scaled", np.asarray(hv.X, dtype=np.float64))
n_comps = int(min(50, min(hv.shape) - 1))
sc.pp.pca(hv, n_comps=n_comps)
save("pca_variance", hv.uns["pca"]["variance"])
save("pca_variance_ratio", hv.uns["pca"]["variance_ratio"])
save("pca_components", hv.varm["PCs"].T.astype(np.float64))
save("pca_scores", hv.obsm["X_pca"].astype(np.float64))
svd = TruncatedSVD(n_components=n_comps, algorithm="arpack", random_state=0).fit(log_hvg)
save("svd_singular_values", svd.singular_values_)
save("svd_components", svd.components_)
save("svd_variance_ratio", svd.explained_variance_ratio_)
p["n_comps"] = n_comps
with open(os.path.join(out, "params.json"), "w") as f:
    json.dump(p, f)
