"""Where everything goes: blocks of a product definition become placed primitives.

In: a :class:`LayoutSpec` and the :class:`Content` of one jurisdiction. Out:
pages of plain-data primitives (filled boxes, rules, lines of set text, QR
matrices) in points, measured from the top-left corner of the trimmed page.
``render`` only carries them out, so everything about fit and placement is
decided, and testable, here.

Text never leaves its frame: each frame is set at the largest size between
its style's ``size`` and ``min_size`` that fits; if even the minimum does not
fit, :class:`FitError` names the unit, the product, the frame and the overrun.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable

from collateral.content import Content, Row, TableGroup
from collateral.errors import FitError, GlyphError, Problem, QRError
from collateral.fonts import ASCENT, FontSet
from collateral.guide import Guide
from collateral.layoutspec import MM, Block, Color, LayoutSpec, TextStyle
from collateral.qr import Matrix, matrix, module_problem
from collateral.typeset import Overflow, ParagraphStyle, SetParagraph, set_paragraph


# -- primitives ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fill:
    x: float
    y: float
    w: float
    h: float
    color: Color
    radius: float = 0.0
    stroke: Color | None = None
    stroke_width: float = 0.0


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    color: Color
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class TextLine:
    """One set line: runs at x offsets from ``x``, baseline at ``y``."""

    x: float
    y: float
    runs: tuple  # typeset.Run
    size: float
    color: Color
    angle: float = 0.0
    alpha: float = 1.0
    frame: str = ""


@dataclass(frozen=True)
class QRCode:
    x: float
    y: float
    size: float  # the quiet zone included
    matrix: Matrix
    color: Color


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    items: tuple


Primitive = Fill | Rule | TextLine | QRCode


# -- fitting text -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph to set in a frame; ``label`` hangs in a column to its left (1. 2. 3.)."""

    text: str
    style: TextStyle
    label: str = ""


@dataclass(frozen=True)
class Frame:
    """Where a fit happens, for error messages: the layout file:line of the block."""

    product: str
    name: str
    file: str
    line: int
    unit: str

    def problem(self, message: str) -> Problem:
        return Problem(message, file=self.file, line=self.line, unit=self.unit, field=self.name)


def _pstyle(style: TextStyle, scale: float) -> ParagraphStyle:
    return ParagraphStyle(
        style=style.font,
        size=round(style.size * scale, 3),
        leading=style.leading,
        align=style.align,
        indent=style.indent,
        latin_gap=style.latin_gap,
        phrase=style.phrase,
    )


@dataclass(frozen=True)
class SetFlow:
    """Paragraphs set at one scale, with their vertical offsets (pt from the frame top)."""

    scale: float
    placed: tuple[tuple[float, float, SetParagraph | None, SetParagraph], ...]  # (top, x, label, body)
    height: float


def _set_flow(paras: tuple[Para, ...], width: float, scale: float, fonts: FontSet) -> SetFlow:
    placed = []
    y = 0.0
    for n, p in enumerate(paras):
        ps = _pstyle(p.style, scale)
        if n:
            y += p.style.space_before * ps.size
        label_w = p.style.label_width * ps.size if p.label else 0.0
        label = set_paragraph(p.label, replace(ps, align="left", indent=0.0), label_w, fonts) if p.label else None
        body = set_paragraph(p.text, ps, width - label_w, fonts)
        placed.append((y, label_w, label, body))
        y += body.height
    return SetFlow(scale, tuple(placed), y)


def _min_scale(paras: tuple[Para, ...]) -> float:
    return max(p.style.smallest / p.style.size for p in paras)


def _attempt(paras: tuple[Para, ...], width: float, height: float, scale: float, fonts: FontSet) -> SetFlow | str:
    """The paragraphs set at ``scale`` if they fit the frame; otherwise why not, as text."""
    try:
        flow = _set_flow(paras, width, scale, fonts)
    except Overflow as err:
        return f"{err.piece!r} is {(err.width - err.measure) / MM:.1f} mm wider than the frame"
    if flow.height <= height + 1e-6:
        return flow
    return (f"needs {flow.height / MM:.1f} mm but the frame is {height / MM:.1f} mm high "
            f"({(flow.height - height) / MM:.1f} mm over)")


@lru_cache(maxsize=4096)
def fit_flow(paras: tuple[Para, ...], width: float, height: float, fonts: FontSet) -> SetFlow | str:
    """The largest scale at which all paragraphs fit; or why not, as text.

    Scales go down in steps of 1% of the preferred size, and from 100% first,
    so a frame that fits is set at exactly its designed size.
    """
    result = _attempt(paras, width, height, 1.0, fonts)
    if isinstance(result, SetFlow):
        return result
    lo = _min_scale(paras)
    steps = [s / 100 for s in range(int(lo * 100 + 0.999), 100)]
    best: SetFlow | None = None
    a, b = 0, len(steps) - 1
    while a <= b:  # binary search over whole-percent scales between the minimum and 100%
        mid = (a + b) // 2
        result = _attempt(paras, width, height, steps[mid], fonts)
        if isinstance(result, SetFlow):
            best, a = result, mid + 1
        else:
            b = mid - 1
    if best is not None:
        return best
    result = _attempt(paras, width, height, lo, fonts)
    return result if isinstance(result, SetFlow) else f"{result} at the minimum size"


def flow_lines(
    paras: Iterable[Para], x: float, y: float, w: float, h: float, frame: Frame,
    spec: LayoutSpec, fonts: FontSet, valign: str = "top",
) -> list[TextLine]:
    """Set paragraphs into a frame and return their lines, or raise FitError."""
    paras = tuple(paras)
    if not paras:
        return []
    try:
        result = fit_flow(paras, round(w, 3), round(h, 3), fonts)
    except GlyphError as err:
        raise GlyphError([frame.problem(p.message) for p in err.problems]) from err
    if isinstance(result, str):
        raise FitError(frame.problem(f"text does not fit frame {frame.name!r} of {frame.product}: {result}"))
    top = y + {"top": 0.0, "middle": (h - result.height) / 2, "bottom": h - result.height}[valign]
    lines: list[TextLine] = []
    for (py, label_w, label, body), para in zip(result.placed, paras):
        color = spec.colors[para.style.color]
        for part, dx in ((label, 0.0), (body, label_w)):
            if part is None:
                continue
            for i, line in enumerate(part.lines):
                base = top + py + i * part.leading + (part.leading - part.size) / 2 + ASCENT * part.size
                lines.append(TextLine(x + dx, base, line.runs, part.size, color, frame=frame.name))
    return lines


# -- blocks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ctx:
    spec: LayoutSpec
    content: Content
    fonts: FontSet

    def frame(self, block: Block, part: str = "") -> Frame:
        name = f"{block.name}.{part}" if part else block.name
        return Frame(self.spec.name, name, block.file, block.line, self.content.unit.label)

    def fill(self, template: str) -> str:
        try:
            return template.format_map(self.content.fields)
        except (KeyError, ValueError) as err:
            raise FitError(Problem(f"unknown field {err} in text {template!r}; known: "
                                   f"{', '.join(sorted(self.content.fields))}", file=self.spec.file)) from err

    def style(self, block: Block, key: str, default: str) -> TextStyle:
        return self.spec.style(block.get(key, default))

    def color(self, name: str) -> Color:
        return self.spec.colors[name]


def _box(block: Block) -> tuple[float, float, float, float]:
    x, y, w, h = block.box
    return x * MM, y * MM, w * MM, h * MM


def block_rect(ctx: Ctx, block: Block) -> list[Primitive]:
    x, y, w, h = _box(block)
    stroke = block.get("stroke")
    return [Fill(x, y, w, h, ctx.color(block.get("fill", "paper")), float(block.get("radius", 0)) * MM,
                 ctx.color(stroke) if stroke else None, float(block.get("stroke_width", 0.3)) * MM)]


def block_text(ctx: Ctx, block: Block) -> list[Primitive]:
    x, y, w, h = _box(block)
    style = ctx.style(block, "style", "body")
    if block.get("color"):
        style = replace(style, color=block.get("color"))
    texts = block.get("text", "")
    texts = [texts] if isinstance(texts, str) else list(texts)
    paras = [Para(ctx.fill(t), style) for t in texts]
    return flow_lines(paras, x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts, block.get("valign", "top"))


def guide_paras(spec: LayoutSpec, guide: Guide, block: Block, fill: Callable[[str], str]) -> list[Para]:
    """The guide's parts named in a flow block, as paragraphs in their styles."""
    style = {k: spec.style(block.get(f"{k}_style", k)) for k in ("heading", "body", "item", "note")}
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
        else:
            paras.append(Para(fill(part), style["body"]))
    return paras


def block_flow(ctx: Ctx, block: Block) -> list[Primitive]:
    x, y, w, h = _box(block)
    paras = guide_paras(ctx.spec, ctx.content.guide, block, ctx.fill)
    return flow_lines(paras, x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts)


def _qr_matrix(ctx: Ctx, block: Block, kind: str, size_mm: float) -> Matrix:
    channel = ctx.content.channels.get(kind)
    src = channel.source if channel else None
    where = dict(file=src.file if src else ctx.spec.file, line=src.line if src else None,
                 unit=ctx.content.unit.label, field=f"channels.{kind}.qr")
    if channel is None or not channel.qr:
        raise QRError(Problem(f"{block.name}: channel {kind!r} has no QR payload (qr or qr_image)", **where))
    try:
        m = matrix(channel.qr, block.get("ecc", "M"))
    except QRError as err:
        raise QRError([replace(p, **where) for p in err.problems]) from err
    problem = module_problem(m, size_mm)
    if problem:
        raise QRError(Problem(f"{block.name}: {problem}", **where))
    return m


def block_qr_card(ctx: Ctx, block: Block) -> list[Primitive]:
    """A channel with its QR code: label above, code, one-line instruction below."""
    x, y, w, h = _box(block)
    kind = block.get("channel")
    channel = ctx.content.channels.get(kind)
    qr_mm = float(block.get("qr_size", 40))
    label_h = float(block.get("label_height", 10)) * MM
    m = _qr_matrix(ctx, block, kind, qr_mm)
    q = qr_mm * MM
    out: list[Primitive] = []
    if block.get("fill"):
        out.append(Fill(x, y, w, h, ctx.color(block.get("fill")), float(block.get("radius", 0)) * MM))
    pad = float(block.get("padding", 3)) * MM
    out += flow_lines([Para(channel.label, ctx.style(block, "label_style", "card_label"))],
                      x + pad, y + pad, w - 2 * pad, label_h, ctx.frame(block, "label"), ctx.spec, ctx.fonts,
                      "middle")
    qy = y + pad + label_h
    out.append(Fill(x + (w - q) / 2, qy, q, q, ctx.color(block.get("qr_background", "paper"))))  # quiet zone
    out.append(QRCode(x + (w - q) / 2, qy, q, m, ctx.color(block.get("qr_color", "ink"))))
    how = [channel.how] if channel.how else []
    out += flow_lines([Para(t, ctx.style(block, "how_style", "card_text")) for t in how],
                      x + pad, qy + q, w - 2 * pad, y + h - pad - qy - q, ctx.frame(block, "how"), ctx.spec,
                      ctx.fonts)
    return out


def block_sms_card(ctx: Ctx, block: Block) -> list[Primitive]:
    """The SMS channel: the number large, the message format, the 'text only' note."""
    x, y, w, h = _box(block)
    channel = ctx.content.channels.get(block.get("channel", "sms"))
    if channel is None or not channel.number:
        raise FitError(ctx.frame(block).problem("no SMS number resolved (channels.sms.number)"))
    out: list[Primitive] = []
    if block.get("fill"):
        out.append(Fill(x, y, w, h, ctx.color(block.get("fill")), float(block.get("radius", 0)) * MM))
    pad = float(block.get("padding", 3)) * MM
    parts = block.get("parts", ())
    cy = y + pad
    for part in parts:
        part = dict(part)
        ph = float(part["height"]) * MM
        text = ctx.fill(part["text"])
        style = ctx.spec.style(part.get("style", "card_text"))
        out += flow_lines([Para(text, style)], x + pad, cy, w - 2 * pad, ph,
                          ctx.frame(block, part.get("name", "part")), ctx.spec, ctx.fonts,
                          part.get("valign", "middle"))
        cy += ph
    if cy > y + h - pad + 1e-6:
        raise FitError(ctx.frame(block).problem(f"parts are {(cy - y - h + pad) / MM:.1f} mm taller than the block"))
    return out


def _table_rows(groups: tuple[TableGroup, ...]) -> list[tuple[str, Row | str]]:
    rows: list[tuple[str, Row | str]] = []
    for g in groups:
        if len(groups) > 1:
            rows.append(("group", g.title))
        rows += [("row", r) for r in g.rows]
    return rows


def block_leaders_table(ctx: Ctx, block: Block) -> list[Primitive]:
    """职务 / 姓名 / 公开号码, one group per unit; a missing value is a line to write on."""
    x, y, w, h = _box(block)
    out: list[Primitive] = []
    title_h = float(block.get("title_height", 10)) * MM
    if block.get("title"):
        out += flow_lines([Para(ctx.fill(block.get("title")), ctx.style(block, "title_style", "table_title"))],
                          x, y, w, title_h, ctx.frame(block, "title"), ctx.spec, ctx.fonts, "middle")
        y += title_h
        h -= title_h
    rows = _table_rows(ctx.content.tables)
    header = tuple(block.get("header", ("职务", "姓名", "公开号码")))
    cols = [float(c) for c in block.get("columns", (0.4, 0.25, 0.35))]
    widths = [c / sum(cols) * w for c in cols]
    n = len(rows) + 1
    row_h = min(float(block.get("row_height", 10)) * MM, h / max(n, 1))
    if row_h < float(block.get("min_row_height", 6)) * MM - 1e-6:
        need = n * float(block.get("min_row_height", 6)) * MM
        raise FitError(ctx.frame(block).problem(
            f"leaders table {block.name!r} of {ctx.spec.name}: {n - 1} rows need {need / MM:.1f} mm, "
            f"the frame has {h / MM:.1f} mm ({(need - h) / MM:.1f} mm over)"))
    rule = ctx.color(block.get("rule_color", "rule"))
    rule_w = float(block.get("rule_width", 0.25)) * MM
    pad = float(block.get("cell_padding", 2)) * MM
    head_style = ctx.style(block, "header_style", "table_header")
    cell_style = ctx.style(block, "cell_style", "table_cell")
    group_style = ctx.style(block, "group_style", "table_group")
    out.append(Fill(x, y, w, row_h, ctx.color(block.get("header_fill", "tint"))))

    def cells(texts: Iterable[str], cy: float, style: TextStyle, part: str) -> None:
        cx = x
        for text, cw in zip(texts, widths):
            if text:
                out.extend(flow_lines([Para(text, style)], cx + pad, cy, cw - 2 * pad, row_h,
                                      ctx.frame(block, part), ctx.spec, ctx.fonts, "middle"))
            else:  # blank to fill in by hand
                base = cy + row_h * 0.72
                out.append(Rule(cx + pad * 2, base, cx + cw - pad * 2, base, rule, rule_w))
            cx += cw

    cells(header, y, head_style, "header")
    cy = y + row_h
    for kind, row in rows:
        if kind == "group":
            out.append(Fill(x, cy, w, row_h, ctx.color(block.get("group_fill", "paper"))))
            out += flow_lines([Para(str(row), group_style)], x + pad, cy, w - 2 * pad, row_h,
                              ctx.frame(block, "group"), ctx.spec, ctx.fonts, "middle")
        else:
            cells((row.role, row.name, row.phone), cy, cell_style, "cell")
        cy += row_h
    # grid: outer frame and row rules; column rules skip group rows, which span the table
    out.append(Rule(x, y, x + w, y, rule, rule_w))
    for i in range(1, n + 1):
        out.append(Rule(x, y + i * row_h, x + w, y + i * row_h, rule, rule_w))
    out.append(Rule(x, y, x, y + n * row_h, rule, rule_w))
    out.append(Rule(x + w, y, x + w, y + n * row_h, rule, rule_w))
    kinds = ["header"] + [kind for kind, _ in rows]
    cx = x
    for cw in widths[:-1]:
        cx += cw
        for i, kind in enumerate(kinds):
            if kind != "group":
                out.append(Rule(cx, y + i * row_h, cx, y + (i + 1) * row_h, rule, rule_w))
    return out


def block_draft_mark(ctx: Ctx, block: Block) -> list[Primitive]:
    """样稿: printed wherever a value is a placeholder, so a draft is never mistaken for the real thing."""
    if not ctx.content.is_draft:
        return []
    x, y, w, h = _box(block)
    color = ctx.color(block.get("color", "primary"))
    out: list[Primitive] = [Fill(x, y, w, h, ctx.color(block.get("fill", "paper")), 1.5 * MM, color, 0.6 * MM)]
    style = ctx.style(block, "style", "draft")
    text = ctx.fill(block.get("text", "样稿"))
    out += flow_lines([Para(text, style)], x, y, w, h, ctx.frame(block), ctx.spec, ctx.fonts, "middle")
    wm = block.get("watermark")
    if wm:
        wm = dict(wm)
        size = float(wm.get("size", 120))
        ps = ParagraphStyle(style="bold", size=size, leading=1.0, align="left", latin_gap=False)
        line = set_paragraph(str(wm.get("text", "样稿")), ps, 10_000.0, ctx.fonts).lines[0]
        pw, ph = ctx.spec.trim[0] * MM, ctx.spec.trim[1] * MM
        centred = tuple(replace(r, x=r.x - line.width / 2) for r in line.runs)
        out.append(TextLine(pw / 2, ph / 2, centred, size, color, angle=float(wm.get("angle", 35)),
                            alpha=float(wm.get("alpha", 0.08)), frame=f"{block.name}.watermark"))
    return out


BLOCKS: dict[str, Callable[[Ctx, Block], list[Primitive]]] = {
    "rect": block_rect,
    "text": block_text,
    "flow": block_flow,
    "qr_card": block_qr_card,
    "sms_card": block_sms_card,
    "leaders_table": block_leaders_table,
    "draft_mark": block_draft_mark,
}


def static_characters(spec: LayoutSpec, guide: Guide, fonts: FontSet) -> dict[str, str]:
    """Characters every piece of a product draws whatever the unit, by font, in code-point order.

    The guide and the layout's literal texts: what ``render`` assigns font
    codes to first, so that font subsets repeat from piece to piece.
    """
    chars: dict[str, set[str]] = {}

    def add(text: str, style: TextStyle) -> None:
        for ch in text:
            face = fonts.face_for(style.font, ch)
            if face is not None and not ch.isspace():
                chars.setdefault(face.name, set()).add(ch)

    def literal(text: str) -> str:
        return "" if "{" in text else text

    for blocks in spec.pages:
        for block in blocks:
            if block.kind == "text":
                texts = block.get("text", "")
                for text in [texts] if isinstance(texts, str) else texts:
                    add(literal(text), spec.style(block.get("style", "body")))
            elif block.kind == "flow":
                for para in guide_paras(spec, guide, block, literal):
                    add(para.text, para.style)
                    add(para.label, para.style)
    return {font: "".join(sorted(cs)) for font, cs in sorted(chars.items())}


def compose(spec: LayoutSpec, content: Content, fonts: FontSet) -> tuple[Page, ...]:
    """Lay out every page of a product for one jurisdiction."""
    ctx = Ctx(spec, content, fonts)
    w, h = spec.trim[0] * MM, spec.trim[1] * MM
    return tuple(
        Page(w, h, tuple(item for block in blocks for item in BLOCKS[block.kind](ctx, block)))
        for blocks in spec.pages
    )

