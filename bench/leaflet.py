"""Benchmark (not a test): milliseconds per A4 leaflet after start-up, and a cold single leaflet.

    python bench/leaflet.py [--count 200] [--out DIR] [--runs 9] [--cold-only]

Prints the start-up cost (fonts, layout, guide), the per-leaflet time over
``--count`` townships in one process (content → layout → render → write), and
the cold start: the wall time of ``collateral leaflet 410105002 -o DIR`` in a
fresh process, as a user runs it, median (and range) of ``--runs`` runs after
one untimed run (which leaves the bytecode and the font cache as an installed
tool has them). PYTHONDONTWRITEBYTECODE is dropped for the runs: without
bytecode files every start compiles the package (~50 ms more). The load
average is printed too: on a busy machine the wall times mean little.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--layout", default="leaflet-a4")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=9, help="cold starts to time")
    ap.add_argument("--cold-only", action="store_true", help="only the cold start")
    args = ap.parse_args()
    if not args.cold_only:
        steady(args)
    cold(args.runs)


def cold(runs: int) -> None:
    """``collateral leaflet 410105002`` in a fresh process: median wall time of ``runs`` runs."""
    script = Path(sys.executable).with_name("collateral")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "collateral.cli.app"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([*cmd, "leaflet", "410105002", "-o", tmp], check=True, capture_output=True, env=env)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i:  # the first run only warms up
                times.append(wall)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    load = os.getloadavg()[0]
    print(f"cold `collateral leaflet 410105002` (new process, CLI): median {statistics.median(times) * 1000:.0f} ms "
          f"wall (runs {min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms), median {statistics.median(cpu) * 1000:.0f} ms "
          f"CPU; n={runs}, load average {load:.1f}")


def steady(args) -> None:
    """Per leaflet, many in one process (after the start-up: imports, fonts, all data, checks)."""
    t0 = time.perf_counter()
    from collateral.paths import data_dir
    from collateral.products.make import Output, make
    from collateral.files.output import write_atomic
    from collateral.products.product import Product

    job = Product.open(data_dir(), args.layout, dt.date(2026, 11, 28))
    job.dataset.load_all()
    townships = [u for u in job.dataset.units() if u.level == 3][: args.count]
    job.validate(townships)
    startup = time.perf_counter() - t0

    out = args.out or Path(tempfile.mkdtemp(prefix="collateral-bench-"))
    times = []
    for unit in townships:
        t = time.perf_counter()
        for name, blob in make(job, unit, Output()):
            write_atomic(out / name, blob)
        times.append(time.perf_counter() - t)
    steady = times[1:] or times
    print(f"start-up (imports, fonts, all data, checks): {startup * 1000:.0f} ms")
    print(f"{len(times)} leaflets: first {times[0] * 1000:.1f} ms, then mean {statistics.mean(steady) * 1000:.1f} ms, "
          f"median {statistics.median(steady) * 1000:.1f} ms, p95 {sorted(steady)[int(len(steady) * 0.95) - 1] * 1000:.1f} ms per leaflet")


if __name__ == "__main__":
    main()
