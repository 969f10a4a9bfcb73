"""``text``: paragraphs of layout text with {fields}, fitted to their box."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Hashable, Iterable

from collateral.data.guide import Guide
from collateral.compose.kinds.base import VALIGN, Kind, box_pt, literal
from collateral.compose.layout import Ctx, Para, flow_lines
from collateral.spec.params import Param, TextStyle, color_ref, style_ref, templates
from collateral.spec.primitives import Primitive
from collateral.spec.model import Block, LayoutSpec


@lru_cache(maxsize=256)
def _colored(style: TextStyle, color: str) -> TextStyle:
    """A style in a block's own colour: one object per style and colour (it keys the fitting caches)."""
    return replace(style, color=color)


class Text(Kind):
    """One or more paragraphs of layout text with {fields}, fitted to the box."""

    params = {
        "text": Param(templates, required=True),
        "style": Param(style_ref, "body"),
        "color": Param(color_ref),
        "valign": Param(VALIGN, "top"),
    }

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return tuple(ctx.fill(t) for t in block.get("text"))

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = box_pt(block)
        style = ctx.style(block, "style", "body")
        if block.get("color"):
            style = _colored(style, block.get("color"))
        texts = block.get("text")
        paras = [Para(ctx.fill(t), style) for t in texts]
        return flow_lines(paras, x, y, w, h, ctx.frame(block, text="".join(texts)), ctx.spec, ctx.fonts,
                          block.get("valign"))

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        style = spec.style(block.get("style"))
        return [(literal(t), style) for t in block.get("text")]
