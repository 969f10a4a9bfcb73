"""How text fits its frames, and what blocks see while a piece is composed.

In: paragraphs in layout styles and a frame (a box of a block). Out: lines
of set text (:class:`~collateral.spec.primitives.TextLine`) placed in points.
``render`` only carries them out, so everything about fit and placement is
decided, and testable, here. The block kinds (:mod:`collateral.compose.kinds`) draw
with what this module offers; :mod:`collateral.compose.engine` runs them over the
pages of a product.

Text never leaves its frame. A frame on its own is set at the largest size
between its style's ``size`` and ``min_size`` that fits; frames that share a
``chain`` name are filled one after the other at the preferred size, the
text running on from frame to frame (and a ``repeat: auto`` page is added
as long as its chain has text left). What does not fit raises
:class:`FitError` naming the data value that caused it (file:line), the
product and the frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Iterable

from collateral.compose.content import Content
from collateral.errors import FitError, GlyphError, Problem
from collateral.typeset.fonts import ASCENT, FontSet
from collateral.data.model import Source
from collateral.spec.params import MM, Color, TextStyle
from collateral.spec.primitives import TextLine
from collateral.spec.model import Block, LayoutSpec
from collateral.typeset.paragraphs import Overflow, ParagraphStyle, SetParagraph, set_paragraph
from collateral.i18n import _


# -- fitting text -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph to set in a frame; ``label`` hangs in a column to its left (1. 2. 3.)."""

    text: str
    style: TextStyle
    label: str = ""


@dataclass(frozen=True)
class Frame:
    """Where a fit happens, for error messages.

    ``data`` names the data value the frame prints, if any (a place name, a
    leaders list): an overflow is then reported at the data's file:line, the
    line a clerk must change, with the layout's frame named in the message.
    """

    product: str
    name: str
    file: str
    line: int
    unit: str
    data: tuple[str, Source] | None = None
    find_data: Callable[[], tuple[str, Source] | None] | None = None  # worked out only for a message

    def problem(self, message: str) -> Problem:
        data = self.data if self.data is not None or self.find_data is None else self.find_data()
        if data is not None:
            data_field, src = data
            return Problem(_("{message} (frame {name!r} of {product} at {file}:{line})").format(
                               message=message, name=self.name, product=self.product, file=self.file, line=self.line),
                           file=src.file, line=src.line, unit_label=self.unit, field=data_field)
        return Problem(message, file=self.file, line=self.line, unit_label=self.unit, field=self.name)


@lru_cache(maxsize=4096)
def pstyle(style: TextStyle, scale: float = 1.0) -> ParagraphStyle:
    """The paragraph style of a layout style at a scale: one object per style and scale, so the caches of set
    paragraphs keyed by it find it by identity."""
    return ParagraphStyle(
        style=style.font,
        size=round(style.size * scale, 3),
        leading=style.leading,
        align=style.align,
        indent=style.indent,
        latin_gap=style.latin_gap,
        phrase=style.phrase,
        balance=style.balance,
        breaks=style.breaks,
        punctuation=style.punctuation,
    )


@lru_cache(maxsize=1024)
def _label_style(ps: ParagraphStyle) -> ParagraphStyle:
    """How an item's label (1. 2. 3.) is set in its hanging column."""
    return replace(ps, align="left", indent=0.0)


@lru_cache(maxsize=1024)
def _unindented(ps: ParagraphStyle) -> ParagraphStyle:
    """How a paragraph continued from the frame before is set: no first-line indent."""
    return replace(ps, indent=0.0)


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
        ps = pstyle(p.style, scale)
        if n:
            y += p.style.space_before * ps.size
        label_w = p.style.label_width * ps.size if p.label else 0.0
        label = set_paragraph(p.label, _label_style(ps), label_w, fonts) if p.label else None
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
        return _("{piece!r} is {value:.1f} mm wider than the frame").format(
                   piece=err.piece, value=(err.width - err.measure) / MM)
    if flow.height <= height + 1e-6:
        return flow
    return (_("needs {value:.1f} mm but the frame is {value2:.1f} mm high ({value3:.1f} mm over)").format(
                value=flow.height / MM, value2=height / MM, value3=(flow.height - height) / MM))


@lru_cache(maxsize=4096)
def fit_flow(paras: tuple[Para, ...], width: float, height: float, fonts: FontSet,
             max_scale: float = 1.0) -> SetFlow | str:
    """The largest scale (at most ``max_scale``) at which all paragraphs fit; or why not, as text.

    Scales go down in steps of 1% of the preferred size, and from the top
    first, so a frame that fits is set at exactly its designed size.
    """
    lo = min(_min_scale(paras), max_scale)
    result = _attempt(paras, width, height, max_scale, fonts)
    if isinstance(result, SetFlow):
        return result
    steps = [s / 100 for s in range(math.ceil(lo * 100 - 1e-9), 100) if s / 100 < max_scale - 1e-9]
    best: SetFlow | None = None
    a, b = 0, len(steps) - 1
    while a <= b:  # binary search over whole-percent scales between the minimum and the top
        mid = (a + b) // 2
        result = _attempt(paras, width, height, steps[mid], fonts)
        if isinstance(result, SetFlow):
            best, a = result, mid + 1
        else:
            b = mid - 1
    if best is not None:
        return best
    result = _attempt(paras, width, height, lo, fonts)
    return result if isinstance(result, SetFlow) else _("{result} at the minimum size").format(result=result)


def _lines_of(result: SetFlow, paras: tuple[Para, ...], x: float, top: float, spec: LayoutSpec,
              frame: str) -> list[TextLine]:
    lines: list[TextLine] = []
    for (py, label_w, label, body), para in zip(result.placed, paras):
        color = spec.colors[para.style.color]
        for part, dx in ((label, 0.0), (body, label_w)):
            if part is None:
                continue
            for i, line in enumerate(part.lines):
                lines.append(TextLine(x + dx, baseline(top + py, i, part), line.runs, part.size, color, frame=frame))
    return lines


def baseline(top: float, i: int, part: SetParagraph) -> float:
    """The baseline of line ``i`` of a paragraph whose first line box starts at ``top``."""
    return top + i * part.leading + (part.leading - part.size) / 2 + ASCENT * part.size


def fit(paras: Iterable[Para], w: float, h: float, frame: Frame, fonts: FontSet,
        max_scale: float = 1.0) -> SetFlow:
    """Paragraphs set to fit a frame, or FitError naming the frame (and the data behind it)."""
    paras = tuple(paras)
    try:
        result = fit_flow(paras, round(w, 3), round(h, 3), fonts, max_scale)
    except GlyphError as err:
        raise GlyphError([frame.problem(p.message) for p in err.problems]) from err
    if isinstance(result, str):
        raise FitError(frame.problem(_("text does not fit frame {name!r} of {product}: {result}").format(
                                         name=frame.name, product=frame.product, result=result)))
    return result


class _NoFit(Exception):
    pass


def _place(paras: tuple[Para, ...], x: float, y: float, w: float, h: float, name: str, spec: LayoutSpec,
           fonts: FontSet, valign: str, max_scale: float) -> tuple[TextLine, ...]:
    result = fit_flow(paras, round(w, 3), round(h, 3), fonts, max_scale)
    if isinstance(result, str):
        raise _NoFit
    top = y + {"top": 0.0, "middle": (h - result.height) / 2, "bottom": h - result.height}[valign]
    return tuple(_lines_of(result, paras, x, top, spec, name))


# The lines of a frame, made once per distinct frame and text: most of a piece is the same every time.
_placed = lru_cache(maxsize=8192)(_place)


def flow_lines(
    paras: Iterable[Para], x: float, y: float, w: float, h: float, frame: Frame,
    spec: LayoutSpec, fonts: FontSet, valign: str = "top", max_scale: float = 1.0, remember: bool = True,
) -> list[TextLine]:
    """Set paragraphs into a frame and return their lines, or raise FitError.

    ``remember=False``: for frames placed anew in each piece that draws them (the cells of a table laid out
    for one unit): their lines are not kept, so they do not push out the lines every piece shares.
    """
    paras = tuple(paras)
    if not paras:
        return []
    try:
        return list((_placed if remember else _place)(paras, x, y, w, h, frame.name, spec, fonts, valign, max_scale))
    except (_NoFit, GlyphError):
        fit(paras, w, h, frame, fonts, max_scale)  # raises, naming the frame
        raise


# -- chained flows ----------------------------------------------------------------------------------


class _Stuck(Exception):
    """A frame that cannot take even the first line of what is left."""


def _set_part(para: Para, offset: int, width: float, fonts: FontSet) -> tuple[float, SetParagraph | None,
                                                                               SetParagraph]:
    ps = pstyle(para.style)
    label_w = para.style.label_width * ps.size if para.label else 0.0
    if offset:  # a continued paragraph: no indent, no label (its hanging column stays)
        body = set_paragraph(para.text[offset:].lstrip(" "), _unindented(ps), width - label_w, fonts)
        return label_w, None, body
    label = set_paragraph(para.label, _label_style(ps), label_w, fonts) if para.label else None
    return label_w, label, set_paragraph(para.text, ps, width - label_w, fonts)


@lru_cache(maxsize=1024)
def _fill_frame(paras: tuple[Para, ...], index: int, offset: int, x: float, y: float, w: float, h: float,
                name: str, spec: LayoutSpec, fonts: FontSet) -> tuple[tuple[TextLine, ...], int, int, float]:
    """The lines one frame of a chain takes from (index, offset), where the next frame starts, the height used.

    Pure, so the guide running through a booklet is laid out once per process, not once per unit.
    """
    out: list[TextLine] = []
    used = 0.0
    while index < len(paras):
        p = paras[index]
        label_w, label, body = _set_part(p, offset, w, fonts)
        gap = p.style.space_before * body.size if used and not offset else 0.0
        room = max(0, int((h - used - gap + 1e-6) // body.leading))
        n = len(body.lines)
        take = min(n, room)
        if take < n and n > 1:  # no single line left behind or carried over
            if n - take == 1:
                take -= 1
            if take == 1:
                take = 0
        if take == n and p.style.keep_with_next and index + 1 < len(paras) and used:
            _a, _b, nxt = _set_part(paras[index + 1], 0, w, fonts)
            need = body.height + paras[index + 1].style.space_before * nxt.size + min(2, len(nxt.lines)) * nxt.leading
            if used + gap + need > h + 1e-6:
                take = 0
        if take == 0:
            if not used:
                raise _Stuck(_("a line of {text!r} is {value:.1f} mm high").format(
                                 text=p.text[offset:][:20], value=body.leading / MM))
            break
        top = y + used + gap
        color = spec.colors[p.style.color]
        if label is not None:
            out += [TextLine(x, baseline(top, i, label), line.runs, label.size, color, frame=name)
                    for i, line in enumerate(label.lines)]
        out += [TextLine(x + label_w, baseline(top, i, body), line.runs, body.size, color, frame=name)
                for i, line in enumerate(body.lines[:take])]
        used += gap + take * body.leading
        if take < n:
            rest = p.text[offset:]
            offset += len(rest) - len(rest.lstrip(" ")) + body.lines[take - 1].end
            break
        index, offset = index + 1, 0
    return tuple(out), index, offset, used


@dataclass
class Chain:
    """Paragraphs running through frames; ``index``/``offset``: where the next frame starts."""

    name: str
    paras: tuple[Para, ...]
    index: int = 0
    offset: int = 0  # characters of paras[index] already set in earlier frames
    last: Frame | None = None
    free: tuple[int, float, float, float, float] | None = None  # (page, x, y, w, h) left below the chain's end

    @property
    def done(self) -> bool:
        return self.index >= len(self.paras)

    def fill(self, x: float, y: float, w: float, h: float, frame: Frame, spec: LayoutSpec,
             fonts: FontSet, page: int = 0, fill: float = 1.0) -> tuple[TextLine, ...]:
        """Take what fits into one frame (its top ``fill`` part: see ``compose``); the rest waits for the next."""
        self.last = frame
        try:
            lines, self.index, self.offset, used = _fill_frame(self.paras, self.index, self.offset, x, y, w,
                                                               round(h * fill, 3), frame.name, spec, fonts)
        except _Stuck as err:
            raise FitError(frame.problem(_("{err}; frame {name!r} of {product} is {value:.1f} mm").format(
                                             err=err, name=frame.name, product=frame.product, value=h / MM)))
        except Overflow as err:
            raise FitError(frame.problem(_("{piece!r} is {value:.1f} mm wider than frame {name!r} of {product}").format(
                                             piece=err.piece, value=(err.width - err.measure) / MM, name=frame.name, product=frame.product))) from err
        except GlyphError as err:
            raise GlyphError([frame.problem(pr.message) for pr in err.problems]) from err
        self.free = (page, x, y + used, w, h - used) if self.done else None
        return lines


# -- what blocks see while a piece is composed ----------------------------------------------------


@dataclass
class Ctx:
    """What blocks see while a piece is composed; ``chains`` and ``shared`` live for one piece."""

    spec: LayoutSpec
    content: Content
    fonts: FontSet
    page: int = 0  # reading-order number of the page being composed, from 1
    chains: dict[str, Chain] = field(default_factory=dict)
    shared: dict[str, float] = field(default_factory=dict)  # group name → shared size (pt)
    chain_fill: float = 1.0  # how much of each chained frame's height text may take (page balancing)
    _values: dict[str, str] | None = field(default=None, repr=False, compare=False)  # see fill
    _values_page: int = field(default=0, repr=False, compare=False)

    def frame(self, block: Block, part: str = "", text: str | None = None,
              data: tuple[str, Source | None] | None = None) -> Frame:
        """The frame of a block (or of one of its parts), naming the data it prints: given, or behind ``text``."""
        name = f"{block.name}.{part}" if part else block.name
        find = (lambda: self.content.source_of(text)) if text and data is None else None
        given = data if data is not None and data[1] is not None else None
        return Frame(self.spec.name, name, block.file, block.line, self.content.unit.label, given, find)

    def fill(self, template: str) -> str:
        if "{" not in template and "}" not in template:  # a literal text (most of a layout's): nothing to put in
            return template
        values = self._values
        if values is None:  # the piece's fields, copied once per piece; the page number set as pages go
            values = self._values = {**self.content.fields, "page": str(self.page)}
        elif self._values_page != self.page:
            values["page"] = str(self.page)
        self._values_page = self.page
        return template.format_map(values)

    def style(self, block: Block, key: str, default: str) -> TextStyle:
        return self.spec.style(block.get(key, default))

    def color(self, name: str) -> Color:
        return self.spec.colors[name]

    def max_scale(self, group: str | None, style: TextStyle) -> float:
        """The scale that sets ``style`` at its group's shared size (1.0 outside a group)."""
        if not group or group not in self.shared:
            return 1.0
        return min(1.0, self.shared[group] / style.size)
