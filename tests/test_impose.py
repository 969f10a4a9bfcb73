"""Imposition plans, proven on paper in code: print, flip, cut, stack and fold the sheet map, then read.

The simulation below knows nothing of how the plans are made: it takes the
printed sheet sides as a printer would produce them, turns each sheet the
way the duplex setting says, does what the instruction sheet tells a
clerk, and reads the booklet page by page, noting whether each page faces
up the right way.
"""

from __future__ import annotations

import pytest

from collateral.impose.sheetmap import SheetMap, Slot, padded, saddle_spreads
from collateral.impose.schemes import SCHEMES, SchemeError, plan


def _cells(side) -> dict[tuple[int, int], Slot]:
    return {(s.col, s.row): s for s in side.slots}


def _seen_back(p: SheetMap, back, landscape: bool) -> dict[tuple[int, int], tuple[int | None, int]]:
    """The back as the reader sees it after turning the sheet about its vertical fold line.

    A duplex printer prints the back upright for a turn about the edge it
    flips on. For a turn about the vertical line, that is the long edge of a
    portrait sheet and the short edge of a landscape one; otherwise the back
    reads upside down: every cell lands on the opposite cell, turned 180°.
    """
    upright = (p.flip == "long") != landscape
    out = {}
    for (c, r), s in _cells(back).items():
        if upright:
            out[(c, r)] = (s.page, s.rotate)
        else:
            out[(p.cols - 1 - c, p.rows - 1 - r)] = (s.page, (s.rotate + 180) % 360)
    return out


def _spreads_after_cutting(p: SheetMap, landscape: bool) -> list[tuple[list, list]]:
    """(front cells, seen-back cells) of each two-page spread, stacked as the instructions say.

    Saddle: the sheets as printed, first on top. Cutstack: the stack cut
    across, the top-half stack laid on the bottom-half stack.
    """
    sheets = sorted({s.sheet for s in p.sides})
    spreads_by_row: dict[int, list] = {r: [] for r in range(p.rows)}
    for n in sheets:
        front = _cells(next(s for s in p.sides if s.sheet == n and s.face == "front"))
        back = _seen_back(p, next(s for s in p.sides if s.sheet == n and s.face == "back"), landscape)
        for r in range(p.rows):
            spreads_by_row[r].append(([(front[(c, r)].page, front[(c, r)].rotate) for c in range(p.cols)],
                                      [back[(c, r)] for c in range(p.cols)]))
    return [spread for r in range(p.rows) for spread in spreads_by_row[r]]


def _read_folded(spreads: list[tuple[list, list]]) -> list[tuple[int | None, int]]:
    """Fold the stack along the vertical middle, first spread outside, and read it cover to back.

    Front cells are [left, right] as printed, seen-back cells [left, right]
    as seen after the turn. Folded, the first spread's front right is the
    cover; then alternately the back's left half of a spread and the next
    spread's front right, inward; then outward again.
    """
    inward, outward = [], []
    for front, back in spreads:
        inward += [front[1], back[0]]
        outward = [back[1], front[0]] + outward
    return inward + outward


@pytest.mark.parametrize("pages", [8, 10, 12, 16, 20])
def test_saddle_sides_follow_the_saddle_order(pages):
    p = plan("saddle", pages)
    total = padded(pages, SCHEMES["saddle"].pages_per_sheet)
    assert total % 4 == 0 and total - pages < 4
    order = [*range(1, pages), *([None] * (total - pages)), pages]  # blanks before the back cover
    for i, (front, back) in enumerate(saddle_spreads(total)):
        assert front == (total - 2 * i, 2 * i + 1) and back == (2 * i + 2, total - 2 * i - 1)
        f = next(s for s in p.sides if s.sheet == i and s.face == "front")
        assert [s.page for s in f.slots] == [order[front[0] - 1], order[front[1] - 1]]
    placed = [s.page for side in p.sides for s in side.slots if s.page is not None]
    assert sorted(placed) == list(range(1, pages + 1))  # every reading page once


@pytest.mark.parametrize("pages", [8, 10, 12, 16, 20])
@pytest.mark.parametrize("flip", ["long", "short"])
@pytest.mark.parametrize("mode", ["saddle", "cutstack"])
def test_printed_cut_stacked_and_folded_the_pages_read_in_order_and_upright(mode, flip, pages):
    p = plan(mode, pages, flip)
    landscape = mode == "saddle"  # a saddle sheet is a spread; cutstack prints on A4 portrait
    read = _read_folded(_spreads_after_cutting(p, landscape))
    total = padded(pages, SCHEMES[mode].pages_per_sheet)
    assert [page for page, _ in read] == [*range(1, pages), *([None] * (total - pages)), pages]
    assert all(turn == 0 for page, turn in read if page is not None)


def test_flip_long_and_short_differ_exactly_by_turning_the_backs():
    long_, short = plan("saddle", 12, "long"), plan("saddle", 12, "short")
    for a, b in zip(long_.sides, short.sides):
        if a.face == "front":
            assert a == b
        else:
            turned = sorted(((1 - s.col, 0, (s.rotate + 180) % 360, s.page) for s in a.slots))
            assert turned == sorted((s.col, s.row, s.rotate, s.page) for s in b.slots)


def test_zine_folds_into_eight_upright_pages():
    """One A4 side, 4 × 2 cells: fold the top row behind, then read the strip as a zine."""
    p = plan("zine", 8)
    (side,) = p.sides
    cells = _cells(side)
    assert [cells[(c, 0)].page for c in range(4)] == [5, 4, 3, 2]
    assert [cells[(c, 1)].page for c in range(4)] == [6, 7, 8, 1]
    # fold the top row behind the bottom one (a mirror about the horizontal middle), then turn the strip
    # about its vertical axis to see that side (a mirror left to right): a cell lands in the mirrored
    # column, and the two mirrors together turn it by half a turn
    front = [(cells[(c, 1)].page, cells[(c, 1)].rotate) for c in range(4)]
    behind = [(cells[(3 - c, 0)].page, (cells[(3 - c, 0)].rotate + 180) % 360) for c in range(4)]
    # cut the middle slit and push the ends together: the cover is the front's right panel, then the
    # panels behind read left to right, then the front's remaining panels left to right
    read = [front[3], *behind, *front[:3]]
    assert read == [(1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0)]


def test_creep_moves_the_innermost_sheet_by_the_full_amount_and_the_outermost_not_at_all():
    p = plan("saddle", 16, "long", creep=1.0)
    sheets = max(s.sheet for s in p.sides) + 1
    for side in p.sides:
        shifts = {s.col: s.shift for s in side.slots}
        expected = 1.0 * side.sheet / (sheets - 1)
        assert abs(shifts[0]) == pytest.approx(expected) and abs(shifts[1]) == pytest.approx(expected)
        assert shifts[0] >= 0 >= shifts[1]  # both toward the middle of the sheet: the spine
    assert plan("saddle", 16).sides == tuple(
        type(side)(side.sheet, side.face, tuple(type(s)(s.page, s.col, s.row, s.rotate, 0.0) for s in side.slots))
        for side in p.sides)


def test_a_zine_longer_than_eight_pages_is_refused():
    with pytest.raises(SchemeError, match="--imposition zine holds 8 pages; this piece has 9"):
        plan("zine", 9)
