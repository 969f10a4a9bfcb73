"""Finding and reading the edition marks in a phone photo (for :mod:`collateral.campaign.photos`).

A photo is opened upright (EXIF orientation applied; HEIC/HEIF from iPhones
through pillow-heif), at most :data:`WORK_SIDE` px on its long side (a 48 MP
photo is read at a quarter of its pixels, JPEG's DCT scaling making that
cheap; a decompression bomb is refused). Then, from cheap to dear, until a
mark is read:

1. the whole photo, at every quarter turn (zxing-cpp's Data Matrix detector
   follows the symbol's L finder at any angle and in perspective);
2. the whole photo sharpened (unsharp mask), for a mildly blurred photo;
3. crops around candidates — the tiles with the most fine detail, which is
   where a 2D code is — enlarged 2× and sharpened at three strengths, so
   that a mark of ~2 % of the frame's width has modules of several pixels.

Each mark comes with its corners in the upright photo's pixels, which the
contact sheet outlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image, ImageFilter, ImageOps, ImageStat

try:  # HEIC/HEIF: iPhones' default format; the package is a dependency, the guard keeps a broken install readable
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    HEIF = False

SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".tif", ".tiff"}
WORK_SIDE = 4608  # px: the long side a photo is read at; 12 MP phone photos (4000×3000) are read whole
MAX_PIXELS = 250_000_000  # a file that claims more is refused (decompression bomb), not decoded
_TILES = (5, 3)  # tile sides as fractions of the long side: 1/5 and 1/3, overlapping by half
_TRIED_TILES = 5  # the most detailed tiles of each size tried (a piece has a few 2D codes and much text)
_SHARPEN = ((2, 250), (4, 400))  # unsharp mask (radius, percent), mild then strong
_CROP_SHARPEN = ((4, 400), (2, 250))  # on a 2× crop: the strong one first (it read more in the corpus)

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Found:
    """A decoded Data Matrix: its payload and corners (top-left, top-right, bottom-right, bottom-left) in px."""

    payload: str
    quad: Quad

    def box(self) -> str:
        """The corners as ``x,y x,y x,y x,y`` (for the CSV)."""
        return " ".join(f"{x:.0f},{y:.0f}" for x, y in self.quad)


def open_photo(path: Path, side: int = WORK_SIDE) -> Image.Image:
    """The photo upright (EXIF orientation applied) in RGB, its long side at most ``side`` px.

    Raises:
        OSError, ValueError, Image.DecompressionBombError: not an image we can read.
    """
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(path) as img:
        if img.format == "JPEG" and max(img.size) > side:
            k = side / max(img.size)  # DCT scaling: decodes at 1/2, 1/4 or 1/8 size, much faster
            img.draft("RGB", (round(img.width * k), round(img.height * k)))
        img.load()
        upright = ImageOps.exif_transpose(img)
        upright = upright.convert("RGB") if upright.mode != "RGB" else upright
    if max(upright.size) > side:
        upright.thumbnail((side, side), Image.Resampling.LANCZOS)
    return upright


def _read(image: Image.Image, scale: float = 1.0, dx: float = 0.0, dy: float = 0.0) -> list[Found]:
    """The Data Matrix codes zxing-cpp reads in ``image``, corners mapped back: ``(x / scale + dx, y / scale + dy)``."""
    out = []
    for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.DataMatrix, try_rotate=True,
                                    try_invert=False):
        p = r.position
        quad = tuple((pt.x / scale + dx, pt.y / scale + dy)
                     for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        out.append(Found(r.text, quad))  # type: ignore[arg-type]
    return out


def _tiles(gray: Image.Image) -> list[tuple[int, int, int, int]]:
    """Overlapping square tiles, the most detailed first (edge energy at 1/8 size), at most :data:`_TRIED_TILES` a size."""
    w, h = gray.size
    small = gray.reduce(8)
    edges = small.filter(ImageFilter.FIND_EDGES)
    picked = []
    for parts in _TILES:
        tile = round(max(w, h) / parts)
        step = tile // 2
        scored = []
        for y in range(0, max(h - tile, 0) + step, step):
            for x in range(0, max(w - tile, 0) + step, step):
                box = (x, y, min(x + tile, w), min(y + tile, h))
                stat = ImageStat.Stat(edges.crop(tuple(v // 8 for v in box)))
                scored.append((-stat.mean[0], box))
        picked += [box for _, box in sorted(scored)[:_TRIED_TILES]]
    return picked


def find_marks(photo: Image.Image, wanted=lambda text: True) -> list[Found]:
    """Every Data Matrix read in ``photo`` whose payload ``wanted`` accepts, trying harder until one is found."""
    gray = photo.convert("L")

    def keep(found: list[Found]) -> list[Found]:
        return list({f.payload: f for f in found if wanted(f.payload)}.values())

    found = keep(_read(gray))
    for radius, percent in _SHARPEN if not found else ():
        found = keep(_read(gray.filter(ImageFilter.UnsharpMask(radius, percent, 0))))
        if found:
            break
    if found:
        return found
    for box in _tiles(gray):
        crop = gray.crop(box)
        big = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.BICUBIC)
        for radius, percent in _CROP_SHARPEN:
            found = keep(_read(big.filter(ImageFilter.UnsharpMask(radius, percent, 0)), 2.0, box[0], box[1]))
            if found:
                return found
    return []
