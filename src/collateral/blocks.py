"""The kinds of block a layout is made of; one class each, one registry.

Each kind declares its parameters (checked when the layout loads, see
:mod:`collateral.layoutspec`), lays itself out into primitives, names the
text it always draws (so font subsets can be prepared once per product) and
the headings it shares a size with. A new kind is a class here and a line in
:data:`KINDS`; nothing else lists kinds.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import ClassVar, Hashable, Iterable

from collateral.errors import FitError, Problem, QRError
from collateral.guide import Guide
from collateral.layout import Ctx, Fill, Frame, Para, Primitive, QRCode, TextLine, Chain, flow_lines
from collateral.layoutspec import (MM, Block, LayoutSpec, Param, TextStyle, choice, color_ref, flag, flow_content,
                                   mapping, mappings, name, number, strings, style_ref, template, templates)
from collateral.model import channel_gap
from collateral.qr import Matrix, matrix, module_problem
from collateral.tabledraw import layout_table
from collateral.typeset import ParagraphStyle, set_paragraph

VALIGN = choice("top", "middle", "bottom")


def _box(block: Block) -> tuple[float, float, float, float]:
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


def _literal(text: str) -> str:
    return "" if "{" in text else text


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
        x, y, w, h = _box(block)
        stroke = block.get("stroke")
        return [Fill(x, y, w, h, ctx.color(block.get("fill")), block.get("radius") * MM,
                     ctx.color(stroke) if stroke else None, block.get("stroke_width") * MM)]


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
        x, y, w, h = _box(block)
        style = ctx.style(block, "style", "body")
        if block.get("color"):
            style = replace(style, color=block.get("color"))
        texts = block.get("text")
        paras = [Para(ctx.fill(t), style) for t in texts]
        return flow_lines(paras, x, y, w, h, ctx.frame(block, text="".join(texts)), ctx.spec, ctx.fonts,
                          block.get("valign"))

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        style = spec.style(block.get("style"))
        return [(_literal(t), style) for t in block.get("text")]


GUIDE_STYLES = ("heading", "body", "item", "note")


def guide_paras(spec: LayoutSpec, guide: Guide, block: Block, fill) -> list[Para]:
    """The guide's parts named in a flow block, as paragraphs in their styles."""
    style = {k: spec.style(block.get(f"{k}_style")) for k in GUIDE_STYLES}
    paras: list[Para] = []
    for part in block.get("content", ()):
        if part == "definition":
            paras.append(Para(guide.definition, style["body"]))
        elif part.startswith("section:"):
            section = guide.section(part.split(":", 1)[1])
            paras.append(Para(section.title, style["heading"]))
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


class Flow(Kind):
    """Parts of the guide (and texts): fitted to the box, or running on through a ``chain`` of boxes."""

    params = {
        "content": Param(flow_content),
        "chain": Param(name),
        **{f"{k}_style": Param(style_ref, k) for k in GUIDE_STYLES},
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        if not block.get("content") and not block.get("chain"):
            yield "content", "a flow needs content (or a chain it continues)"

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        if block.get("chain") is not None:  # where it starts depends on the frames before it
            return None
        return ctx.content.guide, tuple(ctx.fill(part) for part in block.get("content", ()))

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = _box(block)
        chain_name = block.get("chain")
        if chain_name is None:
            paras = guide_paras(ctx.spec, ctx.content.guide, block, ctx.fill)
            return flow_lines(paras, x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts)
        chain = ctx.chains.get(chain_name)
        if chain is None:
            chain = ctx.chains[chain_name] = Chain(
                chain_name, tuple(guide_paras(ctx.spec, ctx.content.guide, block, ctx.fill)))
        return chain.fill(x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts)

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        for para in guide_paras(spec, guide, block, _literal):
            yield para.text, para.style
            yield para.label, para.style


CARD = {
    "fill": Param(color_ref),
    "radius": Param(number(0), 0.0, length="size"),
    "padding": Param(number(0), 3.0, length="size"),
}


def _card(ctx: Ctx, block: Block, x: float, y: float, w: float, h: float) -> list[Primitive]:
    return [Fill(x, y, w, h, ctx.color(block.get("fill")), block.get("radius") * MM)] if block.get("fill") else []


class QRCard(Kind):
    """A channel with its QR code: label above, code, one-line instruction below."""

    params = {
        "channel": Param(choice("wechat", "app"), required=True),
        "qr_size": Param(number(10, 2000), 40.0, length="size"),
        "label_height": Param(number(1), 10.0, length="y"),
        "label_style": Param(style_ref, "card_label"),
        "how_style": Param(style_ref, "card_text"),
        "qr_background": Param(color_ref, "paper"),
        "qr_color": Param(color_ref, "ink"),
        "ecc": Param(choice("L", "M", "Q", "H"), "M"),
        "group": Param(name),
        **CARD,
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        _, _, w, h = block.box
        pad = block.get("padding")
        if block.get("qr_size") > w - 2 * pad + 1e-6:
            yield "qr_size", f"a {block.get('qr_size'):g} mm code does not fit the {w:g} mm wide card"
        if block.get("qr_size") + block.get("label_height") + 2 * pad > h + 1e-6:
            yield "qr_size", (f"label {block.get('label_height'):g} mm + code {block.get('qr_size'):g} mm + padding "
                              f"do not fit the {h:g} mm high card")

    def _label(self, ctx: Ctx, block: Block) -> tuple[tuple[Para, ...], float, float, Frame]:
        x, y, w, h = _box(block)
        pad = block.get("padding") * MM
        channel = ctx.content.channels[block.get("channel")]
        frame = ctx.frame(block, "label", data=(f"channels.{channel.kind}.label", channel.source))
        return (Para(channel.label, ctx.style(block, "label_style", "")),), w - 2 * pad, \
            block.get("label_height") * MM, frame

    def grouped(self, ctx: Ctx, block: Block):
        if block.get("group"):
            yield (block.get("group"), *self._label(ctx, block))

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ctx.content.channels.get(block.get("channel")), ctx.shared.get(block.get("group"))

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = _box(block)
        kind = block.get("channel")
        channel = ctx.content.channels.get(kind)
        qr_mm = block.get("qr_size")
        m = qr_matrix(ctx, block, kind, qr_mm)
        q = qr_mm * MM
        out = _card(ctx, block, x, y, w, h)
        pad = block.get("padding") * MM
        paras, lw, lh, frame = self._label(ctx, block)
        out += flow_lines(paras, x + pad, y + pad, lw, lh, frame, ctx.spec, ctx.fonts, "middle",
                          ctx.max_scale(block.get("group"), paras[0].style))
        qy = y + pad + lh
        out.append(Fill(x + (w - q) / 2, qy, q, q, ctx.color(block.get("qr_background"))))  # quiet zone
        out.append(QRCode(x + (w - q) / 2, qy, q, m, ctx.color(block.get("qr_color"))))
        how = [channel.how] if channel.how else []
        how_frame = ctx.frame(block, "how", data=(f"channels.{kind}.how", channel.source))
        out += flow_lines([Para(t, ctx.style(block, "how_style", "")) for t in how],
                          x + pad, qy + q, w - 2 * pad, y + h - pad - qy - q, how_frame, ctx.spec, ctx.fonts)
        return out


def qr_matrix(ctx: Ctx, block: Block, kind: str, size_mm: float) -> Matrix:
    channel = ctx.content.channels.get(kind)
    src = channel.source if channel else None
    where = dict(file=src.file if src else ctx.spec.file, line=src.line if src else None,
                 unit=ctx.content.unit.label, field=f"channels.{kind}.qr")
    gap = channel_gap(kind, channel)
    if gap:
        raise QRError(Problem(f"{block.name}: {gap}", **where))
    try:
        m = matrix(channel.qr, block.get("ecc", "M"))
    except QRError as err:
        raise QRError([replace(p, **where) for p in err.problems]) from err
    problem = module_problem(m, size_mm)
    if problem:
        raise QRError(Problem(f"{block.name}: {problem}", **where))
    return m


SMS_PART = {
    "name": Param(name, "part"),
    "height": Param(number(1), required=True, length="y"),
    "style": Param(style_ref, "card_text"),
    "text": Param(template, required=True),
    "valign": Param(VALIGN, "middle"),
    "group": Param(name),
}


class SMSCard(Kind):
    """The SMS channel in parts stacked top to bottom: label, number large, message format, note."""

    params = {
        "channel": Param(choice("sms"), "sms"),
        "parts": Param(mappings(SMS_PART), required=True),
        **CARD,
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        _, _, _, h = block.box
        total = sum(dict(p)["height"] for p in block.get("parts")) + 2 * block.get("padding")
        if total > h + 1e-6:
            yield "parts", f"parts and padding are {total:g} mm high; the card is {h:g} mm"

    def _parts(self, ctx: Ctx, block: Block):
        x, y, w, h = _box(block)
        pad = block.get("padding") * MM
        cy = y + pad
        for part in block.get("parts"):
            part = dict(part)
            ph = part["height"] * MM
            para = Para(ctx.fill(part["text"]), ctx.spec.style(part["style"]))
            yield part, (para,), x + pad, cy, w - 2 * pad, ph, ctx.frame(block, part["name"], part["text"])
            cy += ph

    def grouped(self, ctx: Ctx, block: Block):
        for part, paras, _, _, w, h, frame in self._parts(ctx, block):
            if part.get("group"):
                yield part["group"], paras, w, h, frame

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        parts = tuple((ctx.fill(dict(part)["text"]), ctx.shared.get(dict(part).get("group")))
                      for part in block.get("parts"))
        return ctx.content.channels.get(block.get("channel")), parts

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        gap = channel_gap("sms", ctx.content.channels.get(block.get("channel")))
        if gap:
            raise FitError(ctx.frame(block).problem(gap))
        out = _card(ctx, block, *_box(block))
        for part, paras, px, py, pw, ph, frame in self._parts(ctx, block):
            out += flow_lines(paras, px, py, pw, ph, frame, ctx.spec, ctx.fonts, part["valign"],
                              ctx.max_scale(part.get("group"), paras[0].style))
        return out

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        return [(_literal(dict(p)["text"]), spec.style(dict(p)["style"])) for p in block.get("parts")]


COLUMNS = ("职务", "姓名", "公开号码")


class LeadersTable(Kind):
    """职务 / 姓名 / 公开号码, one group per unit; a missing value is a line to write on (or ``blank``'s text).

    Columns are sized from the measured text, long roles wrap within their
    row, and type shrinks only to the styles' ``min_size``: see
    :mod:`collateral.tablefit`. ``row_height`` is a one-line row as designed,
    ``min_row_height`` the least one may get.
    """

    params = {
        "title": Param(template),
        "title_height": Param(number(1), 10.0, length="y"),
        "title_style": Param(style_ref, "table_title"),
        "header": Param(strings, COLUMNS),
        "row_height": Param(number(1), 10.0, length="y"),
        "min_row_height": Param(number(1), 6.0, length="y"),
        "rule_color": Param(color_ref, "rule"),
        "rule_width": Param(number(0), 0.25, length="size"),
        "cell_padding": Param(number(0), 2.0, length="size"),
        "header_style": Param(style_ref, "table_header"),
        "cell_style": Param(style_ref, "table_cell"),
        "group_style": Param(style_ref, "table_group"),
        "header_fill": Param(color_ref, "tint"),
        "group_fill": Param(color_ref, "paper"),
        "blank": Param(template, ""),  # what a missing name or number says; empty: a line to write on
        "hand_rows": Param(flag, True),  # rows with neither name nor number, to fill in by hand
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        if len(block.get("header")) != len(COLUMNS):
            yield "header", f"the header needs {len(COLUMNS)} texts ({'/'.join(COLUMNS)}), got {len(block.get('header'))}"
        if block.get("min_row_height") > block.get("row_height"):
            yield "min_row_height", "min_row_height is larger than row_height"

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        yield "".join(block.get("header")), spec.style(block.get("header_style"))
        yield _literal(block.get("title") or ""), spec.style(block.get("title_style"))
        yield _literal(block.get("blank") or ""), spec.style(block.get("cell_style"))

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ctx.content.tables, ctx.fill(block.get("title") or "")

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        return layout_table(ctx, block)


class LeadersColumns(LeadersTable):
    """The leaders table in side-by-side columns, for the many units below a city or the province.

    Takes as few columns (up to ``max_columns``) as hold the rows at the
    designed size; a unit's group runs on into the next column (its name
    repeated) only when whole groups do not fit. With one column the table
    stands at its ``max_width``, centred; ``valign`` places it in the box.
    """

    params = {
        **LeadersTable.params,
        "max_columns": Param(number(1, 12), 3.0),
        "column_gap": Param(number(0), 8.0, length="x"),
        "max_width": Param(number(10), length="x"),
        "valign": Param(VALIGN, "top"),
    }


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
    :func:`collateral.layout.painted`), so black text stays 100 % K.
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
        x, y, w, h = _box(block)
        color = ctx.color(block.get("color"))
        out: list[Primitive] = [Fill(x, y, w, h, ctx.color(block.get("fill")), 1.5 * MM, color, 0.6 * MM)]
        style = ctx.style(block, "style", "")
        out += flow_lines([Para(ctx.fill(block.get("text")), style)], x, y, w, h, ctx.frame(block), ctx.spec,
                          ctx.fonts, "middle")
        wm = block.get("watermark")
        if wm:
            out.append(self._watermark(ctx, block, dict(wm), color))
        return out

    def _watermark(self, ctx: Ctx, block: Block, wm: dict, color) -> TextLine:
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
        cx = (safe.left * MM + room_w / 2)
        cy = (safe.top * MM + room_h / 2)
        up = _WM_MIDDLE * size  # from the baseline to the middle of the glyphs, along the turned line
        centred = tuple(replace(r, x=r.x - line.width / 2) for r in line.runs)
        return TextLine(cx + up * math.sin(turn), cy + up * math.cos(turn), centred, size, color, angle=wm["angle"],
                        alpha=wm["alpha"], frame=f"{block.name}.watermark")


_WM_STYLE = ParagraphStyle(style="bold", size=1.0, leading=1.0, align="left", latin_gap=False)
_WM_MIDDLE = 0.38  # em: the middle of a CJK glyph above its baseline (Noto Sans SC: -0.12 to 0.88)


KINDS: dict[str, Kind] = {
    "rect": Rect(),
    "text": Text(),
    "flow": Flow(),
    "qr_card": QRCard(),
    "sms_card": SMSCard(),
    "leaders_table": LeadersTable(),
    "leaders_columns": LeadersColumns(),
    "draft_mark": DraftMark(),
}
