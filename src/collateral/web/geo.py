"""Region outlines for the reception-hall map, read from the committed data file.

``data/web/<divisions>-map.json`` is made by ``tools/build_web_map.py`` from
npm packages (see ``data/web/README.md``); reading it needs no network. A
missing or damaged file is a :class:`DataError` naming it, never a map with
holes nobody notices.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from collateral.errors import DataError, Problem
from collateral.i18n import _


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    d: str  # SVG path data on the map's grid
    label: tuple[int, int, int]  # x, y, and how far the point is from the edge (room for a name)
    over: str | None = None  # drawn over this region (a 省直管县 over its city); a region of its own all the same


@dataclass(frozen=True)
class MapShape:
    width: int
    height: int
    regions: dict[str, Region]
    sources: tuple[str, ...]  # "package (licence)" for the credit line

    @property
    def overlays(self) -> tuple[str, ...]:
        """Codes of regions drawn over another one: on the province map, the 10 省直管县."""
        return tuple(code for code, r in self.regions.items() if r.over)


def map_file(data_root: Path, divisions: str) -> Path:
    return data_root / "web" / f"{divisions}-map.json"


@lru_cache(maxsize=4)
def _load(path: Path, label: str) -> dict:
    if not path.is_file():
        raise DataError(Problem(_("no map outlines; run tools/build_web_map.py to make them"), file=label))
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(Problem(_("cannot read map outlines: {err}").format(err=err), file=label)) from err
    if not isinstance(doc, dict) or not isinstance(doc.get("maps"), dict):
        raise DataError(Problem(_("not a map outline file: no 'maps' object"), file=label))
    return doc


def load_map(path: Path, label: str, code: str) -> MapShape:
    """The outlines of the regions under unit ``code``.

    Raises:
        DataError: the file is missing or damaged, or holds no map for ``code``.
    """
    doc = _load(path, label)
    raw = doc["maps"].get(code)
    if raw is None:
        raise DataError(Problem(_("no map for unit {code}").format(code=code), file=label, field=f"maps.{code}"))
    try:
        regions = {r["code"]: Region(str(r["code"]), str(r["name"]), str(r["d"]), tuple(int(v) for v in r["label"]),
                                     str(r["over"]) if r.get("over") else None)
                   for r in raw["regions"]}
        sources = tuple(f"{s['package']} ({s['licence']})" for s in doc.get("sources", []))
        return MapShape(int(raw["width"]), int(raw["height"]), regions, sources)
    except (KeyError, TypeError, ValueError) as err:
        raise DataError(Problem(_("damaged map entry: {type}: {err}").format(type=type(err).__name__, err=err),
                                file=label,
                                field=f"maps.{code}")) from err
