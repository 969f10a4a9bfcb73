"""Cut and stack (裁切叠放): four A6 pages per A4 side, two saddle spreads one above the other.

A4 sheet ``j`` carries saddle sheet ``j`` above and saddle sheet ``n/2 + j``
below; duplex, cut the stack across, put the top half on the bottom half,
fold, staple: the same saddle booklet from A4 paper. Each A4 side is
portrait, so backs are upright for a long-edge flip.
"""

from __future__ import annotations

from collateral.impose.sheetmap import SheetMap, blank_order, creep_at, padded, saddle_spreads, side, turned_back
from collateral.impose.schemes.base import Scheme, Size, duplex_steps, paper


def plan(pages: int, flip: str = "long", creep: float = 0.0) -> SheetMap:
    total = padded(pages, 8)
    order = blank_order(pages, total)
    spreads = saddle_spreads(total)
    n = len(spreads)
    turn = turned_back(flip, landscape=False)
    half = n // 2
    sides = []
    for j in range(half):
        for face, pick in (("front", 0), ("back", 1)):
            cells = []
            for row, i in ((0, j), (1, half + j)):
                pair, s = spreads[i][pick], creep_at(i, n, creep)
                cells += [(order[pair[0] - 1], 0, row, s), (order[pair[1] - 1], 1, row, -s)]
            sides.append(side(j, face, cells, 2, 2, turn and face == "back"))
    return SheetMap("cutstack", total, 2, 2, tuple(sides), True, flip, ("v",), ("h",))


def steps(p: SheetMap, page: Size, manual: bool) -> list[str]:
    sheet = SCHEME.sheet_for(page)
    sheets = len({s.sheet for s in p.sides})
    return [
        f"纸张：{paper(sheet)}，每份 {sheets} 张。",
        *duplex_steps(p, manual, sheets),
        "裁切：每份分别裁：把一份的纸按顺序叠齐（第 1 张在上，正面朝上），沿左右两边短线标出的横向中线整叠裁开；"
        "把上半叠放在下半叠之上。",
        "折叠：一份的纸对齐，封面（页码 1）朝外，沿竖向中线对折（图中虚线）。",
        "装订：在折线上钉两枚骑马钉；如有需要，裁齐开口一边。",
    ]


SCHEME = Scheme(
    name="cutstack", title="裁切叠放骑马订", suffix="-cutstack", pages_per_sheet=8, duplex=True, creep=True,
    press=False, plan=plan, steps=steps, sheets={(105.0, 148.0): (210.0, 297.0)},
)
