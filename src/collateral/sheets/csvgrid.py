"""A leaders sheet saved as CSV: decoded as Excel on a Chinese Windows saves it, read into a :class:`Grid`.

What goes in: the bytes of a .csv file. What comes out: a
:class:`~collateral.sheets.leaders.Grid` of its non-empty fields keyed by the
line each record starts on (a quoted field may span lines), and which
encoding it was in. Every field is text; the rules for what a value may be
are :func:`collateral.sheets.leaders.read_grid`'s.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

from collateral.errors import CollateralError, Problem
from collateral.sheets.leaders import Grid, SheetFile, Where, read_grid
from collateral.i18n import _


def decode_csv(data: bytes, label: str) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: UTF-8 (with or without BOM), else GB18030.

    Excel on a Chinese Windows saves "CSV" in GBK (a subset of GB18030) and
    "CSV UTF-8" with a BOM; plain UTF-8 is tried first because GBK bytes are
    almost never valid UTF-8, while UTF-8 bytes often decode as GBK nonsense.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), _("UTF-8 (with BOM)")
        except UnicodeDecodeError as err:
            raise CollateralError(Problem(_("starts with a UTF-8 BOM but is not UTF-8 (bad byte at {start})").format(
                                              start=err.start),
                                          file=label)) from err
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CollateralError(Problem(_("UTF-16 text (Excel's \"Unicode text\"): save as \"CSV UTF-8\" or CSV"),
                                      file=label))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as err:
        raise CollateralError(Problem(_("neither UTF-8 nor GBK/GB18030 text (bad byte at {start}); save as "
                                         "\"CSV UTF-8\"").format(start=err.start), file=label)) from err


def _text(label: str, key: str, value: Any, where: Where, problems: list[Problem]) -> str:
    return "" if value is None else value.strip().strip("\u3000")


def read_csv(data: bytes, label: str) -> SheetFile:
    """The rows of a CSV file; its header row may follow blank or title lines."""
    text, encoding = decode_csv(data, label)
    reader = csv.reader(io.StringIO(text, newline=""))
    cells: dict[int, dict[int, Any]] = {}
    line = 0
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            kept = {i: v for i, v in enumerate(values) if v.strip().strip("\u3000")}
            if kept:
                cells[start] = kept
    except csv.Error as err:
        raise CollateralError(Problem(_("CSV syntax at line {line_num}: {err}").format(
                                          line_num=reader.line_num, err=err), file=label)) from err
    rows, problems = read_grid(label, Grid(None, cells, lambda i: ""), _text)
    return SheetFile(label, rows, [f"{label}: read as {encoding}"], problems)
