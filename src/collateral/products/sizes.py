"""What ``--size`` and ``--orientation`` mean for boards and screens, and the reading rules they keep.

In: a size as a user types it (``900x1200``, ``xbanner``, ``1920x1080``)
and an orientation. Out: a :class:`LayoutSpec`. A named size is its layout
in ``layouts/`` (``board-900x1200``, ``board-rollup``, ``screen-1920x1080``);
any other W×H is the *design* of that product (a layout with pages of its
own) whose shape is nearest, scaled by :mod:`collateral.products.resize`. So a new
size is a layout file or a number on the command line, never code.

The reading rules (:mod:`collateral.spec.reading`) hold for every size: a
scaled layout's type never goes under them, and ``--size`` refuses, in one
line, a shape far from every design (a 5 m × 20 cm banner is no board) and
a size whose frames would need type under the rule.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from collateral.errors import CollateralError, DataError, Problem
from collateral.paths import layouts_dir
from collateral.spec.reading import PANEL_DIAGONAL, held, under_rule
from collateral.products.resize import resize_problems, resized
from collateral.products.specload import all_layouts, load_layout
from collateral.spec.model import LayoutSpec
from collateral.i18n import _

BOARD_LIMITS = (200.0, 5000.0)  # mm; PDF pages end at 5.08 m without UserUnit, and marks need room
# How far (as a ratio of aspect ratios) a --size may be from the nearest design's shape: 1200×2400 is
# 1.33 from the X-banner; beyond 1.5 the design's rows and cards no longer suit the page.
SHAPE_TOLERANCE = 1.5
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
    specs, _problems = all_layouts(directory)  # a broken layout is reported by check, and by name when asked for
    return [s for s in specs if s.product == product]


def nearest_design(product: str, trim: tuple[float, float], directory: Path | None = None) -> LayoutSpec:
    """The design (a layout with pages of its own) whose shape is nearest to ``trim``."""
    designs = [s for s in _layouts(product, directory or layouts_dir()) if not s.resized_from]
    if not designs:
        raise SizeError(_("no {product} layout in {value} to scale from").format(
                            product=product, value=directory or layouts_dir()))
    aspect = math.log(trim[0] / trim[1])
    return min(designs, key=lambda s: (abs(math.log(s.trim[0] / s.trim[1]) - aspect), s.name))


def _fmt(v: float) -> str:
    return f"{v:g}"


def _check(spec: LayoutSpec) -> LayoutSpec:
    problems = resize_problems(spec)
    if problems:
        raise DataError([Problem(p, file=spec.file, unit_label=f"layout {spec.name}") for p in problems])
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
        raise SizeError(_("--size {size!r}: expected WxH in mm (e.g. 900x1200) or one of {value}").format(
                            size=size, value=', '.join(sorted(named))))
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
        raise SizeError(_("--size {size!r}: each side must be {lo:g}..{hi:g} mm").format(size=size, lo=lo, hi=hi))
    design = nearest_design("board", trim, directory)
    _near_enough(size, trim, design, directory)
    bleed = spec.bleed if spec is not None else (5.0 if max(trim) > 1000 else 3.0)
    w, h = _fmt(trim[0]), _fmt(trim[1])
    scaled = _check(resized(design, trim, name=f"board-{w}x{h}", title=f"手机信访展板（{w}×{h}）", bleed=bleed,
                            check_levels=None, hold=False))
    _rule_holds(size, scaled)
    return held(scaled)


def _shape(trim: tuple[float, float]) -> str:
    w, h = trim
    return f"{w / h:.2f}:1" if w >= h else f"1:{h / w:.2f}"


def _near_enough(size: str, trim: tuple[float, float], design: LayoutSpec, directory: Path) -> None:
    """Refuse a shape the nearest design cannot be scaled to without leaving it empty or crushed."""
    off = math.exp(abs(math.log(trim[0] / trim[1]) - math.log(design.trim[0] / design.trim[1])))
    if off > SHAPE_TOLERANCE + 1e-9:
        designs = [s for s in _layouts("board", directory) if not s.resized_from]
        shapes = ", ".join(f"{s.name.removeprefix('board-')} ({_shape(s.trim)})" for s in designs)
        raise SizeError(_("--size {size!r}: a {value} board is far from every design ({shapes}); the nearest, "
                           "{value2}, scales to shapes within ×{shape_tolerance:g} of its own").format(
                            size=size, value=_shape(trim), shapes=shapes, value2=design.name.removeprefix('board-'), shape_tolerance=SHAPE_TOLERANCE))


def _rule_holds(size: str, spec: LayoutSpec) -> None:
    """Refuse a size whose frames would need type under the reading rule (see :mod:`collateral.spec.reading`)."""
    under = under_rule(spec)
    if under:
        name, pt, floor = min(under, key=lambda u: u[1] / u[2])
        raise SizeError(_("--size {size!r}: scaled from {resized_from}, {name} type would be {pt:.1f} pt, "
                           "under the {floor:.1f} pt the reading rule needs on a {trim:g} mm high board; "
                           "choose a larger size").format(
                            size=size, resized_from=spec.resized_from, name=name, pt=pt, floor=floor, trim=spec.trim[1]))


def screen_spec(size: str, directory: Path | None = None) -> tuple[LayoutSpec, tuple[int, int]]:
    """The screen layout for ``--size`` in pixels, and the pixel size.

    A named size is its layout; any other is the nearest screen design
    scaled to the same pixel pitch (a 55" 1080p panel), so type keeps its
    size in millimetres as read from 3 m.
    """
    directory = directory or layouts_dir()
    wxh = parse_wxh(size)
    if wxh is None or not all(v.is_integer() for v in wxh):
        raise SizeError(_("--size {size!r}: expected WxH in pixels, e.g. 1920x1080 or 1080x1920").format(size=size))
    px = (int(wxh[0]), int(wxh[1]))
    lo, hi = SCREEN_LIMITS
    if not all(lo <= v <= hi for v in px):
        raise SizeError(_("--size {size!r}: each side must be {lo}..{hi} px").format(size=size, lo=lo, hi=hi))
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
        raise SizeError(_("--size {size!r}: QR codes would be {value:.0f} px on a 55\" panel of {px}×{px2}; "
                           "scanning needs at least {screen_min_qr_px} px (1920×1080 or more)").format(
                            size=size, value=smallest * px[0] / spec.trim[0], px=px[0], px2=px[1], screen_min_qr_px=SCREEN_MIN_QR_PX))
    return spec, px
