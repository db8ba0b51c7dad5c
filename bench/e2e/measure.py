"""Running a command while sampling its process tree: wall time, peak RSS and CPU seconds, and
(on Linux) CPU seconds per kind of thread, which says how much of a JVM's time went to the JIT
compiler and the garbage collector rather than to the analysis."""
import os
import re
import subprocess
import threading
import time
from collections import Counter

import psutil


class TreeSampler:
    """Samples a process and its descendants: peak summed RSS and CPU seconds (user + system)."""

    def __init__(self, pid, interval=0.2):
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = 0
        self.cpu = {}  # pid -> last seen cpu seconds (a finished child keeps its last value)
        self.threads = {}  # (pid, tid) -> (thread name, last seen cpu seconds)
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            rss = 0
            for p in procs:
                try:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system
                    self._sample_threads(p.pid)
                except psutil.Error:
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.interval)

    def _sample_threads(self, pid):
        """Each thread's name and CPU from /proc (Linux); elsewhere nothing."""
        task = f"/proc/{pid}/task"
        try:
            tids = os.listdir(task)
        except OSError:
            return
        for tid in tids:
            try:
                with open(f"{task}/{tid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            self.threads[(pid, tid)] = (name, (int(fields[11]) + int(fields[12])) / self.tick)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return {"peak_rss_mib": round(self.peak_rss / 2**20, 1), "cpu_seconds": round(sum(self.cpu.values()), 2),
                "cpu_seconds_by_thread_kind": thread_kinds(self.threads.values())}


def thread_kind(name):
    """A JVM thread's kind from its (15-character) name: what its CPU time was spent on."""
    if "CompilerThre" in name:
        return "jit_compiler"
    if name.startswith(("GC Thread", "G1 ", "VM Thread", "VM Periodic")):
        return "gc_and_vm"
    if name.startswith("cellbook-fold"):
        return "fold_workers"
    if name.startswith(("cellbook-tl", "ForkJoinPool", "pool-", "read-ahead", "cellbook-alloc")):
        return "analysis_pools"
    if name.startswith("cellbook-cache"):
        return "cache_compression"
    if re.fullmatch(r"Thread-\d+", name):
        return "cells_and_unnamed"
    return "other"


def thread_kinds(threads):
    """CPU seconds summed per thread kind, largest first; empty where threads could not be read."""
    total = Counter()
    for name, cpu in threads:
        total[thread_kind(name)] += cpu
    return {k: round(v, 2) for k, v in total.most_common() if v >= 0.005}


def run_measured(cmd, log, cwd, env=None):
    """Runs cmd, returns wall seconds, exit code and the sampler's numbers; output goes to log."""
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        sampler = TreeSampler(proc.pid).start()
        code = proc.wait()
        wall = time.perf_counter() - start
        usage = sampler.stop()
    return {"wall_seconds": round(wall, 2), "exit_code": code, **usage, "log": str(log)}
