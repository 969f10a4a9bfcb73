"""Chinese line breaking and justification, shared by every product.

ReportLab's CJK wrap lets lines start with ，。 and splits phone numbers; a
leaflet that does either looks careless or becomes useless. This module sets
a paragraph into lines itself, following GB/T 15834 and common CJK practice:

* no line starts with a closing or pausing mark (:data:`NO_START`) and none
  ends with an opening mark (:data:`NO_END`): such marks are glued to their
  neighbour, so the previous character moves down with them; a single
  trailing ，。、 may instead hang into the margin;
* runs of Latin letters and digits, phone numbers, URLs, e-mail addresses and
  numbers with their unit are never split;
* justified lines spread the slack evenly over the gaps between characters
  (never inside a Latin run); last lines stay flush left;
* optionally, a quarter-em space separates CJK from Latin runs;
* optionally (``breaks="place"``, for place names and titles that hold
  them), lines break only at the end of a place word (after 市, 县, 街道,
  开发区 …, see :func:`place_breaks`): 郑州市金水区 / 花园路街道, never
  花园路街 / 道; a word wider than the line still breaks where it must.

The output is plain data (:class:`Line` of :class:`Run`), in points, ready for
``render`` to draw; nothing here touches a PDF. Results are cached: the
guide's paragraphs are set once per process, whatever the number of units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from collateral.errors import GlyphError, Problem
from collateral.fonts import FontSet, describe

NO_START = frozenset("，。、；：？！）》」』】〕〗〙〛〉’”…—·％‰℃｝］｠,.;:?!)]}%")
NO_END = frozenset("（《「『【〔〖〘〚〈‘“｛［｟([{")
HANGABLE = frozenset("，。、,.")
_UNITS = "%％‰℃年月日时分秒元个天岁米次件项条号"
PROTECTED = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+=%]*[A-Za-z0-9/]"  # URL
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"  # e-mail
    r"|[A-Za-z0-9]+(?:[-.:/'][A-Za-z0-9]+)*(?:[" + _UNITS + r"])?"  # words, phone numbers, 3.5, 12:30, 60日
)
_EPS = 1e-6


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
    width: float  # the line's width within the measure, hanging mark excluded
    hang: float = 0.0  # how far a hanging mark reaches past the measure
    end: int = 0  # offset in the paragraph's text just past this line: where a continuation starts

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class Overflow(Exception):
    """An unbreakable piece is wider than the measure at this size."""

    def __init__(self, piece: str, width: float, measure: float) -> None:
        super().__init__(piece, width, measure)
        self.piece, self.width, self.measure = piece, width, measure


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
    )


def _is_latin(unit: str) -> bool:
    return unit[:1].isascii() and unit[:1].isalnum()


def units_of(text: str) -> list[str]:
    """Split text into the smallest pieces that may stand apart: a CJK character or a protected run."""
    out: list[str] = []
    pos = 0
    for m in PROTECTED.finditer(text):
        out.extend(text[pos : m.start()])
        out.append(m.group())
        pos = m.end()
    out.extend(text[pos:])
    return out


def clusters_of(units: list[str]) -> list[list[str]]:
    """Glue units into clusters no line break may enter (kinsoku).

    A unit opening with a no-start mark joins the cluster before it; a cluster
    ending with a no-end mark takes the unit after it. Spaces stand alone.
    """
    clusters: list[list[str]] = []
    for unit in units:
        if unit == " ":
            clusters.append([unit])
            continue
        prev = clusters[-1] if clusters and clusters[-1] != [" "] else None
        if prev is not None and (unit[0] in NO_START or prev[-1][-1] in NO_END):
            prev.append(unit)
        else:
            clusters.append([unit])
    return clusters


@lru_cache(maxsize=65536)
def _glyph(fonts: FontSet, style: str, ch: str) -> tuple[str, float]:
    """The face that draws ``ch`` and its advance in em: asked a million times per batch, worked out once."""
    face = fonts.face_for(style, ch)
    if face is None:
        raise GlyphError(Problem(f"no bundled font has the character {describe(ch)}"))
    return face.name, face.advance(ch)


@lru_cache(maxsize=65536)
def _width(fonts: FontSet, style: str, unit: str) -> float:
    return sum(_glyph(fonts, style, ch)[1] for ch in unit)


@dataclass(frozen=True)
class Measure:
    """Widths at one size in one style (points)."""

    fonts: FontSet
    style: str
    size: float
    latin_gap: float  # extra space between CJK and Latin, in points

    def face(self, ch: str) -> str:
        return _glyph(self.fonts, self.style, ch)[0]

    def unit(self, unit: str) -> float:
        return _width(self.fonts, self.style, unit) * self.size

    def gap(self, left: str, right: str) -> float:
        if not self.latin_gap:
            return 0.0
        a, b = left[-1], right[0]
        if (_is_latin(left) and _is_cjk(b) and b not in NO_START and b not in NO_END) or (
            _is_latin(right) and _is_cjk(a) and a not in NO_START and a not in NO_END
        ):
            return self.latin_gap
        return 0.0


PHRASE_END = frozenset("、，；：。！？,;:!?”’」』）》】〕")  # a quote or bracket closes a phrase too

# Where a place word ends: the administrative suffixes of unit names, longest first.
PLACE_SUFFIXES = ("管委会", "办事处", "开发区", "示范区", "实验区", "试验区", "聚集区", "集聚区", "产业园", "园区",
                  "街道", "省", "市", "区", "县", "镇", "乡")
_LONG_SUFFIXES = tuple(s for s in PLACE_SUFFIXES if len(s) > 1)
_SHORT_SUFFIXES = frozenset(s for s in PLACE_SUFFIXES if len(s) == 1)
_NOT_A_WORD_END = ("城乡",)  # 城乡一体化示范区: 乡 here ends no place


def place_breaks(text: str) -> tuple[int, ...]:
    """Offsets in ``text`` after which a line may break between place words.

    A word ends with a suffix of :data:`PLACE_SUFFIXES`, but not where a
    longer suffix follows (老城区 / 街道 would tear the word 老城区街道) and
    not after fewer than three characters, because then the suffix
    character is part of a name (新乡 / 市, 马市 / 坪乡, 镇 / 平县); a
    one-character county (杞县, 滑县) may end a word unless a suffix
    follows (旧县 / 镇). No break leaves one character alone at the end.
    Checked against every place name of the Henan data (tests/test_typeset.py).
    """
    out: list[int] = []
    last = 0
    for end in range(2, len(text) - 1):
        head = text[:end]
        if not head.endswith(PLACE_SUFFIXES) or head.endswith(_NOT_A_WORD_END):
            continue
        if text.startswith(_LONG_SUFFIXES, end):
            continue
        word = end - last
        if word < 2 or (word == 2 and not (head.endswith("县") and text[end] not in _SHORT_SUFFIXES)):
            continue
        out.append(end)
        last = end
    return tuple(out)


def glue_words(clusters: list[list[str]], text: str, breaks: tuple[int, ...]) -> list[list[str]]:
    """Join clusters into words that lines break only between (at ``breaks`` offsets and at spaces)."""
    allowed = set(breaks)
    out: list[list[str]] = []
    pos = 0
    for cluster in clusters:
        if out and cluster != [" "] and out[-1] != [" "] and pos not in allowed:
            out[-1] = out[-1] + cluster
        else:
            out.append(list(cluster))
        pos += sum(len(u) for u in cluster)
    return out


def _fill(
    clusters: list[list[str]], m: Measure, width: float, first_width: float, phrase: float = 0.0
) -> list[tuple[list[str], bool]]:
    """Greedy line filling; returns (units, hangs) per line.

    With ``phrase`` > 0 (for short centred texts: card captions, SMS format),
    a line that must break prefers to end after a pausing mark, as long as it
    stays at least ``phrase`` of the measure full: "反映的具体事项" is not torn
    in two when "、" offers a break a little earlier.
    """
    lines: list[tuple[list[str], bool]] = []
    cur: list[list[str]] = []  # clusters on the current line
    cur_w = 0.0

    def flush(hang: bool = False) -> None:
        nonlocal cur, cur_w
        units = [u for c in cur for u in c]
        while units and units[-1] == " ":
            units.pop()
        lines.append((units, hang))
        cur, cur_w = [], 0.0

    def last_unit() -> str | None:
        return cur[-1][-1] if cur else None

    queue = list(reversed(clusters))
    while queue:
        cluster = queue.pop()
        measure = first_width if not lines else width
        if cluster == [" "]:
            if cur:
                cur.append([" "])
                cur_w += m.unit(" ")
            continue
        w = sum(m.unit(u) for u in cluster) + sum(m.gap(a, b) for a, b in zip(cluster, cluster[1:]))
        prev = last_unit()
        lead = m.gap(prev, cluster[0]) if prev and prev != " " else 0.0
        hangable = m.unit(cluster[-1]) if cluster[-1] in HANGABLE else 0.0
        if cur_w + lead + w <= measure + _EPS:
            cur.append(cluster)
            cur_w += lead + w
        elif hangable and cur_w + lead + w - hangable <= measure + _EPS:
            cur.append(cluster)
            flush(hang=True)
        else:
            if cur:
                if phrase and _break_at_phrase(cur, queue, cluster, m, measure * phrase):
                    flush()
                    continue
                flush()
                measure = width
            if w <= measure + _EPS:
                cur.append(cluster)
                cur_w = w
            elif hangable and w - hangable <= measure + _EPS:
                cur.append(cluster)
                flush(hang=True)
            elif len(cluster) > 1:
                # A place word wider than the line breaks where kinsoku allows; only a freak run of
                # marks glues wider than a line: break inside it as a last resort.
                parts = clusters_of(cluster)
                queue.extend(reversed(parts if len(parts) > 1 else [[u] for u in cluster]))
            else:
                raise Overflow(cluster[0], w, measure)
    if cur or not lines:
        flush()
    return lines


def _break_at_phrase(cur: list[list[str]], queue: list[list[str]], pending: list[str], m: Measure,
                     least: float) -> bool:
    """Move the clusters after the last phrase end back to the queue, if the line stays long enough."""
    width = 0.0
    ends: list[tuple[int, float]] = []
    for i, c in enumerate(cur):
        width += sum(m.unit(u) for u in c)
        # a phrase ends after a pausing mark, or before an opening one (“河南省信访局”)
        if c[-1][-1] in PHRASE_END or (i + 1 < len(cur) and cur[i + 1][0][0] in NO_END):
            ends.append((i, width))
    for i, w in reversed(ends):
        if i < len(cur) - 1 and w >= least:
            queue.append(pending)
            queue.extend(reversed(cur[i + 1:]))
            del cur[i + 1:]
            return True
    return False


@dataclass
class _RunBuilder:
    x: float
    text: str
    font: str
    char_space: float
    cjk: bool
    end: float  # where the next glyph of this run would be drawn


def _runs(units: list[str], m: Measure, extra: float, hang: bool = False) -> tuple[tuple[Run, ...], float]:
    """Position units on a line, with ``extra`` after every unit but the last.

    Consecutive CJK characters in one face become one run whose PDF character
    spacing carries the justification; a Latin run is drawn with none. A
    hanging mark gets no extra before it: it starts exactly at the measure.
    """
    runs: list[_RunBuilder] = []
    x = 0.0
    for i, unit in enumerate(units):
        if i:
            x += m.gap(units[i - 1], unit) + (0.0 if hang and i == len(units) - 1 else extra)
        latin = _is_latin(unit)
        space = 0.0 if latin else extra
        for j, ch in enumerate(unit):
            face, adv = _glyph(m.fonts, m.style, ch)
            adv *= m.size
            prev = runs[-1] if runs else None
            joins = prev is not None and prev.font == face and (
                (latin and j > 0) or (not latin and prev.cjk and abs(prev.end - x) < 1e-6)
            )
            if joins:
                prev.text += ch
                prev.end = x + adv + space
            else:
                runs.append(_RunBuilder(x, ch, face, space, not latin, x + adv + space))
            x += adv
    return tuple(Run(r.x, r.text, r.font, r.char_space) for r in runs), x


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
    balance: bool = False  # lines of similar length (titles): never one character alone on the last line
    breaks: str = "any"  # "place": break only between place words (see place_breaks)


@dataclass(frozen=True)
class SetParagraph:
    lines: tuple[Line, ...]
    size: float
    leading: float  # points between baselines

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


def _ends(text: str, filled: list[tuple[list[str], bool]]) -> list[int]:
    """Where each line ends in ``text``: spaces dropped at breaks are skipped over."""
    ends, pos = [], 0
    for units, _ in filled:
        while pos < len(text) and text[pos] == " " and not (units and units[0] == " "):
            pos += 1
        pos += sum(len(u) for u in units)
        ends.append(pos)
    return ends


def _balanced(clusters: list[list[str]], m: Measure, width: float, first: float, phrase: float,
              lines: int) -> float:
    """The narrowest measure that still sets the text in ``lines`` lines (to within a quarter point).

    No measure below the text's width shared out evenly can do, so the search starts there.
    """
    natural = sum(_width(m.fonts, m.style, u) for c in clusters for u in c) * m.size
    lo, hi = max(0.0, natural / lines - 1.0), width
    while hi - lo > 0.25:
        mid = (lo + hi) / 2
        try:
            n = len(_fill(clusters, m, mid, mid - (width - first), phrase))
        except Overflow:
            n = lines + 1
        if n <= lines:
            hi = mid
        else:
            lo = mid
    return hi


@lru_cache(maxsize=8192)
def set_paragraph(text: str, ps: ParagraphStyle, width: float, fonts: FontSet) -> SetParagraph:
    """Break ``text`` into lines no wider than ``width`` points.

    Raises :class:`Overflow` when a protected run cannot fit even alone on a
    line, and :class:`GlyphError` for a character no font has.
    """
    m = Measure(fonts, ps.style, ps.size, 0.25 * ps.size if ps.latin_gap else 0.0)
    for ch in text:
        m.face(ch)
    indent = ps.indent * ps.size
    clusters = clusters_of(units_of(text))
    if ps.breaks == "place":
        clusters = glue_words(clusters, text, place_breaks(text))
    filled = _fill(clusters, m, width, width - indent, ps.phrase)
    if ps.balance and len(filled) > 1:
        narrow = _balanced(clusters, m, width, width - indent, ps.phrase, len(filled))
        filled = _fill(clusters, m, narrow, narrow - indent, ps.phrase)
    ends = _ends(text, filled)
    lines = []
    for n, (units, hangs) in enumerate(filled):
        measure = width - (indent if n == 0 else 0.0)
        offset = indent if n == 0 else 0.0
        plain, natural = _runs(units, m, 0.0)
        hang = m.unit(units[-1]) if hangs else 0.0
        body = natural - hang
        gaps = len(units) - 1 - (1 if hangs else 0)
        extra = 0.0
        last = n == len(filled) - 1
        if ps.align == "justify" and not last and gaps > 0 and body < measure and not ps.balance:
            extra = (measure - body) / gaps
            if extra > 0.5 * ps.size:  # a line broken before a long URL: leave it ragged
                extra = 0.0
        runs = _runs(units, m, extra, hangs)[0] if extra else plain  # no spread: the same runs, set once
        body = body + extra * gaps
        if ps.align == "center":
            offset += (measure - body) / 2
        elif ps.align == "right":
            offset += measure - body
        if offset:
            runs = tuple(Run(r.x + offset, r.text, r.font, r.char_space) for r in runs)
        lines.append(Line(runs, body, hang, ends[n]))
    return SetParagraph(tuple(lines), ps.size, ps.size * ps.leading)
