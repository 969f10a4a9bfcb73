"""Tri-fold (三折页): an A4 landscape leaflet printed on both sides as it is, then folded in three.

Nothing is moved: the pages are the sheet. What the scheme adds is the
truth about printing it: the duplex flip must be about the short edge
(with a long-edge flip the inside comes out upside down), and the fold
order that puts the cover on the outside with the narrow tuck-in panel
inside. The composed pages carry their folds as guides (97/197 mm outside,
100/200 mm inside), which the instruction page draws.
"""

from __future__ import annotations

from collateral.impose.sheetmap import SheetMap, Side, Slot
from collateral.impose.schemes.base import ACTUAL_SIZE, EDGE, Scheme, Size, copies_step, paper


def plan(pages: int = 2, flip: str = "short", creep: float = 0.0) -> SheetMap:
    sides = (Side(0, "front", (Slot(1, 0, 0),)), Side(0, "back", (Slot(2, 0, 0),)))
    return SheetMap("trifold", 2, 1, 1, sides, True, flip, (), ())


def steps(p: SheetMap, page: Size, manual: bool) -> list[str]:
    return [
        f"纸张：{paper(page)}，每份 1 张（一张纸印一份三折页）。",
        f"双面打印：在打印机设置中选“双面打印—{EDGE['short']}”，{ACTUAL_SIZE}；{copies_step(1)}。"
        "选长边翻转，里面会上下颠倒。",
        "折叠：每份分别折：把里面（印有二维码和“受理范围”的一面）朝上平放；先把右边较窄的一栏沿折线向里折，"
        "再把左边一栏沿折线折过来盖在上面，封面就在最外面。",
    ]


SCHEME = Scheme(
    name="trifold", title="三折页", suffix="", pages_per_sheet=2, duplex=True, creep=False, press=True,
    plan=plan, steps=steps, sheets={}, max_pages=2,
    flips=("short",), flip_note="a tri-fold must be printed flipping on the short edge, or its inside is upside down",
)
