"""Render a leaflet's pages side by side into a PNG for the README (docs/preview.png).

    python tools/preview.py out/410105002-花园路街道-leaflet-a4.pdf docs/preview.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--dpi", type=float, default=55)
    args = ap.parse_args()
    doc = pdfium.PdfDocument(str(args.pdf))
    pages = [doc[i].render(scale=args.dpi / 72).to_pil() for i in range(len(doc))]
    gap = 16
    sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * (len(pages) + 1), max(p.height for p in pages) + 2 * gap),
                      (225, 225, 225))
    x = gap
    for page in pages:
        sheet.paste(page, (x, gap))
        x += page.width + gap
    args.png.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.png, optimize=True)


if __name__ == "__main__":
    main()
