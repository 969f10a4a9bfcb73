"""A checked product definition as plain data: the layout, its pages and their blocks.

What ``specload`` makes of a ``layouts/*.yaml`` file and what ``layout``,
``resize`` and the block kinds read. Geometry is in millimetres from the
top-left corner of the trimmed page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collateral.spec.params import Color, TextStyle

LEVELS = {"province": 0, "city": 1, "county": 2, "township": 3}
PRODUCTS = ("leaflet", "booklet", "board", "screen")  # the command that makes a layout
ORIENTATIONS = ("portrait", "landscape")
FOLD_SAFE = 4.0  # mm kept clear on each side of a fold line, unless a layout says otherwise


@dataclass(frozen=True)
class Safe:
    """How close (mm) anything but a background may come to each edge of the trim."""

    top: float = 5.0
    right: float = 5.0
    bottom: float = 5.0
    left: float = 5.0


@dataclass(frozen=True)
class Block:
    """One placed block: its kind's parameters, already checked against the kind's schema."""

    kind: str
    name: str
    box: tuple[float, float, float, float]  # x, y, w, h in mm
    params: tuple[tuple[str, Any], ...]
    file: str
    line: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "_params", dict(self.params))

    def __hash__(self) -> int:  # worked out once: a block is in the key of its laid-out primitives, looked up for every piece
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f) for f in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:  # a hash is only good in the process that made it (str hashes are seeded)
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def get(self, key: str, default: Any = None) -> Any:
        return self._params.get(key, default)  # type: ignore[attr-defined]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class PageSpec:
    """A page of the product; ``repeat`` pages are added as long as their chained flows have text left."""

    blocks: tuple[Block, ...]
    trim: tuple[float, float]  # mm
    name: str = ""
    repeat: bool = False
    folds: tuple[float, ...] = ()  # vertical fold lines, mm from the trim's left edge
    panels: tuple[str, ...] = ()  # names of the panels between folds, left to right
    # blocks set on the previous page, below the end of a chained flow, when they fit there (compose)
    pull_up: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    title: str
    trim: tuple[float, float]  # mm
    bleed: float  # mm
    safe: Safe
    colors: dict[str, Color]
    styles: dict[str, TextStyle]
    pages: tuple[PageSpec, ...]
    file: str
    made_for: tuple[int, ...] = (3,)  # levels of the units this product is made for (default: townships)
    product: str = "leaflet"  # the command that makes it (see PRODUCTS)
    orientations: tuple[str, ...] = ORIENTATIONS  # a roll-up stands upright: its layout says portrait only
    resized_from: str = ""  # the design this layout is scaled from (``resize: scale``), see resize.py
    check_levels: tuple[int, ...] | None = None  # levels ``collateral check`` composes (None: all of made_for)
    fold_safe: float = FOLD_SAFE  # mm kept clear of fold lines

    @property
    def checked_levels(self) -> tuple[int, ...]:
        return self.made_for if self.check_levels is None else self.check_levels

    def __hash__(self) -> int:
        return hash((self.name, self.file))

    def style(self, name: str) -> TextStyle:
        return self.styles[name]

    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]

