"""The print instruction sheet that starts every imposed booklet: paper, duplex, cut, fold, staple.

A township clerk gets a PDF of oddly ordered, partly upside-down pages; this
one page in plain Chinese, with a small drawing of the sheet, says what to do
with them. It is made from the plan itself, so it never contradicts it.
"""

from __future__ import annotations

from dataclasses import replace

from collateral.fonts import FontSet
from collateral.impose import Plan, sheet_size
from collateral.layout import Fill, Frame, Page, Para, Rule, flow_lines
from collateral.params import MM, TextStyle
from collateral.specmodel import LayoutSpec

PAPER = {(210.0, 297.0): "A4", (297.0, 210.0): "A4", (148.0, 210.0): "A5", (210.0, 148.0): "A5",
         (105.0, 148.0): "A6", (148.0, 105.0): "A6"}


def _paper(size: tuple[float, float]) -> str:
    name = PAPER.get(size, f"{size[0]:g}×{size[1]:g} mm")
    orientation = "横向" if size[0] > size[1] else "纵向"
    return f"{name} 纸（{min(size):g}×{max(size):g} mm），{orientation}"


def steps(p: Plan, page_size: tuple[float, float], manual: bool) -> list[str]:
    """What to do, in order, in plain Chinese."""
    sheet = sheet_size(p.mode, page_size)
    sheets = len({s.sheet for s in p.sides})
    if p.mode == "zine":
        return [
            f"纸张：一张{_paper(sheet)}，单面打印，选“实际大小”（不要“适合页面”）。",
            "对折：印字的一面朝外，沿横向中线对折（上排折到背面）。",
            "剪开：从折线一侧，沿折线剪开中间两格之间的部分（只剪中间一半，图中红线）。",
            "成册：展开后沿纵向中线对折，从两端向中间推，让剪口张开，压平成 8 页的小册子，封面是“1”。",
        ]
    edge = {"long": "长边翻转", "short": "短边翻转"}[p.flip]
    duplex = (f"双面打印：在打印机设置中选“双面打印—{edge}”，选“实际大小”。"
              if not manual else
              "手动双面：先打印“正面”文件；取出整叠纸，不改变顺序，空白面朝打印面放回纸盒"
              "（顶边方向不变），再打印“背面”文件：它从最后一张的背面印起。")
    out = [f"纸张：{_paper(sheet)}，共 {sheets} 张（本说明页另计，背面空白）。", duplex]
    if p.mode == "cutstack":
        out.append("裁切：把印好的纸按顺序叠齐（第 1 张在上，正面朝上），沿横向中线整叠裁开；"
                   "把上半叠放在下半叠之上。")
    out += [
        "折叠：整叠纸对齐，封面（页码 1）朝外，沿竖向中线对折（图中虚线）。",
        "装订：在折线上钉两枚骑马钉；如有需要，裁齐开口一边。",
    ]
    return out


def sheet(p: Plan, page_size: tuple[float, float], spec: LayoutSpec, fonts: FontSet, manual: bool = False) -> Page:
    """One page, the size of the plan's sheet: the steps and a drawing of the first sheet side."""
    sw, sh = (v * MM for v in sheet_size(p.mode, page_size))
    ink, primary, muted = (spec.colors[c] for c in ("ink", "primary", "muted"))
    margin = 12 * MM
    width = sw - 2 * margin
    title = TextStyle(font="bold", size=16, min_size=11, leading=1.3, align="left", color="primary")
    body = TextStyle(size=11, min_size=8, leading=1.5, align="left", color="ink", label_width=1.6)
    mode_name = {"saddle": "骑马订", "cutstack": "裁切叠放骑马订", "zine": "一张纸折页"}[p.mode]
    frame = Frame(spec.name, "instructions", spec.file, 0, "")
    items: list = []
    items += flow_lines([Para(f"口袋书打印与装订说明（{mode_name}）", title)], margin, margin, width, 12 * MM,
                        frame, spec, fonts, "middle")
    text_h = sh * 0.5 - 28 * MM
    paras = [Para(t, body, f"{n}.") for n, t in enumerate(steps(p, page_size, manual), 1)]
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
    for axis in p.folds:
        if axis == "v":
            items.append(Rule(dx + dw / 2, dy - 3 * MM, dx + dw / 2, dy + dh + 3 * MM, primary, 1.0, (4.0, 3.0)))
        elif axis == "h":
            items.append(Rule(dx - 3 * MM, dy + dh / 2, dx + dw + 3 * MM, dy + dh / 2, primary, 1.0, (4.0, 3.0)))
    for cut in p.cuts:
        if cut == "h":
            items.append(Rule(dx - 5 * MM, dy + dh / 2, dx + dw + 5 * MM, dy + dh / 2, primary, 1.6))
        elif cut == "slit":
            items.append(Rule(dx + dw / 4, dy + dh / 2, dx + 3 * dw / 4, dy + dh / 2, primary, 2.2))
    caption = TextStyle(size=9, min_size=7, leading=1.3, align="center", color="muted")
    items += flow_lines([Para("图：第 1 张正面（数字为页码，倒置的数字表示该页倒印）；虚线为折线，红实线为裁切线", caption)],
                        margin, dy + dh + 2 * MM, width, 8 * MM, frame, spec, fonts)
    return Page(sw, sh, tuple(items), 0.0, "instructions")
