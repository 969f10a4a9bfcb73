"""Load the jurisdiction files into :class:`Unit` records, lazily and with positions.

Layout on disk (see ``data/README.md``)::

    data/province.yaml                        the province: office, channels, leaders
    data/guide.yaml                           the complaint guide's text
    data/<divisions>/410100-郑州市/city.yaml   one city
    data/<divisions>/410100-郑州市/410105-金水区.yaml   one county and its townships

File names carry the codes and names, so finding one township reads one
county file, not 199: a single leaflet starts fast. ``load_all`` reads
everything, for ``check`` and for batches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from collateral.errors import DataError, Problem, TargetError
from collateral.model import CHANNEL_FIELDS, CHANNEL_KINDS, CODE_DIGITS, Leader, Level, Source, Unit
from collateral.schema import Reader
from collateral.yamlsrc import LocDict, LocList, load_yaml

UNIT_KEYS = {"code", "name", "office", "leaders", "channels"}
PROVINCE_KEYS = UNIT_KEYS | {"divisions"}
COUNTY_KEYS = UNIT_KEYS | {"townships"}
LEADER_KEYS = {"role", "name", "phone"}
_FILE_NAME = re.compile(r"(\d{6})-(.+)")


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
            r.error("leaders", f"leader {i + 1} must be a mapping with role, name, phone")
            continue
        lr = r.child(item, f"leaders[{i + 1}]")
        lr.only(LEADER_KEYS)
        leaders.append(
            Leader(
                role=lr.text("role", required=True),
                name=lr.text("name"),
                phone=lr.phone("phone"),
                source=_source(item),
            )
        )
    return tuple(leaders)


def _channels(r: Reader) -> dict[str, tuple[dict, Source]]:
    node = r.mapping("channels")
    if node is None:
        return {}
    cr = r.child(node, "channels")
    cr.only(set(CHANNEL_KINDS))
    result: dict[str, tuple[dict, Source]] = {}
    for kind in CHANNEL_KINDS:
        block = cr.mapping(kind)
        if block is None:
            continue
        br = cr.child(block, kind)
        br.only(CHANNEL_FIELDS)
        values: dict = {}
        for key, kind_type in CHANNEL_FIELDS.items():
            if key not in block:
                continue
            if key == "qr":
                values[key] = br.url(key)
            elif key == "number":
                values[key] = br.phone(key)
            elif key == "qr_image":
                value = br.text(key)
                image = ((block.path or Path(block.file)).parent / value) if value else None
                if image is not None and not image.is_file():
                    br.error(key, f"QR image {value!r} not found (looked at {image})")
                values[key] = str(image) if image else ""
            elif kind_type is bool:
                values[key] = br.flag(key)
            else:
                values[key] = br.text(key)
        result[kind] = (values, _source(block))
    return result


def _label_of(node: LocDict) -> str | None:
    """The unit as messages name it, read before any field is checked."""
    label = " ".join(str(node[k]) for k in ("code", "name") if isinstance(node.get(k), (str, int)))
    return label or None


def _unit(r: Reader, level: Level, parent: str | None, node: LocDict) -> Unit:
    code = r.code("code", CODE_DIGITS[level])
    name = r.text("name", required=True)
    return Unit(
        code=code,
        name=name,
        level=level,
        parent=parent,
        source=_source(node),
        office=r.text("office"),
        leaders=_leaders(r),
        channels=_channels(r),
        key_lines=dict(node.key_lines),
    )


def _top(path: Path, label: str, parsed: Parsed) -> LocDict | None:
    try:
        node = load_yaml(path, label)
    except DataError as err:
        parsed.problems.extend(err.problems)
        return None
    if not isinstance(node, LocDict):
        parsed.problems.append(Problem("expected a mapping at the top of the file", file=label, line=1))
        return None
    return node


def parse_file(path: Path, label: str, level: Level, parent: str | None) -> Parsed:
    """Read a province, city or county file (a county brings its townships)."""
    parsed = Parsed()
    node = _top(path, label, parsed)
    if node is None:
        return parsed
    r = Reader(node, unit=_label_of(node), problems=parsed.problems)
    r.only({Level.PROVINCE: PROVINCE_KEYS, Level.CITY: UNIT_KEYS, Level.COUNTY: COUNTY_KEYS}[level])
    unit = _unit(r, level, parent, node)
    parsed.units.append(unit)
    if level == Level.PROVINCE:
        parsed.divisions = r.text("divisions") or parsed.divisions
    if parent and unit.code and not unit.code.startswith(parent[:4 if level == Level.COUNTY else 2]):
        r.error("code", f"code {unit.code} does not belong under {parent}")
    if level != Level.COUNTY:
        return parsed
    townships = r.items("townships")
    if not townships:
        r.warn("townships", "county has no townships")
    for i, item in enumerate(townships):
        if not isinstance(item, LocDict):
            r.error("townships", f"township {i + 1} must be a mapping with code and name")
            continue
        tr = Reader(item, unit=_label_of(item), path=f"townships[{i + 1}].", problems=parsed.problems)
        tr.only(UNIT_KEYS)
        township = _unit(tr, Level.TOWNSHIP, unit.code, item)
        if township.code and unit.code and not township.code.startswith(unit.code):
            tr.error("code", f"township code {township.code} does not start with its county's {unit.code}")
        parsed.units.append(township)
    return parsed


@dataclass
class Dataset:
    """The province and its divisions, read on demand from a data directory."""

    root: Path
    _units: dict[str, Unit] = field(default_factory=dict)
    _children: dict[str, list[str]] = field(default_factory=dict)
    _loaded: set[Path] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    _divisions_dir: Path = Path()

    def label(self, path: Path) -> str:
        """A data file as messages name it: relative to the data folder's parent (data/...)."""
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def _add(self, parsed: Parsed) -> None:
        self.problems.extend(parsed.problems)
        for unit in parsed.units:
            if not unit.code:
                continue
            if unit.code in self._units:
                first = self._units[unit.code]
                self.problems.append(
                    Problem(f"duplicate code {unit.code} (also {first.name} at {first.source})",
                            file=unit.source.file, line=unit.source.line, unit=unit.label, field="code")
                )
                continue
            self._units[unit.code] = unit
            if unit.parent:
                self._children.setdefault(unit.parent, []).append(unit.code)

    def _read(self, path: Path, level: Level, parent: str | None) -> Parsed | None:
        if path in self._loaded:
            return None
        self._loaded.add(path)
        parsed = parse_file(path, self.label(path), level, parent)
        self._add(parsed)
        return parsed

    @cached_property
    def province(self) -> Unit:
        path = self.root / "province.yaml"
        if not path.is_file():
            raise DataError(Problem("no province.yaml in the data directory", file=str(self.root)))
        parsed = self._read(path, Level.PROVINCE, None)
        if parsed is None or not parsed.units:
            raise DataError(self.problems or [Problem("province.yaml names no province", file=self.label(path))])
        self._divisions_dir = self.root / parsed.divisions
        return parsed.units[0]

    @property
    def divisions_dir(self) -> Path:
        """The folder of city directories, as province.yaml's ``divisions`` names it."""
        _ = self.province  # reading the province sets it
        return self._divisions_dir

    @cached_property
    def city_dirs(self) -> dict[str, tuple[str, Path]]:
        """City code -> (name, directory), from directory names alone."""
        divisions = self.divisions_dir
        result = {}
        for path in sorted(divisions.iterdir()) if divisions.is_dir() else ():
            m = _FILE_NAME.fullmatch(path.name)
            if path.is_dir() and m:
                result[m.group(1)] = (m.group(2), path)
        return result

    def county_files(self, city_code: str) -> dict[str, tuple[str, Path]]:
        """County code -> (name, file) for one city, from file names alone."""
        _, directory = self.city_dirs[city_code]
        result = {}
        for path in sorted(directory.glob("*.yaml")):
            m = _FILE_NAME.fullmatch(path.stem)
            if m:
                result[m.group(1)] = (m.group(2), path)
        return result

    def load_city(self, city_code: str, with_counties: bool = True) -> None:
        province = self.province
        _, directory = self.city_dirs[city_code]
        self._read(directory / "city.yaml", Level.CITY, province.code)
        if with_counties:
            for _, path in self.county_files(city_code).values():
                self._read(path, Level.COUNTY, city_code)

    def load_county(self, county_code: str) -> None:
        city_code = self._city_of(county_code)
        self.load_city(city_code, with_counties=False)
        self._read(self.county_files(city_code)[county_code][1], Level.COUNTY, city_code)

    def load_all(self) -> "Dataset":
        for city_code in self.city_dirs:
            self.load_city(city_code)
        return self

    def _city_of(self, code: str) -> str:
        for city_code in self.city_dirs:
            if code[:4] == city_code[:4] and code[:6] in self.county_files(city_code):
                return city_code
        raise TargetError(f"no county-level unit with code {code[:6]} in {self.divisions_dir}")

    # -- queries -------------------------------------------------------------------------

    def unit(self, code: str) -> Unit:
        return self._units[code]

    def children(self, code: str) -> list[Unit]:
        return [self._units[c] for c in self._children.get(code, [])]

    def ancestry(self, unit: Unit) -> list[Unit]:
        """The unit and its parents, province first."""
        chain = [unit]
        while chain[0].parent:
            chain.insert(0, self._units[chain[0].parent])
        return chain

    def units(self, level: Level | None = None) -> list[Unit]:
        return [u for u in self._units.values() if level is None or u.level == level]

    def townships_under(self, unit: Unit) -> list[Unit]:
        if unit.level == Level.TOWNSHIP:
            return [unit]
        return [t for child in self.children(unit.code) for t in self.townships_under(child)]

    def find(self, target: str) -> Unit:
        """A unit by code (410105002) or by name path (郑州市/金水区/花园路街道)."""
        target = target.strip().strip("/")
        province = self.province
        if target.isdigit():
            return self._find_code(target)
        parts = [p for p in re.split(r"[/／]", target) if p]
        if parts and parts[0] == province.name:
            parts = parts[1:]
        if not parts:
            self.load_all()
            return province
        return self._find_names(parts, target)

    def _find_code(self, code: str) -> Unit:
        province = self.province
        if code == province.code:
            self.load_all()
            return province
        if code in self.city_dirs:
            self.load_city(code)
            return self._units[code]
        if len(code) in (6, 9):
            try:
                self.load_county(code[:6])
            except (TargetError, KeyError):
                pass
            if code in self._units:
                return self._units[code]
        raise TargetError(f"no jurisdiction with code {code}")

    def _find_names(self, parts: list[str], target: str) -> Unit:
        cities = [c for c, (name, _) in self.city_dirs.items() if name == parts[0]]
        if not cities:
            raise TargetError(f"no city named {parts[0]!r} (target {target!r})")
        city_code = cities[0]
        if len(parts) == 1:
            self.load_city(city_code)
            return self._units[city_code]
        rest = parts[1:]
        counties = self.county_files(city_code)
        # 济源示范区 is both a city and its only county: allow the path to skip the repeat.
        matches = [c for c, (name, _) in counties.items() if name == rest[0]]
        if not matches and len(counties) == 1:
            matches, rest = list(counties), [next(iter(counties.values()))[0], *rest]
        if not matches:
            raise TargetError(f"no county-level unit named {rest[0]!r} in {parts[0]} (target {target!r})")
        self.load_county(matches[0])
        county = self._units[matches[0]]
        if len(rest) == 1:
            return county
        found = [t for t in self.children(county.code) if t.name == rest[1]]
        if len(rest) > 2 or not found:
            raise TargetError(f"no township named {rest[1]!r} in {parts[0]}/{county.name} (target {target!r})")
        return found[0]

