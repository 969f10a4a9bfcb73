"""Benchmark (not a test): milliseconds per A4 leaflet after start-up, and a cold single leaflet.

    python bench/leaflet.py [--count 200] [--out DIR]

Prints the start-up cost (fonts, layout, guide), the per-leaflet time over
``--count`` townships in one process (content → layout → render → write), and
the wall time of ``collateral leaflet 410105002`` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    args = ap.parse_args()

    t0 = time.perf_counter()
    from collateral.paths import data_dir
    from collateral.make import Output, make
    from collateral.output import write_atomic
    from collateral.products import Product

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

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "collateral.cli", "leaflet", "410105002", "-o", tmp],
                       check=True, capture_output=True)
        print(f"cold single leaflet (new interpreter, CLI): {(time.perf_counter() - t) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
