"""``draft_mark``: 样稿 on any piece whose values are placeholders."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Hashable

from collateral.compose.kinds.base import Kind, box_pt
from collateral.compose.layout import Ctx, Para, flow_lines
from collateral.spec.params import MM, Color, Param, color_ref, mapping, number, style_ref, template
from collateral.spec.primitives import Fill, Primitive, TextLine
from collateral.spec.model import Block
from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph


WATERMARK = {
    "text": Param(template, "样稿"),
    "size": Param(number(6, 2000), 120.0, length="size"),
    "angle": Param(number(-360, 360), 35.0),
    "alpha": Param(number(0, 1), 0.08),
}


class DraftMark(Kind):
    """样稿: printed wherever a value is a placeholder, so a draft is never mistaken for the real thing.

    The label in its box; the watermark large across the page, faint, inside
    the safe area and painted under every text and code (see
    :func:`collateral.compose.engine.painted`), so black text stays 100 % K.
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
            out.append(self._watermark(ctx, block, dict(wm), color))
        return out

    def _watermark(self, ctx: Ctx, block: Block, wm: dict, color: Color) -> TextLine:
        """The watermark at its size, or smaller so that, turned, it stays inside the safe area; centred there."""
        text = ctx.fill(wm["text"])
        size = wm["size"]
        width = set_paragraph(text, _WM_STYLE, 100_000.0, ctx.fonts).lines[0].width * size  # set at 1 pt
        turn = math.radians(wm["angle"])
        cos, sin = abs(math.cos(turn)), abs(math.sin(turn))
        safe, (tw, th) = ctx.spec.safe, ctx.spec.trim
        room_w, room_h = (tw - safe.left - safe.right) * MM, (th - safe.top - safe.bottom) * MM
        size *= min(1.0, room_w / (width * cos + size * sin), room_h / (width * sin + size * cos))
        ps = ParagraphStyle(style="bold", size=size, leading=1.0, align="left", latin_gap=False)
        line = set_paragraph(text, ps, 100_000.0, ctx.fonts).lines[0]
        cx, cy = safe.left * MM + room_w / 2, safe.top * MM + room_h / 2
        up = _WM_MIDDLE * size  # from the baseline to the middle of the glyphs, along the turned line
        centred = tuple(replace(r, x=r.x - line.width / 2) for r in line.runs)
        return TextLine(cx + up * math.sin(turn), cy + up * math.cos(turn), centred, size, color, angle=wm["angle"],
                        alpha=wm["alpha"], frame=f"{block.name}.watermark")


_WM_STYLE = ParagraphStyle(style="bold", size=1.0, leading=1.0, align="left", latin_gap=False)
_WM_MIDDLE = 0.38  # em: the middle of a CJK glyph above its baseline (Noto Sans SC: -0.12 to 0.88)
