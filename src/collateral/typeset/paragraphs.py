"""Chinese line breaking and justification, shared by every product.

ReportLab's CJK wrap lets lines start with ，。 and splits phone numbers; a
leaflet that does either looks careless or becomes useless. This module sets
a paragraph into lines itself, following W3C CLReq and GB/T 15834:

* no line starts with a closing or pausing mark and none ends with an
  opening mark (``textunits.NO_START``/``NO_END``): such marks are glued to
  their neighbour, so the previous character moves down with them;
* runs of Latin letters and digits, phone numbers, URLs, e-mail addresses,
  numbers with their unit, dates and 编号 with its code are never split;
* known place names break only between names and, inside a name too long for
  the line, at word ends (``placebreak``, ``linefill``);
* punctuation compression (标点挤压, ``cjk``): adjacent marks, an opening mark
  at a line's start and a closing mark at its end lose their blank halves, in
  全角式 (``full``) or 开明式 (``kaiming``); nothing hangs past the measure;
* justified lines spread the slack evenly over the gaps between characters
  (never inside a Latin run), at most ``linefill.MAX_SPREAD`` em per gap; a
  line that would need more (it ends before an unbreakable run) stays flush
  left, and so do last lines; no paragraph ends with one character alone;
* optionally, a quarter-em space separates CJK from Latin runs.

The output is plain data (:class:`Line` of :class:`Run`), in points, ready for
``render`` to draw; nothing here touches a PDF. Results are cached: the
guide's paragraphs are set once per process, whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from collateral.typeset.cjk import Mark, at_line_end, at_line_start, compress
from collateral.typeset.fonts import FontSet
from collateral.typeset.linefill import MAX_SPREAD, Word, balanced, fill, glue, no_orphan, spread
from collateral.typeset.textunits import NO_END, NO_START, Measure, Overflow, clusters_of, glyph, glyphs, is_latin, units_of

__all__ = ["NO_END", "NO_START", "MAX_SPREAD", "Line", "Overflow", "ParagraphStyle", "Run", "SetParagraph",
           "set_paragraph"]


@dataclass(frozen=True)
class Run:
    """Characters drawn in one go: x offset from the line start, face, extra spacing per glyph."""

    x: float
    text: str
    font: str
    char_space: float = 0.0


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # the line's width within the measure
    end: int = 0  # offset in the paragraph's text just past this line: where a continuation starts
    spread: float = 0.0  # em added between two characters to justify it
    loose: bool = False  # would need more than MAX_SPREAD and is not followed by an unbreakable run

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _runs(units: list[str], m: Measure, extra: float) -> tuple[tuple[Run, ...], float]:
    """Position units on a line, with ``extra`` after every unit but the last.

    Consecutive CJK characters in one face become one run whose PDF character
    spacing carries the justification; a Latin run is drawn with none. A
    compressed mark is drawn shifted left by what was cut from its left side,
    and starts a new run after what was cut from its right.
    """
    runs: list[list] = []  # [x, text, font, char_space, cjk, end]: end is where its next glyph would be drawn
    table = glyphs(m.fonts, m.style)
    size = m.size
    gaps = m.latin_gap != 0
    x = 0.0
    last = None  # the run being built
    prev_unit = None
    for unit in units:
        if prev_unit is not None:
            x += (m.gap(prev_unit, unit) if gaps else 0.0) + extra
        prev_unit = unit
        latin = is_latin(unit)
        space = 0.0 if latin else extra
        right = 0.0
        if isinstance(unit, Mark):  # a compressed mark: drawn shifted left by what was cut from its left
            right = unit.right
            x -= unit.left * size
        first = True
        for ch in unit:
            face, adv = table.get(ch) or glyph(m.fonts, m.style, ch)
            adv *= size
            if last is not None and last[2] == face and (
                    (latin and not first) or (not latin and last[4] and abs(last[5] - x) < 1e-6)):
                last[1] += ch
                last[5] = x + adv + space
            else:
                last = [x, ch, face, space, not latin, x + adv + space]
                runs.append(last)
            x += adv
            first = False
        x -= right * size
    return tuple(Run(r[0], r[1], r[2], r[3]) for r in runs), x


@dataclass(frozen=True)
class ParagraphStyle:
    """How one kind of paragraph is set; sizes in points."""

    style: str = "regular"  # face: regular or bold
    size: float = 10.0
    leading: float = 1.5  # line height as a multiple of size
    align: str = "justify"  # justify, left, center, right
    indent: float = 0.0  # first-line indent in em
    latin_gap: bool = True  # quarter-em between CJK and Latin
    phrase: float = 0.0  # >0: prefer breaking after a pausing mark if the line stays this full (0..1)
    balance: bool = False  # lines of similar length (titles)
    breaks: str = "any"  # kept for layouts that say "place": place names are protected in every text now
    punctuation: str = "full"  # 全角式 ("full") or 开明式 ("kaiming"), see cjk

    def __hash__(self) -> int:  # worked out once: a style is in the key of every paragraph set
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f) for f in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:  # a hash is only good in the process that made it (str hashes are seeded)
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


@dataclass(frozen=True)
class SetParagraph:
    lines: tuple[Line, ...]
    size: float
    leading: float  # points between baselines

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


def _ends(text: str, filled: list[list[str]]) -> list[int]:
    """Where each line ends in ``text``: spaces dropped at breaks are skipped over."""
    ends, pos = [], 0
    for units in filled:
        while pos < len(text) and text[pos] == " " and not (units and units[0] == " "):
            pos += 1
        pos += sum(len(u) for u in units)
        ends.append(pos)
    return ends


def _starts_unbreakable(units: list[str], clusters: list[list[str]]) -> bool:
    """Whether a line starts with a run no break may enter that is longer than a character or two."""
    first = units[0] if units else ""
    return len(first) > 2 or any(isinstance(c, Word) and c[0] == first and len(c) > 2 for c in clusters)


def _filled(text: str, units: list[str], m: Measure, ps: ParagraphStyle,
            width: float) -> tuple[list[list[str]], list[list[str]]]:
    """The units broken into lines (greedy filling, then balance and no 孤字: ``linefill``), and the clusters."""
    indent = ps.indent * ps.size
    clusters = glue(clusters_of(units), text)
    filled = fill(clusters, m, width, width - indent, ps.phrase)
    if ps.balance and len(filled) > 1:
        narrow = balanced(clusters, m, width, width - indent, ps.phrase, len(filled))
        filled = fill(clusters, m, narrow, narrow - indent, ps.phrase, split_over=width)
    return no_orphan(clusters, m, width, width - indent, ps.phrase, filled), clusters


def fits_one_line(natural: float, gaps: float, measure: float) -> bool:
    """Whether a text fits a line of ``measure`` pt whatever it is made of: its width before any compression
    (``natural``, pt), with its CJK–Latin gaps, is within the measure (see ``_measured``)."""
    return natural <= measure and natural + gaps <= measure


def _one_line(units: list[str]) -> list[str]:
    """The units as ``fill`` sets them on a line of their own: leading and trailing spaces dropped, the first
    and last mark compressed at the line's ends.

    For a text whose natural width (no compression, its CJK–Latin gaps) is within the first line's measure:
    every unit then joins the line, so no break, place name or kinsoku rule is asked.
    """
    start, end = 0, len(units)
    while start < end and units[start] == " ":
        start += 1
    while end > start and units[end - 1] == " ":
        end -= 1
    line = units[start:end]
    if line:
        line[0] = at_line_start(line[0])
        line[-1] = at_line_end(line[-1])
    return line


@lru_cache(maxsize=8192)
def _measured(text: str, ps: ParagraphStyle, fonts: FontSet) -> tuple[Measure, tuple[str, ...], float, float]:
    """What a paragraph is made of at any width: its measure, its units, its width before compression, and
    its CJK–Latin gaps (see ``fits_one_line``). Raises :class:`GlyphError` for a character no font has."""
    m = Measure(fonts, ps.style, ps.size, 0.25 * ps.size if ps.latin_gap else 0.0)
    advance = 0.0
    for ch in text:
        advance += glyph(fonts, ps.style, ch)[1]
    units = tuple(compress(units_of(text), ps.punctuation))
    gaps = sum(m.gap(a, b) for a, b in zip(units, units[1:])) if m.latin_gap else 0.0
    return m, units, advance * ps.size, gaps


@lru_cache(maxsize=8192)
def _single(text: str, ps: ParagraphStyle, fonts: FontSet) -> tuple[tuple[Run, ...], float, int]:
    """The text set as one line (see ``_one_line``) from x = 0: its runs, width and end; the same at any width
    it fits, so a table's cells set at each table's column widths are set once."""
    m, units, _natural, _gaps = _measured(text, ps, fonts)
    line = _one_line(list(units))
    runs, body = _runs(line, m, 0.0)
    return runs, body, _ends(text, [line])[0]


@lru_cache(maxsize=8192)
def set_paragraph(text: str, ps: ParagraphStyle, width: float, fonts: FontSet) -> SetParagraph:
    """Break ``text`` into lines no wider than ``width`` points.

    Raises :class:`Overflow` when a protected run cannot fit even alone on a
    line, and :class:`GlyphError` for a character no font has.
    """
    m, units, natural, gaps = _measured(text, ps, fonts)
    indent = ps.indent * ps.size
    if fits_one_line(natural, gaps, width - indent):
        # what filling gives a text that fits the first line, whatever its breaks: set once at any width, placed
        runs, body, end = _single(text, ps, fonts)
        offset = indent
        if ps.align == "center":
            offset += (width - indent - body) / 2
        elif ps.align == "right":
            offset += width - indent - body
        if offset:
            runs = tuple(Run(r.x + offset, r.text, r.font, r.char_space) for r in runs)
        return SetParagraph((Line(runs, body, end, 0.0, False),), ps.size, ps.size * ps.leading)
    filled, clusters = _filled(text, list(units), m, ps, width)
    ends = _ends(text, filled)
    lines = []
    for n, units in enumerate(filled):
        measure = width - (indent if n == 0 else 0.0)
        offset = indent if n == 0 else 0.0
        plain, body = _runs(units, m, 0.0)
        last = n == len(filled) - 1
        extra, loose = 0.0, False
        if ps.align == "justify" and not last and not ps.balance:
            need = spread(units, m, measure)
            if need > MAX_SPREAD + 1e-6:  # stays flush left: fine before an unbreakable run, a flaw otherwise
                loose = not _starts_unbreakable(filled[n + 1], clusters)
            else:
                extra = need * m.size
        runs = _runs(units, m, extra)[0] if extra else plain  # no spread: the same runs, set once
        body += extra * (len(units) - 1) if extra else 0.0
        if ps.align == "center":
            offset += (measure - body) / 2
        elif ps.align == "right":
            offset += measure - body
        if offset:
            runs = tuple(Run(r.x + offset, r.text, r.font, r.char_space) for r in runs)
        lines.append(Line(runs, body, ends[n], extra / m.size, loose))
    return SetParagraph(tuple(lines), ps.size, ps.size * ps.leading)
