"""The province's pack commands (batch, batch-merge), registered on the ``collateral`` app.

They turn flags into calls of :mod:`collateral.pack.batch` and :mod:`collateral.pack.finish`;
the progress bar is the only thing here that is not a flag.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral.cli.common import DataOpt, data_folder, parse_date, say
from collateral.errors import CollateralError
from collateral.i18n import N_, _


def batch(
    target: Annotated[str, typer.Argument(help=N_("The province (default), a city or a county: everything below it."))]
    = "",
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Folder of the pack (one sub-folder per city and "
                                                          "county, a zip per city, manifest, readiness, "
                                                          "index.html)."))] = Path("pack"),
    products: Annotated[str, typer.Option("--products", help=N_("Comma-separated products to make (default: all "
                                                             "registered: leaflet, booklet, ...)."))] = "",
    jobs: Annotated[int, typer.Option("--jobs", help=N_("Worker processes (default: one per core)."))] = 0,
    shard: Annotated[Optional[str], typer.Option("--shard", help=N_("K/N: make the K-th of N equal shares of the "
                                                                 "units (join them with batch-merge)."))] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Rebuild every file, even those up to date."))] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help=N_("No progress, only the summary."))] = False,
    date: Annotated[Optional[str], typer.Option("--date", help=N_("Edition date YYYY-MM-DD (default: today)."))] = None,
    data: DataOpt = None,
) -> None:
    """Make the pack for the whole province (or TARGET): every product for every unit, in parallel, resumable."""
    from collateral.pack import batch as b
    from collateral.pack import finish as pack
    from collateral.data.dataset import Dataset
    from collateral.files.output import check_dir
    from collateral.pack.plan import parse_shard

    names = b.product_names(products)
    shard_kn = parse_shard(shard)
    edition = parse_date(date)
    check_dir(out)
    started = time.perf_counter()
    dataset = Dataset(data_folder(data))
    root = dataset.find(target) if target.strip() else dataset.province
    dataset.load_all()
    progress = _progress(quiet)
    run = b.Batch(dataset, b.open_products(dataset, names, edition), out, root, shard_kn, force, jobs,
                  progress.step if progress else None)
    try:
        report, done = pack.build(run, f"batch {root.code} -o {out}")
    finally:
        if progress:
            progress.close()
    for line in done.notes:
        say(line)
    for problem in report.problems:
        say(str(problem))
    say(_("{summary} in {seconds:.1f} s → {folder} ({files} files, {zips} zip(s) written)").format(
        summary=pack.summary(report), seconds=time.perf_counter() - started, folder=out,
        files=len(done.manifest.files), zips=done.zips_written))
    if report.problems:
        raise typer.Exit(1)


def batch_merge(
    dirs: Annotated[list[Path], typer.Argument(help=N_("Folders of the shard runs; the first receives the merged "
                                                     "pack."))],
    data: DataOpt = None,
) -> None:
    """Join the folders of `batch --shard K/N` runs into one pack: files, manifest, zips, readiness."""
    from collateral.pack import finish as pack
    from collateral.data.dataset import Dataset

    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        raise CollateralError(_("{folder}: no such folder").format(folder=missing[0]))
    manifest = pack.merge_shards(dirs, Dataset(data_folder(data)).load_all(), f"batch-merge {' '.join(map(str, dirs))}")
    say(_("{files} files from {count} folder(s) in {folder}").format(
        files=len(manifest.files), count=len(dirs), folder=dirs[0]))


class _Progress:
    """A rich bar on a terminal; one line per piece otherwise."""

    def __init__(self) -> None:
        import sys as _sys

        self.tty = _sys.stderr.isatty()
        self.bar = None
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True)
            self.task = self.bar.add_task("batch", total=None, rate="")
            self.bar.start()
            self.t0 = time.perf_counter()

    def step(self, what: str, done: int, total: int) -> None:
        if self.bar is None:
            say(f"[{done}/{total}] {what}")
            return
        rate = done / max(time.perf_counter() - self.t0, 1e-6)
        self.bar.update(self.task, completed=done, total=total, description=what[:40], rate=f"{rate:.0f}/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _progress(quiet: bool) -> "_Progress | None":
    return None if quiet else _Progress()


def register(app: typer.Typer) -> None:
    """Add the commands to the app (called once by ``collateral.cli.app``), in the order ``--help`` lists them."""
    app.command()(batch)
    app.command("batch-merge")(batch_merge)
