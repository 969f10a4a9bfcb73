"""Imposition: which reading page goes where on which sheet side, as plain data; then applying it.

A township clerk has an A4 office printer and no imposition software, so the
booklet comes imposed: print, (cut,) fold, staple. A booklet whose pages come
out in the wrong order or upside down is a stack of wasted paper, so the
plan is a pure function of the mode and the page count, testable without a
PDF (see ``tests/test_impose.py``, which folds the plans on paper, in code);
:func:`apply` only turns a plan into pages that place the composed pages.

Modes (``P`` reading pages, padded with blanks before the back cover):

* ``saddle``: two pages per sheet side on a sheet twice the page, duplex,
  fold, staple. Sheet ``i`` from 0: front ``[P−2i, 2i+1]``, back
  ``[2i+2, P−2i−1]`` (page numbers from 1, left to right as seen).
* ``cutstack``: four A6 pages per A4 side (two saddle spreads, one above
  the other), duplex; cut the stack across, put the top half on the bottom
  half, fold: the same saddle booklet from A4 paper.
* ``zine``: eight A7 pages on one side of one A4 sheet, no duplex, no
  stapler: top row turned 180° ``5 4 3 2``, bottom row ``6 7 8 1``; one
  cut along the middle of the centre, then folded.

* ``twoup`` (leaflets, :func:`twoup`): a two-sided A5 leaflet twice on
  each side of an A4 sheet, duplex; one cut down the middle gives two
  leaflets. Front ``[1, 1]``, back ``[2, 2]``, each back behind its own
  front.

``flip`` says how the duplex printer turns the sheet (about its long or its
short edge); a back that would come out upside down is turned 180° here.
``creep`` moves the pages of inner sheets toward the spine, up to the given
total for the innermost sheet; the outermost stays put.
"""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("none", "saddle", "cutstack", "zine")
LEAFLET_MODES = ("none", "twoup")
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
class Plan:
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


def padded(pages: int, mode: str) -> int:
    """Pages after padding: a multiple of 4 (saddle), of 8 (cutstack: two spreads per A4 side), 8 (zine)."""
    if mode == "zine":
        if pages > 8:
            raise ValueError(f"a zine holds 8 pages, the booklet has {pages}")
        return 8
    unit = {"saddle": 4, "cutstack": 8}.get(mode, 1)
    return -(-pages // unit) * unit


def blank_order(pages: int, total: int) -> list[int | None]:
    """Reading page numbers 1..total with blanks (None) placed just before the back cover."""
    return [*range(1, pages), *([None] * (total - pages)), pages] if pages > 1 else [1, *([None] * (total - 1))]


def saddle_spreads(total: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(front, back) page pairs of each saddle sheet, outermost first: the order in the module docstring."""
    return [((total - 2 * i, 2 * i + 1), (2 * i + 2, total - 2 * i - 1)) for i in range(total // 4)]


def _turned_back(flip: str, landscape: bool) -> bool:
    """Does a back come out upside down (when the sheet is turned like a book page) unless turned here?

    A duplex printer prints the back upright for a turn about the edge it is
    told to flip on; a booklet is read by turning about the vertical fold.
    That is the sheet's long edge when the sheet is portrait, its short
    edge when landscape.
    """
    reading_edge = "short" if landscape else "long"
    return flip != reading_edge


def _creep(sheet: int, sheets: int, creep: float) -> float:
    return creep * sheet / (sheets - 1) if sheets > 1 else 0.0


def _side(sheet: int, face: str, cells: list[tuple[int | None, int, int, float]], cols: int, rows: int,
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


def plan(mode: str, pages: int, flip: str = "long", creep: float = 0.0) -> Plan:
    """The sheet map for ``pages`` reading pages (cover first, back cover last)."""
    if mode not in MODES or mode == "none":
        raise ValueError(f"no imposition plan for mode {mode!r}")
    if flip not in FLIPS:
        raise ValueError(f"flip must be long or short, got {flip!r}")
    total = padded(pages, mode)
    order = blank_order(pages, total)
    page_at = lambda n: order[n - 1]  # noqa: E731  reading position → page number or blank

    if mode == "zine":
        top = [(page_at(n), c, 0, 0.0) for c, n in enumerate((5, 4, 3, 2))]
        bottom = [(page_at(n), c, 1, 0.0) for c, n in enumerate((6, 7, 8, 1))]
        slots = tuple(Slot(p, c, r, 180 if r == 0 else 0) for p, c, r, _ in top + bottom)
        return Plan(mode, total, 4, 2, (Side(0, "front", slots),), False, flip, ("h", "v"), ("slit",))

    spreads = saddle_spreads(total)
    n = len(spreads)
    if mode == "saddle":
        turn = _turned_back(flip, landscape=True)  # a spread is twice as wide as high
        sides = []
        for i, (front, back) in enumerate(spreads):
            s = _creep(i, n, creep)
            sides.append(_side(i, "front", [(page_at(front[0]), 0, 0, s), (page_at(front[1]), 1, 0, -s)], 2, 1,
                               False))
            sides.append(_side(i, "back", [(page_at(back[0]), 0, 0, s), (page_at(back[1]), 1, 0, -s)], 2, 1, turn))
        return Plan(mode, total, 2, 1, tuple(sides), True, flip, ("v",), ())

    # cutstack: A4 sheet j carries saddle sheet j above and saddle sheet n/2 + j below
    turn = _turned_back(flip, landscape=False)
    half = n // 2
    sides = []
    for j in range(half):
        for face, pick in (("front", 0), ("back", 1)):
            cells = []
            for row, i in ((0, j), (1, half + j)):
                pair, s = spreads[i][pick], _creep(i, n, creep)
                cells += [(page_at(pair[0]), 0, row, s), (page_at(pair[1]), 1, row, -s)]
            sides.append(_side(j, face, cells, 2, 2, turn and face == "back"))
    return Plan(mode, total, 2, 2, tuple(sides), True, flip, ("v",), ("h",))


def twoup(flip: str = "long") -> Plan:
    """Two copies of a two-page leaflet side by side on each sheet side, backs behind their fronts.

    A copy is read by turning it about its vertical (long) edge, the sheet's
    vertical axis; a landscape sheet printed with a long-edge flip turns
    about its horizontal axis instead, so there the backs are printed
    turned 180° (the turn in :func:`_side`, as for a saddle spread).
    """
    if flip not in FLIPS:
        raise ValueError(f"flip must be long or short, got {flip!r}")
    turn = _turned_back(flip, landscape=True)
    front = _side(0, "front", [(1, 0, 0, 0.0), (1, 1, 0, 0.0)], 2, 1, False)
    back = _side(0, "back", [(2, 0, 0, 0.0), (2, 1, 0, 0.0)], 2, 1, turn)
    return Plan("twoup", 2, 2, 1, (front, back), True, flip, (), ("v",))


# -- applying a plan ---------------------------------------------------------------------------------

ISO_A = ((297.0, 420.0), (210.0, 297.0), (148.0, 210.0), (105.0, 148.0), (74.0, 105.0))
SHEETS = {  # sheet size (mm) per mode and page size: what an office printer takes
    ("cutstack", (105.0, 148.0)): (210.0, 297.0),
    ("zine", (74.0, 105.0)): (297.0, 210.0),
    ("twoup", (148.0, 210.0)): (297.0, 210.0),
}


def sheet_size(mode: str, page: tuple[float, float]) -> tuple[float, float]:
    """The paper a plan is printed on: saddle on a sheet twice the page; cutstack and zine on A4."""
    if mode == "saddle":
        w, h = 2 * page[0], page[1]
        for a, b in ISO_A:  # 2 × A5 is 296 mm: print on A4 (297), the pages centred in their halves
            for sw, sh in ((a, b), (b, a)):
                if 0 <= sw - w <= 1.5 and 0 <= sh - h <= 1.5:
                    return sw, sh
        return w, h
    try:
        return SHEETS[(mode, page)]
    except KeyError:
        raise ValueError(f"{mode} imposes {'A6 (105×148)' if mode == 'cutstack' else 'A7 (74×105)'} pages, "
                         f"not {page[0]:g}×{page[1]:g} mm") from None


def apply(p: Plan, pages: dict[int, "Page"], page_size: tuple[float, float], sides: tuple[Side, ...] | None = None,
          clip: float = 0.0) -> list["Page"]:
    """Sheet pages that place the composed reading pages as the plan says (vector, nothing rasterised).

    ``clip``: how far (mm) a placed page may show past its trim, e.g. up to
    the cut between two-up copies, so backgrounds meet the cut.
    """
    from collateral.layout import Page, Place
    from collateral.params import MM

    sw, sh = (v * MM for v in sheet_size(p.mode, page_size))
    cw, ch = sw / p.cols, sh / p.rows
    pw, ph = page_size[0] * MM, page_size[1] * MM
    guides = tuple(("fold", axis) for axis in p.folds) + tuple(("cut", axis) for axis in p.cuts)
    out = []
    for side in sides or p.sides:
        items = []
        for slot in side.slots:
            if slot.page is None or slot.page not in pages:
                continue
            x = slot.col * cw + (cw - pw) / 2 + slot.shift * MM
            y = slot.row * ch + (ch - ph) / 2
            items.append(Place(pages[slot.page], x, y, slot.rotate, clip * MM))
        out.append(Page(sw, sh, tuple(items), 0.0, f"{side.sheet + 1}{'ab'[side.face == 'back']}", guides))
    return out


def page_map(p: Plan, sides: tuple[Side, ...] | None = None) -> str:
    """The plan as text stored in the PDF: ``1a:8,1;1b:2,7`` (sheet, a = front / b = back, pages by cell).

    Rotated cells carry a ``^`` (turned 180°), blanks are ``-``.
    """
    parts = []
    for side in sides or p.sides:
        cells = ",".join("-" if s.page is None else f"{s.page}{'^' if s.rotate else ''}" for s in side.slots)
        parts.append(f"{side.sheet + 1}{'ab'[side.face == 'back']}:{cells}")
    return ";".join(parts)
