"""The model benchmark's workload in scikit-learn / XGBoost, one family per call.

Usage: sklearn_bench.py DATA_DIR FAMILY CANDIDATES_JSON
Leave-one-patient-out outer loop; inside each fold GridSearchCV over exactly the candidates the
Java side searched (CANDIDATES_JSON, written by ModelBench.java: one single-point grid per
candidate, in Java's order), scoring="roc_auc", cv=StratifiedGroupKFold(3), n_jobs=1,
refit=True. Prints one JSON line: family, wall and process CPU seconds, pooled cell-level ROC-AUC.
"""
import json, sys, time, warnings
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, LeaveOneGroupOut, StratifiedGroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from xgboost import XGBClassifier

warnings.filterwarnings("ignore")  # undefined inner AUCs (one-class test parts) are expected
d, family, cand_path = sys.argv[1], sys.argv[2], sys.argv[3]
X = np.load(f"{d}/x.npy"); y = np.load(f"{d}/y.npy"); g = np.load(f"{d}/g.npy")
cands = json.load(open(cand_path))

if family == "logreg":
    est = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    prefix = "logisticregression__"
elif family == "linear_svm":
    est = make_pipeline(StandardScaler(), LinearSVC(max_iter=10000))
    prefix = "linearsvc__"
elif family == "random_forest":
    est = RandomForestClassifier(n_jobs=1, random_state=0)
    prefix = ""
elif family == "xgboost":
    est = XGBClassifier(n_jobs=1, tree_method="hist", random_state=0)
    prefix = ""
else:
    raise SystemExit(f"unknown family {family}")
grid = [{prefix + k: [v] for k, v in c.items()} for c in cands]

t0, c0 = time.perf_counter(), time.process_time()
pred = np.empty(len(y))
for tr, te in LeaveOneGroupOut().split(X, y, g):
    s = GridSearchCV(est, grid, scoring="roc_auc", cv=StratifiedGroupKFold(3), n_jobs=1, refit=True)
    s.fit(X[tr], y[tr], groups=g[tr])
    m = s.best_estimator_
    pred[te] = m.decision_function(X[te]) if family == "linear_svm" else m.predict_proba(X[te])[:, 1]
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"family": family, "seconds": round(secs, 3), "cpu_seconds": round(cpu, 3),
                  "candidates": len(cands), "pooled_cell_auc": roc_auc_score(y, pred)}))
