"""What a batch run leaves besides the pieces: the manifest, a zip per city, the readiness report.

:func:`finish` is the end of ``collateral batch`` and :func:`merge_shards`
the whole of ``collateral batch-merge``; the command line only turns
their results into messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collateral.batch import Report
from collateral.dataset import Dataset
from collateral.manifest import JOURNAL, Entry, write_manifest
from collateral.packmerge import merge
from collateral.packzip import write_zips
from collateral.readiness import readiness, write_readiness


@dataclass
class Finished:
    """The pack after a run, for the summary."""

    entries: list[Entry]
    notes: list[str] = field(default_factory=list)  # lines for the user, before the problems


def finish(out: Path, dataset: Dataset, report: Report, shard: tuple[int, int] = (1, 1)) -> Finished:
    """Write the manifest (a shard's own, for batch-merge), then, for a whole run, the zips and readiness."""
    entries = report.made + report.unchanged
    whole_run = shard == (1, 1)
    write_manifest(out, entries, "manifest" if whole_run else f"manifest-{shard[0]}-of-{shard[1]}")
    (out / JOURNAL).unlink(missing_ok=True)  # the manifest holds it all now
    done = Finished(entries)
    if whole_run:
        write_zips(out, entries)
        codes = {e.unit for e in entries} | set(report.failed)
        rows = readiness(dataset, [dataset.unit(c) for c in sorted(codes)])
        write_readiness(out, rows)
        gaps = sum(1 for r in rows if r.missing or r.placeholders)
        done.notes.append(f"readiness: {gaps} of {len(rows)} units still lack data or carry placeholders "
                          f"(see {out / 'readiness.html'})")
    return done


def summary(report: Report) -> str:
    """The run in one line: made, unchanged, units failed, warnings."""
    failed_units = len(report.failed) + (1 if report.lost else 0)
    return (f"{len(report.made)} made, {len(report.unchanged)} unchanged, {failed_units} unit(s) failed, "
            f"{len(report.warnings)} warning(s)")


def merge_shards(dirs: list[Path], dataset: Dataset) -> list[Entry]:
    """Join shard folders into the first: files, one manifest, the zips and readiness."""
    entries = merge(dirs)
    write_manifest(dirs[0], entries)
    write_zips(dirs[0], entries)
    write_readiness(dirs[0], readiness(dataset, [dataset.unit(c) for c in sorted({e.unit for e in entries})]))
    return entries
