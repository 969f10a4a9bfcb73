"""Finding the unit a user names: by code (410105002) or by name path (郑州市/金水区/花园路街道).

Mixed into :class:`~collateral.data.dataset.Dataset`, whose loading it drives: a
code or a full path reads only the files on the way to the unit; a bare
name reads the city it names, or the whole province.
"""

from __future__ import annotations

import re
from pathlib import Path

from collateral.errors import DataError, Severity, TargetError
from collateral.data.model import Unit
from collateral.data.names import stem, suggestion
from collateral.i18n import _

_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})


def _in_order(wanted: list[str], names: list[str]) -> bool:
    """Whether ``wanted`` appear in ``names`` in order, levels allowed to be skipped."""
    rest = iter(names)
    return all(any(n == w for n in rest) for w in wanted)


class Lookup:
    """``find`` and its helpers, over the loading of a :class:`~collateral.data.dataset.Dataset`."""

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
            raise TargetError(_("empty target {target!r}: name a township, county or city by code (410105002) "
                                "or name path (郑州市/金水区/花园路街道); the whole province is {name} or {code}").format(
                                    target=target, name=province.name, code=province.code))
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
        missing = _("no jurisdiction with code {code}").format(code=code)
        if len(code) not in (6, 9):
            raise TargetError(missing + _(" (codes have 6 digits, townships 9)"))
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
        return _("; closest: {names}").format(names=", ".join(f"{c} {near[c]}" for c in ranked)) if ranked else ""

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
        return _("; not read, as their names do not match the pattern: {files}").format(files=", ".join(names)) \
            if names else ""

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
            scope = _(" in {city}").format(city=parts[0])
            city = self.load_city(cities[0])
            pool = [city, *self._descendants(city.code)]
        else:
            scope = ""
            self.load_all()
            pool = self.units()
        *above, name = parts

        def under_above(unit: Unit) -> bool:
            try:
                return _in_order(above, [u.name for u in self.ancestry(unit)[1:-1]])
            except DataError:
                return False

        found = [u for u in pool if u.name == name and under_above(u)]
        if not found:  # an alias with another suffix (长垣县 for 长垣市), when only one unit fits
            found = [u for u in pool if u.name != name and stem(u.name) == stem(name) and under_above(u)]
            found = found if len(found) == 1 else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = ", ".join(f"{self.target_path(u)} ({u.code})" for u in found)
            raise TargetError(_("{target!r} names {count} jurisdictions: {units}; give the name path or the code "
                                "of one").format(target=target, count=len(found), units=listed))
        errors = [p for path in self._unreadable for p in self._errors_in(path)]
        if errors:  # a file that cannot be read may hold it: say so rather than "not found"
            raise DataError(errors)
        hint = suggestion(name, [u.name for u in pool])
        raise TargetError(_("no city, county or township named {name!r}{scope} (target {target!r}){hint}").format(
            name=name, scope=scope, target=target, hint=hint))

    def _descendants(self, code: str) -> list[Unit]:
        out = []
        for child in self.children(code):
            out += [child, *self._descendants(child.code)]
        return out
