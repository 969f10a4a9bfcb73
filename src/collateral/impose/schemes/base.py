"""What an imposition scheme is: a plan, the paper it takes, the words that go with it (internal).

A scheme is plain data plus three pure functions, so a new way of putting
pages on paper is one module and one line in :mod:`collateral.impose.schemes`.
The instruction page (:mod:`collateral.impose.instructions`), the file name, the
duplex preference written into the PDF and the refusal of options that a
scheme would ignore are all read from here, never decided elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from collateral.errors import CollateralError, Problem
from collateral.impose.sheetmap import SheetMap
from collateral.i18n import _

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
    plan: Callable[[int, str, float], SheetMap]  # (reading pages, flip, creep mm) -> plan
    sheets: dict[Size, Size]  # page size -> the sheet it is printed on; a size not here is refused
    steps: Callable[[SheetMap, Size, bool], list[str]]  # (plan, page size, manual duplex) -> what to do, in order
    max_pages: int = 0  # 0: any number
    flips: tuple[str, ...] = ("long", "short")  # the duplex flips it can be printed with, the default first
    flip_note: str = ""  # why a flip not in ``flips`` is refused

    @property
    def instructs(self) -> bool:
        """Does an office file of this scheme start with an instruction page (nothing to say for plain pages)?"""
        return bool(self.title)

    def sheet_for(self, page: Size) -> Size:
        """The paper the scheme prints ``page`` on; refused in one line for a page it does not take."""
        for size, sheet in self.sheets.items():
            if abs(size[0] - page[0]) < 0.6 and abs(size[1] - page[1]) < 0.6:
                return sheet
        takes = "、".join(f"{w:g}×{h:g}" for w, h in self.sheets)
        raise SchemeError(Problem(_("--imposition {name} takes pages of {takes} mm, not {page:g}×{page2:g} mm").format(
                                      name=self.name, takes=takes, page=page[0], page2=page[1])))

    def check_pages(self, pages: int, label: str = "") -> None:
        if self.max_pages and pages > self.max_pages:
            raise SchemeError(Problem(_("--imposition {name} holds {max_pages} pages; this piece has {pages}").format(
                                          name=self.name, max_pages=self.max_pages, pages=pages), unit_label=label or None))


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


def copies_step(sheets: int) -> str:
    """How many to print: the print dialog's 份数, collated when one copy is more than one sheet."""
    collate = "，勾选“逐份打印”（一份印完再印下一份）" if sheets > 1 else ""
    return f"“份数”填要印的份数{collate}"


def duplex_steps(p: SheetMap, manual: bool, sheets: int) -> list[str]:
    """How to print both sides, N copies: the printer's setting, or by hand.

    ``sheets``: sheets of one copy. By hand, printers differ in the face
    they print and the edge they feed first, so the words make the clerk
    find both out when printing the 说明 (a pencil mark on the paper it is
    printed on; the 说明 is its own file, printed once, from the same tray)
    and put every sheet back the same way round: each back is then printed
    with its top on the same edge as its front's, which is what
    :func:`reading_flip` plans for. N copies go through uncollated, so the
    sheets come out, and go back in, by sheet: all copies of sheet 1, then
    of sheet 2. ``tests/test_instructions.py`` follows these words on
    simulated printers of every kind, for several copies.
    """
    if not manual:
        return [f"双面打印：在打印机设置中选“双面打印—{EDGE[p.flip]}”，{ACTUAL_SIZE}；{copies_step(sheets)}。"]
    out = [
        "先印本说明（只印 1 份）：打印前，在纸盒最上面那张白纸朝上的一面、靠打印机里面的那条边上，用铅笔画一个小“×”。"
        f"然后用同一台打印机、同一个纸盒打印本说明，{ACTUAL_SIZE}。",
        "看说明页：“×”和说明文字在同一面，说明打印机印纸盒里朝上的一面，不在同一面就是印朝下的一面；"
        "再看“×”靠近说明文字的顶边还是底边。",
        f"印正面：打印正面文件，“份数”填要印的份数，不要勾选“逐份打印”，{ACTUAL_SIZE}（每份 {sheets} 张）。",
        "放回纸盒：把印好的纸按每张纸上最小的页码从小到大、自上而下理成一叠（页码相同的放在一起）；"
        "每张纸的空白面都放在打印机会印的那一面，并让“看说明页”时看到的那条边（顶边或底边）朝打印机里面。"
        "纸盒放不下时，先放最上面的一部分，印完再接着放，顺序和朝向不变。",
        "再印背面：打印背面文件，“份数”和正面相同，也不勾选“逐份打印”；它从最上面那张（有页码 1 的那张）的背面印起。",
    ]
    if sheets > 1:
        out.append(f"配份：印好的纸按最小的页码分成 {sheets} 摞；每摞各取一张，有页码 1 的那张在最上面，配成一份。")
    return out
