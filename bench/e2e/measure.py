"""Running a command while sampling its process tree: wall time, peak RSS and CPU seconds."""
import subprocess
import threading
import time

import psutil


class TreeSampler:
    """Samples a process and its descendants: peak summed RSS and CPU seconds (user + system)."""

    def __init__(self, pid, interval=0.2):
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = 0
        self.cpu = {}  # pid -> last seen cpu seconds (a finished child keeps its last value)
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
                except psutil.Error:
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.interval)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return {"peak_rss_mib": round(self.peak_rss / 2**20, 1), "cpu_seconds": round(sum(self.cpu.values()), 2)}


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
