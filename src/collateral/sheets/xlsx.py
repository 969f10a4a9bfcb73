"""A filled leaders workbook (.xlsx): checked as a container first, then read into one :class:`Grid` per sheet.

An .xlsx is a zip of XML parts, and openpyxl trusts both: a 2 MB zip can
declare 2 GB of XML, and one ``<mergeCell ref="A1:XFD1048576"/>`` or
``<hyperlink ref=...>`` makes openpyxl create a cell object for every cell
of the range. :func:`inspect` therefore looks at the zip before openpyxl
does: the sizes the zip declares (which :mod:`zipfile` enforces while
reading: more data than declared fails the CRC), the compression methods,
no DTDs (entity expansion), the number of cells, and the area of every
merged range and hyperlink. Only then is the workbook loaded, and only the
cells it holds are looked at (never ``max_row`` × ``max_column``).

openpyxl is imported only here, so CSV imports and the rest of the CLI start without it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collateral.errors import CollateralError, Problem
from collateral.sheets.leaders import INSTRUCTIONS_WORKSHEET, Grid, SheetFile, SheetRow, Where, problem, read_grid
from collateral.i18n import _

MAX_UNZIPPED = 50 * 2**20  # the province's template is 0.3 MB unzipped; with every township's leaders ~4 MB
MAX_MEMBERS = 2000
MAX_CELLS = 200_000  # the province with three leaders for every township is ~40,000 cells
MAX_RANGE = 100_000  # cells in one merged range or hyperlink: openpyxl makes an object for each

_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_RANGED = re.compile(rb"<(?:[\w.-]+:)?(mergeCell|hyperlink)\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse(label: str, message: str) -> CollateralError:
    return CollateralError(Problem(message, file=label))


def _area(ref: str) -> int:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return ((max_col or 16384) - (min_col or 1) + 1) * ((max_row or 1048576) - (min_row or 1) + 1)


def inspect(path: Path, label: str) -> None:
    """Refuse a workbook whose parts would take openpyxl minutes or gigabytes, before it parses any.

    Raises:
        CollateralError: not a readable zip, too large when unpacked (a zip bomb), an unusual
            compression, a DTD, too many cells, or a merged range or hyperlink over too many cells.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            declared = sum(i.file_size for i in infos)
            if len(infos) > MAX_MEMBERS:
                raise _refuse(label, _("{count:,} parts in the workbook's zip; a leaders workbook has a few "
                                        "dozen: refused before reading").format(count=len(infos)))
            if declared > MAX_UNZIPPED:
                raise _refuse(label, _("unpacks to {declared:,} bytes (as its zip declares) from {st_size:,}; "
                                        "over {value} MB is no leaders list (a zip bomb?): refused before "
                                        "reading").format(
                                         declared=declared, st_size=path.stat().st_size, value=MAX_UNZIPPED // 2**20))
            cells = 0
            for info in infos:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise _refuse(label, _("part {filename} uses compression method {compress_type}, which "
                                            "Excel never writes: refused").format(
                                             filename=info.filename, compress_type=info.compress_type))
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                data = archive.read(info)  # at most its declared size: zipfile stops there and checks the CRC
                if _DTD.search(data):
                    raise _refuse(label, _("part {filename} declares a DTD or entities, which Excel never "
                                            "writes: refused").format(filename=info.filename))
                if "worksheets/" not in info.filename:
                    continue
                cells += len(_CELL.findall(data))
                for kind, ref in _RANGED.findall(data):
                    area = _area(ref.decode("ascii", "replace"))
                    if area > MAX_RANGE:
                        what = "merged cells" if kind == b"mergeCell" else "a link"
                        raise _refuse(label, _("{what} over {value} ({area:,} cells) in {filename}: refused "
                                                "before reading; unmerge or remove it").format(
                                                 what=what, value=ref.decode('ascii',
                                                                             'replace'), area=area, filename=info.filename))
            if cells > MAX_CELLS:
                raise _refuse(label, _("{cells:,} cells; a leaders workbook has at most a few ten thousand: "
                                        "refused before reading (delete the unused rows and columns)").format(
                                         cells=cells))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as err:
        raise _refuse(label, _("cannot read as an Excel .xlsx workbook ({err}); save it from Excel as .xlsx "
                                "or CSV").format(err=err)) from err
    except OSError as err:
        raise _refuse(label, f"cannot read: {err.strerror or err}") from err


def _number_text(value: float) -> str:
    """A number as Excel shows it in a narrow column: 1.8837117796E10 for a phone typed into a number cell."""
    if not float(value).is_integer():
        return repr(value)
    mantissa, exponent = f"{float(value):.14E}".split("E")
    return f"{int(value)} = {mantissa.rstrip('0').rstrip('.')}E{int(exponent)}"


@dataclass(frozen=True)
class _Formula:
    """A cell that holds a formula (or an array or data-table formula): never imported, whatever it computes."""

    text: str


@dataclass(frozen=True)
class _ErrorValue:
    """A cell showing an error (#N/A, #REF!...)."""

    text: str


def _value(cell: Any) -> Any:
    """A present cell's value as the grid keeps it: formulas and error values marked as such."""
    value = cell.value
    if cell.data_type == "f" or not isinstance(value, (str, int, float, bool)):
        return _Formula(value if isinstance(value, str) else str(getattr(value, "text", "") or type(value).__name__))
    if cell.data_type == "e":
        return _ErrorValue(str(value))
    return value


def _text(label: str, key: str, value: Any, where: Where, problems: list[Problem]) -> str:
    """A cell's value as text, or a problem when the cell does not hold text the import can trust."""
    if value is None:
        return ""
    if isinstance(value, _Formula):
        problems.append(problem(label, where, _("formula {text!r}: type the value itself").format(text=value.text)))
        return ""
    if isinstance(value, _ErrorValue):
        problems.append(problem(label, where, _("error value {text!r}: type the value itself").format(
                                                  text=value.text)))
        return ""
    if isinstance(value, str):
        return value.strip().strip("\u3000")
    if isinstance(value, bool):
        problems.append(problem(label, where, _("expected text, got the truth value {value}").format(value=value)))
        return ""
    if key == "code" and float(value).is_integer():
        return str(int(value))  # codes have no leading zeros; a number is unambiguous
    if key == "phone":
        problems.append(problem(label, where, (
            _("number stored as a number, not text: {value}; Excel drops leading zeros and rounds long "
               "numbers, so format the cell as text (文本) and type the number again").format(
                value=_number_text(value)))))
        return ""
    problems.append(problem(label, where, _("expected text, got the number {value!r}").format(value=value)))
    return ""


def _grid(ws) -> Grid:
    """The cells the sheet holds (openpyxl's own store: iterating rows would visit every empty cell)."""
    from openpyxl.utils import get_column_letter

    cells: dict[int, dict[int, Any]] = {}
    for (row, col), cell in ws._cells.items():  # noqa: SLF001 - the only way to visit present cells alone
        if cell.value is not None and not (isinstance(cell.value, str) and not cell.value.strip()):
            cells.setdefault(row, {})[col - 1] = _value(cell)
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden or dim.ht == 0}
    hidden_columns: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden or (dim.customWidth and dim.width == 0):
            hidden_columns.update(range((dim.min or 1) - 1, dim.max or dim.min or 1))
    merged = [(rng.coord, rng.min_row, rng.max_row, rng.min_col - 1) for rng in ws.merged_cells.ranges]
    return Grid(ws.title, cells, lambda i: get_column_letter(i + 1), hidden_rows, hidden_columns, merged)


def read_xlsx(path: Path, label: str) -> SheetFile:
    """Every data sheet of a workbook (the instructions sheet is skipped); hidden sheets with values refused."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    inspect(path, label)
    try:
        wb = load_workbook(path, data_only=False, rich_text=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as err:
        raise _refuse(label, _("cannot read as an Excel .xlsx workbook ({err}); save it from Excel as .xlsx "
                                "or CSV").format(err=err)) from err
    rows: list[SheetRow] = []
    problems: list[Problem] = []
    for ws in wb.worksheets:
        if ws.title == INSTRUCTIONS_WORKSHEET:
            continue
        grid = _grid(ws)
        if grid.cells and ws.sheet_state != "visible":
            problems.append(problem(label, f"sheet {ws.title}", _("{sheet_state} sheet with values: unhide it "
                                                                   "(取消隐藏) and check it, or delete it").format(
                                                                    sheet_state=ws.sheet_state)))
            continue
        sheet_rows, sheet_problems = read_grid(label, grid, _text)
        rows += sheet_rows
        problems += sheet_problems
    return SheetFile(label, rows, [], problems)
