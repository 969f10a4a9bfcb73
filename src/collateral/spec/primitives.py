"""What a composed page is made of: plain-data primitives, in points from the top-left of the trim.

Filled boxes, rules, lines of set text, QR matrices, and other pages placed
under a rotation. Each :class:`Page` carries its own size and bleed, so one
document may mix sizes, and imposition places whole pages on a sheet.
``layout`` and the block kinds make them; ``impose``, ``prepress`` and
``render`` only read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.spec.params import Color
from collateral.codes.qr import Matrix


@dataclass(frozen=True)
class Fill:
    x: float
    y: float
    w: float
    h: float
    color: Color
    radius: float = 0.0
    stroke: Color | None = None
    stroke_width: float = 0.0


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    color: Color
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class TextLine:
    """One set line: runs at x offsets from ``x``, baseline at ``y``."""

    x: float
    y: float
    runs: tuple  # typeset.Run
    size: float
    color: Color
    angle: float = 0.0
    alpha: float = 1.0
    frame: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class QRCode:
    x: float
    y: float
    size: float  # the quiet zone included
    matrix: Matrix
    color: Color


@dataclass(frozen=True)
class Page:
    """A composed page: its trim size and bleed (pt), and what is drawn on it."""

    width: float
    height: float
    items: tuple
    bleed: float = 0.0  # how far backgrounds reach past the trim, for press output
    name: str = ""  # the page as a reader counts it ("1", "cover"); imposition tests read it back
    # ("fold" | "cut", "v" | "h"): centre lines marked in press output; ("fold" | "cut", "v" | "h", at):
    # a line at ``at`` pt from the trim's left (v) or top (h) edge, e.g. a tri-fold's folds
    guides: tuple[tuple, ...] = ()


@dataclass(frozen=True)
class Place:
    """A composed page drawn on another page, turned clockwise by a quarter-turn multiple.

    ``x``, ``y``: the top-left corner of the placed page's trim, once turned,
    on the host page. ``clip``: how far past its trim the placed page may
    show (0: cut at the trim), on every side or as (left, top, right,
    bottom) in the placed page's own terms: an imposed page shows its bleed
    where it is cut and none where it meets its neighbour at a fold.
    """

    page: Page
    x: float
    y: float
    rotate: int = 0  # 0, 90, 180 or 270 degrees clockwise
    clip: float | tuple[float, float, float, float] = 0.0

    @property
    def clip_sides(self) -> tuple[float, float, float, float]:
        c = self.clip
        return (c, c, c, c) if isinstance(c, (int, float)) else c

    @property
    def size(self) -> tuple[float, float]:
        """Width and height the placed page takes on the host, once turned."""
        w, h = self.page.width, self.page.height
        return (h, w) if self.rotate in (90, 270) else (w, h)

    @property
    def matrix(self) -> tuple[float, float, float, float, float, float]:
        """(a, b, c, d, e, f): host = (a·u + c·v + e, b·u + d·v + f) for a point (u, v) of the placed page."""
        w, h = self.page.width, self.page.height
        x, y = self.x, self.y
        return {
            0: (1.0, 0.0, 0.0, 1.0, x, y),
            90: (0.0, 1.0, -1.0, 0.0, x + h, y),
            180: (-1.0, 0.0, 0.0, -1.0, x + w, y + h),
            270: (0.0, -1.0, 1.0, 0.0, x, y + w),
        }[self.rotate]

    def map(self, u: float, v: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.matrix
        return a * u + c * v + e, b * u + d * v + f


Primitive = Fill | Rule | TextLine | QRCode | Place
