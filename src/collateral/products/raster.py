"""The PNG post-step for screens (屏显): rendered pages rasterised to exact pixels, their codes proven.

In: composed pages of a screen layout (laid out in the millimetres of a
55" panel, see :mod:`collateral.products.sizes`). Out: one sRGB PNG per page,
exactly the asked pixels. Each layout colour is converted from CMYK to sRGB
through the press profile (so the red on the screen is the red on the
board), the page is drawn by ``render`` and rasterised by PDFium. Before a
file is made its QR codes are decoded from the PNG itself: an image whose
codes do not read back their payloads is an error, not a screen.
"""

from __future__ import annotations

import io
from functools import lru_cache

import pypdfium2 as pdfium
from PIL import Image, ImageCms

from collateral.errors import Problem, QRError
from collateral.data.model import Unit
from collateral.spec.params import Color
from collateral.paths import profiles_dir
from collateral.spec.primitives import Page, QRCode
from collateral.products.product import Product
from collateral.codes.qr import decode_image
from collateral.render.pdf import Meta, render_pdf
from collateral.i18n import _

PROFILE = "FOGRA39L-coated.icc"  # the press profile of collateral.render.pdfx, without importing pikepdf


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
    """LittleCMS's sRGB profile, its creation time fixed: the same screen gives the same PNG bytes every run.

    The ICC header's dateTime (bytes 24–35) is set to the epoch of the format and
    the profile ID (bytes 84–99), a hash over the header, to zeros: "not computed".
    """
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = (2000).to_bytes(2, "big") + (1).to_bytes(2, "big") + (1).to_bytes(2, "big") + bytes(6)
    data[84:100] = bytes(16)
    return bytes(data)


def _prove_codes(product: Product, unit: Unit, n: int, image: Image.Image, page: Page, px: tuple[int, int]) -> None:
    want = sorted(q.matrix.payload for q in page.items if isinstance(q, QRCode))
    got = sorted(decode_image(image.convert("L")))
    if got != want:
        raise QRError(Problem(_("page {n} of {name} at {px}×{px2} px: QR codes decode as {got!r}, expected "
                                 "{want!r}").format(
                                  n=n, name=product.spec.name, px=px[0], px2=px[1], got=got, want=want), file=product.spec.file, unit_label=unit.label))


def images(product: Product, unit: Unit, pages: tuple[Page, ...], px: tuple[int, int]) -> list[Image.Image]:
    """Each page as an RGB image of exactly ``px`` pixels, its QR codes proven to decode."""
    content = product.content(unit)
    meta = Meta(title=f"{product.spec.title} — {content.resolved.place}", author=content.resolved.office,
                subject="", date=product.date)
    pdf = pdfium.PdfDocument(render_pdf(pages, meta, product.fonts, seed=product.seed, rgb=srgb))
    out = []
    try:
        for n, (page, composed) in enumerate(zip(pdf, pages), 1):
            image = page.render(scale=px[0] / page.get_width()).to_pil().convert("RGB")
            if image.size != px:  # a rounding pixel at most
                image = image.resize(px, Image.Resampling.LANCZOS)
            _prove_codes(product, unit, n, image, composed, px)
            out.append(image)
    finally:
        pdf.close()
    return out


def png_files(product: Product, unit: Unit, pages: tuple[Page, ...], stem: str,
              px: tuple[int, int]) -> list[tuple[str, bytes]]:
    """``(stem-N.png, bytes)`` for every page; all are made (and decoded) before any is returned."""
    out = []
    for n, image in enumerate(images(product, unit, pages, px), 1):
        buf = io.BytesIO()
        image.save(buf, "PNG", optimize=True, icc_profile=_srgb_icc())
        out.append((f"{stem}-{n}.png", buf.getvalue()))
    return out
