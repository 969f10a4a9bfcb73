"""Benchmark (not a test): time and size of a board, per size, for the province and a city.

    python bench/board.py [--size 1200x2400] [--repeat 5]

Prints, after a warm-up piece, the best and median time to make one board
(content → layout → render → PDF/X-4) and the file size, for 河南省 (19
groups, the longest table) and 郑州市. The issue's target: a 1200x2400
board in ≤ 1 s and < 1 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1200x2400")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from collateral.paths import data_dir
    from collateral.products.make import Output, piece
    from collateral.spec.prepress import PRESS
    from collateral.products.product import Product
    from collateral.products.sizes import board_spec

    product = Product.open(data_dir(), board_spec(args.size), dt.date(2026, 11, 28))
    output = Output(PRESS, "pdfx-4")
    print(f"start-up (imports, fonts, layout, guide): {(time.perf_counter() - t0) * 1000:.0f} ms")
    for target in ("410000", "410100"):
        unit = product.dataset.find(target)
        product.validate([unit])
        piece(product, unit, output)  # warm-up: font subsets, QR matrices
        times, size = [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            size = len(piece(product, unit, output))
            times.append(time.perf_counter() - t)
        print(f"{product.spec.name} {unit.label}: best {min(times) * 1000:.0f} ms, median "
              f"{statistics.median(times) * 1000:.0f} ms, {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
