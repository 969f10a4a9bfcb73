"""``sms_card``: the SMS channel in parts stacked top to bottom."""

from __future__ import annotations

from functools import lru_cache
from typing import Hashable, Iterable

from collateral.errors import FitError
from collateral.data.guide import Guide
from collateral.compose.kinds.base import CARD, VALIGN, Kind, box_pt, card_back, literal
from collateral.compose.layout import Ctx, Para, flow_lines
from collateral.data.model import channel_gap
from collateral.spec.params import MM, Param, TextStyle, choice, mappings, name, number, style_ref, template
from collateral.spec.primitives import Primitive
from collateral.spec.model import Block, LayoutSpec
from collateral.i18n import _


SMS_PART = {
    "name": Param(name, "part"),
    "height": Param(number(1), required=True, length="y"),
    "style": Param(style_ref, "card_text"),
    "text": Param(template, required=True),
    "valign": Param(VALIGN, "middle"),
    "group": Param(name),
}


@lru_cache(maxsize=256)
def _part_dicts(block: Block) -> tuple[dict, ...]:
    """A card's parts as dicts, made once per block (read, never changed)."""
    return tuple(dict(part) for part in block.get("parts"))


class SMSCard(Kind):
    """The SMS channel in parts stacked top to bottom: label, number large, message format, note."""

    params = {
        "channel": Param(choice("sms"), "sms"),
        "parts": Param(mappings(SMS_PART), required=True),
        **CARD,
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        *_xyw, h = block.box
        total = sum(dict(p)["height"] for p in block.get("parts")) + 2 * block.get("padding")
        if total > h + 1e-6:
            yield "parts", _("parts and padding are {total:g} mm high; the card is {h:g} mm").format(
                               total=total, h=h)

    def _parts(self, ctx: Ctx, block: Block):
        x, y, w, h = box_pt(block)
        pad = block.get("padding") * MM
        cy = y + pad
        for part in _part_dicts(block):
            ph = part["height"] * MM
            para = Para(ctx.fill(part["text"]), ctx.spec.style(part["style"]))
            yield part, (para,), x + pad, cy, w - 2 * pad, ph, ctx.frame(block, part["name"], part["text"])
            cy += ph

    def grouped(self, ctx: Ctx, block: Block):
        for part, paras, _a, _b, w, h, frame in self._parts(ctx, block):
            if part.get("group"):
                yield part["group"], paras, w, h, frame

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        parts = tuple((ctx.fill(part["text"]), ctx.shared.get(part.get("group"))) for part in _part_dicts(block))
        return ctx.content.channels.get(block.get("channel")), parts

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        gap = channel_gap("sms", ctx.content.channels.get(block.get("channel")))
        if gap:
            raise FitError(ctx.frame(block).problem(gap))
        out = card_back(ctx, block, *box_pt(block))
        for part, paras, px, py, pw, ph, frame in self._parts(ctx, block):
            out += flow_lines(paras, px, py, pw, ph, frame, ctx.spec, ctx.fonts, part["valign"],
                              ctx.max_scale(part.get("group"), paras[0].style))
        return out

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        return [(literal(dict(p)["text"]), spec.style(dict(p)["style"])) for p in block.get("parts")]
