"""An import checked as ``collateral check`` would check the data it leaves: before anything is written.

What goes in: the data folder, the new texts of the files an import would
change, and the :class:`Change` s (each knowing its cell). What comes out: the
problems ``check`` would report in the data as it would be, each one about
a changed leader named by the sheet cell it came from.

The new texts are written into a copy of the data folder in a temporary
folder (the data itself is not touched), read as a :class:`Dataset`, and
checked the way ``check`` does: the data rules (:func:`check.check_units`),
then every product composed as a dry run (:meth:`Product.dry_run`), so a
name too long for the leaflet's leaders table is refused here and not at
the next ``collateral leaflet``. To keep it fast only the affected pieces
are composed: those of the changed units and of the units whose pieces
print their leaders (a county's leaders are on each of its townships'
leaflets, and on its city's board).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from collateral.data import check
from collateral.data.dataset import Dataset
from collateral.errors import CollateralError, Problem
from collateral.typeset.fonts import FontSet
from collateral.sheets.leaders import HEADERS, Where
from collateral.data.model import Source, Unit
from collateral.products.product import Product, dry_run_all, open_guide
from collateral.data.resolve import leader_tables
from collateral.data.schema import printable
from collateral.products.specload import all_layouts
from collateral.i18n import _

FORK_ABOVE = 200  # units whose pieces are composed on every core (a county and its townships: ~30)
_NOT_COPIED = shutil.ignore_patterns(".*.part", ".collateral*")  # leftovers, the lock and the journal


@dataclass(frozen=True)
class Change:
    """One value the import sets: a leader's name or number, from one cell."""

    unit: Unit
    leader: int  # index into unit.leaders
    role: str
    field: str  # "name" or "phone"
    old: str
    new: str
    where: Where

    def __str__(self) -> str:
        return f"{self.unit.label} {self.role} {HEADERS[self.field]}: {self.old or '(空)'} → {self.new}"


def printed_by(dataset: Dataset, unit: Unit) -> list[Unit]:
    """The units whose pieces print ``unit``'s leaders: itself, its parent above a county, a county's townships.

    Asked of :func:`leader_tables` rather than restated, so that a change to
    which tables a piece prints changes what an import checks.
    """
    near = [*dataset.ancestry(unit), *dataset.children(unit.code)]
    return [u for u in near if any(t.unit.code == unit.code for t in leader_tables(dataset, u))]


def _stage(root: Path, new_files: dict[Path, bytes], folder: Path) -> Path:
    """A copy of the data folder with the new texts in it; the same name, so messages name the same files."""
    stage = folder / root.name
    shutil.copytree(root, stage, symlinks=True, ignore=_NOT_COPIED)
    for path, data in new_files.items():
        (stage / path.relative_to(root)).write_bytes(data)
    return stage


def _short(value: str, limit: int = 24) -> str:
    value = printable(value)
    return value if len(value) <= limit else f"{value[:limit]}…（{len(value)} 字）"


def _about_cells(problems: Iterable[Problem], changes: list[Change], staged: Dataset,
                 label: str) -> list[Problem]:
    """Problems at a changed leader's line told, once per cell, as problems of the cell; others as they are."""
    by_line: dict[tuple[str | None, int | None], list[Change]] = defaultdict(list)
    for change in changes:
        source: Source = staged.unit(change.unit.code).leaders[change.leader].source
        by_line[(source.file, source.line)].append(change)
    grouped: dict[Change, list[Problem]] = defaultdict(list)
    others: list[Problem] = []
    for p in problems:
        about = by_line.get((p.file, p.line))
        if not about:
            others.append(Problem(_("{message} (in the data as this import would leave it; nothing written)").format(
                                      message=p.message),
                                  file=p.file, line=p.line, unit_label=p.unit_label, field=p.field))
            continue
        field = (p.field or "").rsplit(".", 1)[-1]
        grouped[next((c for c in about if c.field == field), about[0])].append(p)
    out = []
    for change, found in grouped.items():
        first = found[0]
        more = ""
        if len(found) > 1:
            kinds = len({p.message for p in found})
            more = _("; {count} pieces in all").format(count=len(found)) + (f", in {kinds} layouts" if kinds > 1 else "")
        out.append(Problem(_("{value} cannot be printed: {message} (piece of {unit}{more})").format(
                               value=_short(change.new), message=first.message, unit=first.unit_label, more=more),
                           file=label, unit_label=change.unit.label, field=str(change.where)))
    return out + others


def staged_problems(root: Path, new_files: dict[Path, bytes], changes: list[Change], fonts: FontSet,
                    label: str, date: dt.date | None = None) -> list[Problem]:
    """The errors ``check`` would find in the affected units once the import is written; [] when none.

    Raises:
        CollateralError: the copy cannot be made (a full temporary folder), naming it.
    """
    date = date or dt.date.today()
    try:
        with tempfile.TemporaryDirectory(prefix="collateral-import-") as tmp:
            return _problems(_stage(root, new_files, Path(tmp)), changes, fonts, label, date)
    except OSError as err:
        raise CollateralError(Problem(_("cannot check the import in a copy of the data: {value}").format(
                                          value=err.strerror or err),
                                      file=getattr(err, "filename", None) or tempfile.gettempdir())) from err


def _problems(stage: Path, changes: list[Change], fonts: FontSet, label: str, date: dt.date) -> list[Problem]:
    staged = Dataset(stage)
    changed = {c.unit.code: staged.find(c.unit.code) for c in changes}
    pieces = {u.code: u for unit in changed.values() for u in printed_by(staged, unit)}
    in_use = {u.code: u for p in pieces.values() for u in staged.ancestry(p)}
    errors = check.errors(check.check_units(staged, in_use.values(), fonts, []))
    if not errors:
        specs, layout_errors = all_layouts()
        guide = open_guide(staged, fonts)
        products = [Product(staged, guide, fonts, spec, date) for spec in specs]
        jobs = 1 if len(pieces) < FORK_ABOVE else None  # forking costs more than a county's pieces take
        errors = layout_errors + dry_run_all(products, jobs, list(pieces.values()))
    return _about_cells(list(dict.fromkeys(errors)), changes, staged, label)
