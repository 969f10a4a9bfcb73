"""Which program and which data made a pack: fingerprints that shards must share to be merged.

A pack joined from shards made by two versions of the program, or from
data edited between the shards, would mix editions without a word; these
two hashes let ``batch-merge`` refuse that (issue 17).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path

from collateral import __version__
from collateral.paths import fonts_dir, layouts_dir


def _tree_hash(h, root: Path, pattern: str = "*") -> None:
    for path in sorted(root.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(path.read_bytes())


@lru_cache(maxsize=1)
def program_fingerprint() -> str:
    """The program's own files: its source, layouts and font file names and sizes, and its version."""
    h = hashlib.sha256(__version__.encode())
    _tree_hash(h, Path(__file__).parents[1], "*.py")  # the whole package
    if layouts_dir().is_dir():
        _tree_hash(h, layouts_dir(), "*.yaml")
    if fonts_dir().is_dir():
        for f in sorted(fonts_dir().iterdir()):
            h.update(f"{f.name}:{f.stat().st_size}\n".encode())
    return h.hexdigest()[:16]


def data_fingerprint(root: Path) -> str:
    """Every file of the data folder, by path and bytes (1 MB: a few milliseconds)."""
    h = hashlib.sha256()
    _tree_hash(h, root)
    return h.hexdigest()[:16]


def run_info(root: Path, date: dt.date, target: str, products: list[str], shard: tuple[int, int]) -> dict:
    """What the manifest says about the run that wrote it."""
    return {"edition_date": date.isoformat(), "program": program_fingerprint(), "data": data_fingerprint(root),
            "target": target, "products": sorted(products), "shard": f"{shard[0]}/{shard[1]}"}
