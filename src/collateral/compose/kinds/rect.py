"""``rect``: a filled box, a band or a panel behind other blocks."""

from __future__ import annotations

from typing import Hashable

from collateral.compose.kinds.base import Kind, box_pt
from collateral.compose.layout import Ctx
from collateral.spec.params import MM, Param, color_ref, number
from collateral.spec.primitives import Fill, Primitive
from collateral.spec.model import Block


class Rect(Kind):
    """A filled box: a band, a panel behind other blocks."""

    background = True
    params = {
        "fill": Param(color_ref, "paper"),
        "radius": Param(number(0), 0.0, length="size"),
        "stroke": Param(color_ref),
        "stroke_width": Param(number(0), 0.3, length="size"),
    }

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ()

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = box_pt(block)
        stroke = block.get("stroke")
        return [Fill(x, y, w, h, ctx.color(block.get("fill")), block.get("radius") * MM,
                     ctx.color(stroke) if stroke else None, block.get("stroke_width") * MM)]
