"""sklearn's LogisticRegression(lbfgs, class_weight=balanced) n_iter_ and seconds on one outer
training part of a reference feature set (the .cbfs files FoldTaskBench writes), next to
LbfgsIterations.java. Usage: python sklearn_iterations.py SET.cbfs HELD_OUT C..."""
import json, struct, sys, time
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler


def read_cbfs(path):
    b = open(path, "rb").read()
    o = 8
    def s():
        nonlocal o
        (k,) = struct.unpack_from("<i", b, o); o += 4
        v = b[o:o + k].decode(); o += k
        return v
    def strings():
        nonlocal o
        (k,) = struct.unpack_from("<i", b, o); o += 4
        return [s() for _ in range(k)]
    name = s()
    n, p = struct.unpack_from("<ii", b, o); o += 8
    strings()
    x = np.frombuffer(b, "<f4", n * p, o).reshape(n, p); o += 4 * n * p
    o += 4 * n
    y = np.frombuffer(b, "i1", n, o).astype(int); o += n
    pats = strings()
    codes = np.frombuffer(b, "<i4", n, o)
    return name, x.astype(np.float64), y, np.array(pats)[codes]


name, x, y, pat = read_cbfs(sys.argv[1])
tr = pat != sys.argv[2]
xs = StandardScaler().fit_transform(x[tr])
for c in sys.argv[3:]:
    for rep in range(3):
        t0 = time.process_time(); w0 = time.time()
        m = LogisticRegression(C=float(c), class_weight="balanced", max_iter=100).fit(xs, y[tr])
        print(json.dumps({"set": name, "held_out": sys.argv[2], "n": int(tr.sum()), "p": x.shape[1], "C": float(c), "rep": rep,
                          "iterations": int(m.n_iter_[0]), "cpu_s": round(time.process_time() - t0, 3), "wall_s": round(time.time() - w0, 3)}))
