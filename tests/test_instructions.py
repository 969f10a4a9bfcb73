"""The instruction page's words, followed literally on simulated printers, give a booklet that reads 1..P upright.

Printers differ in two ways that matter for printing both sides by hand:
which face of the paper in the tray they print (the one facing up or the
one facing down), and whether a page's top goes in first or last. The
simulation below knows nothing of how the plans are made. It loads blank
paper, does what the words say (the pencil mark, the look at the first
sheet, the stack put back), prints the 说明 file once, the "正面" file and
then the "背面" file several copies each (uncollated, as the words say)
as the printer would, makes up the copies, and hands each copy's sheets
to the fold-and-read simulation of ``test_impose``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from collateral.impose.schemes import SCHEMES, plan, reading_flip
from collateral.impose.schemes.base import duplex_steps
from test_impose import _cells, _read_folded

PRINTERS = [(face, lead) for face in ("up", "down") for lead in ("top", "bottom")]


@dataclass
class Sheet:
    """One piece of paper: faces A (up in the tray at first) and B; edges N (fed first at first) and S."""

    printed: dict  # face -> (what, the edge the printed page's top is on)
    mark: tuple | None = None  # (face, edge) of the pencil ×


def _print(sheet: Sheet, up: str, lead: str, printer: tuple[str, str], what) -> None:
    """The printer prints ``what`` on the face it prints, its top at the leading or the trailing edge."""
    face_printed, top_goes = printer
    face = up if face_printed == "up" else ("B" if up == "A" else "A")
    assert face not in sheet.printed, "printed over the other side"
    trailing = "S" if lead == "N" else "N"
    sheet.printed[face] = (what, lead if top_goes == "top" else trailing)


COPIES = 3  # several copies: the words say how the uncollated sheets go back into the tray and into copies


def _manual_duplex(mode: str, pages: int, printer: tuple[str, str], copies: int = COPIES) -> tuple:
    """Follow the words of ``duplex_steps(manual=True)`` for ``copies`` copies.

    Returns the plan, each copy's sheets as (front, back, back upright behind its front), and the
    instruction sheets printed (the 说明 is a file of its own: one sheet, whatever the copies).
    """
    scheme = SCHEMES[mode]
    p = plan(mode, pages, reading_flip(scheme.sheet_for((105.0, 148.0) if mode != "twoup" else (148.0, 210.0))))
    sheets = len({s.sheet for s in p.sides})
    words = " ".join(duplex_steps(p, True, sheets))
    fronts = [s for s in p.sides if s.face == "front"]
    backs = [s for s in p.sides if s.face == "back"]
    tray = [Sheet({}) for _ in range(1 + copies * sheets)]  # blank paper, fed from the top: A up, N first

    def feed(job: list) -> list[Sheet]:
        fed = [tray.pop(0) for _ in job]
        for sheet, what in zip(fed, job):
            _print(sheet, "A", "N", printer, what)
        return fed

    # 先印本说明: a × on the up face of the top blank sheet, at the edge toward the printer's inside; print the 说明
    assert "先印本说明（只印 1 份）" in words
    assert "在纸盒最上面那张白纸朝上的一面、靠打印机里面的那条边上" in words and "同一个纸盒打印本说明" in words
    tray[0].mark = ("A", "N")
    (note,) = feed(["instructions"])  # the 说明 file: one page
    # 看说明页: the same face as the ×? the × near the top or the bottom of the text?
    assert "“×”和说明文字在同一面，说明打印机印纸盒里朝上的一面" in words
    (face, (_, top_edge)), = note.printed.items()
    prints_up = face == note.mark[0]
    top_near_mark = top_edge == note.mark[1]
    # 印正面: the fronts file, `copies` copies, not collated: each page `copies` times, in order
    assert "打印正面文件，“份数”填要印的份数，不要勾选“逐份打印”" in words
    printed = feed([front for front in fronts for _ in range(copies)])
    random.Random(pages).shuffle(printed)  # however the output tray stacks them: the words sort them
    # 放回纸盒: smallest page number first, top down; blank face where the printer prints; the edge seen in
    # 看说明页 (top or bottom of each sheet's own front) toward the inside
    assert "按每张纸上最小的页码从小到大、自上而下理成一叠（页码相同的放在一起）" in words
    assert "每张纸的空白面都放在打印机会印的那一面" in words
    assert "并让“看说明页”时看到的那条边（顶边或底边）朝打印机里面" in words
    stack = sorted(printed, key=_smallest)
    # 再印背面: the backs file, as many copies, not collated, on the sheets from the top of the stack
    assert "打印背面文件，“份数”和正面相同，也不勾选“逐份打印”；它从最上面那张" in words
    for sheet, back in zip(stack, [back for back in backs for _ in range(copies)]):
        (printed_face, (front, front_top)), = sheet.printed.items()
        blank = "B" if printed_face == "A" else "A"
        up = blank if prints_up else printed_face
        lead = front_top if top_near_mark else ("S" if front_top == "N" else "N")
        _print(sheet, up, lead, printer, back)
    # 配份: a pile per smallest page number; one sheet from each, the one with page 1 on top
    if sheets > 1:
        assert f"配份：印好的纸按最小的页码分成 {sheets} 摞；每摞各取一张，有页码 1 的那张在最上面，配成一份" in words
    piles: dict[int, list[Sheet]] = {}
    for sheet in stack:
        piles.setdefault(_smallest(sheet), []).append(sheet)
    assert len(piles) == sheets and all(len(pile) == copies for pile in piles.values())
    out = []
    for n in range(copies):
        copy = []
        for key in sorted(piles):
            sheet = piles[key][n]
            front_face = next(f for f, (what, _) in sheet.printed.items() if what.face == "front")
            back_face = "B" if front_face == "A" else "A"
            (front, front_top), (back, back_top) = sheet.printed[front_face], sheet.printed[back_face]
            copy.append((front, back, back_top == front_top))
        out.append(copy)
    return p, out, [note]


def _smallest(sheet: Sheet) -> int:
    """The smallest page number printed on a sheet (on its one printed side so far, or either)."""
    return min(x.page for what, _ in sheet.printed.values() if what != "instructions"
               for x in what.slots if x.page is not None)


def _seen(p, front, back, upright: bool):
    """(front cells, back cells as seen after turning the sheet about its vertical line) by row."""
    f, b = _cells(front), _cells(back)
    rows = []
    for r in range(p.rows):
        seen = {}
        for (c, rr), s in b.items():
            if upright:
                seen[(c, rr)] = (s.page, s.rotate)
            else:  # the back's top is on the front's bottom edge: every cell on the opposite one, turned
                seen[(p.cols - 1 - c, p.rows - 1 - rr)] = (s.page, (s.rotate + 180) % 360)
        rows.append(([(f[(c, r)].page, f[(c, r)].rotate) for c in range(p.cols)],
                     [seen[(c, r)] for c in range(p.cols)]))
    return rows


@pytest.mark.parametrize("printer", PRINTERS, ids=["-".join(p) for p in PRINTERS])
@pytest.mark.parametrize("mode, pages", [("saddle", 8), ("saddle", 12), ("cutstack", 8), ("cutstack", 16)])
def test_manual_duplex_by_the_words_reads_one_to_p_upright_on_every_kind_of_printer(mode, pages, printer):
    p, copies, notes = _manual_duplex(mode, pages, printer)
    assert len(copies) == COPIES and len(notes) == 1  # three booklets, one instruction sheet
    total = -(-pages // SCHEMES[mode].pages_per_sheet) * SCHEMES[mode].pages_per_sheet
    for sheets in copies:
        assert [front.sheet for front, _, _ in sheets] == sorted({s.sheet for s in p.sides})  # each back on its front
        assert all(front.sheet == back.sheet for front, back, _ in sheets)
        by_row: dict[int, list] = {r: [] for r in range(p.rows)}
        for front, back, upright in sheets:
            for r, spread in enumerate(_seen(p, front, back, upright)):
                by_row[r].append(spread)
        spreads = [s for r in range(p.rows) for s in by_row[r]]  # cut-and-stack: top halves on the bottom halves
        read = _read_folded(spreads)
        assert [page for page, _ in read] == [*range(1, pages), *([None] * (total - pages)), pages]
        assert all(turn == 0 for page, turn in read if page is not None)


@pytest.mark.parametrize("printer", PRINTERS, ids=["-".join(p) for p in PRINTERS])
def test_manual_duplex_two_up_puts_each_back_upright_behind_its_front(printer):
    p, copies, notes = _manual_duplex("twoup", 2, printer)
    assert len(copies) == COPIES and len(notes) == 1
    for ((front, back, upright),) in copies:
        rows = _seen(p, front, back, upright)
        assert rows == [([(1, 0), (1, 0)], [(2, 0), (2, 0)])]  # turned about its vertical line: 1 then 2


@pytest.mark.parametrize("mode", ["saddle", "cutstack", "twoup"])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_duplex_words_name_the_flip_the_plan_was_made_for(mode, flip):
    p = plan(mode, 8 if mode != "twoup" else 2, flip)
    (words,) = duplex_steps(p, False, 2)
    assert {"long": "长边翻转", "short": "短边翻转"}[flip] in words
