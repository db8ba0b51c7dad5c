"""Kernel start-up and request round-trip latency: Cellbook's blocking shell channel vs the base
library's 50 ms sleep-polling channel (the same kernel started with --base-channels).

Usage (from the repository root, after ./cellbook setup):
    .venv/bin/python bench/kernel/kernel_latency.py [--rounds 200] [--out bench/results/kernel-latency.json]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def install(prefix: Path, name: str, extra: list) -> None:
    java = Path(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "java"
    flags = (ROOT / "kernel/target/jvm-flags.txt").read_text().split()
    subprocess.run([str(java), *flags, "-jar", str(ROOT / "kernel/target/cellbook.jar"), "kernel", "install",
                    "--prefix", str(prefix), "--name", name], check=True, capture_output=True)
    spec_file = prefix / "share/jupyter/kernels" / name / "kernel.json"
    spec = json.loads(spec_file.read_text())
    spec["argv"] += extra
    spec_file.write_text(json.dumps(spec))


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summary(seconds):
    ms = [s * 1000 for s in seconds]
    return {"median_ms": round(statistics.median(ms), 2), "p90_ms": round(pct(ms, 0.9), 2),
            "min_ms": round(min(ms), 2), "n": len(ms)}


def measure(name: str, rounds: int) -> dict:
    from jupyter_client.manager import start_new_kernel
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    ready = time.perf_counter() - t0
    t1 = time.perf_counter()
    kc.execute_interactive("1", timeout=120, output_hook=lambda m: None)
    first_cell = time.perf_counter() - t1
    for _ in range(20):  # warm up JIT and JShell
        kc.execute_interactive("1", timeout=60, output_hook=lambda m: None)
    info, execute = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        kc.kernel_info(reply=True, timeout=60)
        info.append(time.perf_counter() - t)
        t = time.perf_counter()
        kc.execute_interactive("1", timeout=60, output_hook=lambda m: None)
        execute.append(time.perf_counter() - t)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return {"ready_s": round(ready, 2), "first_cell_s": round(first_cell, 2),
            "kernel_info_round_trip": summary(info), "execute_1_round_trip": summary(execute)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--out", default=str(ROOT / "bench/results/kernel-latency.json"))
    args = ap.parse_args()
    prefix = Path(tempfile.mkdtemp(prefix="cellbook-bench-"))
    try:
        install(prefix, "cb-bench-blocking", [])
        install(prefix, "cb-bench-base", ["--base-channels"])
        os.environ["JUPYTER_PATH"] = str(prefix / "share/jupyter")
        results = {}
        for name, label in (("cb-bench-base", "base_library_polling_50ms"), ("cb-bench-blocking", "cellbook_blocking_poll")):
            results[label] = measure(name, args.rounds)
        out = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "rounds": args.rounds,
               "load_average_at_end": list(os.getloadavg()), "cpus": os.cpu_count(), "results": results}
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
        print(json.dumps(out, indent=2))
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    main()
