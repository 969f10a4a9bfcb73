"""``flow``: the guide's parts (and texts), fitted to a box or running through a chain of boxes."""

from __future__ import annotations

from functools import lru_cache
from typing import Hashable, Iterable

from collateral.data.guide import Guide, numbered
from collateral.compose.kinds.base import Kind, box_pt, literal
from collateral.compose.layout import Chain, Ctx, Para, flow_lines
from collateral.spec.params import Param, TextStyle, flow_content, name, style_ref
from collateral.spec.primitives import Primitive
from collateral.spec.model import Block, LayoutSpec
from collateral.i18n import _


GUIDE_STYLES = ("heading", "body", "item", "note")


def section_numbers(spec: LayoutSpec) -> dict[str, int]:
    """Each guide section a product prints → its number, 1 up, in the order the product's pages print them."""
    order: dict[str, int] = {}
    for b in spec.blocks():
        if b.kind == "flow":
            for part in b.get("content", ()):
                if part.startswith("section:"):
                    order.setdefault(part.split(":", 1)[1], len(order) + 1)
    return order


def guide_paras(spec: LayoutSpec, guide: Guide, block: Block, fill) -> list[Para]:
    """The guide's parts named in a flow block, as paragraphs in their styles."""
    style = {k: spec.style(block.get(f"{k}_style")) for k in GUIDE_STYLES}
    paras: list[Para] = []
    for part in block.get("content", ()):
        if part == "definition":
            paras.append(Para(guide.definition, style["body"]))
        elif part.startswith("section:"):
            section = guide.section(part.split(":", 1)[1])
            paras.append(Para(numbered(section_numbers(spec)[section.key], section.title), style["heading"]))
            if section.intro:
                paras.append(Para(section.intro, style["body"]))
            paras += [Para(i.text, style["item"], i.label) for i in section.items]
            if section.note:
                paras.append(Para(section.note, style["note"]))
        elif part.startswith("heading:"):
            paras.append(Para(fill(part.removeprefix("heading:")), style["heading"]))
        else:
            paras.append(Para(fill(part), style["body"]))
    return paras


def block_paras(ctx: Ctx, block: Block) -> tuple[Para, ...]:
    """A flow block's paragraphs for this piece: the same tuple for every piece with the same guide and texts,
    so the caches of chained frames keyed by them compare them by identity."""
    parts = block.get("content", ())
    return _block_paras(ctx.spec, ctx.content.guide, block, tuple(ctx.fill(part) for part in parts))


@lru_cache(maxsize=256)
def _block_paras(spec: LayoutSpec, guide: Guide, block: Block, filled: tuple[str, ...]) -> tuple[Para, ...]:
    values: dict[str, str] = {}
    for part, text in zip(block.get("content", ()), filled):
        values[part] = text
        if part.startswith("heading:"):
            values[part.removeprefix("heading:")] = text.removeprefix("heading:")
    return tuple(guide_paras(spec, guide, block, values.__getitem__))


class Flow(Kind):
    """Parts of the guide (and texts): fitted to the box, or running on through a ``chain`` of boxes."""

    params = {
        "content": Param(flow_content),
        "chain": Param(name),
        **{f"{k}_style": Param(style_ref, k) for k in GUIDE_STYLES},
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        if not block.get("content") and not block.get("chain"):
            yield "content", _("a flow needs content (or a chain it continues)")

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        if block.get("chain") is not None:  # where it starts depends on the frames before it
            return None
        return ctx.content.guide, tuple(ctx.fill(part) for part in block.get("content", ()))

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = box_pt(block)
        chain_name = block.get("chain")
        if chain_name is None:
            paras = block_paras(ctx, block)
            return flow_lines(paras, x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts)
        chain = ctx.chains.get(chain_name)
        if chain is None:
            chain = ctx.chains[chain_name] = Chain(chain_name, block_paras(ctx, block))
        return chain.fill(x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts, ctx.page, ctx.chain_fill)

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        for para in guide_paras(spec, guide, block, literal):
            yield para.text, para.style
            yield para.label, para.style
