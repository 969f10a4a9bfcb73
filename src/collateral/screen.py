"""Screen images (屏显): the board's content as PNGs for a TV or LED screen in the reception hall.

In: a screen layout (``layouts/screen-*.yaml``, laid out in the millimetres
of a 55" panel, see :mod:`collateral.sizes`) and one jurisdiction. Out: one
sRGB PNG per page of the layout, exactly ``--size`` pixels (a hall screen
shows them in turn: the channels, then the leaders' numbers).

The pages are composed like any product, drawn by ``render`` with each
layout colour converted from CMYK to sRGB through the press profile (so the
red on the screen is the red on the board), and rasterised by PDFium. Before
a file is written its QR codes are decoded from the PNG itself: an image
whose codes do not read back their payloads is an error, not a screen.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageCms

from collateral.errors import Problem, QRError
from collateral.compose import compose
from collateral.layout import Page, QRCode
from collateral.params import Color
from collateral.specmodel import LayoutSpec
from collateral.model import Unit
from collateral.output import safe_name, write_atomic
from collateral.paths import profiles_dir
from collateral.pdfx import PROFILE
from collateral.products import Product
from collateral.qr import decode_image
from collateral.render import Meta, render_pdf


@lru_cache(maxsize=1)
def _transform() -> ImageCms.ImageCmsTransform:
    cmyk = ImageCms.getOpenProfile(str(profiles_dir() / PROFILE))
    return ImageCms.buildTransform(cmyk, ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=256)
def srgb(color: Color) -> tuple[float, float, float]:
    """A layout colour as the sRGB the press profile proofs it to (relative colorimetric, black point compensated)."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in (color.c, color.m, color.y, color.k)))
    r, g, b = ImageCms.applyTransform(pixel, _transform()).getpixel((0, 0))
    return r / 255, g / 255, b / 255


@lru_cache(maxsize=1)
def _srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@dataclass
class Screen:
    """A screen product: a composed layout, drawn and rasterised to ``px``."""

    product: Product
    px: tuple[int, int]

    @property
    def spec(self) -> LayoutSpec:
        return self.product.spec

    def pages(self, unit: Unit) -> tuple[Page, ...]:
        return self.product.pages(unit)

    def images(self, unit: Unit) -> list[Image.Image]:
        """Each page as an RGB image of exactly ``px`` pixels, its QR codes proven to decode."""
        content = self.product.content(unit)
        pages = compose(self.spec, content, self.product.fonts)
        meta = Meta(title=f"{self.spec.title} — {content.resolved.place}", author=content.resolved.office,
                    subject="", date=self.product.date)
        pdf = pdfium.PdfDocument(render_pdf(pages, meta, self.product.fonts, seed=self.product.seed, rgb=srgb))
        images = []
        try:
            for n, (page, composed) in enumerate(zip(pdf, pages), 1):
                image = page.render(scale=self.px[0] / page.get_width()).to_pil().convert("RGB")
                if image.size != self.px:  # a rounding pixel at most
                    image = image.resize(self.px, Image.Resampling.LANCZOS)
                self._prove_codes(unit, n, image, composed)
                images.append(image)
        finally:
            pdf.close()
        return images

    def _prove_codes(self, unit: Unit, n: int, image: Image.Image, page: Page) -> None:
        want = sorted(q.matrix.payload for q in page.items if isinstance(q, QRCode))
        got = sorted(decode_image(image.convert("L")))
        if got != want:
            raise QRError(Problem(f"page {n} of {self.spec.name} at {self.px[0]}×{self.px[1]} px: QR codes decode "
                                  f"as {got!r}, expected {want!r}", file=self.spec.file, unit=unit.label))

    def file_names(self, unit: Unit) -> list[str]:
        stem = f"{unit.code}-{safe_name(unit.name)}-{self.spec.name}"
        return [f"{stem}-{n}.png" for n in range(1, len(self.spec.pages) + 1)]

    def write(self, unit: Unit, out_dir: Path) -> list[Path]:
        """Every page as a PNG; the images are made (and their codes decoded) before the first file is written."""
        blobs = []
        for image in self.images(unit):
            buf = io.BytesIO()
            image.save(buf, "PNG", optimize=True, icc_profile=_srgb_icc())
            blobs.append(buf.getvalue())
        return [write_atomic(out_dir / name, blob) for name, blob in zip(self.file_names(unit), blobs)]


def open_screen(data_dir: Path, size: str, date: dt.date) -> Screen:
    from collateral.sizes import screen_spec

    spec, px = screen_spec(size)
    return Screen(Product.open(data_dir, spec, date), px)
