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
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from collateral.errors import Problem, QRError
from collateral.files import diskcache
from collateral.i18n import _

QUIET = 4  # modules of white border the standard asks for
MIN_MODULE_MM = 0.5
if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True)
class Matrix:
    """A QR symbol: ``size`` modules a side; ``dark`` holds a byte per module, row by row, 1 where it is dark.

    The drawing (``runs``, merged horizontal runs) is worked out only when a piece is drawn: ``check``
    composes every piece and draws none, and a symbol kept as bytes is a few hundred bytes, not thousands.
    """

    payload: str
    size: int
    dark: bytes

    @property
    def modules_with_quiet(self) -> int:
        return self.size + 2 * QUIET

    @cached_property
    def runs(self) -> tuple[tuple[int, int, int], ...]:
        """Dark modules as row runs (row, col, length)."""
        return module_runs(self.dark, self.size)


def grid(rows) -> bytes:
    """Rows of modules (truthy where dark: bools, or bytes of 1 and 0) as ``Matrix.dark``."""
    return b"".join(row if isinstance(row, bytes) else bytes(1 if v else 0 for v in row) for row in rows)


_DARK_RUN = re.compile(rb"\x01+")


def module_runs(dark: bytes, size: int) -> tuple[tuple[int, int, int], ...]:
    """The dark modules of a ``size``-wide grid as runs (row, col, length), merged along each row."""
    out = []
    for r in range(size):
        base = r * size
        out += [(r, run.start() - base, run.end() - run.start()) for run in _DARK_RUN.finditer(dark, base, base + size)]
    return tuple(out)


_PAPER = bytes(255 if v == 0 else 0 for v in range(256))  # a module's byte → its grey: 1 black, 0 white


def matrix_grey(m: Matrix) -> memoryview:
    """The symbol with its quiet zone as grey pixels, one a module: a (side, side) view zxing-cpp reads as it is."""
    n, s = m.modules_with_quiet, m.size
    edge, blank = bytes(QUIET), bytes(n * QUIET)
    rows = b"".join(edge + m.dark[r * s:(r + 1) * s] + edge for r in range(s))
    return memoryview((blank + rows + blank).translate(_PAPER)).cast("B", (n, n))


def matrix_image(m: Matrix, px: int = 4) -> "Image.Image":
    """The symbol with its quiet zone, ``px`` pixels a module: what a decoder is shown."""
    from PIL import Image

    n = m.modules_with_quiet
    img = Image.frombytes("L", (n, n), matrix_grey(m).tobytes())
    return img if px == 1 else img.resize((n * px, n * px), Image.Resampling.NEAREST)


def decode_image(image: "Image.Image") -> list[str]:
    """Every QR payload zxing-cpp finds in an image."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@lru_cache(maxsize=1024)
def matrix(payload: str, ecc: str = "M") -> Matrix:
    """Encode ``payload`` and prove the result decodes back to it.

    A symbol once made and proven is kept on disk (:mod:`collateral.files.diskcache`), keyed by the
    payload and the files of the encoder and the decoder that made and read it: a one-piece command
    then imports neither (a third of its cold start), and a new version of either makes it afresh.
    """
    key = f"{payload}\0{ecc}\0{_coders()}"
    kept = diskcache.get("qr", key)
    if kept is not None and len(kept) > 2:
        size = int.from_bytes(kept[:2], "big")
        if len(kept) == 2 + size * size:
            m = Matrix(payload, size, kept[2:])
            if _reads_back(m):  # proven again, as read from disk: a damaged entry is made afresh
                return m
    m = _encode(payload, ecc)
    diskcache.put("qr", key, m.size.to_bytes(2, "big") + m.dark)
    return m


@lru_cache(maxsize=1)
def _coders() -> str:
    return f"{diskcache.module_stamp('qrcode')}\0{diskcache.module_stamp('zxingcpp')}"


def _reads_back(m: Matrix) -> bool:
    """Whether zxing-cpp reads exactly the payload from the symbol's own modules, a pixel each (~0.2 ms)."""
    import zxingcpp

    found = zxingcpp.read_barcodes(matrix_grey(m), formats=zxingcpp.BarcodeFormat.QRCode,
                                   try_rotate=False, try_invert=False, try_downscale=False)
    return [r.text for r in found] == [m.payload]


def _encode(payload: str, ecc: str) -> Matrix:
    import qrcode
    import qrcode.constants

    level = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
             "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}[ecc]
    code = qrcode.QRCode(error_correction=level, border=0)
    code.add_data(payload)
    code.make(fit=True)
    rows = code.get_matrix()
    m = Matrix(payload, len(rows), grid(rows))
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
            from PIL import Image

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
