"""QR codes as vector geometry, and the decoding that proves they scan.

A printed code is a matrix of dark modules, drawn as one path of merged
horizontal runs (no raster, no hairline seams between modules). Every matrix
is decoded once by zxing-cpp from a rendering of itself before it is used:
a code that does not read back its payload is an error, not a page.
Offices receive their WeChat codes as PNG files; those are decoded and
redrawn as vectors, so even a supplied image prints sharp.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
import zxingcpp
from PIL import Image

from collateral.errors import Problem, QRError
from collateral.i18n import _

QUIET = 4  # modules of white border the standard asks for
MIN_MODULE_MM = 0.5
_ECC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


@dataclass(frozen=True)
class Matrix:
    """A QR symbol: ``size`` modules a side, dark modules as row runs (row, col, length)."""

    payload: str
    size: int
    runs: tuple[tuple[int, int, int], ...]

    @property
    def modules_with_quiet(self) -> int:
        return self.size + 2 * QUIET


def module_runs(rows: list[list[bool]]) -> tuple[tuple[int, int, int], ...]:
    out = []
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                out.append((r, start, c - start))
            else:
                c += 1
    return tuple(out)


def matrix_image(m: Matrix, px: int = 4) -> Image.Image:
    side = m.modules_with_quiet * px
    img = Image.new("L", (side, side), 255)
    for r, c, n in m.runs:
        img.paste(0, ((c + QUIET) * px, (r + QUIET) * px, (c + n + QUIET) * px, (r + 1 + QUIET) * px))
    return img


def decode_image(image: Image.Image) -> list[str]:
    """Every QR payload zxing-cpp finds in an image."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@lru_cache(maxsize=1024)
def matrix(payload: str, ecc: str = "M") -> Matrix:
    """Encode ``payload`` and prove the result decodes back to it."""
    code = qrcode.QRCode(error_correction=_ECC[ecc], border=0)
    code.add_data(payload)
    code.make(fit=True)
    rows = code.get_matrix()
    m = Matrix(payload, len(rows), module_runs(rows))
    decoded = decode_image(matrix_image(m))
    if decoded != [payload]:
        raise QRError(Problem(_("QR code for {payload!r} decodes as {decoded!r}").format(
                                  payload=payload, decoded=decoded)))
    return m


_DECODED: dict[str, list[str]] = {}  # payloads by the image file's sha256: a replaced image is decoded afresh


def payload_from_image(path: str) -> str:
    """The payload of a supplied QR image (e.g. the PNG WeChat gives an office).

    Cached by the file's content, not its name: two images saved under the
    same name one after the other give their own payloads.
    """
    try:
        data = Path(path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        found = _DECODED.get(digest)
        if found is None:
            with Image.open(io.BytesIO(data)) as img:
                found = _DECODED[digest] = decode_image(img.convert("L"))
    except OSError as err:
        raise QRError(Problem(_("cannot read QR image: {err}").format(err=err), file=path)) from err
    if len(found) != 1:
        what = _("no QR code") if not found else f"{len(found)} QR codes"
        raise QRError(Problem(_("{what} found in the image; it must hold exactly one readable code").format(
                                  what=what), file=path))
    return found[0]


def module_problem(m: Matrix, size_mm: float) -> str | None:
    """Why a code printed ``size_mm`` wide would be hard to scan, or None."""
    module = size_mm / m.modules_with_quiet
    if module < MIN_MODULE_MM:
        return (
            _("QR code of {size}×{size} modules printed {size_mm:g} mm wide has {module:.2f} mm modules; at "
               "least {min_module_mm} mm scan reliably: shorten the payload").format(
                size=m.size, size_mm=size_mm, module=module, min_module_mm=MIN_MODULE_MM)
        )
    return None
