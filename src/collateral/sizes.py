"""What ``--size`` and ``--orientation`` mean for boards and screens, and the reading rules they keep.

In: a size as a user types it (``900x1200``, ``xbanner``, ``1920x1080``)
and an orientation. Out: a :class:`LayoutSpec`. A named size is its layout
in ``layouts/`` (``board-900x1200``, ``board-rollup``, ``screen-1920x1080``);
any other W×H is the *design* of that product (a layout with pages of its
own) whose shape is nearest, scaled by :mod:`collateral.resize`. So a new
size is a layout file or a number on the command line, never code.

The reading rules, stated once here and checked on composed pages by the
tests (and, for sizes typed on the command line, by ``board`` as warnings):

* Boards: every text but the footer's edition line has a cap height of at
  least 1/200 of the board's visible height (a roll-up's foot in the stand
  does not count); the footer, read only by whoever checks the edition,
  1/400. Cap height is Noto Sans SC's 0.733 em. A 1200 mm board thus sets
  nothing under 23.2 pt. QR codes are at least 1/10 of the distance they
  are scanned from: 190 mm on 900×1200 (1.9 m).
* Screens: a 55" panel read from 3 m, laid out in the panel's millimetres
  (any pixel count shows the same millimetres). Characters of at least 16′
  of arc (ISO 9241-303's minimum for reading) are 14 mm high at 3 m, so no
  text under 39.6 pt on the panel, 22 px on a 1080p one; QR codes at least
  300 px, so a panel with too few pixels for that is refused.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from collateral.errors import CollateralError, DataError, Problem
from collateral.params import MM
from collateral.paths import layouts_dir
from collateral.primitives import Page, TextLine
from collateral.resize import resize_problems, resized
from collateral.specload import all_layouts, load_layout
from collateral.specmodel import LayoutSpec

CAP_HEIGHT = 0.733  # Noto Sans SC capHeight / unitsPerEm
BOARD_RULE = 1 / 200  # cap height / visible height
FOOTER_RULE = 1 / 400
FINE_PRINT = ("footer",)  # frames held to FOOTER_RULE
BOARD_LIMITS = (200.0, 5000.0)  # mm; PDF pages end at 5.08 m without UserUnit, and marks need room
PANEL_DIAGONAL = 55 * 25.4  # mm; a 16:9 panel is 1217.6 × 684.9 mm, whatever its pixel count
SCREEN_MIN_EM_MM = 3000 * math.tan(math.radians(16 / 60))  # 16′ at 3 m: 13.96 mm
SCREEN_MIN_QR_PX = 300
SCREEN_LIMITS = (320, 8192)  # px
_WXH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[x×X*]\s*(\d+(?:\.\d+)?)\s*")


class SizeError(CollateralError):
    """A ``--size`` or ``--orientation`` that names no product."""


def parse_wxh(text: str) -> tuple[float, float] | None:
    m = _WXH.fullmatch(text)
    return (float(m.group(1)), float(m.group(2))) if m else None


def orientation_of(trim: tuple[float, float]) -> str:
    return "landscape" if trim[0] > trim[1] else "portrait"


def _layouts(product: str, directory: Path) -> list[LayoutSpec]:
    specs, _ = all_layouts(directory)  # a broken layout is reported by check, and by name when asked for
    return [s for s in specs if s.product == product]


def nearest_design(product: str, trim: tuple[float, float], directory: Path | None = None) -> LayoutSpec:
    """The design (a layout with pages of its own) whose shape is nearest to ``trim``."""
    designs = [s for s in _layouts(product, directory or layouts_dir()) if not s.resized_from]
    if not designs:
        raise SizeError(f"no {product} layout in {directory or layouts_dir()} to scale from")
    aspect = math.log(trim[0] / trim[1])
    return min(designs, key=lambda s: (abs(math.log(s.trim[0] / s.trim[1]) - aspect), s.name))


def _fmt(v: float) -> str:
    return f"{v:g}"


def _check(spec: LayoutSpec) -> LayoutSpec:
    problems = resize_problems(spec)
    if problems:
        raise DataError([Problem(p, file=spec.file, unit=f"layout {spec.name}") for p in problems])
    return spec


def board_spec(size: str, orientation: str | None = None, directory: Path | None = None) -> LayoutSpec:
    """The board layout ``--size`` and ``--orientation`` mean.

    Raises:
        SizeError: the size is neither a named size nor W×H within the limits, or the product
            does not stand the asked way (a roll-up stands upright).
    """
    directory = directory or layouts_dir()
    named = {s.name.removeprefix("board-"): s for s in _layouts("board", directory)}
    wxh = parse_wxh(size)
    if size in named:
        spec = named[size]
    elif wxh is not None:
        spec = next((s for s in named.values() if s.trim == wxh), None)
    else:
        raise SizeError(f"--size {size!r}: expected WxH in mm (e.g. 900x1200) or one of "
                        f"{', '.join(sorted(named))}")
    if spec is not None and orientation in (None, orientation_of(spec.trim)):
        return spec
    if spec is not None and orientation not in spec.orientations:
        raise SizeError(f"--orientation {orientation}: a {spec.title or spec.name} only stands "
                        f"{' or '.join(spec.orientations)}")
    trim = spec.trim if spec is not None else wxh
    assert trim is not None
    if orientation is not None and orientation != orientation_of(trim):
        trim = (trim[1], trim[0])
        turned = next((s for s in named.values() if s.trim == trim), None)
        if turned is not None:
            return turned
    lo, hi = BOARD_LIMITS
    if not all(lo <= v <= hi for v in trim):
        raise SizeError(f"--size {size!r}: each side must be {lo:g}..{hi:g} mm")
    design = nearest_design("board", trim, directory)
    bleed = spec.bleed if spec is not None else (5.0 if max(trim) > 1000 else 3.0)
    w, h = _fmt(trim[0]), _fmt(trim[1])
    return _check(resized(design, trim, name=f"board-{w}x{h}", title=f"手机信访展板（{w}×{h}）", bleed=bleed,
                          check_levels=None))


def screen_spec(size: str, directory: Path | None = None) -> tuple[LayoutSpec, tuple[int, int]]:
    """The screen layout for ``--size`` in pixels, and the pixel size.

    A named size is its layout; any other is the nearest screen design
    scaled to the same pixel pitch (a 55" 1080p panel), so type keeps its
    size in millimetres as read from 3 m.
    """
    directory = directory or layouts_dir()
    wxh = parse_wxh(size)
    if wxh is None or not all(v.is_integer() for v in wxh):
        raise SizeError(f"--size {size!r}: expected WxH in pixels, e.g. 1920x1080 or 1080x1920")
    px = (int(wxh[0]), int(wxh[1]))
    lo, hi = SCREEN_LIMITS
    if not all(lo <= v <= hi for v in px):
        raise SizeError(f"--size {size!r}: each side must be {lo}..{hi} px")
    name = f"screen-{px[0]}x{px[1]}"
    if (directory / f"{name}.yaml").is_file():
        spec = load_layout(name, directory)
    else:
        diagonal = math.hypot(*px)
        trim = (round(PANEL_DIAGONAL * px[0] / diagonal, 1), round(PANEL_DIAGONAL * px[1] / diagonal, 1))
        design = nearest_design("screen", trim, directory)
        spec = _check(resized(design, trim, name=name, title=f"手机信访屏显（{px[0]}×{px[1]}）", check_levels=None))
    smallest = min((b.get("qr_size") for b in spec.blocks() if b.kind == "qr_card"), default=None)
    if smallest is not None and smallest * px[0] / spec.trim[0] < SCREEN_MIN_QR_PX - 1e-6:
        raise SizeError(f"--size {size!r}: QR codes would be {smallest * px[0] / spec.trim[0]:.0f} px on a 55\" "
                        f"panel of {px[0]}×{px[1]}; scanning needs at least {SCREEN_MIN_QR_PX} px "
                        f"(1920×1080 or more)")
    return spec, px


# -- the reading rules, measured on composed pages -----------------------------------------------------


def cap_height_mm(size_pt: float) -> float:
    return size_pt * CAP_HEIGHT / MM


def visible_height(spec: LayoutSpec) -> float:
    """The board's height less what hides in a stand (the foot: a bottom margin deeper than the top)."""
    return spec.trim[1] - max(0.0, spec.safe.bottom - spec.safe.top)


def text_lines(pages: tuple[Page, ...]) -> list[TextLine]:
    """Every line of text on the pages, the watermark excluded (it is not read; it marks)."""
    return [t for p in pages for t in p.items if isinstance(t, TextLine) and not t.frame.endswith(".watermark")]


def board_reading_problems(spec: LayoutSpec, pages: tuple[Page, ...]) -> list[str]:
    """Lines set below the board reading rule (see the module docstring)."""
    out = []
    height = visible_height(spec)
    for line in text_lines(pages):
        rule = FOOTER_RULE if line.frame.split(".")[0] in FINE_PRINT else BOARD_RULE
        if cap_height_mm(line.size) < height * rule - 1e-6:
            out.append(f"{line.frame}: {line.text[:16]!r} has a {cap_height_mm(line.size):.1f} mm cap height; "
                       f"a {height:g} mm high board wants at least {height * rule:.1f} mm")
    return list(dict.fromkeys(out))


def screen_reading_problems(spec: LayoutSpec, pages: tuple[Page, ...]) -> list[str]:
    """Lines too small to read from 3 m on the 55" panel the layout is drawn for."""
    scale = PANEL_DIAGONAL / math.hypot(*spec.trim)  # 1 for a layout in the panel's millimetres
    out = []
    for line in text_lines(pages):
        em_mm = line.size / MM * scale
        if em_mm < SCREEN_MIN_EM_MM - 1e-6:
            out.append(f"{line.frame}: {line.text[:16]!r} is {em_mm:.1f} mm high on a 55\" panel; "
                       f"3 m away needs {SCREEN_MIN_EM_MM:.1f} mm")
    return list(dict.fromkeys(out))
