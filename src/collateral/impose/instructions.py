"""The print instruction page (说明) of an imposed or folded office file: copies, paper, duplex, cut, fold.

A township clerk gets a PDF of oddly ordered, partly upside-down pages (or a
tri-fold that must be printed flipping on the short edge); this one page in
plain Chinese, with a small drawing of the sheet, says what to do with them.
It is a file of its own (``…-说明.pdf``, see :func:`collateral.products.make.make`),
printed once: the piece's file holds only the pages to copy, so printing
it 50 times gives 50 copies and no instruction sheet. So that the clerk
never wonders which file is which, the page names the files it belongs to
and how many of each to print. Its steps come from the scheme
(:mod:`collateral.impose.schemes`) and its drawing from the plan itself, so it
never contradicts the sheets it comes with. A print shop gets none.
"""

from __future__ import annotations

from dataclasses import replace

from collateral.typeset.fonts import FontSet
from collateral.impose.sheetmap import SheetMap
from collateral.compose.layout import Frame, Para, fit, flow_lines
from collateral.spec.params import MM, TextStyle
from collateral.spec.primitives import Fill, Page, Rule
from collateral.impose.schemes import Scheme
from collateral.impose.schemes.base import EDGE
from collateral.spec.model import LayoutSpec

ONCE = "本说明只印 1 份"  # the words a clerk (and tests/test_print_copies.py) goes by
COPIES = "份数打印："
DRAWING_MIN = 40  # mm of height the drawing of the sheet needs to be worth drawing (legend included)


def steps(scheme: Scheme, p: SheetMap, page_size: tuple[float, float], manual: bool) -> list[str]:
    """What to do, in order, in plain Chinese."""
    return scheme.steps(p, page_size, manual)


def sheets_per_copy(p: SheetMap) -> int:
    return len({s.sheet for s in p.sides})


def pieces_per_copy(p: SheetMap) -> int:
    """How many finished pieces one printed copy gives: 2 for a two-up (the cover is on the sheet twice)."""
    return sum(1 for side in p.sides for slot in side.slots if slot.page == 1)


def heading(p: SheetMap, names: tuple[str, ...], manual: bool, words: list[str]) -> list[str]:
    """The lines in large type above the steps: this page once, which file(s) N times, with which setting.

    ``names``: the piece's file, or its fronts and backs files (manual duplex);
    ``words``: the steps, numbered from 1 under these lines (the manual ones are named by number).
    """
    sheets, pieces = sheets_per_copy(p), pieces_per_copy(p)
    per = f"每份 {sheets} 张纸" + (f"，裁开得 {pieces} 份" if pieces > 1 else "")
    if manual:
        front, back = names
        first = 1 + next(i for i, w in enumerate(words) if w.startswith("先印本说明"))
        last = 1 + next(i for i, w in enumerate(words) if w.startswith("再印背面"))
        return [f"{ONCE}（先看第 {first} 步，在纸上画好“×”再印本说明），不要和宣传品一起印。",
                f"{COPIES}正面文件“{front}”和背面文件“{back}”，要几份各印几份（“份数”都填要印的份数，如 50）；"
                f"{per}；先印正面，把纸放回纸盒再印背面（第 {first}–{last} 步）。"]
    (name,) = names
    how = f"双面打印—{EDGE[p.flip]}" if p.duplex else "单面打印"
    return [f"{ONCE}，不要和宣传品一起印。",
            f"{COPIES}宣传品文件“{name}”，要几份印几份（“份数”填要印的份数，如 50）；{per}；{how}。"]


def page(scheme: Scheme, p: SheetMap, page_size: tuple[float, float], spec: LayoutSpec, fonts: FontSet,
         names: tuple[str, ...], manual: bool = False, what: str = "口袋书", guides: tuple[tuple, ...] = ()) -> Page:
    """One page, the size of the plan's sheet: which files to print how often, the steps, a drawing of the sheet.

    The size of the sheet, so that with --manual-duplex it goes through the
    printer from the same tray as the sheets (the pencil mark tells how).
    ``guides``: fold lines of pages printed as they are (a tri-fold's), drawn on the sheet.
    """
    paper = scheme.sheet_for(page_size) if scheme.sheets else page_size
    sw, sh = (v * MM for v in paper)
    ink, primary, muted = (spec.colors[c] for c in ("ink", "primary", "muted"))
    margin = 12 * MM
    width = sw - 2 * margin
    title = TextStyle(font="bold", size=16, min_size=11, leading=1.3, align="left", color="primary")
    big = TextStyle(font="bold", size=13, min_size=9, leading=1.4, align="left", color="ink")
    body = TextStyle(size=11, min_size=7.5, leading=1.5, align="left", color="ink", label_width=1.6)
    frame = Frame(spec.name, "instructions", spec.file, 0, "")
    items: list = []
    items += flow_lines([Para(f"{what}打印说明（{scheme.title}）", title)], margin, margin, width, 12 * MM,
                        frame, spec, fonts, "middle")
    words = steps(scheme, p, page_size, manual)
    head = [Para(t, big) for t in heading(p, names, manual, words)]
    paras = [Para(t, body, f"{n}.") for n, t in enumerate(words, 1)]
    # the files and how often, boxed in large type; the steps under them; the drawing in what is left
    pad, gap, room = 3 * MM, 4 * MM, sh - 2 * margin - 16 * MM
    y = margin + 16 * MM
    head_h = fit(head, width - 2 * pad, room, frame, fonts).height
    items.append(Fill(margin, y, width, head_h + 2 * pad, spec.colors["paper"], 0.0, primary, 1.2))
    items += flow_lines(head, margin + pad, y + pad, width - 2 * pad, head_h, frame, spec, fonts)
    y += head_h + 2 * pad + gap
    steps_h = fit(paras, width, sh - margin - y, frame, fonts).height
    drawing = sh - margin - y - steps_h - gap >= DRAWING_MIN * MM
    items += flow_lines(paras, margin, y, width, steps_h if drawing else sh - margin - y, frame, spec, fonts)
    if not drawing:  # a small sheet (A6): the words take it all, no room for a drawing
        return Page(sw, sh, tuple(items), 0.0, "instructions")
    # the drawing: the first sheet side, cells numbered with their reading pages, folds dashed, cuts red
    top = y + steps_h + gap + 3 * MM  # a cut line stands 5 mm above the drawing: clear of the words
    avail_w, avail_h = width, sh - top - margin
    k = min(avail_w / sw, (avail_h - 10 * MM) / sh, 0.6)
    dw, dh = sw * k, sh * k
    dx, dy = (sw - dw) / 2, top
    items.append(Fill(dx, dy, dw, dh, spec.colors["paper"], 0.0, ink, 0.6))
    cw, ch = dw / p.cols, dh / p.rows
    label = replace(title, size=max(9.0, min(22.0, ch / MM * 1.2)), min_size=7, align="center", color="ink")
    first = p.sides[0]
    for slot in first.slots:
        x, y = dx + slot.col * cw, dy + slot.row * ch
        items.append(Rule(x, y, x + cw, y, muted, 0.3))
        items.append(Rule(x, y, x, y + ch, muted, 0.3))
        text = "空白" if slot.page is None else str(slot.page)
        lines = flow_lines([Para(text, label)], x, y, cw, ch, frame, spec, fonts, "middle")
        if slot.rotate == 180:  # show the turned cells turned: their numbers upside down
            cx, cy = x + cw / 2, y + ch / 2  # mirror the line about the cell's centre, then turn it
            lines = [replace(t, x=2 * cx - t.x, y=2 * cy - t.y, angle=180.0) for t in lines]
        items += lines
    for _, axis, at in (g for g in guides if g[0] == "fold" and len(g) == 3):
        if axis == "v":
            x = dx + at * k  # down to 1.5 mm below the drawing: not into the legend under it
            items.append(Rule(x, dy - 3 * MM, x, dy + dh + 1.5 * MM, primary, 1.0, (4.0, 3.0)))
    for axis in p.folds:
        if axis == "v":
            items.append(Rule(dx + dw / 2, dy - 3 * MM, dx + dw / 2, dy + dh + 3 * MM, primary, 1.0, (4.0, 3.0)))
        elif axis == "h":
            items.append(Rule(dx - 3 * MM, dy + dh / 2, dx + dw + 3 * MM, dy + dh / 2, primary, 1.0, (4.0, 3.0)))
    for cut in p.cuts:
        if cut == "h":
            items.append(Rule(dx - 5 * MM, dy + dh / 2, dx + dw + 5 * MM, dy + dh / 2, primary, 1.6))
        elif cut == "v":
            # down to 1.5 mm below the drawing: not into the legend under it
            items.append(Rule(dx + dw / 2, dy - 5 * MM, dx + dw / 2, dy + dh + 1.5 * MM, primary, 1.6))
        elif cut == "slit":
            items.append(Rule(dx + dw / 4, dy + dh / 2, dx + 3 * dw / 4, dy + dh / 2, primary, 2.2))
    caption = TextStyle(size=9, min_size=7, leading=1.3, align="center", color="muted")
    legend = ("图：第 1 张正面（数字为页码，倒置的数字表示该页倒印）；虚线为折线，红实线为裁切线" if scheme.sheets
              else "图：外面（页码 1），虚线为折线")
    items += flow_lines([Para(legend, caption)],
                        margin, dy + dh + 2 * MM, width, 8 * MM, frame, spec, fonts)
    return Page(sw, sh, tuple(items), 0.0, "instructions")

