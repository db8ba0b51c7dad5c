"""bench/cv-eff: the tail effect of the fold executor's submission order, without the machine's noise.

List-schedules the fold tasks' measured durations (a 1-worker run's manifest: fold_task records)
on 2 ideal workers in three orders -- plan order, the old estimate (training rows x fits: fold by
fold) and the new one (x features x family weight, ThreadPoolExecutor.cost) -- and prints the
makespan and tail efficiency (sum / 2 / makespan) of each.

usage: tail_sim.py MANIFEST.json CV_FOLDS.csv    (cv_folds.csv of the run's results_dir: n_train per fold)
"""
import csv, heapq, json, sys

FEATURES = {"gene_pca": 30, "gene_pca+trb_physchem": 42, "gene_pca+trb_kmer_svd": 50}
WEIGHT = {"logreg": 1, "random_forest": 2}

m = json.load(open(sys.argv[1]))
dur = {s["id"][len("fold_task:"):]: s["seconds"] for s in m["steps"] if s["id"].startswith("fold_task:")}
n_train = {int(r["fold"]): int(r["n_train"]) for r in csv.DictReader(open(sys.argv[2]))}
tasks = []
for fs in FEATURES:  # NestedLopo.plan order: feature set, model, fold
    for model in WEIGHT:
        for k in sorted(n_train):
            tid = next(t for t in dur if t.startswith(f"{fs}/{model}/fold-{k:02d}-"))
            tasks.append((tid, fs, model, k))


def makespan(order, workers=2):
    free = [0.0] * workers
    for t in order:
        heapq.heappush(free, heapq.heappop(free) + dur[t[0]])
    return max(free)


total = sum(dur.values())
orders = {
    "plan_order": tasks,
    "rows_x_fits (before)": sorted(tasks, key=lambda t: (-n_train[t[3]], tasks.index(t))),
    "rows_x_features_x_fits_x_family (after)": sorted(
        tasks, key=lambda t: (-WEIGHT[t[2]] * FEATURES[t[1]] * n_train[t[3]], tasks.index(t))),
}
out = {"task_seconds_sum": round(total, 3), "ideal_makespan_2_workers": round(total / 2, 3)}
for name, order in orders.items():
    ms = makespan(order)
    out[name] = {"makespan_s": round(ms, 3), "tail_efficiency": round(total / 2 / ms, 4),
                 "last_tasks": [t[0] for t in order[-4:]]}
print(json.dumps(out, indent=1))
