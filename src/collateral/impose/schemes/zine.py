"""One-sheet zine (一张纸折页): eight A7 pages on one side of one A4 sheet; no duplex, no stapler.

Top row turned 180° ``5 4 3 2``, bottom row ``6 7 8 1``; fold along the
long centre line, cut the middle half of that fold, fold along the long
centre line again and push the ends together: an eight-page booklet.
"""

from __future__ import annotations

from collateral.impose.sheetmap import SheetMap, Side, Slot, blank_order
from collateral.impose.schemes.base import ACTUAL_SIZE, Scheme, Size, copies_step, paper


def plan(pages: int, flip: str = "long", creep: float = 0.0) -> SheetMap:
    order = blank_order(pages, 8)
    top = [Slot(order[n - 1], c, 0, 180) for c, n in enumerate((5, 4, 3, 2))]
    bottom = [Slot(order[n - 1], c, 1, 0) for c, n in enumerate((6, 7, 8, 1))]
    return SheetMap("zine", 8, 4, 2, (Side(0, "front", tuple(top + bottom)),), False, flip, ("h", "v"), ("slit",))


def steps(p: SheetMap, page: Size, manual: bool) -> list[str]:
    sheet = SCHEME.sheet_for(page)
    return [
        f"纸张：{paper(sheet)}，每份 1 张；单面打印，{ACTUAL_SIZE}；{copies_step(1)}。",
        "压折痕：每张分别折：印字的一面朝外，沿长的横向中线对折（上排倒印的四页折到背面），压出折痕后展开；"
        "再沿短的竖向中线左右对折。",
        "剪开：保持左右对折，从对折边起沿横向中线剪开，剪到下一条格线为止（剪开的只是中间两格之间的一段，"
        "图中红线），然后展开。",
        "再折：沿长的横向中线重新对折，印字朝外；双手捏住左右两端向中间推，剪口张开，四页围成十字，"
        "再把它们压平成一叠。",
        "成册：把封面“1”翻到最上面，按页码顺序合拢压平，就是 8 页的小册子。",
    ]


SCHEME = Scheme(
    name="zine", title="一张纸折页", suffix="", pages_per_sheet=8, duplex=False, creep=False, press=False,
    plan=plan, steps=steps, sheets={(74.0, 105.0): (297.0, 210.0)}, max_pages=8,
)
