"""Benchmark (not a test): the province batch and the cold start, as issue 9 measures them.

    python bench/batch.py [--skip-full] [--runs 5] [--repeat 3]

1. the 2,586 township leaflets of the province (``batch --products leaflet``), wall time;
2. the full default pack (leaflets, booklets, boards), wall time;
3. the peak RSS of a worker process (the largest child);
4. ``collateral leaflet 410105002`` from a cold start (median of ``--runs``; see ``leaflet.py``).
Targets on a 2-core machine: ≤ 8 s, ≤ 20 s, ≤ 250 MB, ≤ 0.25 s.
``--repeat`` runs each batch that many times and reports the median; the
load average is printed before and after, as other work on the machine
slows every figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from leaflet import cold  # bench/leaflet.py: the one measure of a cold start

CLI = [sys.executable, "-m", "collateral.cli.app"]


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(CLI + args, check=False, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-full", action="store_true", help="only the leaflets and the cold start")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=1, help="batch runs per figure (the median is shown)")
    args = ap.parse_args()
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ts = [timed(["batch", "-o", str(out / "leaflets"), "--products", "leaflet", "-q", "--force"])
              for _ in range(args.repeat)]
        t = statistics.median(ts)
        n = len(list((out / "leaflets").rglob("*.pdf")))
        print(f"province leaflets: {n} files in {t:.1f} s wall ({t / max(n, 1) * 1000:.1f} ms per leaflet)"
              + (f" [runs: {', '.join(f'{x:.1f}' for x in ts)}]" if len(ts) > 1 else ""))
        if not args.skip_full:
            ts = [timed(["batch", "-o", str(out / "pack"), "-q", "--force"]) for _ in range(args.repeat)]
            n = len(list((out / "pack").rglob("*.pdf")))
            print(f"full default pack: {n} files in {statistics.median(ts):.1f} s wall"
                  + (f" [runs: {', '.join(f'{x:.1f}' for x in ts)}]" if len(ts) > 1 else ""))
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak RSS of the largest process (a worker or the parent): {rss:.0f} MB")
    cold(args.runs)
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
