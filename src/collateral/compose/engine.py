"""Composing a piece: every page of a product, for one jurisdiction, as placed primitives.

The engine over the block kinds: it asks each block's kind (from the
registry in :mod:`collateral.compose.kinds`) to lay itself out, shares heading sizes
within a group, adds ``repeat: auto`` pages while a chained flow has text
left, and remembers blocks that are the same for every piece
(:meth:`Kind.inputs`). What a kind draws with (primitives, fitting text,
chains, :class:`Ctx`) is in :mod:`collateral.compose.layout`, below the kinds.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from collateral.compose.content import Content
from collateral.errors import FitError
from collateral.typeset.fonts import ASCENT, FontSet
from collateral.data.guide import Guide
from collateral.compose.kinds import KINDS
from collateral.compose.kinds.base import Kind
from collateral.compose.layout import Ctx, fit
from collateral.spec.params import MM
from collateral.spec.primitives import Fill, Page, QRCode, Rule, TextLine
from collateral.spec.model import Block, LayoutSpec, PageSpec
from collateral.i18n import _


_SHARED: dict[tuple, dict[str, float]] = {}  # (spec, grouped blocks, fonts, their inputs) → sizes: see _shared_sizes


def _shared_sizes(ctx: Ctx, blocks: Iterable[Block]) -> dict[str, float]:
    """Headings in one group (the cards of a row) share one size: the smallest any of them needs.

    Worked out once per page design and inputs of its grouped blocks (their ``Kind.inputs`` with no shared
    size yet: all that their headings depend on), not once per piece.
    """
    grouped = tuple(b for b in blocks if type(KINDS[b.kind]).grouped is not Kind.grouped)
    if not grouped:
        return {}
    ctx.shared = {}
    inputs = tuple(KINDS[b.kind].inputs(ctx, b) for b in grouped)
    key = (ctx.spec, grouped, ctx.fonts, inputs) if None not in inputs else None
    sizes = _SHARED.get(key) if key is not None else None
    if sizes is not None:
        return sizes
    sizes = {}
    for block in grouped:
        for group, paras, w, h, frame in KINDS[block.kind].grouped(ctx, block):
            result = fit(paras, w, h, frame, ctx.fonts)  # a failure raises here, and is never remembered
            size = min(p.style.size * result.scale for p in paras)
            sizes[group] = min(sizes.get(group, size), size)
    if key is not None:
        if len(_SHARED) >= 4096:
            _SHARED.clear()
        _SHARED[key] = sizes
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


WASH_UNDER = ("board",)  # products whose faint marks are painted under text (see painted)


def painted(items: tuple) -> tuple:
    """A page's items in the order they are painted: fills, then washes, then text, rules and codes.

    A wash (a faint mark such as the 样稿 watermark, drawn with alpha) lies
    over backgrounds and cards but under every text and code, so black text
    and QR modules stay 100 % K on press output. Pages without a wash keep
    their order. Only boards (press) are painted so: a turned glyph first in
    the content makes PDF viewers (PDFium, Chrome) break every line of the
    page's text when copied or searched, which matters for office leaflets
    and booklets, whose printers make no four-colour black of a 7 % tint.
    """
    washes = tuple(i for i in items if isinstance(i, TextLine) and i.alpha < 1)
    if not washes:
        return items
    fills = tuple(i for i in items if isinstance(i, Fill))
    return fills + washes + tuple(i for i in items if not isinstance(i, Fill) and i not in washes)


def _page(ctx: Ctx, spec: PageSpec) -> Page:
    ctx.shared = _shared_sizes(ctx, spec.blocks)
    items = tuple(item for block in spec.blocks for item in _block_items(ctx, block, KINDS[block.kind]))
    if ctx.spec.product in WASH_UNDER:
        items = painted(items)
    guides = tuple(("fold", "v", x * MM) for x in spec.folds)
    return Page(spec.trim[0] * MM, spec.trim[1] * MM, items, ctx.spec.bleed * MM, str(ctx.page), guides)


def _chains_of(spec: PageSpec) -> set[str]:
    return {b.get("chain") for b in spec.blocks if b.get("chain")}


MAX_PAGES = 200  # a chain that never ends (a frame too small for any progress) stops here
PULL_GAP = 6 * MM  # between the end of a chained flow and a block pulled up below it


def _moved(item, dy: float):
    """A primitive moved down by ``dy``: a copy of its fields with new ones for y (``replace`` re-reads every
    field's definition per call, and a booklet's table pulled up below the guide is hundreds of them)."""
    moved = object.__new__(type(item))
    fields = moved.__dict__
    fields.update(item.__dict__)
    if isinstance(item, Rule):
        fields["y1"], fields["y2"] = item.y1 + dy, item.y2 + dy
    else:
        fields["y"] = item.y + dy
    return moved


_MOVED: dict[tuple[int, float], tuple[tuple, tuple]] = {}  # (id of laid-out items, dy) → (items, moved)


def _moved_all(items: tuple, dy: float) -> tuple:
    """The items moved down by ``dy``; a table laid out once per county is moved once, not once per piece."""
    key = (id(items), round(dy, 3))
    hit = _MOVED.get(key)
    if hit is not None and hit[0] is items:
        return hit[1]
    moved = tuple(_moved(i, dy) for i in items)
    if len(_MOVED) > 4096:
        _MOVED.clear()
    _MOVED[key] = (items, moved)
    return moved


def _bottom(item) -> float:
    if isinstance(item, Rule):
        return max(item.y1, item.y2) + item.width / 2
    if isinstance(item, TextLine):
        return item.y + (1 - ASCENT) * item.size
    if isinstance(item, (Fill, QRCode)):
        return item.y + (item.h if isinstance(item, Fill) else item.size)
    return item.y + item.size[1]


def _pull_up(ctx: Ctx, pages: list[Page], spec: PageSpec) -> bool:
    """Set ``spec.pull_up`` blocks on the previous page, below where its chained flow ended, if they fit.

    A leaders table that would stand alone on a page while the page before
    it is half empty shares that page instead (the blocks keep their own
    layout, moved up; the page's other blocks, a page number, are dropped with it).
    """
    chain = next((c for c in ctx.chains.values() if c.free and c.free[0] == len(pages)), None)
    if chain is None or chain.free is None or chain.last is None:
        return False
    _x, _y, top, _w, room = chain.free
    frame = chain.last.name
    moved: list = []
    for block in spec.blocks:
        if block.name not in spec.pull_up:
            continue
        items = _block_items(ctx, block, KINDS[block.kind])
        y = block.box[1] * MM
        height = max((_bottom(i) for i in items), default=y) - y
        if height + PULL_GAP > room + 1e-6:
            return False
        moved += _moved_all(items, top + PULL_GAP - y)
        top, room = top + PULL_GAP + height, room - PULL_GAP - height
    items = pages[-1].items
    after = max((i for i, it in enumerate(items) if isinstance(it, TextLine) and it.frame == frame), default=-1) + 1
    pages[-1] = replace(pages[-1], items=items[:after] + tuple(moved) + items[after:])  # read after the flow
    return True


SHEET_PAGES = 4  # a folded booklet has a multiple of 4 pages; more are printed blank
FILLS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)  # chained frames' share of their height, tried in turn
_FLOW_PLANS: dict[tuple, tuple[bool, float]] = {}  # (spec, guide, tables) → (pull, fill): see compose


def compose(spec: LayoutSpec, content: Content, fonts: FontSet) -> tuple[Page, ...]:
    """Lay out every page of a product for one jurisdiction.

    A page with ``pull_up`` blocks (a booklet's leaders table) gives them to
    the page before when they fit below its chained flow: no table stands on
    a page of its own after a half-empty one. If that leaves the booklet
    short of whole sheets (a blank page is no better), or there is no room,
    the chained text is balanced instead: set into the top 90 %, 80 % … of
    its frames, so it runs over one page more and the table shares that
    page; failing that, the table keeps a page of its own. Which way is decided once per layout,
    guide and table (the page count depends on nothing else).
    """
    if not any(p.pull_up for p in spec.pages):
        return _compose(spec, content, fonts)[0]
    key = (spec, content.guide, content.tables)
    plan = _FLOW_PLANS.get(key)
    if plan is not None:
        return _compose(spec, content, fonts, *plan)[0]
    plan = None
    for fill in FILLS:  # the fullest pages on which the table shares the last guide page, in whole sheets
        try:
            pages, pulled = _compose(spec, content, fonts, True, fill)
        except FitError:
            if fill == 1.0:
                raise  # the product as designed does not fit: say so
            continue
        if pulled and len(pages) % SHEET_PAGES == 0:
            plan = (True, fill)
            break
    if plan is None:  # the table keeps a page of its own
        plan = (False, 1.0)
        pages = _compose(spec, content, fonts, False)[0]
    if len(_FLOW_PLANS) > 4096:
        _FLOW_PLANS.clear()
    _FLOW_PLANS[key] = plan
    return pages


def _compose(spec: LayoutSpec, content: Content, fonts: FontSet, pull: bool = True,
             fill: float = 1.0) -> tuple[tuple[Page, ...], bool]:
    """The pages, and whether a page's blocks were pulled up onto the one before."""
    ctx = Ctx(spec, content, fonts, chain_fill=fill)
    pages: list[Page] = []
    pulled = False
    for page_spec in spec.pages:
        if pull and page_spec.pull_up and pages:
            ctx.page = len(pages)
            if _pull_up(ctx, pages, page_spec):
                pulled = True
                continue
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
                _("chained flow {name!r} of {name2} has text left after its last frame {name3!r}, from "
                   "{rest!r}: add a frame, a repeat: auto page, or shorten the text").format(
                    name=chain.name, name2=spec.name, name3=chain.last.name, rest=rest)))
    return tuple(pages), pulled


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
