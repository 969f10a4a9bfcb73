"""Page geometry for office printers and print shops: media, trim, bleed, crop marks.

Every product has two outputs. *Office* (the default): the PDF page is the
trimmed page exactly (A4 is 210×297 mm), so a clerk's printer neither
shrinks nor clips it. *Press*: the page grows by the bleed on every side,
backgrounds run into it, and TrimBox/BleedBox tell the print shop where to
cut; *marks* adds a slug outside the bleed with crop marks in the
registration colour. Each page is measured on its own, so a document may
mix page sizes (an imposed sheet, a cover).
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.spec.params import MM, Color
from collateral.spec.primitives import Page, Rule

REGISTRATION = Color(1, 1, 1, 1, separation="All")  # one spot colour that prints on every plate
MARK_LENGTH = 5 * MM
MARK_GAP = 3 * MM  # crop marks start at least this far from the trim, and never inside the bleed
MARK_WIDTH = 0.25


@dataclass(frozen=True)
class Finish:
    """What the output is for: which boxes and marks each page gets."""

    name: str
    bleed: bool  # media grows by the page's bleed; TrimBox and BleedBox are written
    marks: bool  # crop marks in a slug outside the bleed


FINISHES = {
    "office": Finish("office", bleed=False, marks=False),
    "press": Finish("press", bleed=True, marks=False),
    "marks": Finish("marks", bleed=True, marks=True),
}
OFFICE, PRESS, MARKS = FINISHES["office"], FINISHES["press"], FINISHES["marks"]


def finish(press: bool, marks: bool) -> Finish:
    """``--marks`` implies ``--press``."""
    return MARKS if marks else PRESS if press else OFFICE


@dataclass(frozen=True)
class Boxes:
    """One page's PDF boxes in points; the trim's lower-left corner sits at (origin, origin)."""

    trim_w: float
    trim_h: float
    bleed: float
    slug: float

    @property
    def origin(self) -> float:
        return self.bleed + self.slug

    @property
    def media(self) -> tuple[float, float]:
        return self.trim_w + 2 * self.origin, self.trim_h + 2 * self.origin

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.origin
        return (o, o, o + self.trim_w, o + self.trim_h)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        o, b = self.origin, self.bleed
        return (o - b, o - b, o + self.trim_w + b, o + self.trim_h + b)


def boxes(page: Page, how: Finish) -> Boxes:
    bleed = page.bleed if how.bleed else 0.0
    slug = max(MARK_GAP - bleed, 0.0) + MARK_LENGTH + 2 * MM if how.marks else 0.0
    return Boxes(page.width, page.height, bleed, slug)


def crop_marks(b: Boxes) -> tuple[Rule, ...]:
    """Corner marks on the trim lines, outside the bleed (trim coordinates, y down)."""
    gap = max(MARK_GAP, b.bleed)
    out = []
    for x in (0.0, b.trim_w):
        for y in (0.0, b.trim_h):
            dx = -1 if x == 0 else 1
            dy = -1 if y == 0 else 1
            out.append(Rule(x + dx * gap, y, x + dx * (gap + MARK_LENGTH), y, REGISTRATION, MARK_WIDTH))
            out.append(Rule(x, y + dy * gap, x, y + dy * (gap + MARK_LENGTH), REGISTRATION, MARK_WIDTH))
    return tuple(out)


FOLD_DASH = (2.0, 2.0)


def guide_marks(b: Boxes, guides: tuple[tuple, ...]) -> tuple[Rule, ...]:
    """Fold (dashed) and cut (solid) marks outside the bleed, like crop marks.

    A guide ``(what, axis)`` marks the sheet's centre line; ``(what, axis,
    at)`` a line ``at`` points from the trim's left (``v``) or top (``h``)
    edge, such as the two folds of a tri-fold.
    """
    gap = max(MARK_GAP, b.bleed)
    out = []
    for what, axis, *at in guides:
        dash = FOLD_DASH if what == "fold" else ()
        if axis == "v":
            x = at[0] if at else b.trim_w / 2
            out += [Rule(x, -gap, x, -gap - MARK_LENGTH, REGISTRATION, MARK_WIDTH, dash),
                    Rule(x, b.trim_h + gap, x, b.trim_h + gap + MARK_LENGTH, REGISTRATION, MARK_WIDTH, dash)]
        elif axis == "h":
            y = at[0] if at else b.trim_h / 2
            out += [Rule(-gap, y, -gap - MARK_LENGTH, y, REGISTRATION, MARK_WIDTH, dash),
                    Rule(b.trim_w + gap, y, b.trim_w + gap + MARK_LENGTH, y, REGISTRATION, MARK_WIDTH, dash)]
    return tuple(out)
