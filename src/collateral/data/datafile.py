"""One data file read into :class:`Unit` records: the province, a city, or a county with its townships.

Every value is checked as it is read (:class:`Reader`), so a file's problems
come back all at once, each at its file:line, with the units that could be
read. Which files exist, and which unit a target names, is :mod:`dataset`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collateral.data.rules import CHANNEL, CHANNELS, LEADER, UNIT_RECORDS, read_scalar
from collateral.errors import DataError, Problem
from collateral.data.model import Leader, Level, Source, Unit
from collateral.data.schema import Reader, printable
from collateral.data.yamlsrc import LocDict, LocList, load_yaml
from collateral.i18n import _


@dataclass
class Parsed:
    """Units read from one file, and what was wrong in it."""

    units: list[Unit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    divisions: str = "divisions"  # the province file names the folder of its divisions


def _source(node: LocDict | LocList, line: int | None = None) -> Source:
    return Source(node.file, line if line is not None else node.line)


def _leaders(r: Reader) -> tuple[Leader, ...]:
    rows = r.items("leaders")
    leaders = []
    for i, item in enumerate(rows):
        if not isinstance(item, LocDict):
            r.error("leaders", _("leader {value} must be a mapping with role, name, phone").format(value=i + 1))
            continue
        lr = r.child(item, f"leaders[{i + 1}]")
        lr.only(LEADER.fields)
        leaders.append(Leader(**{k: read_scalar(lr, k, f) for k, f in LEADER.fields.items()}, source=_source(item)))
    return tuple(leaders)


def _channels(r: Reader) -> dict[str, tuple[dict, Source]]:
    node = r.mapping("channels")
    if node is None:
        return {}
    cr = r.child(node, "channels")
    cr.only(CHANNELS.fields)
    result: dict[str, tuple[dict, Source]] = {}
    for kind in CHANNELS.fields:
        block = cr.mapping(kind)
        if block is None:
            continue
        br = cr.child(block, kind)
        br.only(CHANNEL.fields)
        values: dict = {}
        for key, rule in CHANNEL.fields.items():
            if key not in block:
                continue
            values[key] = read_scalar(br, key, rule)
            if rule.rule == "image":
                image = ((block.path or Path(block.file)).parent / values[key]) if values[key] else None
                if image is not None and not image.is_file():
                    br.error(key, _("QR image {value!r} not found (looked at {image})").format(
                                      value=values[key], image=image))
                values[key] = str(image) if image else ""
        result[kind] = (values, _source(block))
    return result


def _label_of(node: LocDict) -> str | None:
    """The unit as messages name it, read before any field is checked."""
    parts = (str(node[k]).strip() for k in ("code", "name") if isinstance(node.get(k), (str, int)))
    label = " ".join(p for p in parts if p)
    return printable(label) or None


def _unit(r: Reader, level: Level, parent: str | None, node: LocDict) -> Unit:
    """The unit's own record (its keys as :data:`UNIT_RECORDS` has them); townships are read by the county."""
    rules = UNIT_RECORDS[level].fields
    r.only(rules)
    code, name, office = (read_scalar(r, k, rules[k]) for k in ("code", "name", "office"))
    return Unit(
        code=code,
        name=name,
        level=level,
        parent=parent,
        source=_source(node),
        office=office,
        leaders=_leaders(r),
        channels=_channels(r),
        key_lines=dict(node.key_lines),
    )


def parse_file(path: Path, label: str, level: Level, parent: str | None,
               expect: tuple[str, str] | None = None, within: Path | None = None) -> Parsed:
    """Read a province, city or county file (a county brings its townships).

    ``expect``: the (code, name) the file's or folder's name promises; a file
    that says otherwise registers no unit, since lookups go by file names.
    ``within``: the data folder, which links must not leave.
    """
    parsed = Parsed()
    try:
        node = load_yaml(path, label, within)
    except DataError as err:
        parsed.problems.extend(err.problems)
        return parsed
    if not isinstance(node, LocDict):
        parsed.problems.append(Problem(_("expected a mapping at the top of the file"), file=label, line=1))
        return parsed
    r = Reader(node, unit=_label_of(node), problems=parsed.problems)
    unit = _unit(r, level, parent, node)
    parsed.units.append(unit)
    if level == Level.PROVINCE:
        parsed.divisions = read_scalar(r, "divisions", UNIT_RECORDS[level].fields["divisions"]) or parsed.divisions
    named_by, own_name = (_("its folder"), path.parent.name) if level == Level.CITY else (_("the file name"), path.name)
    wrong_code = bool(expect and unit.code and unit.code != expect[0])
    if wrong_code:
        r.error("code", _("code {unit} differs from {named_by} {own_name} ({expect}); rename one so they agree").format(
                            unit=unit.code, named_by=named_by, own_name=own_name, expect=expect[0]))
    elif parent and unit.code and not unit.code.startswith(parent[:4 if level == Level.COUNTY else 2]):
        r.error("code", _("code {unit} does not belong under {parent}").format(unit=unit.code, parent=parent))
    if expect and unit.name and unit.name != expect[1]:
        r.error("name", _("name {unit!r} differs from {named_by}'s {expect!r}; rename one so they agree").format(
                            unit=unit.name, named_by=named_by, expect=expect[1]))
    if level == Level.COUNTY:  # with a wrong code, townships are checked against the file's: one error, not 25
        _townships(r, unit, expect[0] if expect and wrong_code else unit.code, parsed)
    if wrong_code:
        parsed.units = []
    return parsed


def _townships(r: Reader, county: Unit, county_code: str, parsed: Parsed) -> None:
    townships = r.items("townships")
    if not townships:
        r.warn("townships", _("county has no townships"))
    first_line: dict[str, int] = {}
    for i, item in enumerate(townships):
        if not isinstance(item, LocDict):
            r.error("townships", _("township {value} must be a mapping with code and name").format(value=i + 1))
            continue
        tr = Reader(item, unit=_label_of(item), path=f"townships[{i + 1}].", problems=parsed.problems)
        township = _unit(tr, Level.TOWNSHIP, county.code, item)
        if township.code and county_code and not township.code.startswith(county_code):
            tr.error("code", _("township code {code} does not start with its county's {county_code}").format(
                                 code=township.code, county_code=county_code))
        line = item.line_of("name")
        if township.name in first_line:
            tr.error("name", _("township name {name!r} also at line {first_line}: names must be unique within "
                                "{value}").format(
                                 name=township.name, first_line=first_line[township.name], value=county.name or county.code))
        elif township.name:
            first_line[township.name] = line
        parsed.units.append(township)
