"""Imposition: which reading page goes where on which sheet side, as plain data; then applying it.

A township clerk has an A4 office printer and no imposition software, so the
booklet comes imposed: print, (cut,) fold, staple. A booklet whose pages come
out in the wrong order or upside down is a stack of wasted paper, so a plan
is a pure function of the scheme and the page count, testable without a PDF
(see ``tests/test_impose.py``, which folds the plans on paper, in code).

This module holds what every scheme shares: the plan's data types, the
helpers that build sides (a back turned for the printer's flip, creep), and
:func:`apply`, which turns a plan into sheet pages that place the composed
pages. Each scheme (saddle, cut-and-stack, zine, two-up, ...) is a module of
:mod:`collateral.impose.schemes`, in the manner of pdfimpose's ``schema/``.

``flip`` says how the duplex printer turns the sheet (about its long or its
short edge); a back that would come out upside down is turned 180° here.
``creep`` moves the pages of inner sheets toward the spine, up to the given
total for the innermost sheet; the outermost stays put.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.spec.params import MM
from collateral.spec.prepress import REGISTRATION
from collateral.spec.primitives import Page, Place, Rule

FLIPS = ("long", "short")


@dataclass(frozen=True)
class Slot:
    """One cell of a sheet side: the reading page (from 1; None: blank), its turn and creep shift."""

    page: int | None
    col: int
    row: int
    rotate: int = 0  # degrees clockwise: 0 or 180
    shift: float = 0.0  # mm along the sheet's x axis, toward the spine


@dataclass(frozen=True)
class Side:
    sheet: int  # from 0, in the order the sheets are printed
    face: str  # "front" or "back"
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class SheetMap:
    """A sheet map: every sheet side of the run, the cells' grid, and the cut and fold lines."""

    mode: str
    pages: int  # reading pages after padding
    cols: int
    rows: int
    sides: tuple[Side, ...]
    duplex: bool
    flip: str
    folds: tuple[str, ...]  # "v" (vertical centre line) / "h" (horizontal centre line)
    cuts: tuple[str, ...]  # "h" (across the middle) / "slit" (the zine's centre slit)


def padded(pages: int, unit: int) -> int:
    """Pages after padding with blanks to a multiple of ``unit`` (the pages one sheet carries)."""
    return -(-pages // unit) * unit


def blank_order(pages: int, total: int) -> list[int | None]:
    """Reading page numbers 1..total with blanks (None) placed just before the back cover."""
    return [*range(1, pages), *([None] * (total - pages)), pages] if pages > 1 else [1, *([None] * (total - 1))]


def saddle_spreads(total: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(front, back) page pairs of each saddle sheet, outermost first: the order in the module docstring."""
    return [((total - 2 * i, 2 * i + 1), (2 * i + 2, total - 2 * i - 1)) for i in range(total // 4)]


def turned_back(flip: str, landscape: bool) -> bool:
    """Does a back come out upside down (when the sheet is turned like a book page) unless turned here?

    A duplex printer prints the back upright for a turn about the edge it is
    told to flip on; a booklet is read by turning about the vertical fold.
    That is the sheet's long edge when the sheet is portrait, its short
    edge when landscape.
    """
    reading_edge = "short" if landscape else "long"
    return flip != reading_edge


def creep_at(sheet: int, sheets: int, creep: float) -> float:
    return creep * sheet / (sheets - 1) if sheets > 1 else 0.0


def side(sheet: int, face: str, cells: list[tuple[int | None, int, int, float]], cols: int, rows: int,
          turn: bool) -> Side:
    """A side from the cells as the reader sees them (page, col, row, shift toward the spine as +x seen).

    On a back that must be turned, everything seen at (col, row) is printed
    at the opposite cell, turned 180°, its shift mirrored.
    """
    slots = []
    for page, col, row, shift in cells:
        if turn:
            slots.append(Slot(page, cols - 1 - col, rows - 1 - row, 180, -shift))
        else:
            slots.append(Slot(page, col, row, 0, shift))
    return Side(sheet, face, tuple(sorted(slots, key=lambda s: (s.row, s.col))))


# -- applying a plan ---------------------------------------------------------------------------------

CUT_TICK = (6.0, 14.0)  # mm from the sheet's edge: inside an office printer's printable area
TICK_WIDTH = 0.5


@dataclass(frozen=True)
class Geometry:
    """Where the cells of a plan lie on the sheet (mm).

    Office: the cells share the sheet equally (an A4 sheet, two 148 mm A5
    pages); a page is centred in its cell and its backgrounds run on to the
    cell's edge, so cutting on the line leaves no white strip. Press (step
    and repeat, for a print shop): the sheet is exactly the cells, with a
    gutter of twice the bleed between cells that are cut apart and none
    between cells that meet at a fold; every cell shows its own bleed where
    it is cut, and the sheet has the bleed around it.
    """

    sheet: tuple[float, float]
    origins: tuple[tuple[float, float], ...]  # top-left of each cell's trim, by (col, row) order: row-major
    bleed: float  # around the sheet (press) or 0 (office)
    guides: tuple[tuple, ...]

    def origin(self, p: SheetMap, col: int, row: int) -> tuple[float, float]:
        return self.origins[row * p.cols + col]


def office_geometry(p: SheetMap, page: tuple[float, float], sheet: tuple[float, float]) -> Geometry:
    cw, ch = sheet[0] / p.cols, sheet[1] / p.rows
    origins = tuple((c * cw + (cw - page[0]) / 2, r * ch + (ch - page[1]) / 2)
                    for r in range(p.rows) for c in range(p.cols))
    guides = tuple(("fold", axis) for axis in p.folds) + tuple(("cut", axis) for axis in p.cuts)
    return Geometry(sheet, origins, 0.0, guides)


def press_geometry(p: SheetMap, page: tuple[float, float], bleed: float) -> Geometry:
    """Cells side by side; a gutter of 2 × bleed across each cut, none across a fold."""
    gap_x = 2 * bleed if "v" in p.cuts else 0.0
    gap_y = 2 * bleed if "h" in p.cuts else 0.0
    origins = tuple((c * (page[0] + gap_x), r * (page[1] + gap_y)) for r in range(p.rows) for c in range(p.cols))
    sheet = (p.cols * page[0] + (p.cols - 1) * gap_x, p.rows * page[1] + (p.rows - 1) * gap_y)
    guides: list[tuple] = []
    for c in range(1, p.cols):  # each cell's own cut lines, or the fold between them
        x = c * (page[0] + gap_x)
        guides += [("cut", "v", (x - gap_x) * MM), ("cut", "v", x * MM)] if gap_x else [("fold", "v", x * MM)]
    for r in range(1, p.rows):
        y = r * (page[1] + gap_y)
        guides += [("cut", "h", (y - gap_y) * MM), ("cut", "h", y * MM)] if gap_y else [("fold", "h", y * MM)]
    return Geometry(sheet, origins, bleed, tuple(guides))


def _clip(p: SheetMap, geo: Geometry, slot: Slot, page: tuple[float, float]) -> tuple[float, float, float, float]:
    """How far (mm) the placed page may show past its trim: (left, top, right, bottom) in the page's own terms.

    Up to the edge of the cell (office) or of its bleed (press); never past a
    neighbour that meets it at a fold.
    """
    x, y = geo.origin(p, slot.col, slot.row)
    x += slot.shift
    lefts = [geo.origin(p, c, slot.row)[0] + page[0] for c in range(slot.col)]
    rights = [geo.origin(p, c, slot.row)[0] for c in range(slot.col + 1, p.cols)]
    tops = [geo.origin(p, slot.col, r)[1] + page[1] for r in range(slot.row)]
    bottoms = [geo.origin(p, slot.col, r)[1] for r in range(slot.row + 1, p.rows)]
    b = geo.bleed

    def room(gap: float) -> float:  # half the gutter toward a neighbour: nothing across a fold
        return max(gap / 2, 0.0) if gap > 1e-6 else 0.0

    left = room(x - max(lefts)) if lefts else x + b
    right = room(min(rights) - x - page[0]) if rights else geo.sheet[0] + b - x - page[0]
    top = room(y - max(tops)) if tops else y + b
    bottom = room(min(bottoms) - y - page[1]) if bottoms else geo.sheet[1] + b - y - page[1]
    if geo.bleed:  # press: a cell's bleed, never more
        left, right, top, bottom = (min(v, b) for v in (left, right, top, bottom))
    return (right, bottom, left, top) if slot.rotate == 180 else (left, top, right, bottom)


def cut_ticks(geo: Geometry) -> tuple[Rule, ...]:
    """Short marks on the cut lines at the edges of an office sheet: where to cut.

    An office sheet has nothing outside its trim, so the cut is shown on the
    sheet itself, on the cut line, inside the printer's printable area.
    """
    w, h = (v * MM for v in geo.sheet)
    a, b = (v * MM for v in CUT_TICK)
    out: list[Rule] = []
    for what, axis, *at in geo.guides:
        if what != "cut":
            continue
        if axis == "v":
            x = at[0] if at else w / 2
            out += [Rule(x, a, x, b, REGISTRATION, TICK_WIDTH), Rule(x, h - a, x, h - b, REGISTRATION, TICK_WIDTH)]
        else:
            y = at[0] if at else h / 2
            out += [Rule(a, y, b, y, REGISTRATION, TICK_WIDTH), Rule(w - a, y, w - b, y, REGISTRATION, TICK_WIDTH)]
    return tuple(out)


def apply(p: SheetMap, pages: dict[int, Page], page: tuple[float, float], geo: Geometry,
          sides: tuple[Side, ...] | None = None, ticks: bool = False) -> list[Page]:
    """Sheet pages that place the composed reading pages as the plan says (vector, nothing rasterised).

    ``ticks``: short cut marks on the sheet itself, for office output.
    """
    sw, sh = (v * MM for v in geo.sheet)
    marks = cut_ticks(geo) if ticks else ()
    out = []
    for side in sides or p.sides:
        items: list = []
        for slot in side.slots:
            if slot.page is None or slot.page not in pages:
                continue
            x, y = geo.origin(p, slot.col, slot.row)
            clip = tuple(v * MM for v in _clip(p, geo, slot, page))
            items.append(Place(pages[slot.page], (x + slot.shift) * MM, y * MM, slot.rotate, clip))
        items += marks if side.face == "front" or not p.duplex else ()
        out.append(Page(sw, sh, tuple(items), geo.bleed * MM, f"{side.sheet + 1}{'ab'[side.face == 'back']}",
                        geo.guides))
    return out


def page_map(p: SheetMap, sides: tuple[Side, ...] | None = None) -> str:
    """The plan as text stored in the PDF: ``1a:8,1;1b:2,7`` (sheet, a = front / b = back, pages by cell).

    Rotated cells carry a ``^`` (turned 180°), blanks are ``-``.
    """
    parts = []
    for side in sides or p.sides:
        cells = ",".join("-" if s.page is None else f"{s.page}{'^' if s.rotate else ''}" for s in side.slots)
        parts.append(f"{side.sheet + 1}{'ab'[side.face == 'back']}:{cells}")
    return ";".join(parts)
