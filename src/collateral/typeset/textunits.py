"""The pieces a paragraph is broken into, and their widths at one size.

A *unit* is the smallest piece that may stand apart: one CJK character, or a
protected run (a Latin word, a phone number, a URL, an e-mail address, a
number with its unit, a date, 编号 with its code). A *cluster* is units that
no line break may enter by kinsoku (no line starts with ，。 nor ends with
（《). Widths come from the fonts' advances, less what punctuation
compression (``cjk``) cut from a mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from collateral.typeset.cjk import trims
from collateral.errors import GlyphError, Problem
from collateral.typeset.fonts import FontSet, describe
from collateral.i18n import _

NO_START = frozenset("，。、；：？！）》」』】〕〗〙〛〉’”…—·％‰℃｝］｠,.;:?!)]}%")
NO_END = frozenset("（《「『【〔〖〘〚〈‘“｛［｟([{")
_UNITS = "%％‰℃年月日时分秒元个天岁米次件项条号"
PROTECTED = re.compile(
    r"编号 ?[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"  # an edition code stays with its label: 编号 202611-ad581a54
    r"|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"  # dates: 2026年11月, 1月16日
    r"|(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+=%]*[A-Za-z0-9/]"  # URL
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"  # e-mail
    r"|[A-Za-z0-9]+(?:[-.:/'][A-Za-z0-9]+)*(?:[" + _UNITS + r"])?"  # words, phone numbers, 3.5, 12:30, 60日
)
EPS = 1e-6


class Overflow(Exception):
    """An unbreakable piece is wider than the measure at this size."""

    def __init__(self, piece: str, width: float, measure: float) -> None:
        super().__init__(piece, width, measure)
        self.piece, self.width, self.measure = piece, width, measure


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
    )


def is_latin(unit: str) -> bool:
    return unit[:1].isascii() and unit[:1].isalnum()


def is_protected(unit: str) -> bool:
    """A run that must not break: anything longer than one character is one."""
    return len(unit) > 1


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


@lru_cache(maxsize=16)
def glyphs(fonts: FontSet, style: str) -> dict[str, tuple[str, float]]:
    """Character → (face, advance in em) of one style, filled in by :func:`glyph` as characters are met.

    Asked a million times per batch: a dict looked up by the character alone, bounded by the fonts' coverage.
    """
    return {}


def glyph(fonts: FontSet, style: str, ch: str) -> tuple[str, float]:
    """The face that draws ``ch`` and its advance in em, worked out once per character and style."""
    table = glyphs(fonts, style)
    known = table.get(ch)
    if known is not None:
        return known
    face = fonts.face_for(style, ch)
    if face is None:
        raise GlyphError(Problem(_("no bundled font has the character {value}").format(value=describe(ch))))
    known = table[ch] = (face.name, face.advance(ch))
    return known


@lru_cache(maxsize=65536)
def _width(fonts: FontSet, style: str, unit: str) -> float:
    return sum(glyph(fonts, style, ch)[1] for ch in unit)


@dataclass(frozen=True)
class Measure:
    """Widths at one size in one style (points)."""

    fonts: FontSet
    style: str
    size: float
    latin_gap: float  # extra space between CJK and Latin, in points

    def face(self, ch: str) -> str:
        return glyph(self.fonts, self.style, ch)[0]

    def unit(self, unit: str) -> float:
        left, right = trims(unit)
        return (_width(self.fonts, self.style, unit) - left - right) * self.size

    def natural(self, unit: str) -> float:
        """Width in em before compression (for the narrowest-measure search)."""
        return _width(self.fonts, self.style, unit)

    def gap(self, left: str, right: str) -> float:
        if not self.latin_gap or not (left[:1].isascii() or right[:1].isascii()):  # no Latin unit: no gap
            return 0.0
        a, b = left[-1], right[0]
        if (is_latin(left) and is_cjk(b) and b not in NO_START and b not in NO_END) or (
            is_latin(right) and is_cjk(a) and a not in NO_START and a not in NO_END
        ):
            return self.latin_gap
        return 0.0

    def cluster(self, units: list[str]) -> float:
        """Width of units set side by side, CJK–Latin gaps included."""
        return sum(self.unit(u) for u in units) + sum(self.gap(a, b) for a, b in zip(units, units[1:]))
