"""Composing a piece: every page of a product, for one jurisdiction, as placed primitives.

The engine over the block kinds: it asks each block's kind (from the
registry in :mod:`collateral.kinds`) to lay itself out, shares heading sizes
within a group, adds ``repeat: auto`` pages while a chained flow has text
left, and remembers blocks that are the same for every piece
(:meth:`Kind.inputs`). What a kind draws with (primitives, fitting text,
chains, :class:`Ctx`) is in :mod:`collateral.layout`, below the kinds.
"""

from __future__ import annotations

from typing import Iterable

from collateral.content import Content
from collateral.errors import FitError
from collateral.fonts import FontSet
from collateral.guide import Guide
from collateral.kinds import KINDS
from collateral.kinds.base import Kind
from collateral.layout import Ctx, fit
from collateral.params import MM
from collateral.primitives import Page
from collateral.specmodel import Block, LayoutSpec, PageSpec


def _shared_sizes(ctx: Ctx, blocks: Iterable[Block]) -> dict[str, float]:
    """Headings in one group (the cards of a row) share one size: the smallest any of them needs."""
    sizes: dict[str, float] = {}
    for block in blocks:
        for group, paras, w, h, frame in KINDS[block.kind].grouped(ctx, block):
            result = fit(paras, w, h, frame, ctx.fonts)
            size = min(p.style.size * result.scale for p in paras)
            sizes[group] = min(sizes.get(group, size), size)
    return sizes


_LAID_OUT: dict[tuple, tuple] = {}  # (spec, block, fonts, inputs) → primitives: see Kind.inputs
_LAID_OUT_MAX = 50_000


def _block_items(ctx: Ctx, block: Block, kind: Kind) -> tuple:
    inputs = kind.inputs(ctx, block)
    if inputs is None:
        return tuple(kind.layout(ctx, block))
    key = (ctx.spec, block, ctx.fonts, inputs)
    items = _LAID_OUT.get(key)
    if items is None:
        items = tuple(kind.layout(ctx, block))  # a failure raises here, and is never remembered
        if len(_LAID_OUT) >= _LAID_OUT_MAX:
            _LAID_OUT.clear()
        _LAID_OUT[key] = items
    return items


def _page(ctx: Ctx, spec: PageSpec) -> Page:
    ctx.shared = _shared_sizes(ctx, spec.blocks)
    items = tuple(item for block in spec.blocks for item in _block_items(ctx, block, KINDS[block.kind]))
    guides = tuple(("fold", "v", x * MM) for x in spec.folds)
    return Page(spec.trim[0] * MM, spec.trim[1] * MM, items, ctx.spec.bleed * MM, str(ctx.page), guides)


def _chains_of(spec: PageSpec) -> set[str]:
    return {b.get("chain") for b in spec.blocks if b.get("chain")}


MAX_PAGES = 200  # a chain that never ends (a frame too small for any progress) stops here


def compose(spec: LayoutSpec, content: Content, fonts: FontSet) -> tuple[Page, ...]:
    """Lay out every page of a product for one jurisdiction."""
    ctx = Ctx(spec, content, fonts)
    pages: list[Page] = []
    for page_spec in spec.pages:
        while True:
            ctx.page = len(pages) + 1
            pages.append(_page(ctx, page_spec))
            chains = [ctx.chains[c] for c in _chains_of(page_spec) if c in ctx.chains]
            if not page_spec.repeat or all(c.done for c in chains) or len(pages) >= MAX_PAGES:
                break
    for chain in ctx.chains.values():
        if not chain.done and chain.last is not None:
            rest = chain.paras[chain.index].text[chain.offset:][:20]
            raise FitError(chain.last.problem(
                f"chained flow {chain.name!r} of {spec.name} has text left after its last frame "
                f"{chain.last.name!r}, from {rest!r}: add a frame, a repeat: auto page, or shorten the text"))
    return tuple(pages)


def static_characters(spec: LayoutSpec, guide: Guide, fonts: FontSet) -> dict[str, str]:
    """Characters every piece of a product draws whatever the unit, by font, in code-point order.

    The guide and the layout's literal texts: what ``render`` assigns font
    codes to first, so that font subsets repeat from piece to piece.
    """
    chars: dict[str, set[str]] = {}
    for block in spec.blocks():
        for text, style in KINDS[block.kind].static_text(spec, guide, block):
            for ch in text:
                face = fonts.face_for(style.font, ch)
                if face is not None and not ch.isspace():
                    chars.setdefault(face.name, set()).add(ch)
    return {font: "".join(sorted(cs)) for font, cs in sorted(chars.items())}
