"""An edition mark too blurred to decode, recognised by its pattern among the pack's own marks.

At a blur of ~2 px on a leaflet's 0.5 mm modules (3–4 px in a photo) a Data
Matrix no longer decodes: its finest detail keeps a tenth of its contrast.
But the pack says which marks can be there, and the blurred pattern still
resembles its own far more than any other. So, where no mark decoded:

1. **locate** the symbol: zxing-cpp reports the corners of a Data Matrix it
   found but could not read; where it finds none, the photo is deblurred
   first (a Wiener filter for a Gaussian blur, by FFT in numpy);
2. **sample** it: the quad rectified and averaged module by module, at each
   symbol size the pack's marks have, at each quarter turn;
3. **compare** the inner modules (the L finder and the clock track are the
   same in every mark) with each of the pack's marks: Pearson correlation.

A match must stand out twice: from the pack's other marks, and from *decoys*
— marks of the same unit and product with made-up edition codes. A photo of
an older edition shares the unit and product with the current mark (half of
its data modules) but not its edition code nor its error correction; against
the current mark it scores no better than a decoy does, so it is never taken
for the current piece: it stays unmatched, not wrong.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp
from PIL import Image

from collateral.campaign.photofind import Found, Quad

MIN_SCORE = 0.40  # correlation of the inner modules: a true mark at 2.5 px blur ~0.55, a sibling (same county, product, month) ~0.35, unrelated ~0.05
MIN_LEAD = 0.10  # over the best other mark of the pack and over the best decoy
DECOYS = 24
_SIGMAS = (2.5, 3.0, 2.0)  # px: the Wiener filter's blur when locating (≈ 2–2.5 px at 150 dpi, a little optics, scaled)
_NOISE = 0.003
_CELL = 8  # px per module when rectifying


@lru_cache(maxsize=8192)
def _pattern(payload: str) -> tuple[tuple[float, ...], int]:
    """The mark's inner modules (1.0 dark), row by row, and its side in modules."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.DataMatrix, force_square=True)
    view = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    n = view.shape[0]
    return tuple(1.0 if view[r, c] < 128 else 0.0 for r in range(1, n - 1) for c in range(1, n - 1)), n


def _wiener(gray: Image.Image, sigma: float) -> Image.Image:
    import numpy as np  # only here: a photo whose mark did not decode

    a = np.asarray(gray, dtype=np.float32) / 255.0
    mean = float(a.mean())
    fy = np.fft.fftfreq(a.shape[0]).astype(np.float32)[:, None]
    fx = np.fft.rfftfreq(a.shape[1]).astype(np.float32)[None, :]
    h = np.exp(-2 * math.pi ** 2 * sigma ** 2 * (fx ** 2 + fy ** 2))
    out = np.fft.irfft2(np.fft.rfft2(a - mean) * (h / (h * h + _NOISE)), s=a.shape) + mean
    return Image.fromarray((np.clip(out, 0, 1) * 255).astype(np.uint8))


def _quads(image: Image.Image) -> list[Quad]:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.DataMatrix, try_rotate=True,
                                   try_invert=False, return_errors=True)
    return [tuple((p.x, p.y) for p in (r.position.top_left, r.position.top_right, r.position.bottom_right,
                                       r.position.bottom_left)) for r in found if not r.valid]  # type: ignore[misc]


def locate(gray: Image.Image):
    """Where Data Matrix symbols are that do not decode, stage by stage (lazily): as found, then after deblurring
    for each blur in turn. A stage may find other symbols (a QR code's corner, a pattern of type) and miss the mark."""
    yield _quads(gray)
    for sigma in _SIGMAS:
        yield _quads(_wiener(gray, sigma))


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[r][n] / m[r][r] if m[r][r] else 0.0 for r in range(n)]


def _views(gray: Image.Image, quad: Quad, n: int) -> list[tuple[float, ...]]:
    """The quad's inner modules (darkness), at each of the four quarter turns."""
    side = n * _CELL
    a, b = [], []
    for (x, y), (u, v) in zip(((0, 0), (side, 0), (side, side), (0, side)), quad):
        a += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        b += [u, v]
    rect = gray.transform((side, side), Image.Transform.PERSPECTIVE, _solve(a, b), Image.Resampling.BICUBIC)
    cells = rect.resize((n, n), Image.Resampling.BOX).load()
    grid = [[255.0 - cells[c, r] for c in range(n)] for r in range(n)]
    views = []
    for _ in range(4):
        views.append(tuple(v for row in grid[1:-1] for v in row[1:-1]))
        grid = [list(row) for row in zip(*grid[::-1])]
    return views


def _corr(xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def _decoys(payload: str) -> list[str]:
    """Marks of the same unit and product, editions of the same month with made-up codes (the same each run)."""
    head, _, edition = payload.rpartition("|")
    month = edition.split("-")[0]
    rnd = random.Random(payload)
    return [f"{head}|{month}-{''.join(rnd.choice('0123456789abcdef') for _ in range(8))}" for _ in range(DECOYS)]


@dataclass(frozen=True)
class PatternMatch:
    found: Found
    score: float
    lead: float  # over the next best of the pack's marks and of the decoys, whichever is closer


def recognise(gray: Image.Image, payloads: tuple[str, ...]) -> PatternMatch | None:
    """The pack's mark whose pattern the photo shows, if one stands out from all others and from the decoys."""
    sizes: dict[int, list[str]] = {}
    for p in payloads:
        sizes.setdefault(_pattern(p)[1], []).append(p)
    best: PatternMatch | None = None
    for quad in (q for stage in locate(gray) if best is None for q in stage):
        for n, group in sizes.items():
            views = _views(gray, quad, n)
            scored = sorted(((max(_corr(v, _pattern(p)[0]) for v in views), p) for p in group), reverse=True)
            top, payload = scored[0]
            rivals = [s for s, _ in scored[1:2]]
            rivals += [max(_corr(v, _pattern(d)[0]) for v in views) for d in _decoys(payload) if _pattern(d)[1] == n]
            lead = top - max(rivals, default=0.0)
            if top >= MIN_SCORE and lead >= MIN_LEAD and (best is None or top > best.score):
                best = PatternMatch(Found(payload, quad), round(top, 3), round(lead, 3))
    return best
