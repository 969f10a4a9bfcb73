#!/usr/bin/env python3
"""Work out where words end inside every unit name of the data: src/collateral/typeset/placewords.json.

Why: place names on covers and titles may break only between the units'
names and, inside a name too long for the line, at a word end
(``collateral.typeset.placebreak``). Word ends come from the segmenter jieba (its
bundled dictionary, no network). Loading it takes about half a second, too
much for every run, so it runs here once, after ``tools/import_divisions.py``
changed the units, and the table ships with the package.

    python tools/build_place_words.py            # rewrite the table from data/
    python tools/build_place_words.py --check    # exit 1 if the table is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collateral.data.dataset import Dataset  # noqa: E402
from collateral.paths import data_dir  # noqa: E402
from collateral.typeset.placebreak import TABLE, segment  # noqa: E402


def names(data: Path) -> list[str]:
    dataset = Dataset(data)
    dataset.load_all()
    return sorted({u.name for u in dataset.units()})


def build(data: Path) -> str:
    table = {"source": "jieba (bundled dictionary, HMM off), every unit name of data/",
             "names": {name: list(segment(name)) for name in names(data)}}
    return json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--check", action="store_true", help="only say whether the table is up to date")
    args = parser.parse_args()
    text = build(args.data)
    if args.check:
        same = TABLE.exists() and TABLE.read_text(encoding="utf-8") == text
        print("placewords.json is up to date" if same else "placewords.json is out of date: re-run this tool")
        return 0 if same else 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({len(json.loads(text)['names'])} names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
