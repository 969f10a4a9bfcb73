"""Joining the folders of sharded batch runs (``batch --shard K/N``) into one pack."""

from __future__ import annotations

from pathlib import Path

from collateral.errors import CollateralError, Problem
from collateral.manifest import JOURNAL, Entry, read_entries, whole
from collateral.output import write_atomic


def merge(dirs: list[Path]) -> list[Entry]:
    """Join shard runs into the first folder: files copied where missing, one manifest for all.

    Raises:
        CollateralError: a folder is not a pack, or a file does not match its entry.
    """
    target = dirs[0]
    entries: dict[str, Entry] = {}
    for d in dirs:
        if not any(d.glob("manifest*.json")) and not (d / JOURNAL).is_file():
            raise CollateralError(Problem("holds no manifest of a batch run (manifest.json or "
                                          "manifest-K-of-N.json): not a pack folder", file=str(d)))
        for e in read_entries(d).values():
            src = d / e.path
            if not whole(d, e):
                raise CollateralError(Problem(f"{e.path} does not match its manifest entry (sha256 or size)",
                                              file=str(src)))
            if d != target and not whole(target, e):
                write_atomic(target / e.path, src.read_bytes())
            entries[e.path] = e
    return sorted(entries.values(), key=lambda e: e.path)
