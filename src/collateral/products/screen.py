"""Screen images (屏显): the board's content as PNGs for a TV or LED screen in the reception hall.

In: a screen layout (``layouts/screen-*.yaml``, laid out in the millimetres
of a 55" panel, see :mod:`collateral.products.sizes`) and one jurisdiction. Out: one
sRGB PNG per page of the layout, exactly ``--size`` pixels (a hall screen
shows them in turn: the channels, then the leaders' numbers). They are made
by :func:`collateral.products.make.make` like every product, with the PNG post-step
of :mod:`collateral.products.raster`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from collateral.products.make import Output, make
from collateral.data.model import Unit
from collateral.files.output import write_atomic
from collateral.spec.primitives import Page
from collateral.products.product import Product
from collateral.products.raster import srgb  # noqa: F401  (the colour proof screens are drawn with)
from collateral.spec.model import LayoutSpec


@dataclass
class Screen:
    """A screen product: a composed layout, rasterised to ``px``."""

    product: Product
    px: tuple[int, int]

    @property
    def spec(self) -> LayoutSpec:
        return self.product.spec

    @property
    def output(self) -> Output:
        return Output(raster=self.px)

    def pages(self, unit: Unit) -> tuple[Page, ...]:
        return self.product.pages(unit)

    def write(self, unit: Unit, out_dir: Path) -> list[Path]:
        """Every page as a PNG; the images are made (and their codes decoded) before the first file is written."""
        return [write_atomic(out_dir / name, blob) for name, blob in make(self.product, unit, self.output)]


def open_screen(data_dir: Path, size: str, date: dt.date) -> Screen:
    from collateral.products.sizes import screen_spec

    spec, px = screen_spec(size)
    return Screen(Product.open(data_dir, spec, date), px)
