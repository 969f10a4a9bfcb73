"""``collateral import``: names and numbers from a filled sheet, merged into the YAML data.

What goes in: the rows :mod:`collateral.sheets.leaders` read (text cells with
sheet, row and column) and the dataset. What comes out: a list of
:class:`Change` s (unit, 职务, field, old → new), and, unless it is a dry
run, the changed YAML files, written all together or not at all.

The rules, in the order they are applied:

- Every row is checked before anything is written; one bad row refuses the
  whole file, and every bad row is named (a half-imported sheet is harder
  to fix than a refused one).
- A row is found by unit code and 职务; a 职务 the unit does not list is an
  error: the sheet cannot add roles, it fills the ones the data has.
- A blank cell keeps what the data has. Two offices sending partial sheets
  must not wipe each other's numbers; deleting a value is an edit of the
  YAML file, made on purpose.
- Numbers follow the same rule as the data files (``schema.normalize_phone``
  then ``schema.phone_problem``): full-width digits are converted with a
  warning; anything else that is not a mobile or landline number is refused.
  Names follow the data's rules too: no control or bidi characters, every
  character in a bundled font. Values a spreadsheet would run as a formula
  (= + - @ first) were already refused when the sheet was read.
- Files are edited with ruamel.yaml's round trip, so comments, key order,
  quoting and every untouched line stay as they were; each leader is found
  at the file:line the dataset read it from. Before writing, the new text is
  read back and must equal the old data with exactly the intended values
  changed, and differ from the old text only on the changed lines.
- The data as it would be is checked as ``collateral check`` checks it, the
  affected pieces composed (:mod:`collateral.sheets.importcheck`): a name too long
  for the leaflet is refused at its cell.
- The files are written all together or not at all, even if the process is
  killed (:mod:`collateral.files.transaction`); the caller holds the data folder's lock.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collateral.sheets import importcheck
from collateral.files import transaction
from collateral.sheets.importcheck import Change
from collateral.data.dataset import Dataset
from collateral.errors import CollateralError, DataError, Problem, Severity, TargetError
from collateral.typeset.fonts import FontSet, describe, load_fonts
from collateral.sheets.leaders import SheetFile, SheetRow, Where
from collateral.data.model import Level, Unit
from collateral.data.schema import control_problem, normalize_phone, phone_problem, printable
from collateral.sheets.sniff import read_sheet_file
from collateral.i18n import _

_SCIENTIFIC = re.compile(r"[0-9.]+[eE][+-]?[0-9]+")


@dataclass
class ImportResult:
    """What an import found and did; the CLI prints it."""

    source: SheetFile
    changes: list[Change]
    warnings: list[Problem]
    files: dict[Path, list[Change]] = field(default_factory=dict)
    written: bool = False
    rows: int = 0


# -- matching rows to leaders --------------------------------------------------------------


def _error(sheet: SheetFile, where: Where | str, message: str, unit: Unit | None = None) -> Problem:
    return Problem(message, file=sheet.label, unit_label=unit.label if unit else None, field=str(where))


def _find_unit(dataset: Dataset, code: str) -> Unit | None:
    if not (code.isdigit() and len(code) in (6, 9)):
        return None
    try:
        return dataset.find(code)
    except TargetError:
        return None


def _phone(sheet: SheetFile, row: SheetRow, unit: Unit, problems: list[Problem], warnings: list[Problem]) -> str:
    """The row's number in ASCII, '' when blank; a problem when it is not a usable number."""
    value = row.text("phone")
    where = row.where("phone")
    if not value:
        return ""
    if _SCIENTIFIC.fullmatch(value):
        problems.append(_error(sheet, where, (
            _("number in scientific notation {value!r}: the cell was stored as a number and lost its digits; "
               "format the column as text (文本) and type the number again").format(value=value)), unit))
        return ""
    value, converted = normalize_phone(value)
    if converted:
        warnings.append(Problem(converted, file=sheet.label, unit_label=unit.label, field=str(where),
                                severity=Severity.WARNING))
    problem = phone_problem(value)
    if problem:
        problems.append(_error(sheet, where, problem, unit))
        return ""
    return value


def _name(sheet: SheetFile, row: SheetRow, unit: Unit, fonts: FontSet, problems: list[Problem]) -> str:
    """The row's name, '' when blank; a problem when ``check`` would refuse it in the data."""
    value = row.text("name")
    where = row.where("name")
    if any(ch in value for ch in "\r\n"):
        problems.append(_error(sheet, where, _("line break in the name {value!r}: one name per cell").format(
                                                 value=printable(value)),
                               unit))
        return ""
    if problem := control_problem(value):
        problems.append(_error(sheet, where, problem, unit))
        return ""
    if any(ch.isdigit() for ch in value):
        problems.append(_error(sheet, where, _("name {value!r} contains digits: are the 姓名 and 公开号码 columns "
                                                "swapped?").format(value=value), unit))
        return ""
    if missing := fonts.missing(value):
        chars = "、".join(describe(ch) for ch in dict.fromkeys(missing))
        problems.append(_error(sheet, where, _("character {chars} in {value!r} is in none of the bundled "
                                                "fonts: it would print as a blank box").format(
                                                 chars=chars, value=printable(value)), unit))
        return ""
    return value


def match(dataset: Dataset, sheet: SheetFile, fonts: FontSet) -> tuple[list[Change], list[Problem]]:
    """The changes a sheet asks for, and warnings; every bad row raises together.

    Raises:
        DataError: one problem per bad cell, naming sheet, row and column.
    """
    problems: list[Problem] = list(sheet.problems)
    warnings: list[Problem] = []
    changes: list[Change] = []
    seen: Counter[tuple[str, str]] = Counter()
    for row in sheet.rows:
        code = row.text("code")
        if not code:
            problems.append(_error(sheet, row.where("code"), _("no unit code in a row that has values")))
            continue
        unit = _find_unit(dataset, code)
        if unit is None:
            problems.append(_error(sheet, row.where("code"), _("unknown unit code {code!r}").format(code=code)))
            continue
        path = row.text("path")
        if path and path not in (dataset.target_path(unit), f"{dataset.province.name}/{dataset.target_path(unit)}"):
            problems.append(_error(sheet, row.where("path"), _("单位 {path!r} does not match code {code}, which "
                                                                "is {value}").format(
                                                                 path=path, code=code, value=dataset.target_path(unit)), unit))
            continue
        role = row.text("role")
        indexes = [i for i, leader in enumerate(unit.leaders) if leader.role == role]
        if not indexes:
            roles = "、".join(leader.role for leader in unit.leaders) or "none"
            problems.append(_error(sheet, row.where("role"), f"{unit.name} has no 职务 {role!r} "
                                                             f"(its roles: {roles})", unit))
            continue
        seen[(code, role)] += 1
        if seen[(code, role)] > len(indexes):
            problems.append(_error(sheet, row.where("role"), _("职务 {role!r} of {unit} appears in more rows "
                                                                "than the data lists it ({count})").format(
                                                                 role=role, unit=unit.name, count=len(indexes)), unit))
            continue
        index = indexes[seen[(code, role)] - 1]
        leader = unit.leaders[index]
        new = {"name": _name(sheet, row, unit, fonts, problems),
               "phone": _phone(sheet, row, unit, problems, warnings)}
        for key in ("name", "phone"):
            old = getattr(leader, key)
            if new[key] and new[key] != old:
                changes.append(Change(unit, index, role, key, old, new[key], row.where(key)))
    if problems:
        data_errors = [p for p in dataset.problems if p.severity == Severity.ERROR]
        raise DataError(problems + data_errors)
    return changes, warnings


# -- writing the YAML ----------------------------------------------------------------------


def unit_file(dataset: Dataset, unit: Unit) -> Path:
    """The YAML file that holds a unit's own entry (a township's is its county's)."""
    if unit.level == Level.PROVINCE:
        return dataset.root / "province.yaml"
    if unit.level == Level.CITY:
        return dataset.city_dirs[unit.code][1] / "city.yaml"
    county = unit if unit.level == Level.COUNTY else dataset.unit(unit.parent or "")
    return dataset.county_files(county.parent or "")[county.code][1]


def _yaml():
    """A round-trip ruamel.yaml writing the data's own style (tools/import_divisions.py).

    Mappings indent by 2, list items by "  - ". A file laid out otherwise is
    not reformatted: :func:`merged_text` sees the extra changed lines and refuses.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _plain(text: str) -> Any:
    """A document as a plain reader sees it, to compare meanings rather than text."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _leaders_of(doc: Any, unit: Unit) -> list:
    """The ``leaders`` list of a unit in a loaded file (ruamel or plain data alike)."""
    owner = doc
    if unit.level == Level.TOWNSHIP:
        owner = next((t for t in doc.get("townships") or []
                      if isinstance(t, dict) and str(t.get("code")) == unit.code), None)
    leaders = owner.get("leaders") if owner is not None else None
    return leaders if isinstance(leaders, list) else []


def _position(doc: Any, change: Change, label: str) -> int:
    """Where the changed leader sits in its list, found at the line the dataset read it from."""
    line = change.unit.leaders[change.leader].source.line
    for position, item in enumerate(_leaders_of(doc, change.unit)):
        if hasattr(item, "lc") and item.lc.line + 1 == line and item.get("role") == change.role:
            return position
    raise CollateralError(Problem(_("{role} is no longer at line {line}: the file changed while importing; "
                                     "run the import again").format(role=change.role,
                                                                    line=line), file=label, line=line, unit_label=change.unit.label))


def _key_line(item: Any, key: str) -> int | None:
    """0-based line of a key in a ruamel mapping, None when the key is absent."""
    return item.lc.key(key)[0] if key in item else None


def _scalar(field: str, value: str) -> Any:
    """A value styled as the data's README shows it: numbers quoted, names plain where plain reads back."""
    import yaml as pyyaml
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString

    if field != "phone":
        try:
            if pyyaml.safe_load(f"k: {value}") == {"k": value}:
                return PlainScalarString(value)
        except pyyaml.YAMLError:
            pass
    return DoubleQuotedScalarString(value)  # leading zeros survive, "yes" stays a name


def merged_text(text: str, changes: list[Change], label: str) -> str:
    """The file's text with the changes applied and nothing else touched.

    Checked by reading it back: every line but those of the changed values is
    as it was, and the data means the same but for the changed values.

    Raises:
        CollateralError: when writing the file back would alter anything but the changed values.
    """
    from ruamel.yaml.error import YAMLError

    ryaml = _yaml()
    try:
        doc = ryaml.load(text)
    except YAMLError as err:
        raise CollateralError(Problem(_("cannot be edited in place: {err}").format(err=err), file=label)) from err
    places = [(change, _position(doc, change, label)) for change in changes]
    old_lines = set()
    for change, position in places:
        item = _leaders_of(doc, change.unit)[position]
        old_lines.add(_key_line(item, change.field))
        item[change.field] = _scalar(change.field, change.new)
    out = io.StringIO()
    ryaml.dump(doc, out)
    new_text = out.getvalue()

    # Read it back: the same text except the changed values' lines, and the same data but the changed values.
    new_lines = old_lines
    if None in old_lines:  # a key was added: lines moved, find them again
        reread = _yaml().load(new_text)
        new_lines = {_key_line(_leaders_of(reread, c.unit)[p], c.field) for c, p in places}
    before = [line for i, line in enumerate(text.splitlines()) if i not in old_lines]
    after = [line for i, line in enumerate(new_text.splitlines()) if i not in new_lines]
    expected = _plain(text)
    for change, position in places:
        _leaders_of(expected, change.unit)[position][change.field] = change.new
    if before != after or _plain(new_text) != expected:
        raise CollateralError(Problem(_("writing the changes back would alter other lines of this file "
                                         "(unusual indentation or layout?); nothing written"), file=label))
    return new_text


# -- the whole import ----------------------------------------------------------------------


def run(dataset: Dataset, path: Path, write: bool = True, command: str = "import") -> ImportResult:
    """Read a filled sheet, check every row and the data it would leave, and (unless ``write`` is False) write.

    The caller holds the data folder's lock (:func:`collateral.files.locks.hold`)
    and has finished any interrupted import (:func:`transaction.recover`).

    Raises:
        CollateralError: the file cannot be read, a row is bad, the data it would leave fails ``check``,
            or a data file cannot be written; in every case no data file has changed.
    """
    sheet = read_sheet_file(path)
    changes, warnings = match(dataset, sheet, load_fonts())
    result = ImportResult(sheet, changes, warnings, rows=len(sheet.rows))
    for change in changes:
        result.files.setdefault(unit_file(dataset, change.unit), []).append(change)
    if not changes:
        return result
    if write:
        transaction.refuse_read_only(dataset.root, result.files)  # before the slower checks below
    new_files: dict[Path, bytes] = {}
    for file, file_changes in result.files.items():
        label = dataset.label(file)
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise CollateralError(Problem(f"cannot read: {err}", file=label)) from err
        new_files[file] = merged_text(text, file_changes, label).encode("utf-8")
    problems = importcheck.staged_problems(dataset.root, new_files, changes, load_fonts(), sheet.label)
    if problems:
        raise DataError(problems)
    if not write:
        return result
    try:
        transaction.commit(dataset.root, new_files, command)
    except CollateralError as err:
        first = err.problems[0]
        if "nothing written" in first.message:
            raise
        raise CollateralError(Problem(_("{message}; no data file was changed").format(message=first.message),
                                      file=first.file)) from err
    except OSError as err:
        raise CollateralError(Problem(_("cannot write: {value}; no data file was changed").format(
                                          value=err.strerror or err),
                                      file=err.filename and dataset.label(Path(err.filename)))) from err
    result.written = True
    return result
