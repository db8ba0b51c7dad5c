"""np.argsort (default kind) of float64 arrays with many ties, for NumpyArgsortTest.
Usage: argsort_reference.py OUT. Writes CASE_keys.npy, CASE_order.npy and cases.txt, plus
simd.txt: the SIMD path numpy dispatches sorts to on this CPU."""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(11)
names = []


def add(name, keys):
    keys = np.ascontiguousarray(keys, dtype=np.float64)
    np.save(os.path.join(out, name + "_keys.npy"), keys)
    np.save(os.path.join(out, name + "_order.npy"), np.argsort(keys).astype(np.int64))
    names.append(name)


for n in (2, 3, 5, 8, 17, 64, 100, 129, 255, 256, 257, 260, 300, 384, 500, 513, 1000, 1023, 1024, 2049, 5000, 20000, 33538):
    add(f"few{n}", rng.integers(0, max(2, n // 8), size=n) * 0.5)
    add(f"binary{n}", rng.integers(0, 2, size=n).astype(float))
    add(f"cont{n}", rng.normal(size=n))
    add(f"sorted{n}", np.sort(rng.integers(0, 5, size=n)).astype(float))
    add(f"reversed{n}", -np.sort(rng.integers(0, 5, size=n)).astype(float))
    add(f"equal{n}", np.full(n, 3.25))
    # like -variances_norm: mostly distinct, blocks of exact ties
    v = np.round(rng.lognormal(0, 0.5, size=n), 2)
    add(f"hvg{n}", -v)
    add(f"zeros{n}", rng.choice([0.0, -0.0, 1.0], size=n))  # numpy treats -0.0 and 0.0 as equal

with open(os.path.join(out, "cases.txt"), "w") as f:
    f.write("\n".join(names) + "\n")
feats = np._core._multiarray_umath.__cpu_features__
path = "AVX512_SKX" if feats.get("AVX512_SKX") else "AVX2" if feats.get("AVX2") else "other"
with open(os.path.join(out, "simd.txt"), "w") as f:
    f.write(path + "\n")
