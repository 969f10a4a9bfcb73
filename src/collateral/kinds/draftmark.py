"""``draft_mark``: 样稿 on any piece whose values are placeholders."""

from __future__ import annotations

from dataclasses import replace
from typing import Hashable

from collateral.kinds.base import Kind, box_pt
from collateral.layout import Ctx, Para, flow_lines
from collateral.params import MM, Param, color_ref, mapping, number, style_ref, template
from collateral.primitives import Fill, Primitive, TextLine
from collateral.specmodel import Block
from collateral.typeset import ParagraphStyle, set_paragraph


WATERMARK = {
    "text": Param(template, "样稿"),
    "size": Param(number(6, 2000), 120.0, length="size"),
    "angle": Param(number(-360, 360), 35.0),
    "alpha": Param(number(0, 1), 0.08),
}


class DraftMark(Kind):
    """样稿: printed wherever a value is a placeholder, so a draft is never mistaken for the real thing.

    Put it last on the page: its watermark lies over the cards, faint.
    """

    params = {
        "color": Param(color_ref, "primary"),
        "fill": Param(color_ref, "paper"),
        "style": Param(style_ref, "draft"),
        "text": Param(template, "样稿"),
        "watermark": Param(mapping(WATERMARK)),
    }

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        watermark = dict(block.get("watermark") or ())
        return ctx.content.is_draft, ctx.fill(block.get("text")), ctx.fill(watermark.get("text", ""))

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        if not ctx.content.is_draft:
            return []
        x, y, w, h = box_pt(block)
        color = ctx.color(block.get("color"))
        out: list[Primitive] = [Fill(x, y, w, h, ctx.color(block.get("fill")), 1.5 * MM, color, 0.6 * MM)]
        style = ctx.style(block, "style", "")
        out += flow_lines([Para(ctx.fill(block.get("text")), style)], x, y, w, h, ctx.frame(block), ctx.spec,
                          ctx.fonts, "middle")
        wm = block.get("watermark")
        if wm:
            wm = dict(wm)
            size = wm["size"]
            ps = ParagraphStyle(style="bold", size=size, leading=1.0, align="left", latin_gap=False)
            line = set_paragraph(ctx.fill(wm["text"]), ps, 100_000.0, ctx.fonts).lines[0]
            pw, ph = ctx.spec.trim[0] * MM, ctx.spec.trim[1] * MM
            centred = tuple(replace(r, x=r.x - line.width / 2) for r in line.runs)
            out.append(TextLine(pw / 2, ph / 2, centred, size, color, angle=wm["angle"], alpha=wm["alpha"],
                                frame=f"{block.name}.watermark"))
        return out
