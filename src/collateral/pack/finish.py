"""What a batch run leaves besides the pieces: the manifest, a zip per city, the readiness report.

A pack is a union: a run with a TARGET or a ``--products`` subset updates
its own pieces' entries and keeps the others (issue 17). :func:`finish` is
the end of ``collateral batch`` and :func:`merge_shards` the whole of
``collateral batch-merge``; the command line only turns their results
into messages.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from collateral.pack.batch import FATAL, INSTRUCTIONS, REGISTRY, Batch, Report, Stopped, fix, manifest_name
from collateral.data.dataset import Dataset
from collateral.errors import Interrupted, OutputError, Problem
from collateral.files.locks import hold
from collateral.pack.manifest import JOURNAL, Entry, Manifest, write_manifest
from collateral.data.model import Unit
from collateral.files.output import write_atomic
from collateral.pack.index import write_index
from collateral.pack.merge import merge
from collateral.pack.plan import unread_full_path
from collateral.pack.provenance import run_info
from collateral.pack.zips import update_zips
from collateral.pack.readiness import Readiness, csv_text, inherited, readiness
from collateral.pack.readiness_page import page
from collateral.i18n import _


@dataclass
class Finished:
    """The pack after a run, for the summary."""

    manifest: Manifest
    zips_written: int = 0
    notes: list[str] = field(default_factory=list)  # lines for the user, before the problems


def finish(out: Path, dataset: Dataset, report: Report, run: dict, shard: tuple[int, int] = (1, 1)) -> Finished:
    """Write the manifest (a shard's own, for batch-merge), then, for a whole run, the zips and readiness.

    Files of this run's pieces that no longer belong (a unit that now fails,
    a renamed file) are removed, so that the folder holds what the manifest lists.

    Raises:
        Stopped: a full disk or read-only folder while writing these: the pieces are whole and journalled,
            the next run writes the rest.
    """
    try:
        return _finish(out, dataset, report, run, shard)
    except OutputError as err:
        if err.errno not in FATAL:
            raise
        p = err.problems[0]
        raise Stopped(Problem(_("{message}; every piece is made ({made} new), but not the manifest, zips and "
                                "readiness: {fix}, then run the same command again to write them").format(
                                    message=p.message, made=pieces(report.made), fix=fix(err.errno, out)),
                              file=p.file), errno=err.errno) from None


def _finish(out: Path, dataset: Dataset, report: Report, run: dict, shard: tuple[int, int]) -> Finished:
    manifest = report.manifest
    manifest.run = run
    for e in report.stale:
        _remove(out, e.path)
    done = Finished(manifest)
    if shard == (1, 1):
        manifest.zips, written = update_zips(out, list(manifest.files.values()), manifest.zips)
        done.zips_written = len(written)
        rows = write_pack_readiness(out, dataset, manifest)
        _write_index(out, dataset, manifest)
        chase = sum(1 for r in rows if r.missing or r.waits_on or r.failed)
        done.notes.append(_("readiness: {chase} of {total} units print leaders without a name or number, "
                            "or failed (see {page})").format(chase=chase, total=len(rows), page=out / "readiness.html"))
    else:
        manifest.zips = {}
    write_manifest(out, manifest, manifest_name(shard))
    _remove(out, JOURNAL)  # the manifest holds it all now
    return done


def _remove(out: Path, rel: str) -> None:
    """Remove a file of the pack (never outside it); an OS error names the path."""
    path = out / rel
    if ".." in Path(rel).parts or Path(rel).is_absolute():
        return
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        raise OutputError(Problem(_("cannot remove: {error}").format(error=err.strerror or err), file=str(path)),
                          errno=err.errno) from err


def _units(dataset: Dataset, manifest: Manifest) -> tuple[list[Unit], dict[str, str]]:
    """The units the pack holds or failed, and the failed counties whose file could not be read (by name path)."""
    codes = {e.unit_code for e in manifest.files.values()} | {u for u, _ in manifest.failed}
    out, unread = [], {}
    for code in sorted(codes):
        try:
            out.append(dataset.unit(code))
        except KeyError:  # a county whose file cannot be read, or a unit no longer in the data
            path = unread_full_path(dataset, code)
            if path and any(u == code for u, _ in manifest.failed):
                unread[code] = path
    return out, unread


def _failed(manifest: Manifest) -> dict[str, list[str]]:
    """Why each unit failed, its pieces' messages joined (each once)."""
    failed: dict[str, list[str]] = {}
    for (unit, _), problems in manifest.failed.items():
        failed.setdefault(unit, [])
        failed[unit] += [p for p in problems if p not in failed[unit]]
    return failed


def write_pack_readiness(out: Path, dataset: Dataset, manifest: Manifest) -> list[Readiness]:
    """readiness.csv and .html for every unit the pack holds or failed; returns the rows."""
    units, unread = _units(dataset, manifest)
    rows = readiness(dataset, units, _failed(manifest), unread)
    write_atomic(out / "readiness.csv", csv_text(rows).encode("utf-8-sig"))
    write_atomic(out / "readiness.html", page(rows, inherited(dataset)).encode())
    return rows


def _write_index(out: Path, dataset: Dataset, manifest: Manifest) -> None:
    write_index(out, dataset, manifest, {n: r.label for n, r in REGISTRY.items()},
                {n: r.printing for n, r in REGISTRY.items()}, INSTRUCTIONS)


def pieces(entries: list[Entry]) -> int:
    """How many pieces the files are: a booklet and its 说明 file are one piece."""
    return len({(e.unit_code, e.product) for e in entries})


def summary(report: Report) -> str:
    """The run in one line: pieces made, unchanged, units left without files, warnings."""
    failed_units = len(report.failed)
    orphans = [p for p in report.lost if not any(p in ps for ps in report.failed.values())]
    lost = _(" (and {count} error(s) in data files that could not be read)").format(count=len(orphans)) \
        if orphans else ""
    kept = _(", {count} kept from earlier runs").format(count=pieces(report.kept)) if report.kept else ""
    return _("{made} made, {unchanged} unchanged{kept}, {failed} unit(s) failed{lost}, {warnings} warning(s)").format(
        made=pieces(report.made), unchanged=pieces(report.unchanged), kept=kept, failed=failed_units, lost=lost,
        warnings=len(report.warnings))


def build(batch: Batch, command: str) -> tuple[Report, Finished]:
    """One batch run into its folder, start to end, holding the folder so that no other run writes there.

    Raises:
        LockedError: another run holds the folder (named: pid, command, since when).
    """
    date = next(iter(batch.products.values())).date
    run = run_info(batch.dataset.root, date, batch.root.code, list(batch.products), batch.shard)
    with hold(batch.out, command):
        report = batch.run()
        try:
            done = finish(batch.out, batch.dataset, report, run, batch.shard)
        except KeyboardInterrupt:
            raise Interrupted(_("interrupted: {made} made, 0 left, but the manifest, zips and readiness are not "
                                "written; run again to finish").format(made=len(report.made_items))) from None
    return report, done


def merge_shards(dirs: list[Path], dataset: Dataset, command: str = "batch-merge") -> Manifest:
    """Join shard folders into the first, holding them all: files, one manifest, the zips and readiness."""
    with ExitStack() as held:
        for d in dict.fromkeys(dirs):
            held.enter_context(hold(d, command))
        return _merge_shards(dirs, dataset)


def _merge_shards(dirs: list[Path], dataset: Dataset) -> Manifest:
    manifest = merge(dirs)
    manifest.zips, _written = update_zips(dirs[0], list(manifest.files.values()), {})
    write_pack_readiness(dirs[0], dataset, manifest)
    _write_index(dirs[0], dataset, manifest)
    write_manifest(dirs[0], manifest)
    for d in dirs:
        for shard in d.glob("manifest-*-of-*.*"):
            _remove(d, shard.name)
    return manifest
