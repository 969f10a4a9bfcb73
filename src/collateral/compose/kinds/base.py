"""What every block kind is: its parameter schema and how it lays itself out; helpers kinds share.

Each kind declares its parameters (checked when the layout loads, see
:mod:`collateral.products.specparts`), lays itself out into primitives, names the
text it always draws (so font subsets can be prepared once per product) and
the headings it shares a size with.
"""

from __future__ import annotations

from typing import ClassVar, Hashable, Iterable

from collateral.data.guide import Guide
from collateral.compose.layout import Ctx, Frame, Para
from collateral.spec.params import MM, Param, TextStyle, choice, color_ref, number
from collateral.spec.primitives import Fill, Primitive
from collateral.spec.model import Block, LayoutSpec

VALIGN = choice("top", "middle", "bottom")


def box_pt(block: Block) -> tuple[float, float, float, float]:
    """A block's box in points: layouts speak millimetres, primitives points."""
    x, y, w, h = block.box
    return x * MM, y * MM, w * MM, h * MM


class Kind:
    """A block kind: its parameter schema and how it lays itself out."""

    params: ClassVar[dict[str, Param]] = {}
    background: ClassVar[bool] = False  # may reach into the bleed and the safe area

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        """Problems between parameters (key, message), once each has passed its own check."""
        return ()

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        raise NotImplementedError

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        """Text this block draws for every unit (literal, no fields)."""
        return ()

    def grouped(self, ctx: Ctx, block: Block) -> Iterable[tuple[str, tuple[Para, ...], float, float, Frame]]:
        """Headings that share one size with the others of their group: (group, paras, w, h, frame)."""
        return ()

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        """All of a piece this block's output depends on, or None if it cannot say (it is laid out anew).

        Two pieces with equal inputs get the very same primitives, so a
        block the same for every township (a QR card, the guide, the
        county's table) is laid out once per process; only what varies per
        unit (its name, its edition code) is set per piece.
        """
        return None


def literal(text: str) -> str:
    """A layout text if it is the same for every unit (no {fields}), else nothing: for font subsets."""
    return "" if "{" in text else text


# The parameters every card (QR, SMS) has: its background, corners and inner margin.
CARD = {
    "fill": Param(color_ref),
    "radius": Param(number(0), 0.0, length="size"),
    "padding": Param(number(0), 3.0, length="size"),
}


def card_back(ctx: Ctx, block: Block, x: float, y: float, w: float, h: float) -> list[Primitive]:
    """A card's background, if it has a fill."""
    return [Fill(x, y, w, h, ctx.color(block.get("fill")), block.get("radius") * MM)] if block.get("fill") else []
