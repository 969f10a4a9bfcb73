"""Joining the folders of sharded batch runs (``batch --shard K/N``) into one pack.

Refused unless the shards make one whole run: every K of 1..N present once,
each finished (no journal of a stopped run), and all made by the same
program from the same data for the same edition date, TARGET and products.
"""

from __future__ import annotations

import re
from pathlib import Path

from collateral.errors import CollateralError, Problem
from collateral.pack.manifest import JOURNAL, SHARD_GLOB, Manifest, read_manifest, whole
from collateral.files.output import write_atomic
from collateral.i18n import _

SAME = {"edition_date": "edition date (--date)", "program": "program version", "data": "data",
        "target": "TARGET", "products": "--products"}


def _shards(dirs: list[Path]) -> dict[int, tuple[Path, Manifest, int]]:
    """Each folder's shard manifest, by K: (folder, manifest, N)."""
    found: dict[int, tuple[Path, Manifest, int]] = {}
    for d in dirs:
        paths = sorted(d.glob(SHARD_GLOB))
        if not paths:
            raise CollateralError(Problem(_("holds no manifest of a batch --shard run (manifest-K-of-N.json): "
                                             "not a shard folder"), file=str(d)))
        if (d / JOURNAL).is_file():
            raise CollateralError(Problem(_("a shard run here was stopped before it finished: run it again "
                                             "first"),
                                          file=str(d / JOURNAL)))
        for path in paths:
            k, n = (int(x) for x in re.fullmatch(r"manifest-(\d+)-of-(\d+)\.json", path.name).groups())
            manifest = read_manifest(path)
            if manifest is None:
                raise CollateralError(Problem(_("cannot be read as a manifest"), file=str(path)))
            if k in found:
                raise CollateralError(Problem(_("shard {k}/{n} given twice (also in {found})").format(
                                                  k=k, n=n, found=found[k][0]), file=str(path)))
            found[k] = (d, manifest, n)
    return found


def check_shards(found: dict[int, tuple[Path, Manifest, int]]) -> None:
    """Every shard 1..N once, all from the same run settings.

    Raises:
        CollateralError: naming the shard that is missing or differs, and in what.
    """
    ns = {n for _, _, n in found.values()}
    where = str(found[min(found)][0])
    if len(ns) > 1:
        raise CollateralError(Problem(_("the shards were cut differently ({value}): give the folders of one "
                                         "--shard K/N series").format(
                                          value=', '.join(f'of {n}' for n in sorted(ns))), file=where))
    (n,) = ns
    missing = [k for k in range(1, n + 1) if k not in found]
    if missing:
        raise CollateralError(Problem(_("shard(s) {value} missing: give the folders of all {n} shards (found "
                                         "{value2})").format(
                                          value=', '.join(f'{k}/{n}' for k in missing), n=n, value2=', '.join(f'{k}/{n}' for k in sorted(found))),
                                      file=where))
    first_k = min(found)
    first = found[first_k][1].run
    for k, (d, manifest, _n) in sorted(found.items()):
        for key, what in SAME.items():
            if manifest.run.get(key) != first.get(key):
                raise CollateralError(Problem(
                    _("shard {k}/{n} has another {what} than shard {first_k}/{n} ({value!r} against "
                       "{value2!r}): make every shard with the same program, data and options").format(
                        k=k, n=n, what=what, first_k=first_k, value=manifest.run.get(key), value2=first.get(key)), file=str(d / f"manifest-{k}-of-{n}.json")))


def merge(dirs: list[Path]) -> Manifest:
    """Join shard runs into the first folder: files copied where missing, one manifest for all.

    Raises:
        CollateralError: the shards are not one whole run, or a file does not match its entry.
    """
    target = dirs[0]
    found = _shards(dirs)
    check_shards(found)
    joined = Manifest()
    for k, (d, manifest, _n) in sorted(found.items()):
        for e in manifest.files.values():
            src = d / e.path
            if not whole(d, e):
                raise CollateralError(Problem(_("{path} does not match its manifest entry (sha256 or size)").format(
                                                  path=e.path),
                                              file=str(src)))
            if d != target and not whole(target, e):
                write_atomic(target / e.path, src.read_bytes())
            joined.files[e.path] = e
        joined.failed.update(manifest.failed)
        joined.run = {**manifest.run, "shard": "1/1"}
    return joined
