"""Load the jurisdiction files into :class:`Unit` records, lazily and with positions.

Layout on disk (see ``data/README.md``)::

    data/province.yaml                        the province: office, channels, leaders
    data/guide.yaml                           the complaint guide's text
    data/<divisions>/410100-郑州市/city.yaml   one city
    data/<divisions>/410100-郑州市/410105-金水区.yaml   one county and its townships

File names carry the codes and names, so finding one township reads one
county file, not 199: a single leaflet starts fast. ``load_all`` reads
everything, for ``check`` and for batches. Reading one file is
:mod:`collateral.data.datafile`'s job; finding the unit a target names,
:mod:`collateral.data.lookup`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from collateral.data.datafile import Parsed, parse_file
from collateral.errors import DataError, Problem, Severity, TargetError
from collateral.data.lookup import Lookup
from collateral.data.model import Level, Unit
from collateral.paths import JOURNAL_NAME, LOCK_NAME
from collateral.i18n import _

_FILE_NAME = re.compile(r"(\d{6})-(.*\S.*)")  # <6 digits>-<name>: city folders; county files + .yaml
NOTES = (".md", ".txt")  # read by people, not by the tool
IMAGES = (".png",)  # QR images, named by a channel's qr_image

# Folders beside the jurisdictions that other stages read: the website kit's map outlines (data/web/).
OTHER_DATA = ("web",)


@dataclass
class Dataset(Lookup):
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
                    Problem(_("duplicate code {unit} (also {name} at {source})").format(
                                unit=unit.code, name=first.name, source=first.source),
                            file=unit.source.file, line=unit.source.line, unit_label=unit.label, field="code")
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
            raise DataError(Problem(_("no province.yaml in the data directory"), file=str(self.root)))
        parsed = self._read(path, Level.PROVINCE, None)
        if parsed is None or not parsed.units:
            raise DataError(self.problems or [Problem(_("province.yaml names no province"), file=self.label(path))])
        self._divisions_dir = self.root / parsed.divisions
        return parsed.units[0]

    @property
    def divisions_dir(self) -> Path:
        """The folder of city directories, as province.yaml's ``divisions`` names it."""
        self.province  # reading the province sets it
        return self._divisions_dir

    # -- what is on disk -----------------------------------------------------------------

    def _stray(self, path: Path, expected: str) -> Problem:
        """A file or folder the tool would not read: an error, so no data is silently left out."""
        label = self.label(path)
        if path.name.startswith("."):
            return Problem(_("hidden file, not read"), file=label, severity=Severity.WARNING)
        if path.is_symlink() and _outside_root(path, self.root):
            return Problem(_("link to {value} leaves the data folder; not read").format(value=path.resolve()),
                           file=label)
        what = _("folder") if path.is_dir() else _("file")
        return Problem(_("{what} name does not match {expected}; not read").format(what=what, expected=expected),
                       file=label)

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
            problems.append(Problem(_("divisions folder {divisions} is outside the data folder; not read").format(
                                        divisions=divisions),
                                    file=self.label(self.root / "province.yaml")))
            return result
        if not divisions.is_dir():
            problems.append(Problem(_("no divisions folder {name!r} (named by province.yaml's divisions)").format(
                                        name=divisions.name),
                                    file=self.label(divisions)))
            return result
        names: dict[str, Path] = {}
        for path in self._entries(divisions):
            m = _FILE_NAME.fullmatch(path.name)
            if m and path.is_dir() and not _outside_root(path, self.root):
                code, name = m.groups()
                if name in names:
                    problems.append(Problem(_("city name {name!r} also used by {name2}: names must be unique "
                                               "within the province").format(name=name,
                                                                             name2=names[name].name), file=self.label(path)))
                names.setdefault(name, path)
                result[code] = (name, path)
            elif not self._is_extra(path):
                problems.append(self._stray(path, _("<6 digits>-<name> (a city folder)")))
        return result

    def county_files(self, city_code: str) -> dict[str, tuple[str, Path]]:
        """County code -> (name, file) for one city, from file names alone."""
        if city_code in self._counties:
            return self._counties[city_code]
        _name, directory = self.city_dirs[city_code]
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
                    problems.append(Problem(_("county name {name!r} also used by {name2}: names must be "
                                               "unique within a city").format(name=name,
                                                                              name2=names[name].name), file=self.label(path)))
                names.setdefault(name, path)
                result[code] = (name, path)
            else:
                problems.append(self._stray(path, _("<6 digits>-<name>.yaml (a county file) or city.yaml")))
        self._counties[city_code] = result
        return result

    def _report_folder(self, folder: Path) -> None:
        if folder not in self._reported:
            self._reported.add(folder)
            self.problems.extend(self._folders.get(folder, []))

    def _scan_root(self) -> None:
        """The data folder itself: the province, the guide, the divisions folder, notes."""
        problems = self._folders.setdefault(self.root, [])
        known = {"province.yaml", "guide.yaml", self.divisions_dir.name, *OTHER_DATA, LOCK_NAME, JOURNAL_NAME}
        for path in self._entries(self.root):
            if path.name not in known and not self._is_extra(path):
                problems.append(self._stray(path, _("province.yaml, guide.yaml, the divisions folder or ")
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
        return self._get(city_code, path, _("{value} defines no city").format(value=self.label(path)))

    def load_county(self, county_code: str) -> Unit:
        city_code = self._city_of(county_code)
        self.load_city(city_code, with_counties=False)
        name, path = self.county_files(city_code)[county_code]
        self._read(path, Level.COUNTY, city_code, (county_code, name))
        return self._get(county_code, path, _("{value} defines no county").format(value=self.label(path)))

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
        raise TargetError(_("no county-level unit with code {code} in {divisions_dir}").format(
                              code=code[:6], divisions_dir=self.divisions_dir))

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
                raise DataError(errors or Problem(_("its parent {parent} is not in the data").format(
                                                      parent=chain[0].parent),
                                                  file=unit.source.file, line=unit.source.line, unit_label=unit.label))
            chain.insert(0, parent)
        return chain

    def units(self, level: Level | None = None) -> list[Unit]:
        return [u for u in self._units.values() if level is None or u.level == level]

    def townships_under(self, unit: Unit) -> list[Unit]:
        if unit.level == Level.TOWNSHIP:
            return [unit]
        return [t for child in self.children(unit.code) for t in self.townships_under(child)]

    def target_path(self, unit: Unit) -> str:
        """郑州市/金水区/花园路街道: how a user names the unit, province left out."""
        return "/".join(u.name for u in self.ancestry(unit)[1:]) or unit.name


def _outside_root(path: Path, root: Path) -> bool:
    return not path.resolve().is_relative_to(root.resolve())
