"""Two-up (一纸两份): a two-sided A5 leaflet twice on each side of an A4 sheet; duplex, one cut.

Front ``[1, 1]``, back ``[2, 2]``, each back behind its own front. A copy
is read by turning it about its vertical (long) edge, the sheet's vertical
axis; a landscape sheet printed with a long-edge flip turns about its
horizontal axis instead, so there the backs are printed turned 180°.
"""

from __future__ import annotations

from collateral.impose.sheetmap import SheetMap, side, turned_back
from collateral.impose.schemes.base import Scheme, Size, duplex_steps, paper


def plan(pages: int = 2, flip: str = "long", creep: float = 0.0) -> SheetMap:
    turn = turned_back(flip, landscape=True)
    front = side(0, "front", [(1, 0, 0, 0.0), (1, 1, 0, 0.0)], 2, 1, False)
    back = side(0, "back", [(2, 0, 0, 0.0), (2, 1, 0, 0.0)], 2, 1, turn)
    return SheetMap("twoup", 2, 2, 1, (front, back), True, flip, (), ("v",))


def steps(p: SheetMap, page: Size, manual: bool) -> list[str]:
    sheet = SCHEME.sheet_for(page)
    return [
        f"纸张：{paper(sheet)}，每份 1 张；一张纸印两份宣传单，裁开后得两份（要 100 份宣传单，“份数”填 50）。",
        *duplex_steps(p, manual, 1),
        "裁切：每张纸沿纸张上下边缘短线标出的竖向中线裁开，得到两份 A5 宣传单。",
    ]


SCHEME = Scheme(
    name="twoup", title="一纸两份", suffix="-2up", pages_per_sheet=2, duplex=True, creep=False, press=True,
    plan=plan, steps=steps, sheets={(148.0, 210.0): (297.0, 210.0)}, max_pages=2,
)
