"""Make the README's pictures of printed products from the bundled data (docs/*.png).

    python tools/docs_images.py

The leaflet both sides (docs/preview.png), the A6 booklet as read
(docs/booklet-pages.png) and one cut-and-stack A4 sheet front and back
(docs/booklet-cutstack.png), and the tri-fold outside and inside
(docs/leaflet-trifold.png), all for 郑州市金水区花园路街道; boards:
tools/board_previews.py; the web kit: tools/web_screenshots.py.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
UNIT = "410105002"
GREY = (215, 215, 215)


def make(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, "-m", "collateral.cli.app", *args, UNIT, "-o", str(out)], check=True,
                   capture_output=True)
    (pdf,) = out.glob("*.pdf")
    return pdf


def pages(pdf: Path, dpi: float) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def strip(groups: list[list[Image.Image]], gap: int = 14, vertical: bool = False) -> Image.Image:
    """Groups of pages side by side (a spread is a group of two), a gap between groups."""
    w = max(sum(p.width for p in g) for g in groups)
    h = max(p.height for g in groups for p in g)
    size = (w + 2 * gap, len(groups) * (h + gap) + gap) if vertical else \
        (sum(sum(p.width for p in g) for g in groups) + gap * (len(groups) + 1), h + 2 * gap)
    img = Image.new("RGB", size, GREY)
    x = y = gap
    for g in groups:
        for p in g:
            img.paste(p, (x, y))
            x += p.width
        if vertical:
            x, y = gap, y + h + gap
        else:
            x += gap
    return img


def main() -> None:
    docs = ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        leaflet = pages(make(t / "leaflet", "leaflet"), 55)
        strip([[p] for p in leaflet], 16).save(docs / "preview.png", optimize=True)
        read = pages(make(t / "booklet", "booklet", "--imposition", "none"), 48)
        strip([[read[0]], *[read[i:i + 2] for i in range(1, len(read) - 1, 2)], [read[-1]]]).save(
            docs / "booklet-pages.png", optimize=True)
        sheets = pages(make(t / "cutstack", "booklet", "--imposition", "cutstack"), 40)
        strip([[sheets[2]], [sheets[3]]]).save(docs / "booklet-cutstack.png", optimize=True)
        trifold = pages(make(t / "trifold", "leaflet", "--format", "trifold"), 40)
        strip([[p] for p in trifold], vertical=True).save(docs / "leaflet-trifold.png", optimize=True)


if __name__ == "__main__":
    main()
