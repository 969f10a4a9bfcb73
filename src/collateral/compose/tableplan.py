"""A leaders table's plan as data: what it shows, its styles, where each row stands; and how rows share columns.

:mod:`collateral.compose.tablefit` works out a :class:`Plan` (sizes, widths, line
counts); the packing here decides which groups stand in which of the
side-by-side columns: whole groups if they go in, else a group runs on into
the next column under its name repeated.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.spec.params import TextStyle

@dataclass(frozen=True)
class TableText:
    """What a table shows; a value of ``""`` is a blank to fill in by hand (or a placeholder text)."""

    header: tuple[str, str, str]
    groups: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]  # (unit name, rows)
    titled: bool  # a title row above each group (tables of several units)


@dataclass(frozen=True)
class TableStyle:
    head: TextStyle
    cell: TextStyle
    group: TextStyle
    pad: float  # pt, left and right of a cell's text
    row_height: float  # pt, a one-line row as designed
    min_row_height: float  # pt, the least a one-line row may be
    gap: float  # pt between side-by-side columns
    max_columns: int
    max_width: float  # pt, the widest a lone column may be (0: the frame's width)
    blank_text: str = ""  # what a blank cell says ("" draws a line to write on)


@dataclass(frozen=True)
class Row:
    lines: int
    name: tuple[str, ...]  # the name as set, one item per line (a middle-dot name may take two)


Item = tuple[int, int]  # (group, row) in a column; row TITLE is the group's title row (repeated if it continues)
TITLE = -1


@dataclass(frozen=True)
class Plan:
    scale: float
    col_w: float  # pt, one side-by-side column of the table
    widths: tuple[float, float, float]  # pt, 职务 / 姓名 / 公开号码 within col_w
    columns: tuple[tuple[Item, ...], ...]  # what stands in each column, top to bottom (under its header)
    rows: tuple[tuple[Row, ...], ...]  # per group, per leader row
    line: float  # pt, the height of one line of cell type
    air: float  # pt added to each row's lines

    def height(self, lines: int) -> float:
        return lines * self.line + self.air

    def item_height(self, item: Item) -> float:
        g, r = item
        return self.height(1 if r == TITLE else self.rows[g][r].lines)

    def column_height(self, items: tuple[Item, ...]) -> float:
        """The column's height, its header included."""
        return self.height(1) + sum(self.item_height(i) for i in items)


@dataclass(frozen=True)
class Misfit:
    """Why no plan fits: the group (index) or row that would not go in, in words."""

    message: str
    group: int | None = None
    row: int | None = None


def fill_columns(plan: Plan, items: list[Item], height: float, titled: bool) -> list[list[Item]] | None:
    """Items into columns of at most ``height``, in order; a group broken by a column repeats its title.

    A title is never the last item of a column. None if one row alone is taller than a column.
    """
    cols: list[list[Item]] = [[]]
    used = plan.height(1)
    for item in items:
        h = plan.item_height(item)
        if used + h > height + 1e-6 and cols[-1]:
            carry = [cols[-1].pop()] if cols[-1][-1][1] == TITLE else []
            if not cols[-1]:
                return None
            if not carry and item[1] != TITLE and titled:
                carry = [(item[0], TITLE)]  # continued: the unit's name again on top
            cols.append(carry)
            used = plan.column_height(tuple(carry))
        if used + h > height + 1e-6:
            return None
        cols[-1].append(item)
        used += h
    return cols


def partition(sizes: list[float], columns: int) -> tuple[tuple[int, ...], ...]:
    """Consecutive groups into at most ``columns`` columns, the tallest as short as can be.

    A group is never split, so a reader finds a unit's leaders together.
    Exact (dynamic programming over the split points): tables have a few dozen groups.
    """
    g = len(sizes)
    if g == 0:
        return ()
    columns = max(1, min(columns, g))
    prefix = [0.0]
    for s in sizes:
        prefix.append(prefix[-1] + s)
    inf = float("inf")
    # best[k][i]: the tallest column when the first i groups stand in k columns; cut[k][i]: where column k starts
    best = [[inf] * (g + 1) for _ in range(columns + 1)]
    cut = [[0] * (g + 1) for _ in range(columns + 1)]
    best[0][0] = 0.0
    for k in range(1, columns + 1):
        for i in range(1, g + 1):
            for j in range(k - 1, i):
                value = max(best[k - 1][j], prefix[i] - prefix[j])
                if value < best[k][i] - 1e-9:
                    best[k][i], cut[k][i] = value, j
    k = min(range(1, columns + 1), key=lambda c: (best[c][g] + 1e-6 * c))
    out, i = [], g
    while k:
        j = cut[k][i]
        out.append(tuple(range(j, i)))
        i, k = j, k - 1
    return tuple(reversed(out))
