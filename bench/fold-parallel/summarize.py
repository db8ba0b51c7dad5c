"""Summarises bench/fold-parallel/run.sh's JSON lines per variant (medians over repeats).

efficiency_wall: t(1 worker) / (2 t(2 workers)), the e2e definition; noisy when the machine is loaded.
efficiency_cpu_model: what the same runs give on 2 otherwise idle cores, from CPU seconds only:
with 1 worker the JIT compiler and GC run on the second core, so t1 = task CPU; with 2 workers
every thread of the process shares the 2 cores, so t2 = process CPU / 2 / tail efficiency.
"""
import json
import statistics
import sys

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = {}
for v in dict.fromkeys(r["variant"] for r in runs):
    one = [r["run"] for r in runs if r["variant"] == v and r["run"]["workers"] == 1]
    two = [r["run"] for r in runs if r["variant"] == v and r["run"]["workers"] == 2]
    med = lambda xs: round(statistics.median(xs), 3)
    t1 = med([r["task_cpu_s_sum"] for r in one])
    p2 = med([r["process_cpu_s"] for r in two])
    tail = med([r["simulated_tail_efficiency"] for r in two])
    out[v] = {
        "repeats": len(one),
        "w1_wall_s": med([r["wall_s"] for r in one]),
        "w2_wall_s": med([r["wall_s"] for r in two]),
        "efficiency_wall": round(med([r["wall_s"] for r in one]) / (2 * med([r["wall_s"] for r in two])), 3),
        "w1_task_cpu_s": t1,
        "w1_jit_c2_cpu_s": med([r["cpu_s_by_thread_kind"].get("jit_c2", 0) for r in one]),
        "w2_task_cpu_s": med([r["task_cpu_s_sum"] for r in two]),
        "w2_process_cpu_s": p2,
        "w2_jit_c2_cpu_s": med([r["cpu_s_by_thread_kind"].get("jit_c2", 0) for r in two]),
        "w2_gc_cpu_s": med([r["cpu_s_by_thread_kind"].get("gc", 0) for r in two]),
        "w2_simulated_tail_efficiency": tail,
        "efficiency_cpu_model": round(t1 / p2 * tail, 3),
        "load_averages": [r["load_before"] for r in one + two],
        "result_sha256": sorted({r["result_sha256"] for r in one + two}),
    }
print(json.dumps(out, indent=2))
