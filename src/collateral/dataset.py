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

from collateral.errors import DataError, Problem, Severity, TargetError
from collateral.names import stem, suggestion
from collateral.model import CHANNEL_FIELDS, CHANNEL_KINDS, CODE_DIGITS, Leader, Level, Source, Unit
from collateral.schema import Reader, printable
from collateral.yamlsrc import LocDict, LocList, load_yaml

UNIT_KEYS = {"code", "name", "office", "leaders", "channels"}
PROVINCE_KEYS = UNIT_KEYS | {"divisions"}
COUNTY_KEYS = UNIT_KEYS | {"townships"}
LEADER_KEYS = {"role", "name", "phone"}
_FILE_NAME = re.compile(r"(\d{6})-(.*\S.*)")  # <6 digits>-<name>: city folders; county files + .yaml
NOTES = (".md", ".txt")  # read by people, not by the tool
IMAGES = (".png",)  # QR images, named by a channel's qr_image


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
    parts = (str(node[k]).strip() for k in ("code", "name") if isinstance(node.get(k), (str, int)))
    label = " ".join(p for p in parts if p)
    return printable(label) or None


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
        parsed.problems.append(Problem("expected a mapping at the top of the file", file=label, line=1))
        return parsed
    r = Reader(node, unit=_label_of(node), problems=parsed.problems)
    r.only({Level.PROVINCE: PROVINCE_KEYS, Level.CITY: UNIT_KEYS, Level.COUNTY: COUNTY_KEYS}[level])
    unit = _unit(r, level, parent, node)
    parsed.units.append(unit)
    if level == Level.PROVINCE:
        parsed.divisions = r.text("divisions") or parsed.divisions
    named_by, own_name = ("its folder", path.parent.name) if level == Level.CITY else ("the file name", path.name)
    wrong_code = bool(expect and unit.code and unit.code != expect[0])
    if wrong_code:
        r.error("code", f"code {unit.code} differs from {named_by} {own_name} ({expect[0]}); rename one so they agree")
    elif parent and unit.code and not unit.code.startswith(parent[:4 if level == Level.COUNTY else 2]):
        r.error("code", f"code {unit.code} does not belong under {parent}")
    if expect and unit.name and unit.name != expect[1]:
        r.error("name", f"name {unit.name!r} differs from {named_by}'s {expect[1]!r}; rename one so they agree")
    if level == Level.COUNTY:  # with a wrong code, townships are checked against the file's: one error, not 25
        _townships(r, unit, expect[0] if expect and wrong_code else unit.code, parsed)
    if wrong_code:
        parsed.units = []
    return parsed


def _townships(r: Reader, county: Unit, county_code: str, parsed: Parsed) -> None:
    townships = r.items("townships")
    if not townships:
        r.warn("townships", "county has no townships")
    first_line: dict[str, int] = {}
    for i, item in enumerate(townships):
        if not isinstance(item, LocDict):
            r.error("townships", f"township {i + 1} must be a mapping with code and name")
            continue
        tr = Reader(item, unit=_label_of(item), path=f"townships[{i + 1}].", problems=parsed.problems)
        tr.only(UNIT_KEYS)
        township = _unit(tr, Level.TOWNSHIP, county.code, item)
        if township.code and county_code and not township.code.startswith(county_code):
            tr.error("code", f"township code {township.code} does not start with its county's {county_code}")
        line = item.line_of("name")
        if township.name in first_line:
            tr.error("name", f"township name {township.name!r} also at line {first_line[township.name]}: "
                             f"names must be unique within {county.name or county.code}")
        elif township.name:
            first_line[township.name] = line
        parsed.units.append(township)


# Folders beside the jurisdictions that other stages read: the website kit's map outlines (data/web/).
OTHER_DATA = ("web",)


@dataclass
class Dataset:
    """The province and its divisions, read on demand from a data directory."""

    root: Path
    _units: dict[str, Unit] = field(default_factory=dict)
    _children: dict[str, list[str]] = field(default_factory=dict)
    _loaded: set[Path] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    _divisions_dir: Path = Path()
    _folders: dict[Path, list[Problem]] = field(default_factory=dict)  # what each folder holds that is no data
    _reported: set[Path] = field(default_factory=set)
    _counties: dict[str, dict[str, tuple[str, Path]]] = field(default_factory=dict)
    _unreadable: list[Path] = field(default_factory=list)  # files that gave no unit

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

    def _read(self, path: Path, level: Level, parent: str | None,
              expect: tuple[str, str] | None = None) -> Parsed | None:
        if path in self._loaded:
            return None
        self._loaded.add(path)
        parsed = parse_file(path, self.label(path), level, parent, expect, within=self.root)
        if not parsed.units:
            self._unreadable.append(path)
        self._add(parsed)
        return parsed

    def _errors_in(self, path: Path) -> list[Problem]:
        label = self.label(path)
        return [p for p in self.problems if p.file == label and p.severity == Severity.ERROR]

    def _get(self, code: str, path: Path, missing: str) -> Unit:
        """The unit ``path`` defines, or that file's own errors, or ``missing`` as a TargetError."""
        unit = self._units.get(code)
        if unit is not None:
            return unit
        raise DataError(errors) if (errors := self._errors_in(path)) else TargetError(missing)

    @cached_property
    def province(self) -> Unit:
        path = self.root / "province.yaml"
        if not path.is_file() and not path.is_symlink():
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

    # -- what is on disk -----------------------------------------------------------------

    def _stray(self, path: Path, expected: str) -> Problem:
        """A file or folder the tool would not read: an error, so no data is silently left out."""
        label = self.label(path)
        if path.name.startswith("."):
            return Problem("hidden file, not read", file=label, severity=Severity.WARNING)
        if path.is_symlink() and _outside_root(path, self.root):
            return Problem(f"link to {path.resolve()} leaves the data folder; not read", file=label)
        what = "folder" if path.is_dir() else "file"
        return Problem(f"{what} name does not match {expected}; not read", file=label)

    def _entries(self, folder: Path) -> list[Path]:
        try:
            return sorted(folder.iterdir())
        except OSError as err:
            self._folders.setdefault(folder, []).append(
                Problem(f"cannot list: {err.strerror}", file=self.label(folder)))
            return []

    def _is_extra(self, path: Path) -> bool:
        """Notes and QR images may sit beside the data; a channel says which image it uses."""
        return path.is_file() and path.suffix.lower() in NOTES + IMAGES and not path.name.startswith(".")

    @cached_property
    def city_dirs(self) -> dict[str, tuple[str, Path]]:
        """City code -> (name, directory), from directory names alone."""
        divisions = self.divisions_dir
        result: dict[str, tuple[str, Path]] = {}
        problems = self._folders.setdefault(divisions, [])
        if _outside_root(divisions, self.root):
            problems.append(Problem(f"divisions folder {divisions} is outside the data folder; not read",
                                    file=self.label(self.root / "province.yaml")))
            return result
        if not divisions.is_dir():
            problems.append(Problem(f"no divisions folder {divisions.name!r} (named by province.yaml's divisions)",
                                    file=self.label(divisions)))
            return result
        names: dict[str, Path] = {}
        for path in self._entries(divisions):
            m = _FILE_NAME.fullmatch(path.name)
            if m and path.is_dir() and not _outside_root(path, self.root):
                code, name = m.groups()
                if name in names:
                    problems.append(Problem(f"city name {name!r} also used by {names[name].name}: "
                                            "names must be unique within the province", file=self.label(path)))
                names.setdefault(name, path)
                result[code] = (name, path)
            elif not self._is_extra(path):
                problems.append(self._stray(path, "<6 digits>-<name> (a city folder)"))
        return result

    def county_files(self, city_code: str) -> dict[str, tuple[str, Path]]:
        """County code -> (name, file) for one city, from file names alone."""
        if city_code in self._counties:
            return self._counties[city_code]
        _, directory = self.city_dirs[city_code]
        result: dict[str, tuple[str, Path]] = {}
        problems = self._folders.setdefault(directory, [])
        names: dict[str, Path] = {}
        for path in self._entries(directory):
            m = _FILE_NAME.fullmatch(path.name[:-5]) if path.name.endswith(".yaml") else None
            if path.name == "city.yaml" or self._is_extra(path):
                continue
            if m and not path.is_dir():
                code, name = m.groups()
                if name in names:
                    problems.append(Problem(f"county name {name!r} also used by {names[name].name}: "
                                            "names must be unique within a city", file=self.label(path)))
                names.setdefault(name, path)
                result[code] = (name, path)
            else:
                problems.append(self._stray(path, "<6 digits>-<name>.yaml (a county file) or city.yaml"))
        self._counties[city_code] = result
        return result

    def _report_folder(self, folder: Path) -> None:
        if folder not in self._reported:
            self._reported.add(folder)
            self.problems.extend(self._folders.get(folder, []))

    def _scan_root(self) -> None:
        """The data folder itself: the province, the guide, the divisions folder, notes."""
        problems = self._folders.setdefault(self.root, [])
        known = {"province.yaml", "guide.yaml", self.divisions_dir.name, *OTHER_DATA}
        for path in self._entries(self.root):
            if path.name not in known and not self._is_extra(path):
                problems.append(self._stray(path, "province.yaml, guide.yaml, the divisions folder or "
                                                  + ", ".join(f"{k}/" for k in OTHER_DATA)))
        self._report_folder(self.root)

    # -- loading -------------------------------------------------------------------------

    def load_city(self, city_code: str, with_counties: bool = True) -> Unit:
        province = self.province
        name, directory = self.city_dirs[city_code]
        path = directory / "city.yaml"
        self._read(path, Level.CITY, province.code, (city_code, name))
        if with_counties:
            counties = self.county_files(city_code)
            self._report_folder(directory)
            for code, (county_name, county_path) in counties.items():
                self._read(county_path, Level.COUNTY, city_code, (code, county_name))
        return self._get(city_code, path, f"{self.label(path)} defines no city")

    def load_county(self, county_code: str) -> Unit:
        city_code = self._city_of(county_code)
        self.load_city(city_code, with_counties=False)
        name, path = self.county_files(city_code)[county_code]
        self._read(path, Level.COUNTY, city_code, (county_code, name))
        return self._get(county_code, path, f"{self.label(path)} defines no county")

    def load_all(self) -> "Dataset":
        self._scan_root()
        cities = self.city_dirs  # lists the divisions folder
        self._report_folder(self.divisions_dir)
        for city_code in cities:
            try:
                self.load_city(city_code)
            except DataError:
                pass  # its problems are in self.problems; the other cities still load
        return self

    def _city_of(self, code: str) -> str:
        for city_code in self.city_dirs:
            if code[:4] == city_code[:4] and code[:6] in self.county_files(city_code):
                return city_code
        raise TargetError(f"no county-level unit with code {code[:6]} in {self.divisions_dir}")

    def _file_of(self, code: str) -> Path | None:
        """The file that should define ``code``, from file names alone."""
        if code == self.province.code:
            return self.root / "province.yaml"
        if code in self.city_dirs:
            return self.city_dirs[code][1] / "city.yaml"
        try:
            return self.county_files(self._city_of(code))[code[:6]][1]
        except TargetError:
            return None

    # -- queries -------------------------------------------------------------------------

    def unit(self, code: str) -> Unit:
        return self._units[code]

    def children(self, code: str) -> list[Unit]:
        return [self._units[c] for c in self._children.get(code, [])]

    def ancestry(self, unit: Unit) -> list[Unit]:
        """The unit and its parents, province first.

        Raises:
            DataError: a parent's file could not be read (its own errors).
        """
        chain = [unit]
        while chain[0].parent:
            parent = self._units.get(chain[0].parent)
            if parent is None:
                path = self._file_of(chain[0].parent)
                errors = self._errors_in(path) if path else []
                raise DataError(errors or Problem(f"its parent {chain[0].parent} is not in the data",
                                                  file=unit.source.file, line=unit.source.line, unit=unit.label))
            chain.insert(0, parent)
        return chain

    def units(self, level: Level | None = None) -> list[Unit]:
        return [u for u in self._units.values() if level is None or u.level == level]

    def townships_under(self, unit: Unit) -> list[Unit]:
        if unit.level == Level.TOWNSHIP:
            return [unit]
        return [t for child in self.children(unit.code) for t in self.townships_under(child)]

    def name_path(self, unit: Unit) -> str:
        """郑州市/金水区/花园路街道: how a user names the unit, province left out."""
        return "/".join(u.name for u in self.ancestry(unit)[1:]) or unit.name

    def find(self, target: str) -> Unit:
        """A unit by code (410105002) or by name path (郑州市/金水区/花园路街道, 金水区/花园路街道, 花园路街道).

        Raises:
            TargetError: an empty target, no such unit, or a name several units share
                (the message lists them by name path).
            DataError: a file on the way to the unit cannot be read (its own errors).
        """
        province = self.province
        text = target.strip().translate(_FULLWIDTH_DIGITS)
        parts = [p.strip() for p in re.split(r"[/／]", text) if p.strip()]
        if not parts:
            raise TargetError(f"empty target {target!r}: name a township, county or city by code (410105002) "
                              f"or name path (郑州市/金水区/花园路街道); the whole province is {province.name} "
                              f"or {province.code}")
        if len(parts) == 1 and parts[0].isascii() and parts[0].isdigit():
            return self._find_code(parts[0])
        if parts[0] == province.name:
            parts = parts[1:]
        if not parts:
            self.load_all()
            return province
        return self._find_path(parts) or self._search(parts, text)

    def _find_code(self, code: str) -> Unit:
        province = self.province
        if code == province.code:
            self.load_all()
            return province
        if code in self.city_dirs:
            return self.load_city(code)
        missing = f"no jurisdiction with code {code}"
        if len(code) not in (6, 9):
            raise TargetError(f"{missing} (codes have 6 digits, townships 9)")
        try:
            county = self.load_county(code[:6])
        except TargetError:
            raise TargetError(missing + (self._unread_hint(code) or self._near_codes(code))) from None
        if code == county.code:
            return county
        return self._get(code, self._county_path(county.code), missing + self._near_codes(code))

    def _near_codes(self, code: str) -> str:
        """``; closest: 410104 管城回族区, …``: the codes next to ``code`` in its city or county."""
        if len(code) == 9 and code[:6] in self._units:
            near = {u.code: u.name for u in self.children(code[:6])}
        else:
            city = next((c for c in self.city_dirs if c[:4] == code[:4]), None)
            near = {c: name for c, (name, _) in self.county_files(city).items()} if city else \
                {c: name for c, (name, _) in self.city_dirs.items()}
        ranked = sorted(near, key=lambda c: (abs(int(c) - int(code[:len(c)])), c))[:3]
        return f"; closest: {', '.join(f'{c} {near[c]}' for c in ranked)}" if ranked else ""

    def _county_path(self, code: str) -> Path:
        return self.county_files(self._city_of(code))[code][1]

    def _unread_hint(self, code: str) -> str:
        """Files in the city's folder that were not read: a misnamed county file may be the one."""
        city = next((c for c in self.city_dirs if c[:4] == code[:4]), None)
        if city is None:  # then perhaps its city folder is misnamed
            folder = self.divisions_dir
        else:
            self.county_files(city)
            folder = self.city_dirs[city][1]
        names = [p.file for p in self._folders.get(folder, []) if p.severity == Severity.ERROR]
        return f"; not read, as their names do not match the pattern: {', '.join(names)}" if names else ""

    def _find_path(self, parts: list[str]) -> Unit | None:
        """The usual path, city/county/township, read file by file; None when it does not fit."""
        cities = [c for c, (name, _) in self.city_dirs.items() if name == parts[0]]
        if not cities:  # an alias: 济源市 for 济源示范区, the same stem
            cities = [c for c, (name, _) in self.city_dirs.items() if stem(name) == stem(parts[0])]
        if len(cities) != 1:
            return None
        if len(parts) == 1:
            return self.load_city(cities[0])
        counties = self.county_files(cities[0])
        rest = parts[1:]
        matches = [c for c, (name, _) in counties.items() if name == rest[0]] or \
            [c for c, (name, _) in counties.items() if stem(name) == stem(rest[0])]
        # 济源示范区 is both a city and its only county: allow the path to skip the repeat.
        if not matches and len(counties) == 1:
            matches, rest = list(counties), [parts[0], *rest]
        if len(matches) != 1 or len(rest) > 2:
            return None
        county = self.load_county(matches[0])
        if len(rest) == 1:
            return county
        found = [t for t in self.children(county.code) if t.name == rest[1]]
        return found[0] if len(found) == 1 else None

    def _search(self, parts: list[str], target: str) -> Unit:
        """Any unit named ``parts[-1]`` whose parents include the other parts, in order.

        Reads the city named first, or the whole province: a bare township name
        needs every county file.
        """
        cities = [c for c, (name, _) in self.city_dirs.items() if name == parts[0]]
        if len(cities) == 1:
            scope = f" in {parts[0]}"
            city = self.load_city(cities[0])
            pool = [city, *self._descendants(city.code)]
        else:
            scope = ""
            self.load_all()
            pool = self.units()
        *above, name = parts
        found = []
        for unit in pool:
            if unit.name != name:
                continue
            try:
                names = [u.name for u in self.ancestry(unit)[1:-1]]
            except DataError:
                continue
            if _in_order(above, names):
                found.append(unit)
        if not found:  # an alias with another suffix (长垣县 for 长垣市), when only one unit fits
            alike = [u for u in pool if stem(u.name) == stem(name) and u.name != name]
            found = [u for u in alike if _in_order(above, [a.name for a in self.ancestry(u)[1:-1]])]
            found = found if len(found) == 1 else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = ", ".join(f"{self.name_path(u)} ({u.code})" for u in found)
            raise TargetError(f"{target!r} names {len(found)} jurisdictions: {listed}; "
                              "give the name path or the code of one")
        errors = [p for path in self._unreadable for p in self._errors_in(path)]
        if errors:  # a file that cannot be read may hold it: say so rather than "not found"
            raise DataError(errors)
        hint = suggestion(name, [u.name for u in pool])
        raise TargetError(f"no city, county or township named {name!r}{scope} (target {target!r}){hint}")

    def _descendants(self, code: str) -> list[Unit]:
        out = []
        for child in self.children(code):
            out += [child, *self._descendants(child.code)]
        return out


_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})


def _in_order(wanted: list[str], names: list[str]) -> bool:
    """Whether ``wanted`` appear in ``names`` in order, levels allowed to be skipped."""
    rest = iter(names)
    return all(any(n == w for n in rest) for w in wanted)


def _outside_root(path: Path, root: Path) -> bool:
    return not path.resolve().is_relative_to(root.resolve())
