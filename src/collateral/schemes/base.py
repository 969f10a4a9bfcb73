"""What an imposition scheme is: a plan, the paper it takes, the words that go with it (internal).

A scheme is plain data plus three pure functions, so a new way of putting
pages on paper is one module and one line in :mod:`collateral.schemes`.
The instruction page (:mod:`collateral.instructions`), the file name, the
duplex preference written into the PDF and the refusal of options that a
scheme would ignore are all read from here, never decided elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from collateral.errors import CollateralError, Problem
from collateral.impose import Plan

Size = tuple[float, float]  # mm, width × height


class SchemeError(CollateralError):
    """An option or a page size the scheme cannot take."""


@dataclass(frozen=True)
class Scheme:
    name: str
    title: str  # what the instruction page calls it: 骑马订
    suffix: str  # added to the file name: "-saddle"
    pages_per_sheet: int  # reading pages one sheet carries, both sides: the padding unit
    duplex: bool
    creep: bool  # takes --creep (pages of inner sheets move toward the spine)
    press: bool  # a print shop can take it, each cell with its own bleed
    plan: Callable[[int, str, float], Plan]  # (reading pages, flip, creep mm) -> plan
    sheets: dict[Size, Size]  # page size -> the sheet it is printed on; a size not here is refused
    steps: Callable[[Plan, Size, bool], list[str]]  # (plan, page size, manual duplex) -> what to do, in order
    max_pages: int = 0  # 0: any number

    def sheet_for(self, page: Size) -> Size:
        """The paper the scheme prints ``page`` on; refused in one line for a page it does not take."""
        for size, sheet in self.sheets.items():
            if abs(size[0] - page[0]) < 0.6 and abs(size[1] - page[1]) < 0.6:
                return sheet
        takes = "、".join(f"{w:g}×{h:g}" for w, h in self.sheets)
        raise SchemeError(Problem(f"--imposition {self.name} takes pages of {takes} mm, "
                                  f"not {page[0]:g}×{page[1]:g} mm"))

    def check_pages(self, pages: int, label: str = "") -> None:
        if self.max_pages and pages > self.max_pages:
            raise SchemeError(Problem(f"--imposition {self.name} holds {self.max_pages} pages; "
                                      f"this piece has {pages}", unit=label or None))


PAPER = {(210.0, 297.0): "A4", (297.0, 210.0): "A4", (148.0, 210.0): "A5", (210.0, 148.0): "A5",
         (105.0, 148.0): "A6", (148.0, 105.0): "A6"}


def paper(size: Size) -> str:
    """``A4 纸（210×297 mm），横向``: the sheet as a clerk names it."""
    name = PAPER.get(size, f"{size[0]:g}×{size[1]:g} mm")
    orientation = "横向" if size[0] > size[1] else "纵向"
    return f"{name} 纸（{min(size):g}×{max(size):g} mm），{orientation}"


EDGE = {"long": "长边翻转", "short": "短边翻转"}
ACTUAL_SIZE = "选“实际大小”（不要“适合页面”）"


def reading_flip(sheet: Size) -> str:
    """The flip that prints every back upright behind its front: the edge a reader turns the sheet about.

    A booklet sheet and a two-up sheet are read by turning about the
    vertical line: a portrait sheet's long edge, a landscape sheet's short one.
    """
    return "short" if sheet[0] > sheet[1] else "long"


def duplex_steps(p: Plan, manual: bool, sheets: int) -> list[str]:
    """How to print both sides: the printer's setting, or by hand.

    By hand, the clerk turns the stack over keeping its top edge where it
    was, so each back must be printed upright on the sheet: the plan is
    made with :func:`reading_flip` (``tests/test_instructions.py`` follows
    these words on simulated printers and reads the pages back).
    """
    if not manual:
        return [f"双面打印：在打印机设置中选“双面打印—{EDGE[p.flip]}”，{ACTUAL_SIZE}。"]
    return [
        f"先印正面：打印“正面”文件（共 {sheets} 张），{ACTUAL_SIZE}。",
        "翻面放回：从出纸口取出整叠纸，不要改变顺序；把每张纸的顶边保持在原来的方向，"
        "整叠翻过来，让空白面朝向打印的一面，放回纸盒。",
        "再印背面：打印“背面”文件，它从最后一张的背面印起。",
    ]
