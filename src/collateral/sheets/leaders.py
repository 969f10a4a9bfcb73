"""The leaders sheet: its columns, and a filled one read back as rows of text with positions.

Offices keep leader lists in Excel. ``collateral template`` writes a workbook
with these columns; ``collateral import`` reads it (or a CSV saved from it).
The file readers (:mod:`collateral.sheets.xlsx`, :mod:`collateral.sheets.csvgrid`)
turn a sheet into a :class:`Grid` of its non-empty cells; :func:`read_grid`
finds the header row wherever it is, maps columns by header, and makes
:class:`SheetRow` s whose cells are text, each knowing its sheet, row and
column, so every later message points at the cell to fix.

Nothing is dropped without a word: a header the template does not have, a
value in a column without a header, a hidden row or column that holds a
value, and a value a spreadsheet would run as a formula are all refused here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from collateral.data.dataset import Dataset
from collateral.errors import Problem
from collateral.data.model import Unit
from collateral.data.schema import printable
from collateral.i18n import _

# Column key -> header as written in the template. Import finds columns by header, so
# their order does not matter and a CSV may leave out 单位.
HEADERS = {"code": "代码", "path": "单位", "role": "职务", "name": "姓名", "phone": "公开号码"}
EDITABLE = ("name", "phone")
REQUIRED = ("code", "role", "name", "phone")  # 单位 is a cross-check a CSV may leave out
# Headers people write by hand in a CSV; the template's own are always accepted.
ALIASES = {
    **{header: key for key, header in HEADERS.items()},
    "code": "code", "unit": "path", "role": "role", "name": "name", "phone": "phone",
    "单位代码": "code", "区划代码": "code", "职务名称": "role", "电话": "phone", "手机": "phone",
    "号码": "phone", "公开电话": "phone",
}
INSTRUCTIONS_WORKSHEET = "填写说明"
HEADER_SEARCH = 20  # rows with values looked at for the header row (titles may sit above it)
MAX_TEXT = 1000  # characters in a cell: no name or number is longer; longer text is a paste gone wrong
# Spreadsheet programs run a cell starting with one of these as a formula when the file is opened
# again (=HYPERLINK(...), +cmd|'/c calc'!A1, -2+3, @SUM(...)): "CSV injection". No name or number
# starts with one; "+86 138..." is written without the +86, and a blank cell means "no number".
FORMULA_START = "=+-@"


@dataclass(frozen=True)
class Where:
    """A cell as a spreadsheet user finds it: sheet, row, column letter and header."""

    sheet: str | None
    row: int
    column: str
    header: str

    def __str__(self) -> str:
        sheet = f"sheet {self.sheet}, " if self.sheet else ""
        column = f"{self.column} ({self.header})" if self.column and self.column != self.header else self.header
        return f"{sheet}row {self.row}, column {column}"


@dataclass(frozen=True)
class Cell:
    text: str
    where: Where


@dataclass(frozen=True)
class SheetRow:
    """One data row: column key -> cell, for the columns the sheet has."""

    sheet: str | None
    row: int
    cells: dict[str, Cell]

    def text(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.text if cell else ""

    def where(self, key: str) -> Where:
        cell = self.cells.get(key)
        if cell is not None:
            return cell.where
        return Where(self.sheet, self.row, "", HEADERS[key])

    @property
    def blank(self) -> bool:
        return not any(c.text for c in self.cells.values())


@dataclass
class SheetFile:
    """What a file held: its rows, cells that could not be trusted, and notes (which encoding a CSV was in).

    Bad cells are kept as problems rather than raised, so the import can list
    them together with the bad values it finds later, every one on its line.
    """

    label: str
    rows: list[SheetRow]
    notes: list[str]
    problems: list[Problem]


@dataclass
class Grid:
    """One sheet's non-empty cells as the file holds them: row number -> column index (0-based) -> value.

    Only cells that exist are kept, so a sheet whose one cell sits at
    XFD1048576 costs one entry, not 17 billion.
    """

    sheet: str | None
    cells: dict[int, dict[int, Any]]
    letter: Callable[[int], str]  # a column as the user sees it ("D"; "" for a CSV, which has no letters)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merged: list[tuple[str, int, int, int]] = field(default_factory=list)  # (A1:B2, first row, last row, column)


# A reader's rule for one cell: (label, column key, raw value, where, problems) -> its text.
CellText = Callable[[str, str, Any, Where, list[Problem]], str]


def problem(label: str, where: Where | str, message: str) -> Problem:
    return Problem(message, file=label, field=str(where))


def text_problem(value: str) -> str | None:
    """Why a cell's text cannot be imported as it is (a formula, a paste gone wrong), or None."""
    if value[:1] in FORMULA_START:
        return (_("{value!r} starts with {value2!r}: spreadsheet programs run such a value as a formula when "
                   "the file is opened again, so it is never imported; type the value without it (no +86 "
                   "before a number; leave the cell blank for no number)").format(
                    value=printable(value), value2=value[0]))
    if len(value) > MAX_TEXT:
        return _("{count:,} characters in one cell: longer than any name or number; was something pasted here?").format(
                   count=len(value))
    return None


def _header_key(value: Any) -> str | None:
    return ALIASES.get(str(value).strip().lower()) if value is not None else None


def _find_header(grid: Grid) -> int | None:
    """The first row (of the first :data:`HEADER_SEARCH` with values) that names one of our columns."""
    for row in sorted(grid.cells)[:HEADER_SEARCH]:
        if any(_header_key(v) for v in grid.cells[row].values()):
            return row
    return None


def _where(grid: Grid, row: int, col: int, header: str) -> Where:
    return Where(grid.sheet, row, grid.letter(col), header)


def _columns(label: str, grid: Grid, header_row: int) -> tuple[dict[str, int], list[Problem]]:
    """Header cells -> column key and index; problems for a missing, renamed, repeated or foreign column."""
    found: dict[str, int] = {}
    unknown: dict[int, str] = {}
    problems = []
    for col, value in sorted(grid.cells[header_row].items()):
        key = _header_key(value)
        if key is None:
            unknown[col] = str(value).strip()
        elif key in found:
            problems.append(problem(label, _where(grid, header_row, col, HEADERS[key]),
                                    _("column {headers} appears twice").format(headers=HEADERS[key])))
        else:
            found[key] = col
    at = f"sheet {grid.sheet}, row {header_row}" if grid.sheet else f"row {header_row}"
    expected = "、".join(HEADERS.values())
    missing = [key for key in REQUIRED if key not in found]
    for key in missing:
        renamed = ""
        if len(missing) == 1 and len(unknown) == 1:
            (col, text), = unknown.items()
            where = f"column {grid.letter(col)}" if grid.letter(col) else "a column"
            renamed = _("; {where} is headed {value!r}: renamed? the header must read {headers}").format(
                          where=where, value=printable(text), headers=HEADERS[key])
        problems.append(problem(label, at, _("no {headers} column (the header row must name "
                                              "{expected}){renamed}").format(
                                               headers=HEADERS[key], expected=expected, renamed=renamed)))
    for col, text in unknown.items():
        if missing and len(missing) == 1 and len(unknown) == 1:
            continue  # said above, as the renamed column
        problems.append(problem(label, _where(grid, header_row, col, printable(text)),
                                _("header {value!r} is not a column of the template ({expected}): its values "
                                   "would not be imported; delete the column").format(
                                    value=printable(text), expected=expected)))
    return found, problems


def _stray_values(label: str, grid: Grid, header_row: int, used: set[int]) -> list[Problem]:
    """Values below the header in columns without one: data the import would drop, so refused."""
    first: dict[int, int] = {}
    for row in sorted(grid.cells):
        if row > header_row:
            for col in grid.cells[row]:
                if col not in used and col not in grid.cells[header_row]:
                    first.setdefault(col, row)
    return [problem(label, f"sheet {grid.sheet}, row {row}, column {grid.letter(col)}" if grid.sheet
                    else f"row {row}, column {col + 1}",
                    _("a value in a column with no header: it would not be imported; move it to its column or "
                       "delete it")) for col, row in sorted(first.items())]


def _hidden(label: str, grid: Grid, header_row: int, found: dict[str, int]) -> list[Problem]:
    """Hidden rows and columns that hold values: whoever filled the sheet did not see them."""
    out = []
    for col in sorted(grid.hidden_columns & set(found.values())):
        header = next(HEADERS[k] for k, i in found.items() if i == col)
        if any(col in grid.cells[r] for r in grid.cells if r > header_row):
            out.append(problem(label, f"sheet {grid.sheet}, column {grid.letter(col)} ({header})",
                               _("hidden column with values: unhide it (取消隐藏) and check them, then import "
                                  "again")))
    for row in sorted(grid.hidden_rows):
        if row >= header_row and any(col in grid.cells.get(row, {}) for col in found.values()):
            out.append(problem(label, f"sheet {grid.sheet}, row {row}",
                               _("hidden row with values (hidden by hand or by a filter): unhide it (取消隐藏, "
                                  "clear the filter) and check it, then import again")))
    return out


def read_grid(label: str, grid: Grid, cell_text: CellText) -> tuple[list[SheetRow], list[Problem]]:
    """The data rows of one sheet, and every problem with its header, its layout or its cells.

    A sheet with no values at all gives no rows and no problems (Excel's
    empty Sheet2); one with values but no header row is refused.
    """
    if not grid.cells:
        return [], []
    header_row = _find_header(grid)
    if header_row is None:
        where = f"sheet {grid.sheet}" if grid.sheet else "the file"
        rows = sorted(grid.cells)[:HEADER_SEARCH]
        return [], [problem(label, where, _("no header row in rows {rows}–{rows2}: expected a row naming "
                                             "{value}").format(
                                              rows=rows[0], rows2=rows[-1], value='、'.join(HEADERS.values())))]
    found, problems = _columns(label, grid, header_row)
    if problems:
        return [], problems
    problems += _stray_values(label, grid, header_row, set(found.values()))
    problems += _hidden(label, grid, header_row, found)
    header_of = {col: HEADERS[key] for key, col in found.items()}
    for coord, first, last, col in sorted(grid.merged, key=lambda m: (m[1], m[3])):
        if last > header_row:  # a merged title above the header is fine
            problems.append(problem(label, _where(grid, first, col, header_of.get(col, "?")),
                                    _("merged cells {coord}: unmerge them and give every row its own value").format(
                                        coord=coord)))
    rows = []
    for r in sorted(grid.cells):
        if r <= header_row:
            continue
        values = grid.cells[r]
        cells = {}
        for key, col in found.items():
            where = _where(grid, r, col, HEADERS[key])
            text = cell_text(label, key, values.get(col), where, problems)
            if text and (why := text_problem(text)):
                problems.append(problem(label, where, why))
                text = ""
            cells[key] = Cell(text, where)
        row = SheetRow(grid.sheet, r, cells)
        if not row.blank:
            rows.append(row)
    return rows, problems
