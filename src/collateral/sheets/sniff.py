"""What kind of file an office sent, told by its bytes rather than its name, and read as a leaders sheet.

What goes in: a path given to ``collateral import``. What comes out: a
:class:`~collateral.sheets.leaders.SheetFile`, or one line saying what the file
is and what to do. Files are told apart by their first bytes: an .xlsx is a
zip; a password-protected workbook and a legacy .xls are both OLE2
compound files (``D0 CF 11 E0``), the protected one holding an
``EncryptedPackage`` stream; anything else named .csv is read as text.
Every file is refused above :data:`MAX_BYTES` before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from collateral.sheets.csvgrid import read_csv
from collateral.errors import CollateralError, Problem
from collateral.sheets.leaders import HEADERS, SheetFile
from collateral.sheets.xlsx import read_xlsx
from collateral.i18n import _

MAX_BYTES = 20 * 2**20  # the province's template is 50 kB; with every township's leaders ~0.5 MB
OLE2 = b"\xd0\xcf\x11\xe0"  # "DOCFILE": the compound file of Office 97-2003 and of encrypted Office files
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def _refuse(label: str, message: str) -> CollateralError:
    return CollateralError(Problem(message, file=label))


def _ole2(data: bytes, label: str) -> CollateralError:
    """Why an OLE2 file cannot be imported: a password, or the old format."""
    if any(marker in data for marker in _ENCRYPTED):
        return _refuse(label, _("password-protected workbook (Excel keeps it encrypted, so it cannot be "
                                 "read): open it in Excel, remove the password (文件 → 信息 → 保护工作簿 → 用密码进行加密, "
                                 "clear it), save it as .xlsx and import that"))
    return _refuse(label, _("legacy Excel 97–2003 workbook (.xls, an OLE2 file), which is not read: open it "
                             "in Excel and save it as .xlsx (Excel 工作簿) or CSV"))


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(label, _("not a regular file (a folder or a device?): expected an .xlsx or .csv file"))
        if info.st_size > MAX_BYTES:
            raise _refuse(label, _("{st_size:,} bytes; a leaders sheet is well under {value} MB: refused "
                                    "before reading").format(st_size=info.st_size, value=MAX_BYTES // 2**20))
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # the file may grow after stat
    except FileNotFoundError as err:
        raise _refuse(label, _("no such file")) from err
    except OSError as err:
        raise _refuse(label, f"cannot read: {err.strerror or err}") from err
    if len(data) > MAX_BYTES:
        raise _refuse(label, _("over {value} MB: refused").format(value=MAX_BYTES // 2**20))
    return data


def read_sheet_file(path: Path) -> SheetFile:
    """Rows of an .xlsx or .csv file; refuses other kinds by what they are, and a file with nothing to import.

    Raises:
        CollateralError: the file cannot be read, is not a workbook or CSV this tool reads, or is blank.
    """
    label = str(path)
    if label == "-" and not path.exists():  # "-" means standard input to many tools; messages would say "-:"
        raise _refuse("import -", _("a sheet is not read from standard input: give the path of the .xlsx or "
                                     ".csv file"))
    data = _read_bytes(path, label)
    suffix = path.suffix.lower()
    if data.startswith(OLE2):
        raise _ole2(data, label)
    if data.startswith(ZIP):
        if suffix != ".xlsx":
            raise _refuse(label, _("an Excel workbook (.xlsx content) named {value}: rename it to .xlsx").format(
                                     value=suffix or 'without a suffix'))
        sheet = read_xlsx(path, label)
    elif suffix == ".csv":
        sheet = read_csv(data, label)
    elif suffix == ".xlsx":
        raise _refuse(label, _("cannot read as an Excel .xlsx workbook (its content is not a zip: text or a "
                                "web page saved under this name?); save it from Excel as .xlsx or CSV"))
    elif suffix == ".xls":
        raise _refuse(label, _("an .xls name, but not an Excel 97–2003 workbook (a web page or XML saved as "
                                ".xls?): open it in Excel and save it as .xlsx (Excel 工作簿) or CSV"))
    else:
        raise _refuse(label, _("unknown file type {value}: expected .xlsx or .csv").format(value=suffix or '(none)'))
    if not sheet.rows and not sheet.problems:
        what = "workbook" if suffix == ".xlsx" else "file"
        raise _refuse(label, _("nothing to import: the {what} has no rows under a header row naming {value} "
                                "(a blank {what}?)").format(what=what, value='、'.join(HEADERS.values())))
    return sheet
