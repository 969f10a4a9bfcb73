"""Render every named board size (to one scale, side by side) and the screens into PNGs for a look or the README.

    python tools/board_previews.py 410100 docs/          # writes board-sizes.png and one PNG per size
    python tools/fill_data.py data /tmp/filled && python tools/board_previews.py 410100 /tmp/png --data /tmp/filled

Boards are drawn at ``--px-per-m`` pixels per metre, so their sizes compare as they would on a wall.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from collateral.spec.params import MM
from collateral.paths import data_dir
from collateral.products.make import piece
from collateral.products.product import Product
from collateral.products.specload import all_layouts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("target")
    ap.add_argument("out", type=Path)
    ap.add_argument("--px-per-m", type=float, default=300)
    ap.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    specs = sorted((s for s in all_layouts()[0] if s.product == "board"), key=lambda s: (s.trim[1], s.trim[0]))
    images = []
    for spec in specs:
        product = Product.open(args.data or data_dir(), spec, dt.date(2026, 11, 28))
        unit = product.dataset.find(args.target)
        doc = pdfium.PdfDocument(piece(product, unit))
        image = doc[0].render(scale=args.px_per_m / 1000 / MM).to_pil().convert("RGB")
        doc.close()
        image.save(args.out / f"{spec.name}.png", optimize=True)
        images.append(image)
    gap = 24
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) + 1),
                              max(i.height for i in images) + 2 * gap), (225, 225, 225))
    x = gap
    for image in images:
        sheet.paste(image, (x, sheet.height - gap - image.height))  # standing on one floor line
        x += image.width + gap
    sheet.save(args.out / "board-sizes.png", optimize=True)


if __name__ == "__main__":
    main()
