"""Phone-like photos of rendered pieces, for the 图像核对 tests (tests/test_photos.py).

A piece (a PDF page) is rendered at 150 dpi (a board at the scale that fills a
quarter of the frame) and degraded as an inspector's phone would: turned by a
quarter turn without EXIF, seen in perspective, blurred, dark, with a glare
spot, saved as a poor JPEG, on a desk in a 4000×3000 frame. Everything is
seeded: the same call makes the same photo.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

FRAME = (4000, 3000)  # a 12 MP phone photo
DESK = (128, 118, 104)


def render(pdf: Path, px_per_mm: float, index: int = 0) -> Image.Image:
    """A page of ``pdf`` at ``px_per_mm`` (150 dpi: 5.9)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=px_per_mm * 25.4 / 72).to_pil().convert("RGB")
    finally:
        doc.close()


@dataclass(frozen=True)
class Shot:
    """How a piece is photographed: each field one of the degradations (0 / False: not applied)."""

    turn: int = 0  # quarter turns counter-clockwise, no EXIF tag
    tilt: float = 0.0  # degrees out of the picture plane (perspective)
    blur: float = 0.0  # Gaussian radius in px, at 150 dpi
    dark: bool = False  # brightness 40 %
    glare: bool = False  # a bright spot on the piece
    quality: int = 85  # JPEG quality
    fill: float = 0.25  # share of the frame's area the piece covers

    def label(self) -> str:
        parts = [f"r{self.turn * 90}"]
        parts += [f"tilt{self.tilt:g}"] if self.tilt else []
        parts += [f"blur{self.blur:g}"] if self.blur else []
        parts += ["dark"] if self.dark else []
        parts += ["glare"] if self.glare else []
        parts += [f"q{self.quality}"]
        return "-".join(parts)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8×8: no numpy needed)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[r][n] / m[r][r] for r in range(n)]


def _coefficients(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE coefficients mapping output points ``dst`` to input points ``src``."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return _solve(a, b)


def perspective(img: Image.Image, degrees: float, rnd: random.Random) -> Image.Image:
    """The piece turned ``degrees`` out of the picture plane about a random in-plane axis, seen by a pinhole camera."""
    w, h = img.size
    axis = rnd.uniform(0, math.pi)
    t = math.radians(degrees)
    f = 1.2 * max(w, h)  # a phone's focal length, in px of the piece
    ax, ay = math.cos(axis), math.sin(axis)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    out = []
    for x, y in corners:
        # rotate the point about the axis (ax, ay, 0) by t (Rodrigues), then project from distance f
        along = x * ax + y * ay
        px, py = x - along * ax, y - along * ay  # part perpendicular to the axis, in plane
        rx, ry, rz = along * ax + px * math.cos(t), along * ay + py * math.cos(t), math.hypot(px, py) * math.sin(t)
        rz = rz if (px * -ay + py * ax) > 0 else -rz
        k = f / (f + rz)
        out.append((rx * k, ry * k))
    minx, miny = min(p[0] for p in out), min(p[1] for p in out)
    dst = [(x - minx, y - miny) for x, y in out]
    size = (math.ceil(max(p[0] for p in dst)) + 1, math.ceil(max(p[1] for p in dst)) + 1)
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    rgba = img.convert("RGBA")
    warped = rgba.transform(size, Image.Transform.PERSPECTIVE, _coefficients(dst, src), Image.Resampling.BICUBIC)
    return warped


def _glare(img: Image.Image, rnd: random.Random) -> Image.Image:
    """A soft white spot, a fifth of the piece across, somewhere on it."""
    w, h = img.size
    r = min(w, h) // 5
    cx, cy = rnd.randint(r, w - r), rnd.randint(r, h - r)
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=235)
    mask = mask.filter(ImageFilter.GaussianBlur(r / 3))
    return Image.composite(Image.new("RGB", img.size, (255, 255, 250)), img, mask)


def photo(piece: Image.Image, shot: Shot, seed: int, frame: tuple[int, int] = FRAME) -> Image.Image:
    """The piece as the phone saw it, in a frame of ``frame`` px."""
    rnd = random.Random(seed)
    img = piece.filter(ImageFilter.GaussianBlur(shot.blur)) if shot.blur else piece
    if shot.glare:
        img = _glare(img, rnd)
    img = img.convert("RGBA")
    if shot.tilt:
        img = perspective(img, shot.tilt, rnd)
    img = img.rotate(rnd.uniform(-6, 6), expand=True, resample=Image.Resampling.BICUBIC)
    if shot.turn:
        img = img.rotate(90 * shot.turn, expand=True)
    # scaled so the piece covers about ``fill`` of the frame (never more than 90 % of its sides)
    area = piece.width * piece.height
    k = min(math.sqrt(shot.fill * frame[0] * frame[1] / area),
            0.9 * frame[0] / img.width, 0.9 * frame[1] / img.height)
    if abs(k - 1) > 0.02:
        img = img.resize((round(img.width * k), round(img.height * k)), Image.Resampling.LANCZOS)
    out = Image.new("RGB", frame, DESK)
    x = (frame[0] - img.width) // 2 + rnd.randint(-(frame[0] - img.width) // 3, (frame[0] - img.width) // 3)
    y = (frame[1] - img.height) // 2 + rnd.randint(-(frame[1] - img.height) // 3, (frame[1] - img.height) // 3)
    out.paste(img, (x, y), img)
    out = out.filter(ImageFilter.GaussianBlur(0.7))  # the phone's own optics
    if shot.dark:
        out = ImageEnhance.Brightness(out).enhance(0.4)
    noise = Image.effect_noise(frame, 30).convert("RGB")
    return Image.blend(out, noise, 0.05)


def save(img: Image.Image, path: Path, quality: int = 85, exif: Image.Exif | None = None) -> Path:
    img.save(path, "JPEG", quality=quality, exif=exif if exif is not None else Image.Exif())
    return path


def shots(n: int, seed: int) -> list[Shot]:
    """``n`` ways of photographing a piece: every quarter turn, and each degradation in turn on top of it."""
    rnd = random.Random(seed)
    kinds = ["tilt", "blur", "dark", "glare", "q40", "tilt+blur", "dark+q40", "glare+tilt", "all"]
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        parts = {"turn": i % 4}
        if "tilt" in kind or kind == "all":
            parts["tilt"] = round(rnd.uniform(10, 35), 1)
        if "blur" in kind or kind == "all":
            parts["blur"] = round(rnd.uniform(1, 2.5), 1)
        if "dark" in kind or kind == "all":
            parts["dark"] = True
        if "glare" in kind or kind == "all":
            parts["glare"] = True
        if "q40" in kind or kind == "all":
            parts["quality"] = 40
        out.append(Shot(**parts))
    return out
