"""Saddle stitch (骑马订): two pages per side on a sheet twice the page; duplex, fold, staple.

Sheet ``i`` from 0 (outermost first): front ``[P−2i, 2i+1]``, back
``[2i+2, P−2i−1]``, page numbers from 1, left to right as seen. A spread is
landscape, so the backs are upright for a short-edge flip and turned 180°
for a long-edge one.
"""

from __future__ import annotations

from collateral.impose.sheetmap import SheetMap, blank_order, creep_at, padded, saddle_spreads, side, turned_back
from collateral.impose.schemes.base import Scheme, Size, duplex_steps, paper


def plan(pages: int, flip: str = "long", creep: float = 0.0) -> SheetMap:
    total = padded(pages, 4)
    order = blank_order(pages, total)
    spreads = saddle_spreads(total)
    n = len(spreads)
    turn = turned_back(flip, landscape=True)  # a spread is twice as wide as high
    sides = []
    for i, (front, back) in enumerate(spreads):
        s = creep_at(i, n, creep)
        sides.append(side(i, "front", [(order[front[0] - 1], 0, 0, s), (order[front[1] - 1], 1, 0, -s)], 2, 1, False))
        sides.append(side(i, "back", [(order[back[0] - 1], 0, 0, s), (order[back[1] - 1], 1, 0, -s)], 2, 1, turn))
    return SheetMap("saddle", total, 2, 1, tuple(sides), True, flip, ("v",), ())


def steps(p: SheetMap, page: Size, manual: bool) -> list[str]:
    sheet = SCHEME.sheet_for(page)
    sheets = len({s.sheet for s in p.sides})
    return [
        f"纸张：{paper(sheet)}，每份 {sheets} 张。",
        *duplex_steps(p, manual, sheets),
        "折叠：每份分别折：一份的纸对齐，封面（页码 1）朝外，沿竖向中线对折（图中虚线）。",
        "装订：在折线上钉两枚骑马钉；如有需要，裁齐开口一边。",
    ]


SCHEME = Scheme(
    name="saddle", title="骑马订", suffix="-saddle", pages_per_sheet=4, duplex=True, creep=True, press=True,
    plan=plan, steps=steps,
    # 2 × A5 is 296 mm: printed on A4 (297), the pages centred in their halves
    sheets={(148.0, 210.0): (297.0, 210.0), (105.0, 148.0): (210.0, 148.0), (74.0, 105.0): (148.0, 105.0)},
)
