"""No imposition: one reading page per PDF page, for a print shop or a printer that takes the page size."""

from __future__ import annotations

from collateral.impose.sheetmap import SheetMap, Side, Slot
from collateral.impose.schemes.base import Scheme, Size


def plan(pages: int, flip: str = "long", creep: float = 0.0) -> SheetMap:
    sides = tuple(Side(n - 1, "front", (Slot(n, 0, 0),)) for n in range(1, pages + 1))
    return SheetMap("none", pages, 1, 1, sides, False, flip, (), ())


def steps(p: SheetMap, page: Size, manual: bool) -> list[str]:
    return []


SCHEME = Scheme(name="none", title="", suffix="", pages_per_sheet=1, duplex=False, creep=False, press=True,
                plan=plan, steps=steps, sheets={})
