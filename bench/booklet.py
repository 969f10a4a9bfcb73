"""Benchmark (not a test): milliseconds per imposed A6 booklet (saddle), against the leaflet in the same process.

    python bench/booklet.py [--count 200]

Prints the per-piece time of the A6 saddle booklet and of the A4 leaflet over
the same ``--count`` townships (content → layout → imposition → render →
bytes; files are not written, so the disk does not count), and their ratio
(target: booklet ≤ 2 × leaflet).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time


def per_piece(make, units) -> list[float]:
    times = []
    for unit in units:
        t = time.perf_counter()
        make(unit)
        times.append(time.perf_counter() - t)
    return times[1:] or times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    args = ap.parse_args()

    from collateral.data.dataset import Dataset
    from collateral.products.make import Output, make, piece
    from collateral.paths import data_dir
    from collateral.products.product import Product

    date = dt.date(2026, 11, 28)
    dataset = Dataset(data_dir()).load_all()
    booklet = Product.open(data_dir(), "booklet-a6", date, dataset=dataset)
    leaflet = Product.open(data_dir(), "leaflet-a4", date, dataset=dataset)
    townships = [u for u in dataset.units() if u.level == 3][: args.count]
    opts = Output(imposition="saddle", flip="long", what="口袋书", pad=4)
    b = per_piece(lambda u: make(booklet, u, opts), townships)
    a = per_piece(lambda u: piece(leaflet, u), townships)
    mb, ma = statistics.mean(b) * 1000, statistics.mean(a) * 1000
    print(f"{len(townships)} townships: A6 saddle booklet {mb:.1f} ms (p95 {sorted(b)[int(len(b) * .95) - 1] * 1000:.1f}), "
          f"A4 leaflet {ma:.1f} ms per piece; booklet/leaflet = {mb / ma:.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
