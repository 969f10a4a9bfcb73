"""Page geometry for print: trim, 3 mm bleed, crop marks, the PDF page boxes.

A print shop trims the sheet to the TrimBox; backgrounds run on to the
BleedBox so a slightly off cut leaves no white edge. With crop marks the
MediaBox grows by a slug that holds them, outside the bleed.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.layout import Rule
from collateral.layoutspec import MM, Color, LayoutSpec

REGISTRATION = Color(1, 1, 1, 1)  # prints on every plate, as marks must
MARK_LENGTH = 5 * MM
MARK_SLUG = 9 * MM  # room beyond the bleed for the marks


@dataclass(frozen=True)
class Sheet:
    """A page's sizes in points; the trim's lower-left corner sits at (origin, origin)."""

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


def sheet(spec: LayoutSpec, marks: bool = False) -> Sheet:
    return Sheet(spec.trim[0] * MM, spec.trim[1] * MM, spec.bleed * MM, MARK_SLUG if marks else 0.0)


def crop_marks(s: Sheet) -> tuple[Rule, ...]:
    """Corner marks on the trim lines, starting outside the bleed (trim coordinates, y down)."""
    gap, length, w = s.bleed, MARK_LENGTH, 0.25
    out = []
    for x in (0.0, s.trim_w):
        for y in (0.0, s.trim_h):
            dx = -1 if x == 0 else 1
            dy = -1 if y == 0 else 1
            out.append(Rule(x + dx * gap, y, x + dx * (gap + length), y, REGISTRATION, w))
            out.append(Rule(x, y + dy * gap, x, y + dy * (gap + length), REGISTRATION, w))
    return tuple(out)
