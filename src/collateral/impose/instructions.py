"""The print instruction page that starts every imposed or folded office file: paper, duplex, cut, fold.

A township clerk gets a PDF of oddly ordered, partly upside-down pages (or a
tri-fold that must be printed flipping on the short edge); this one page in
plain Chinese, with a small drawing of the sheet, says what to do with them.
Its words come from the scheme (:mod:`collateral.impose.schemes`) and its drawing
from the plan itself, so it never contradicts the sheets it comes with.
A print shop's file never carries it.
"""

from __future__ import annotations

from dataclasses import replace

from collateral.typeset.fonts import FontSet
from collateral.impose.sheetmap import SheetMap
from collateral.compose.layout import Frame, Para, flow_lines
from collateral.spec.params import MM, TextStyle
from collateral.spec.primitives import Fill, Page, Rule
from collateral.impose.schemes import Scheme
from collateral.spec.model import LayoutSpec


def steps(scheme: Scheme, p: SheetMap, page_size: tuple[float, float], manual: bool) -> list[str]:
    """What to do, in order, in plain Chinese."""
    return scheme.steps(p, page_size, manual)


def page(scheme: Scheme, p: SheetMap, page_size: tuple[float, float], spec: LayoutSpec, fonts: FontSet,
         manual: bool = False, what: str = "口袋书", guides: tuple[tuple, ...] = ()) -> Page:
    """One page, the size of the plan's sheet: the steps and a drawing of the first sheet side.

    ``guides``: fold lines of pages printed as they are (a tri-fold's), drawn on the sheet.
    """
    paper = scheme.sheet_for(page_size) if scheme.sheets else page_size
    sw, sh = (v * MM for v in paper)
    ink, primary, muted = (spec.colors[c] for c in ("ink", "primary", "muted"))
    margin = 12 * MM
    width = sw - 2 * margin
    title = TextStyle(font="bold", size=16, min_size=11, leading=1.3, align="left", color="primary")
    body = TextStyle(size=11, min_size=8, leading=1.5, align="left", color="ink", label_width=1.6)
    frame = Frame(spec.name, "instructions", spec.file, 0, "")
    items: list = []
    items += flow_lines([Para(f"{what}打印说明（{scheme.title}）", title)], margin, margin, width, 12 * MM,
                        frame, spec, fonts, "middle")
    text_h = sh * 0.5 - 28 * MM
    paras = [Para(t, body, f"{n}.") for n, t in enumerate(steps(scheme, p, page_size, manual), 1)]
    items += flow_lines(paras, margin, margin + 16 * MM, width, text_h, frame, spec, fonts)
    # the drawing: the first sheet side, cells numbered with their reading pages, folds dashed, cuts red
    top = margin + 16 * MM + text_h + 6 * MM
    avail_w, avail_h = width, sh - top - margin
    k = min(avail_w / sw, avail_h / sh, 0.6)
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
            x = dx + at * k
            items.append(Rule(x, dy - 3 * MM, x, dy + dh + 3 * MM, primary, 1.0, (4.0, 3.0)))
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
