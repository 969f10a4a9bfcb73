"""What a batch run makes: the (product, unit) items of a TARGET, where their files go, and which units are blocked.

A run's items are every registered product for every unit at or below the
TARGET, at the levels the product is made for, in code order; a shard takes
every N-th unit. A unit is blocked (none of its pieces is made) when its own
data or an ancestor's is wrong, and also when a piece of it prints another
unit whose data is wrong: a city board lists its counties' leaders, so a
county with an invalid number stops the city board too (issue 16).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from collateral.data import check
from collateral.data.dataset import Dataset
from collateral.errors import CollateralError, Problem
from collateral.typeset.fonts import FontSet
from collateral.data.model import Level, Unit
from collateral.files.output import safe_name
from collateral.data.resolve import leader_tables


@dataclass(frozen=True)
class Item:
    """One piece of the run: a product for a unit (by code)."""

    product: str
    unit_code: str


def full_path(dataset: Dataset, unit: Unit) -> str:
    """河南省/郑州市/金水区: the unit with its ancestors, the province included."""
    return "/".join(u.name for u in dataset.ancestry(unit))


def folder(dataset: Dataset, unit: Unit) -> Path:
    """DIR/<code>-<city>/<code>-<county>/: a city's and a county's own pieces sit in their folder."""
    parts = [u for u in dataset.ancestry(unit)[1:] if u.level in (Level.CITY, Level.COUNTY)]
    if unit.level == Level.TOWNSHIP:
        parts = parts[:2]
    return Path(*[f"{u.code}-{safe_name(u.name)}" for u in parts]) if parts else Path()


def city_folder(path: str) -> str | None:
    """The city folder a pack-relative file path sits in (its zip), or None for the province's own files."""
    parts = Path(path).parts
    return parts[0] if len(parts) > 1 else None


def parse_shard(text: str | None) -> tuple[int, int]:
    """``--shard K/N`` as (K, N); no option is (1, 1).

    Raises:
        CollateralError: not K/N with 1 ≤ K ≤ N.
    """
    if not text:
        return 1, 1
    m = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise CollateralError(f"--shard {text!r}: give K/N with 1 ≤ K ≤ N, e.g. 2/3")
    return int(m.group(1)), int(m.group(2))


def below(dataset: Dataset, unit: Unit) -> list[Unit]:
    """Every unit under ``unit``, level by level."""
    out, level = [], [unit]
    while level:
        level = [c for u in level for c in dataset.children(u.code)]
        out += level
    return out


def plan_units(dataset: Dataset, root: Unit, shard: tuple[int, int]) -> list[Unit]:
    """The units of the run, in code order: the TARGET and all below it; a shard takes every N-th."""
    units = sorted([root, *below(dataset, root)], key=lambda u: u.code)
    k, n = shard
    return [u for i, u in enumerate(units) if i % n == k - 1]


def plan_items(units: list[Unit], levels: dict[str, tuple[int, ...]]) -> list[Item]:
    """Every (product, unit) of the run; ``levels``: the levels each product is made for."""
    return [Item(p, u.code) for u in units for p in sorted(levels) if u.level in levels[p]]


@dataclass
class Blocked:
    """The data problems of a run: errors by the unit they stop, files no unit could be read from, warnings."""

    units: dict[str, list[Problem]]  # unit code → the errors that stop its pieces
    lost: list[Problem]  # errors in files that did not load at all (a county's YAML broken)
    lost_units: dict[str, list[Problem]]  # the county each lost file holds (code, from its file name) → its errors
    warnings: list[Problem]
    warnings_by_unit: dict[str, list[str]]  # unit code → warnings about what its pieces print


def blocked_units(dataset: Dataset, root: Unit, units: Iterable[Unit], fonts: FontSet) -> Blocked:
    """Which units of the run cannot be made, and why: their own chain's errors and those of the units they print."""
    units = list(units)
    in_use = {u.code: u for t in units for u in dataset.ancestry(t)}
    prints = {u.code: [t.unit for t in leader_tables(dataset, u)] for u in units}
    printed = {p.code: p for ps in prints.values() for p in ps}
    problems = check.check_units(dataset, in_use.values(), fonts, printed.values())
    by_file: dict[str, list[Problem]] = {}
    for p in check.errors(problems):
        by_file.setdefault(p.file or "", []).append(p)
    blocked: dict[str, list[Problem]] = {}
    reached: set[str] = set()
    for u in units:
        files = {a.source.file for a in dataset.ancestry(u)}
        files |= {p.source.file for p in prints[u.code]}  # a piece fails with every unit it prints
        reached |= files
        errs = [p for f in sorted(files) for p in by_file.get(f, [])]
        if errs:
            blocked[u.code] = errs
    # a file that did not load at all has no units to block: reported whole; its county counts as failed,
    # and its city's pieces, which list every county, fail with it
    lost_files = {f for f in by_file if f not in reached and _under_root(root, f)}
    lost = [p for f in sorted(lost_files) for p in by_file[f]]
    lost_units: dict[str, list[Problem]] = {}
    run_codes = {u.code for u in units}
    for f in sorted(lost_files):
        owner = _county_of_file(dataset, f)
        if owner is None:
            continue
        county, city = owner
        lost_units[county] = by_file[f]
        if city in run_codes:
            blocked.setdefault(city, []).extend(p for p in by_file[f] if p not in blocked.get(city, []))
    warnings = check.warnings(problems)
    by_unit: dict[str, list[str]] = {}
    by_label = {u.label: u.code for u in in_use.values()} | {u.label: u.code for u in printed.values()}
    for w in warnings:
        code = by_label.get(w.unit_label or "")
        if code:
            by_unit.setdefault(code, []).append(str(w))
    return Blocked(blocked, lost, lost_units, warnings, by_unit)


def _county_of_file(dataset: Dataset, label: str) -> tuple[str, str] | None:
    """A county file, as messages name it: (county code, city code), from file names alone."""
    for city in dataset.city_dirs:
        for code, (_, path) in dataset.county_files(city).items():
            if dataset.label(path) == label:
                return code, city
    return None


def unread_full_path(dataset: Dataset, code: str) -> str | None:
    """城市/县区 of a county whose file could not be read, from the file and folder names alone."""
    for city, (city_name, _) in dataset.city_dirs.items():
        county = dataset.county_files(city).get(code)
        if county:
            return f"{city_name}/{county[0]}"
    return None


def _under_root(root: Unit, file: str) -> bool:
    """Is a data file part of the run's TARGET (the province: all; a city: its folder; a county: its file)?"""
    if root.level == Level.PROVINCE:
        return True
    own = root.source.file
    return file == own or (root.level == Level.CITY and file.startswith(str(Path(own).parent) + "/"))
