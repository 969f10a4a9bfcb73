"""The edition mark: a small Data Matrix on every piece that says which unit, product and edition it is.

The edition code is printed in 6 pt type (``编号 202611-ad581a54``), which a
photo of a board on a wall cannot be read back from. The mark carries the
same facts as a 2D code a decoder reads from an ordinary phone photo, so
inspectors' photos can be matched to the pack's manifest (图像核对, see
:mod:`collateral.campaign.photos`). It is Data Matrix, not QR, so a citizen's QR
scanner pointed at a board finds only the channels' codes.

Payload: ``<unit code>|<product>|<edition code>``, e.g.
``410105002|leaflet|202611-ad581a54``; square symbols only (a photo's
decoder finds them at any angle). Like the QR codes, a matrix is decoded
from a rendering of itself before it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp
from PIL import Image

from collateral.errors import Problem, QRError
from collateral.spec.params import Color
from collateral.codes.qr import QUIET, Matrix, matrix_grey
from collateral.i18n import _

SEPARATOR = "|"
_CODE = re.compile(r"^\d{6}(\d{3})?$")
_EDITION = re.compile(r"^\d{6}-[0-9a-z]{8}$")
_PRODUCT = re.compile(r"^[a-z][a-z0-9-]{0,15}$")


@dataclass(frozen=True)
class Mark:
    """What a mark says: the unit's code, the product (as the manifest names it) and the edition code."""

    unit: str
    product: str
    edition: str

    @property
    def payload(self) -> str:
        return SEPARATOR.join((self.unit, self.product, self.edition))


def parse(text: str) -> Mark | None:
    """The mark a decoded payload holds, or None if it is not one of ours (a QR code, another label)."""
    parts = text.split(SEPARATOR)
    if len(parts) != 3:
        return None
    unit, product, edition = parts
    if not (_CODE.match(unit) and _PRODUCT.match(product) and _EDITION.match(edition)):
        return None
    return Mark(unit, product, edition)


@dataclass(frozen=True)
class MarkCode:
    """A Data Matrix drawn as vector modules: the same drawing as a QR code (``render`` draws both alike).

    ``size`` includes :data:`collateral.codes.qr.QUIET` modules of blank border on
    each side, as for a :class:`collateral.spec.primitives.QRCode`; it is a separate
    type so that checks looking for the channels' QR codes do not count it.
    """

    x: float
    y: float
    size: float
    matrix: Matrix
    color: Color


_DARK = bytes(1 if v < 128 else 0 for v in range(256))  # the encoder's grey pixel → 1 if dark


def _bits(text: str) -> tuple[int, int, bytes]:
    """The symbol's rows and columns, and its modules as ``Matrix.dark`` (a byte each, 1 where dark)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.DataMatrix, force_square=True)
    view = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    rows, cols = view.shape
    return rows, cols, view.tobytes().translate(_DARK)


def decode(image: Image.Image) -> list[str]:
    """Every Data Matrix payload zxing-cpp finds in an image (QR codes are not looked for).

    No trying of quarter turns (Data Matrix is found at any angle anyway) nor of
    inverted images (the mark is dark on light): a fifth of the time on a photo
    without a mark.
    """
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.DataMatrix,
                                                   try_rotate=False, try_invert=False)]


@lru_cache(maxsize=4096)
def matrix(mark: Mark) -> Matrix:
    """The mark as a square Data Matrix, proven to decode back to its payload."""
    payload = mark.payload
    rows, cols, dark = _bits(payload)
    if rows != cols:
        raise QRError(Problem(_("edition mark {payload!r}: the encoder gave a {count}×{count2} symbol, "
                                 "expected a square one").format(
                                  payload=payload, count=rows, count2=cols)))
    m = Matrix(payload, rows, dark)
    # read from its own modules, a pixel each, as they are: no search at other scales (a third of the time)
    decoded = [r.text for r in zxingcpp.read_barcodes(matrix_grey(m), formats=zxingcpp.BarcodeFormat.DataMatrix,
                                                      try_rotate=False, try_invert=False, try_downscale=False)]
    if decoded != [payload]:
        raise QRError(Problem(_("edition mark {payload!r} decodes as {decoded!r}").format(
                                  payload=payload, decoded=decoded)))
    return m


def code_at(x: float, y: float, side: float, m: Matrix, color: Color) -> MarkCode:
    """The primitive that draws ``m`` with its symbol (no border) exactly on the square (x, y, side), in pt."""
    module = side / m.size
    return MarkCode(x - QUIET * module, y - QUIET * module, module * m.modules_with_quiet, m, color)
