"""The model benchmark's workload in scikit-learn / XGBoost, one family per call.

Usage: sklearn_bench.py DATA_DIR FAMILY N_ITER
Leave-one-patient-out outer loop; inside each fold RandomizedSearchCV(n_iter, scoring="roc_auc",
cv=StratifiedGroupKFold(3), n_jobs=1, refit=True). Prints one JSON line: family, seconds, pooled
cell-level ROC-AUC.
"""
import json, sys, time
import numpy as np
from scipy.stats import loguniform, randint, uniform
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import LeaveOneGroupOut, RandomizedSearchCV, StratifiedGroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from xgboost import XGBClassifier

d, family, n_iter = sys.argv[1], sys.argv[2], int(sys.argv[3])
X = np.load(f"{d}/x.npy"); y = np.load(f"{d}/y.npy"); g = np.load(f"{d}/g.npy")

if family == "logreg":
    est = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    space = {"logisticregression__C": loguniform(1e-3, 1e2)}
elif family == "linear_svm":
    est = make_pipeline(StandardScaler(), LinearSVC(max_iter=10000))
    space = {"linearsvc__C": loguniform(1e-4, 1e1)}
elif family == "random_forest":
    est = RandomForestClassifier(n_estimators=50, n_jobs=1, random_state=0)
    space = {"max_depth": [4, 8, 16, None], "min_samples_leaf": [1, 5, 20], "max_features": ["sqrt", 0.3]}
elif family == "xgboost":
    est = XGBClassifier(n_estimators=50, n_jobs=1, tree_method="hist", random_state=0)
    space = {"max_depth": randint(2, 7), "learning_rate": loguniform(0.01, 0.3),
             "subsample": uniform(0.6, 0.4), "colsample_bytree": uniform(0.6, 0.4)}
else:
    raise SystemExit(f"unknown family {family}")

t0 = time.perf_counter()
pred = np.empty(len(y))
for tr, te in LeaveOneGroupOut().split(X, y, g):
    s = RandomizedSearchCV(est, space, n_iter=n_iter, scoring="roc_auc", cv=StratifiedGroupKFold(3),
                           n_jobs=1, refit=True, random_state=0)
    s.fit(X[tr], y[tr], groups=g[tr])
    m = s.best_estimator_
    pred[te] = m.decision_function(X[te]) if family == "linear_svm" else m.predict_proba(X[te])[:, 1]
secs = time.perf_counter() - t0
print(json.dumps({"family": family, "seconds": round(secs, 3), "pooled_cell_auc": roc_auc_score(y, pred)}))
