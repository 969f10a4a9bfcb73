"""``edition_mark``: the piece's Data Matrix (see :mod:`collateral.compose.editionmark`).

The block's box (the largest square in it, centred: a scaled layout may
stretch it) is the symbol with its quiet zone: the symbol is as large as the
box allows, ``quiet`` modules of paper all round, so a layout sizes the
mark per product (13 mm on a leaflet read at ~9 px/mm, 84 mm on a board a
phone sees at ~1.6 px/mm). ``min_module`` refuses a box too small for the
photos the product is checked from.
"""

from __future__ import annotations

from typing import ClassVar, Hashable

from collateral.compose.editionmark import Mark, code_at, matrix
from collateral.errors import FitError
from collateral.compose.kinds.base import Kind
from collateral.compose.layout import Ctx
from collateral.spec.params import MM, Param, color_ref, name, number
from collateral.spec.primitives import Fill, Primitive
from collateral.spec.model import Block
from collateral.i18n import _


def product_of(ctx: Ctx, block: Block) -> str:
    """The product as the manifest names it: the block's ``product``, or the layout's family (``booklet``-a6)."""
    return block.get("product") or ctx.spec.name.split("-", 1)[0]


class EditionMark(Kind):
    """Unit code, product and edition code as a Data Matrix, on paper-coloured ground."""

    params: ClassVar[dict[str, Param]] = {
        "product": Param(name),
        "quiet": Param(number(1, 10), 1.0),
        "min_module": Param(number(0.1, 50), 0.4, length="size"),
        "fill": Param(color_ref, "paper"),
        "color": Param(color_ref, "ink"),
    }

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ctx.content.unit.code, product_of(ctx, block), ctx.content.edition

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = (v * MM for v in block.box)
        x, y, w = x + max(w - h, 0) / 2, y + max(h - w, 0) / 2, min(w, h)  # a square, centred (scaled layouts)
        m = matrix(Mark(ctx.content.unit.code, product_of(ctx, block), ctx.content.edition))
        quiet = block.get("quiet")
        module = w / (m.size + 2 * quiet)
        if module < block.get("min_module") * MM - 1e-6:
            raise FitError(ctx.frame(block).problem(
                _("edition mark {name!r}: a {size}×{size} symbol in a {box:g} mm box has {value:.2f} mm "
                   "modules, less than min_module {value2:g} mm").format(
                    name=block.name, size=m.size, box=block.box[2], value=module / MM, value2=block.get('min_module'))))
        side = module * m.size
        return [Fill(x, y, w, w, ctx.color(block.get("fill"))),
                code_at(x + quiet * module, y + quiet * module, side, m, ctx.color(block.get("color")))]
