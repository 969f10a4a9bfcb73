"""Whole-dataset checks beyond the schema: glyphs, missing leaders, usable channels.

``collateral check`` runs all of them over every unit; the other commands run
them over the units they are about to print, so bad data stops a command
before any file is written.
"""

from __future__ import annotations

from typing import Iterable

from collateral.data.dataset import Dataset
from collateral.errors import DataError, Problem, Severity
from collateral.typeset.fonts import FontSet, describe
from collateral.data.guide import Guide
from collateral.data.model import REQUIRED, channel_gap, Level, Source, Unit
from collateral.data.resolve import resolve
from collateral.i18n import N_, _

#: The words of Leader.missing, for the catalog.
_MISSING = (N_("name"), N_("phone"))


def unit_strings(unit: Unit) -> Iterable[tuple[str, str, Source]]:
    """Every printable string a unit's own file sets, with where it was set."""
    yield "name", unit.name, unit.where("name")
    if unit.office:
        yield "office", unit.office, unit.where("office")
    for i, leader in enumerate(unit.leaders, 1):
        for key in ("role", "name"):
            yield f"leaders[{i}].{key}", getattr(leader, key), leader.source
    for kind, (values, source) in unit.channels.items():
        for key, value in values.items():
            if isinstance(value, str) and key not in ("qr", "qr_image", "number"):
                yield f"channels.{kind}.{key}", value, source


def glyph_problems(units: Iterable[Unit], fonts: FontSet) -> list[Problem]:
    problems = []
    for unit in units:
        for field, text, source in unit_strings(unit):
            for ch in fonts.missing(text):
                problems.append(Problem(
                    _("character {value} in {text!r} is in none of the bundled fonts").format(
                        value=describe(ch), text=text),
                    file=source.file, line=source.line, unit_label=unit.label, field=field))
    return problems


def guide_glyph_problems(guide: Guide, fonts: FontSet, file: str) -> list[Problem]:
    return [Problem(_("character {value} is in none of the bundled fonts").format(value=describe(ch)), file=file,
                    unit_label="guide", field=f)
            for f, text in guide.strings() for ch in fonts.missing(text)]


def missing_leaders(units: Iterable[Unit]) -> list[Problem]:
    """Leaders without a name or number: printed as blank lines, reported so someone fills them in."""
    out = []
    for unit in units:
        for i, leader in enumerate(unit.leaders, 1):
            if leader.missing:
                out.append(Problem(
                    _("{role}: no {value}; prints as a blank line to fill in by hand").format(
                        role=leader.role, value=_(" or ").join(_(m) for m in leader.missing)),
                    file=leader.source.file, line=leader.source.line, unit_label=unit.label,
                    field=f"leaders[{i}]", severity=Severity.WARNING))
    return out


def channel_problems(dataset: Dataset, unit: Unit) -> list[Problem]:
    """A unit whose resolved channels cannot be printed: no QR payload, no SMS number."""
    resolved = resolve(dataset, unit)
    out = []
    for kind, need in REQUIRED.items():
        channel = resolved.channels.get(kind)
        gap = channel_gap(kind, channel)
        if gap:
            src = channel.source if channel and channel.source else unit.source
            out.append(Problem(gap, file=src.file, line=src.line, unit_label=unit.label, field=f"channels.{kind}.{need}"))
    return out


def check_units(
    dataset: Dataset, units: Iterable[Unit], fonts: FontSet, printed_leaders: Iterable[Unit] | None = None
) -> list[Problem]:
    """Problems of the given units (and of every file read so far).

    ``printed_leaders``: the units whose leaders tables will be printed, for
    the missing-data warnings (default: all of ``units``).
    """
    units = list(units)
    problems = list(dataset.problems)
    problems += glyph_problems(units, fonts)
    problems += missing_leaders(units if printed_leaders is None else printed_leaders)
    seen_channels: set[tuple] = set()
    for unit in units:
        try:
            chain = dataset.ancestry(unit)
        except DataError:  # a parent's file is unreadable; its errors are in dataset.problems
            continue
        if unit.level == Level.TOWNSHIP:  # townships rarely override: check each chain once
            key = tuple(tuple(sorted(u.channels)) + (u.code,) for u in chain if u.channels)
            if key in seen_channels:
                continue
            seen_channels.add(key)
        problems += channel_problems(dataset, unit)
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.WARNING]
