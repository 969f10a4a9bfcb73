#!/usr/bin/env python3
"""Make a copy of the data with every leader named, as offices will fill it in.

Why this exists
---------------
The bundled data has every leader's name and number blank, so every product
had only been seen empty: a table of short roles and blank lines. Once
offices fill in their leaders, names run from 2 characters (王强) to 4
(欧阳建国) and to 8 for minority names written with the middle dot
(阿依古丽·吐尔逊), roles get qualifiers (副区长（分管信访）), and landlines
(0371-65903393) are longer than mobiles. This script writes such a copy, so
``collateral check --data FILLED`` can prove every product fits real data.

What it writes
--------------
``DST`` is a copy of ``SRC`` (default: the bundled data) in which:

- every leader of the province, every city and every county has a name and a
  public number (about two in three mobiles, the rest landlines with the
  city's area code);
- every city and county gets a fourth leader with a long role
  (副区长（分管信访）, 市委常委、政法委书记 …, up to 10 characters);
- one township in ``--township-share`` (default 1 in 4) lists two or three
  leaders of its own (党委书记, 镇长 / 乡长 / 街道办事处主任, 信访办主任);
- names: 2–4 characters with single and compound surnames (欧阳, 司马, 上官 …),
  and about one in twelve a minority name with the middle dot, up to 8
  characters.

``--grow CITY:N`` gives the city N county-level units by adding copies of
its first counties under new codes (4101 91 …) and names (中原新区 …): a city
of 19 units (18 counties and itself) is the stress test of its boards.

``--four-char CODE`` (repeatable) gives every leader of that unit and of every
unit under it a 4-character name (a compound surname and two characters), the
longest Han name an office will type: the worst case for a city's board.

Everything is drawn from ``random.Random`` seeded with ``--seed`` and the
unit's code, so the same arguments always write the same files, and one
unit's values do not change when another is added.

Usage::

    python tools/fill_data.py data /tmp/filled            # SRC DST
    python tools/fill_data.py data /tmp/filled --four-char 410100
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path
from typing import Any, Iterable

import yaml

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "独孤", "司徒", "端木")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红志新文玉兰海燕春晓东亮宏波辉鹏飞俊峰庆德胜利民"
# Minority names as they are written in Chinese, given name · family name; joined they are 5 to 8 characters.
MINORITY_FIRST = ("阿不都", "买买提", "热依拉", "阿依古丽", "古丽", "艾尔肯", "努尔", "帕提古丽", "吐尔洪", "迪丽")
MINORITY_LAST = ("热合曼", "艾力", "吐尔逊", "买买提", "努尔", "阿不拉", "依明", "沙比尔")

# The fourth leader of a city or county: the long roles offices really write (at most 10 characters).
LONG_ROLES = {
    "市": ("副市长（分管信访）", "市委常委、政法委书记", "市信访局副局长"),
    "区": ("副区长（分管信访）", "区委常委、政法委书记", "区信访局副局长"),
    "县": ("副县长（分管信访）", "县委常委、政法委书记", "县信访局副局长"),
}
TOWNSHIP_ROLES = {"镇": "镇长", "乡": "乡长", "街道": "街道办事处主任"}

# Area codes of Henan's cities (city code → area code), for landlines.
AREA_CODES = {
    "4101": "0371", "4102": "0371", "4103": "0379", "4104": "0375", "4105": "0372", "4106": "0392",
    "4107": "0373", "4108": "0391", "4109": "0393", "4110": "0374", "4111": "0395", "4112": "0398",
    "4113": "0377", "4114": "0370", "4115": "0376", "4116": "0394", "4117": "0396", "4190": "0391",
}


def han_name(rng: random.Random, length: int | None = None) -> str:
    """A Han name of 2–4 characters; ``length`` forces one."""
    length = length or rng.choices((2, 3, 4), weights=(3, 8, 1))[0]
    if length == 4 or (length == 3 and rng.random() < 0.1):
        surname = rng.choice(COMPOUND_SURNAMES)
    else:
        surname = rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(length - len(surname)))
    return surname + given


def minority_name(rng: random.Random) -> str:
    name = f"{rng.choice(MINORITY_FIRST)}·{rng.choice(MINORITY_LAST)}"
    return name if len(name) <= 8 else minority_name(rng)


def person(rng: random.Random, four_char: bool) -> str:
    if four_char:
        return han_name(rng, 4)
    return minority_name(rng) if rng.random() < 1 / 12 else han_name(rng)


def phone(rng: random.Random, code: str) -> str:
    if rng.random() < 2 / 3:
        return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    area = AREA_CODES.get(code[:4], "0371")
    return f"{area}-{rng.choice('2345678')}{''.join(rng.choice('0123456789') for _ in range(7))}"


def level_char(name: str) -> str:
    """市, 区 or 县: how a county-level unit's roles are titled."""
    if name.endswith("区") and not name.endswith(("示范区", "开发区", "实验区")):
        return "区"
    if name.endswith("市") and not name.endswith("示范区"):
        return "市"
    return "县" if name.endswith("县") else "区"


def fill_leaders(node: dict, rng: random.Random, four_char: bool, extra_role: str | None) -> None:
    """Name and number every leader of a unit's mapping; add a fourth with a long role."""
    leaders = node.setdefault("leaders", [])
    for leader in leaders:
        leader["name"] = person(rng, four_char)
        leader["phone"] = leader.get("phone") or phone(rng, node["code"])
    if extra_role and len(leaders) < 4:
        leaders.append({"role": extra_role, "name": person(rng, four_char), "phone": phone(rng, node["code"])})


def township_leaders(township: dict, rng: random.Random, four_char: bool) -> list[dict]:
    kind = next((k for k in ("街道", "镇", "乡") if township["name"].endswith(k)), "镇")
    roles = ["党委书记" if kind != "街道" else "党工委书记", TOWNSHIP_ROLES[kind]]
    if rng.random() < 0.5:
        roles.append("信访办主任")
    return [{"role": r, "name": person(rng, four_char), "phone": phone(rng, township["code"])} for r in roles]


def under(code: str, units: Iterable[str]) -> bool:
    """Whether ``code`` is one of ``units`` or under one: 410100 covers every 4101… code."""
    for unit in units:
        stem = unit
        while len(stem) > 2 and stem.endswith("00"):
            stem = stem[:-2]
        if code.startswith(stem):
            return True
    return False


def fill_file(path: Path, seed: int, four: list[str], share: float) -> None:
    """Rewrite one unit file (province, city or county) with its leaders filled in."""
    original = path.read_text(encoding="utf-8")
    node: dict[str, Any] = yaml.load(original, Loader=yaml.CSafeLoader)
    code = node["code"]
    rng = random.Random(f"{seed}:{code}")
    if path.name == "province.yaml":
        extra = None  # the province prints its one public number: its office head
    elif path.name == "city.yaml":
        extra = rng.choice(LONG_ROLES["市"])
    else:
        extra = rng.choice(LONG_ROLES[level_char(node["name"])])
    fill_leaders(node, rng, under(code, four), extra)
    for township in node.get("townships", ()):
        trng = random.Random(f"{seed}:{township['code']}")
        if trng.random() < share:
            township["leaders"] = township_leaders(township, trng, under(township["code"], four))
    header = f"# {node['name']} — filled by tools/fill_data.py (seed {seed}): invented names and numbers, for tests.\n"
    first = original.partition("\n")[0]
    if first.startswith("# yaml-language-server:"):  # the line naming the file's schema stays first (jsonschemas)
        header = first + "\n" + header
    text = yaml.dump(node, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + text, encoding="utf-8")


def grow(dst: Path, city: str, counties: int) -> None:
    """Add copies of the city's first counties (new codes 91…, names …新区) until it has ``counties``."""
    folder = next(dst.glob(f"*/{city}-*"))
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "city.yaml")
    for i in range(max(0, counties - len(files))):
        model = files[i % len(files)]
        node = yaml.load(model.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        code = f"{city[:4]}{91 + i:02d}"
        stem = node["name"][:2] if len(node["name"]) > 2 else node["name"][:1]
        name = f"{stem}新区" if i < len(files) else f"{stem}第{i // len(files) + 1}新区"
        for township in node.get("townships", ()):
            township["code"] = code + township["code"][6:]
        node.update(code=code, name=name, office=f"{name}信访局")
        text = yaml.dump(node, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{code}-{name}.yaml").write_text(text, encoding="utf-8")


def fill(src: Path, dst: Path, seed: int = 16, four_char: Iterable[str] = (), township_share: float = 0.25,
         grow_city: tuple[str, int] | None = None) -> Path:
    """Copy ``src`` to ``dst`` (which must not exist) and fill in every leader; returns ``dst``."""
    shutil.copytree(src, dst)
    if grow_city:
        grow(dst, *grow_city)
    four = [c for c in four_char]
    for path in sorted(dst.rglob("*.yaml")):
        if path.name == "guide.yaml" or "web" in path.relative_to(dst).parts:
            continue
        fill_file(path, seed, four, township_share)
    return dst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, help="the data folder to copy (e.g. data)")
    parser.add_argument("dst", type=Path, help="where to write the filled copy (must not exist)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--four-char", action="append", default=[], metavar="CODE",
                        help="every leader of this unit and below gets a 4-character name (repeatable)")
    parser.add_argument("--grow", metavar="CITY:N", help="give the city N county-level units (copies, new codes)")
    parser.add_argument("--township-share", type=float, default=0.25,
                        help="share of townships that list leaders of their own (default 0.25)")
    args = parser.parse_args(argv)
    if args.dst.exists():
        print(f"fill_data: {args.dst} exists; name a new folder", file=sys.stderr)
        return 1
    if not (args.src / "province.yaml").is_file():
        print(f"fill_data: {args.src} has no province.yaml; name the data folder", file=sys.stderr)
        return 1
    grown = None
    if args.grow:
        city, _, n = args.grow.partition(":")
        grown = (city, int(n))
    fill(args.src, args.dst, args.seed, args.four_char, args.township_share, grown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
