"""The leaders sheet: its columns, and reading a filled one back as rows of text with positions.

Offices keep leader lists in Excel. ``collateral template`` writes a workbook
with these columns; ``collateral import`` reads it (or a CSV saved from it)
through :func:`read_sheet_file`. What goes in: an .xlsx or .csv file. What
comes out: :class:`SheetRow` s whose cells are text, each knowing its sheet,
row and column, so every later message can point at the cell to fix. Cells
that cannot be trusted as text (merged cells, numbers Excel stored as numbers,
formulas, undecodable CSV) are refused here, before any value is looked at.

openpyxl is imported only when an .xlsx is read, so CSV imports and the rest
of the CLI start without it.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collateral.dataset import Dataset
from collateral.errors import CollateralError, Problem
from collateral.model import Unit

# Column key -> header as written in the template. Import finds columns by header, so
# their order does not matter and a CSV may leave out 单位.
HEADERS = {"code": "代码", "path": "单位", "role": "职务", "name": "姓名", "phone": "公开号码"}
EDITABLE = ("name", "phone")
REQUIRED = ("code", "role")
# Headers people write by hand in a CSV; the template's own are always accepted.
ALIASES = {
    **{header: key for key, header in HEADERS.items()},
    "code": "code", "unit": "path", "role": "role", "name": "name", "phone": "phone",
    "单位代码": "code", "区划代码": "code", "职务名称": "role", "电话": "phone", "手机": "phone",
    "号码": "phone", "公开电话": "phone",
}
INSTRUCTIONS_SHEET = "填写说明"


def name_path(dataset: Dataset, unit: Unit) -> str:
    """The unit as ``collateral leaflet`` takes it by name: 郑州市/金水区/花园路街道 (province alone: 河南省)."""
    chain = dataset.ancestry(unit)
    return "/".join(u.name for u in chain[1:]) or unit.name


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


def _problem(label: str, where: Where | str, message: str) -> Problem:
    return Problem(message, file=label, field=str(where))


def _columns(label: str, sheet: str | None, headers: list[Any], letter) -> tuple[dict[str, int], list[Problem]]:
    """Header cells -> column key and index; problems when a needed column is missing or repeated."""
    found: dict[str, int] = {}
    problems = []
    for i, value in enumerate(headers):
        key = ALIASES.get(str(value).strip().lower() if value is not None else "")
        if key is None:
            continue
        if key in found:
            problems.append(_problem(label, Where(sheet, 1, letter(i), HEADERS[key]),
                                     f"column {HEADERS[key]} appears twice"))
        found[key] = i
    where = f"sheet {sheet}, row 1" if sheet else "row 1"
    for key in REQUIRED:
        if key not in found:
            problems.append(_problem(label, where, f"no {HEADERS[key]} column (the header row must name "
                                                   f"{'、'.join(HEADERS.values())})"))
    if not any(k in found for k in EDITABLE):
        problems.append(_problem(label, where, "no 姓名 or 公开号码 column: nothing to import"))
    return found, problems


# -- xlsx --------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    """A number as Excel shows it in a narrow column: 1.8837117796E10 for a phone typed into a number cell."""
    if not float(value).is_integer():
        return repr(value)
    mantissa, exponent = f"{float(value):.14E}".split("E")
    return f"{int(value)} = {mantissa.rstrip('0').rstrip('.')}E{int(exponent)}"


def _xlsx_cell(label: str, key: str, value: Any, where: Where, problems: list[Problem]) -> str:
    """A cell's value as text, or a problem when the cell does not hold text the import can trust."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith("=") and len(value) > 1:
            problems.append(_problem(label, where, f"formula {value!r}: type the value itself"))
            return ""
        return value.strip().strip("\u3000")
    if isinstance(value, bool):
        problems.append(_problem(label, where, f"expected text, got the truth value {value}"))
        return ""
    if isinstance(value, (int, float)):
        if key == "code" and float(value).is_integer():
            return str(int(value))  # codes have no leading zeros; a number is unambiguous
        if key == "phone":
            problems.append(_problem(label, where, (
                f"number stored as a number, not text: {_number_text(value)}; Excel drops leading zeros "
                "and rounds long numbers, so format the cell as text (文本) and type the number again")))
            return ""
        problems.append(_problem(label, where, f"expected text, got the number {value!r}"))
        return ""
    problems.append(_problem(label, where, f"expected text, got {type(value).__name__} {value!r}"))
    return ""


def read_xlsx(path: Path, label: str) -> SheetFile:
    """Every data sheet of a workbook (the instructions sheet is skipped)."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as err:
        raise CollateralError(Problem(f"cannot read as an Excel .xlsx workbook ({err}); "
                                      "save it from Excel as .xlsx or CSV", file=label)) from err
    rows: list[SheetRow] = []
    problems: list[Problem] = []
    for ws in wb.worksheets:
        if ws.title == INSTRUCTIONS_SHEET or ws.max_row < 1 or ws.max_column < 1:
            continue
        grid = list(ws.iter_rows(values_only=True))
        if not grid or all(v is None for v in grid[0]):
            continue
        found, header_problems = _columns(label, ws.title, list(grid[0]), lambda i: get_column_letter(i + 1))
        problems += header_problems
        if header_problems:
            continue
        header_of = {i: HEADERS[k] for k, i in found.items()}
        for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            col = rng.min_col - 1
            where = Where(ws.title, rng.min_row, get_column_letter(rng.min_col), header_of.get(col, "?"))
            problems.append(_problem(label, where, f"merged cells {rng.coord}: unmerge them and give every "
                                                   "row its own value"))
        for r, values in enumerate(grid[1:], start=2):
            cells = {}
            for key, i in found.items():
                where = Where(ws.title, r, get_column_letter(i + 1), HEADERS[key])
                value = values[i] if i < len(values) else None
                cells[key] = Cell(_xlsx_cell(label, key, value, where, problems), where)
            row = SheetRow(ws.title, r, cells)
            if not row.blank:
                rows.append(row)
    return SheetFile(label, rows, [], problems)


# -- csv ---------------------------------------------------------------------------------


def decode_csv(data: bytes, label: str) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: UTF-8 (with or without BOM), else GB18030.

    Excel on a Chinese Windows saves "CSV" in GBK (a subset of GB18030) and
    "CSV UTF-8" with a BOM; plain UTF-8 is tried first because GBK bytes are
    almost never valid UTF-8, while UTF-8 bytes often decode as GBK nonsense.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 (with BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CollateralError(Problem("UTF-16 text (Excel's \"Unicode text\"): save as \"CSV UTF-8\" or CSV",
                                      file=label))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as err:
        raise CollateralError(Problem(f"neither UTF-8 nor GBK/GB18030 text (bad byte at {err.start}); "
                                      "save as \"CSV UTF-8\"", file=label)) from err


def read_csv(path: Path, label: str) -> SheetFile:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CollateralError(Problem(f"cannot read: {err.strerror}", file=label)) from err
    try:
        text, encoding = decode_csv(data, label)
    except UnicodeDecodeError as err:  # a BOM followed by bytes that are not UTF-8
        raise CollateralError(Problem(f"starts with a UTF-8 BOM but is not UTF-8 (bad byte at {err.start})",
                                      file=label)) from err
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise CollateralError(Problem("empty file: expected a header row", file=label))
        found, problems = _columns(label, None, header, lambda i: "")
        if problems:
            return SheetFile(label, [], [], problems)
        rows = []
        line = reader.line_num
        for values in reader:
            start, line = line + 1, reader.line_num
            cells = {key: Cell(values[i].strip().strip("\u3000") if i < len(values) else "",
                               Where(None, start, "", HEADERS[key]))
                     for key, i in found.items()}
            row = SheetRow(None, start, cells)
            if not row.blank:
                rows.append(row)
    except csv.Error as err:
        raise CollateralError(Problem(f"CSV syntax at line {reader.line_num}: {err}", file=label)) from err
    return SheetFile(label, rows, [f"{label}: read as {encoding}"], [])


def read_sheet_file(path: Path) -> SheetFile:
    """Rows of an .xlsx or .csv file; refuses other kinds by name."""
    label = str(path)
    if not path.is_file():
        raise CollateralError(Problem("no such file", file=label))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path, label)
    if suffix == ".csv":
        return read_csv(path, label)
    if suffix == ".xls":
        raise CollateralError(Problem("old Excel .xls format: save it as .xlsx (Excel 工作簿) or CSV", file=label))
    raise CollateralError(Problem(f"unknown file type {suffix or '(none)'}: expected .xlsx or .csv", file=label))
