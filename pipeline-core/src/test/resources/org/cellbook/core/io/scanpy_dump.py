"""Reads inputs with scanpy/anndata and dumps what the Java readers must reproduce.

argv[1] is a JSON list of jobs {"mode", "src", "out", "options"}. For each job, `out` receives
meta.json (shape, names, obs/var columns, obsm/layers shapes) and little-endian binaries:
X.indptr (int64), X.indices (int32), X.data (float32) for sparse matrices, X.dense (float32,
row-major) for dense ones; the same with obsm_<key> / layer_<key> prefixes.
"""
import gzip
import json
import math
import os
import sys
import tempfile

import anndata as ad
import natsort
import numpy as np
import pandas as pd
import scanpy as sc
import scipy.sparse as sp


def normalized_mtx_dir(src, tmp):
    """scanpy needs real gzip under .gz names (v3) and plain names (v2); re-encode only."""
    legacy = any(os.path.exists(os.path.join(src, n)) for n in ("genes.tsv", "genes.tsv.gz"))
    names = ["matrix.mtx", "genes.tsv" if legacy else "features.tsv", "barcodes.tsv"]
    for name in names:
        path = next(p for p in (os.path.join(src, name), os.path.join(src, name + ".gz")) if os.path.exists(p))
        with open(path, "rb") as f:
            raw = f.read()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if legacy:
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(raw)
        else:
            with open(os.path.join(tmp, name + ".gz"), "wb") as f:
                f.write(gzip.compress(raw))
    return tmp


def json_value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    return str(v)


def column(series):
    out = {"dtype": str(series.dtype), "values": [json_value(v) for v in series.tolist()]}
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = list(series.cat.categories)
        out["categories"] = [json_value(c) for c in cats]
        # anndata's strings_to_categoricals order: pandas' sorted categories, then natsorted.
        out["natsorted_categories"] = [json_value(c) for c in natsort.natsorted(sorted(cats))]
    return out


def dump_matrix(m, out, prefix, meta):
    if sp.issparse(m):
        c = sp.csr_matrix(m, dtype=np.float32)
        c.sum_duplicates()
        c.sort_indices()
        c.indptr.astype("<i8").tofile(os.path.join(out, prefix + ".indptr"))
        c.indices.astype("<i4").tofile(os.path.join(out, prefix + ".indices"))
        c.data.astype("<f4").tofile(os.path.join(out, prefix + ".data"))
        meta[prefix] = {"sparse": True, "shape": list(c.shape)}
    else:
        d = np.asarray(m, dtype=np.float32)
        np.ascontiguousarray(d).astype("<f4").tofile(os.path.join(out, prefix + ".dense"))
        meta[prefix] = {"sparse": False, "shape": list(d.shape)}


def dump(a, out):
    os.makedirs(out, exist_ok=True)
    meta = {
        "shape": list(a.shape),
        "obs_names": [str(x) for x in a.obs_names],
        "var_names": [str(x) for x in a.var_names],
        "obs": {k: column(a.obs[k]) for k in a.obs.columns},
        "var": {k: column(a.var[k]) for k in a.var.columns},
        "obsm": sorted(a.obsm.keys()),
        "layers": sorted(a.layers.keys()),
    }
    dump_matrix(a.X, out, "X", meta)
    for k in a.obsm.keys():
        dump_matrix(a.obsm[k], out, "obsm_" + k, meta)
    for k in a.layers.keys():
        dump_matrix(a.layers[k], out, "layer_" + k, meta)
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f)


def run(job):
    mode, src, out, opts = job["mode"], job["src"], job["out"], job.get("options", {})
    if mode == "mtx":
        with tempfile.TemporaryDirectory() as tmp:
            a = sc.read_10x_mtx(normalized_mtx_dir(src, tmp), **opts)
    elif mode == "h5":
        a = sc.read_10x_h5(src, **opts)
        a.var_names_make_unique()  # what scanpy users do next; the Java container requires unique names
    elif mode == "h5ad":
        a = ad.read_h5ad(src)
    else:
        raise ValueError(mode)
    dump(a, out)


for job in json.loads(sys.argv[1]):
    run(job)
