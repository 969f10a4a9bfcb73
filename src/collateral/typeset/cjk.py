"""Chinese punctuation by W3C CLReq (Requirements for Chinese Text Layout, §3.1): classes and compression.

A full-width mark of the bundled font (Noto Sans SC, mainland forms) inks
only one half of its em: ，。、；：？！ and closing brackets and quotes the
left half, opening brackets and quotes the right half
(``tests/test_cjk.py`` measures the glyphs). Set at full width, two marks
side by side show a gap of half-empty ems: （安卓版）。 reads as if a space
were there. CLReq's punctuation adjustment (标点挤压) removes such blank
halves:

* between adjacent marks: a closing or pausing mark followed by another
  closing mark or by an opening one loses its blank right half; an opening
  mark after another opening mark loses its blank left half;
* at a line's start an opening mark loses its blank left half; at a line's
  end a closing or pausing mark loses its blank right half (done by the line
  breaker, which knows where lines end);
* in 开明式 (``kaiming``) the pause marks ，、；： and all brackets and quotes are
  half-width everywhere, only the stops 。？！ keep their full em; 全角式
  (``full``) keeps every mark full-width but for the adjustments above.

A compressed mark is a :class:`Mark`: a ``str`` that also says how many em
are cut from its left and right side, so the rest of the line breaker can
treat it as the one-character unit it is.
"""

from __future__ import annotations

OPENING = frozenset("（〔［｛《〈「『【〖〘〚“‘")  # cl-01
CLOSING = frozenset("）〕］｝》〉」』】〗〙〛”’")  # cl-02
PAUSE = frozenset("、，；：")  # cl-06 pause or stop marks within a sentence
STOP = frozenset("。？！")  # cl-07 full stops
ENDING = CLOSING | PAUSE | STOP  # ink on the left half: blank right half
PUNCTUATION = OPENING | ENDING | frozenset("…—·・")
STYLES = ("full", "kaiming")  # 全角式, 开明式
HALF = 0.5


class Mark(str):
    """A punctuation mark with ``left``/``right`` em cut from its advance (the blank halves)."""

    left: float
    right: float

    def __new__(cls, ch: str, left: float = 0.0, right: float = 0.0) -> "Mark":
        obj = super().__new__(cls, ch)
        obj.left, obj.right = left, right
        return obj

    @property
    def trim(self) -> float:
        return self.left + self.right


def trims(unit: str) -> tuple[float, float]:
    """(left, right) em cut from a unit: zero for anything but a compressed mark."""
    return (unit.left, unit.right) if isinstance(unit, Mark) else (0.0, 0.0)


def compress(units: list[str], style: str = "full") -> list[str]:
    """The units with adjacent marks (and in 开明式 the half-width marks) compressed; line ends not yet."""
    out = list(units)
    for i, unit in enumerate(units):
        if len(unit) != 1 or unit not in PUNCTUATION:
            continue
        left = right = 0.0
        nxt = units[i + 1] if i + 1 < len(units) else ""
        prev = units[i - 1] if i else ""
        if unit in ENDING and nxt in ENDING | OPENING and len(nxt) == 1:
            right = HALF
        if unit in OPENING and prev in OPENING and len(prev) == 1:
            left = HALF
        if style == "kaiming" and unit not in STOP:
            if unit in OPENING:
                left = HALF
            elif unit in ENDING:
                right = HALF
        if left or right:
            out[i] = Mark(unit, left, right)
    return out


def at_line_end(unit: str) -> str:
    """The unit as it ends a line: a closing or pausing mark loses its blank right half."""
    if len(unit) == 1 and unit in ENDING:
        left, right = trims(unit)
        if right < HALF:
            return Mark(str(unit), left, HALF)
    return unit


def at_line_start(unit: str) -> str:
    """The unit as it starts a line: an opening mark loses its blank left half."""
    if len(unit) == 1 and unit in OPENING:
        left, right = trims(unit)
        if left < HALF:
            return Mark(str(unit), HALF, right)
    return unit


def is_mark(unit: str) -> bool:
    return len(unit) == 1 and unit in PUNCTUATION


def letters(units: list[str]) -> int:
    """How many characters a reader counts on a line: marks do not count, a Latin run counts its letters."""
    return sum(len(u) for u in units if u != " " and not is_mark(u))
