"""The ``collateral`` command line: the only place errors become messages and exit codes.

Exit codes: 0 done; 1 the data, a layout or the command line is wrong (the
message says where); 2 an internal error (a bug: please report it); 130
interrupted by Ctrl-C (what was finished is whole: run again to finish).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral import __version__, cliargs
from collateral.errors import CollateralError, Interrupted, Problem

app = typer.Typer(
    name="collateral",
    help="Print-ready publicity material for the mobile petition channels (手机信访宣传品).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C

DataOpt = Annotated[Optional[Path], typer.Option("--data", help="Data directory (default: the bundled Henan data).")]


def _data_dir(data: Path | None) -> Path:
    """The data folder, after finishing (or undoing) the work of an import that was killed there."""
    from collateral.paths import JOURNAL_NAME, data_dir

    root = data or data_dir()
    if (root / JOURNAL_NAME).exists():  # an import was killed here: finish or undo it before reading
        from collateral.transaction import recover

        note = recover(root)
        if note:
            _say(note)
    return root


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _report_warnings(warnings: list[Problem], limit: int = 10) -> None:
    unique = list(dict.fromkeys(warnings))
    for w in unique[:limit]:
        _say(str(w))
    if len(unique) > limit:
        _say(f"… and {len(unique) - limit} more warnings (run `collateral check` for all)")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"collateral {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Make leaflets, booklets and boards for every jurisdiction from the bundled data."""


@app.command()
def leaflet(
    target: Annotated[str, typer.Argument(help="Township code (410105002), or a name path "
                                               "(郑州市/金水区/花园路街道); a county or city makes all its townships.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the PDFs into.")] = Path("out"),
    fmt: Annotated[str, typer.Option("--format", help="a4 (both sides, default), trifold (A4 landscape folded in "
                                                     "three, duplex), a5 (two per A4 side, duplex, one cut), "
                                                     "a4-single (one side, no duplex).")] = "a4",
    imposition: Annotated[Optional[str], typer.Option(
        "--imposition", help="For --format a5: twoup (two copies per A4 side; default) or none (single A5 pages; "
                             "default with --press); for --format trifold: trifold (with its instruction page; "
                             "default) or none.")] = None,
    flip: Annotated[Optional[str], typer.Option("--flip", help="For --format a5 two-up: how the duplex printer turns "
                                                               "the sheet, long (default) or short edge.")] = None,
    layout: Annotated[Optional[str], typer.Option("--layout", help="Product definition in layouts/ "
                                                                   "(default: the format's).")] = None,
    press: Annotated[bool, typer.Option("--press", help="For a print shop: 3 mm bleed, TrimBox and BleedBox "
                                                        "(default: an exact A4 page for an office printer).")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Press output with crop, fold and cut marks outside the "
                                                        "bleed.")] = False,
    no_instructions: Annotated[bool, typer.Option("--no-instructions", help="Leave out the print instruction "
                                                                            "page of a two-up or tri-fold.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
    pdfx: Annotated[bool, typer.Option("--pdfx", help="PDF/X-4 for a print shop (implies --press).")] = False,
) -> None:
    """Make the township leaflet (宣传单) for TARGET, in the format the printer takes."""
    from collateral import leaflet as formats
    from collateral.make import Output
    from collateral.prepress import finish

    if fmt not in formats.FORMATS:
        raise CollateralError(f"--format {fmt!r}: choose one of {', '.join(formats.FORMATS)}")
    press = press or pdfx or marks
    mode = imposition or formats.default_imposition(fmt, press)
    if mode not in formats.SCHEMES[fmt]:
        raise CollateralError(f"--imposition {mode}: --format {fmt} takes {' or '.join(formats.SCHEMES[fmt])}")
    output = Output(finish(press, marks), "pdfx-4" if pdfx else "", mode, flip or "", 0.0, False,
                    not no_instructions, what="宣传单")
    started = time.perf_counter()
    _, unit, written = _make_files(target, out, layout or formats.FORMATS[fmt], output, date, data,
                                "is made for townships")
    _say(f"{len(written)} leaflet(s) for {unit.label} in {time.perf_counter() - started:.2f} s")


def _make_files(target: str, out: Path, layout, output, date: str | None, data: Path | None,
                none_below: str, one: bool = False):
    """Open the product, refuse what the output cannot be, check every unit, then write: the commands' one path."""
    from collateral.make import check_output, make, print_hint
    from collateral.output import check_dir, write_atomic
    from collateral.products import Product

    edition = _parse_date(date)
    check_dir(out)
    product = Product.open(_data_dir(data), layout, edition)
    check_output(output, product.spec.trim)
    unit = product.dataset.find(target)
    if one:
        if unit.level not in product.spec.made_for:
            raise CollateralError(f"{unit.label}: {product.spec.name} is not made for this level")
        units = [unit]
    else:
        units = product.targets(unit)
    if not units:
        raise CollateralError(f"{unit.label}: {product.spec.name} {none_below}, and there are none under it")
    product.validate(units)  # every unit of the run, composed, before the first file is written
    _clear_parts(out)
    written = _write_all(units, out, lambda u, o: [write_atomic(o / name, blob)
                                                   for name, blob in make(product, u, output)])
    _report_warnings(product.warnings)
    _list_written(written, out)
    if print_hint(output):
        _say(print_hint(output))
    return product, unit, written


@app.command()
def web(
    target: Annotated[str, typer.Argument(help="The province, a city or a county, by code (410100) or name path "
                                               "(郑州市, 郑州市/金水区).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the kit into.")] = Path("out/web"),
    data: DataOpt = None,
) -> None:
    """Make the website kit (附件一) for TARGET: channels.html, flow.svg, map.html, index.html, README.md."""
    from collateral.dataset import Dataset
    from collateral.web import make_kit, write_kit

    started = time.perf_counter()
    dataset = Dataset(_data_dir(data))
    unit = dataset.find(target)
    kit = make_kit(dataset, unit)
    written = write_kit(kit, out)
    _report_warnings(kit.warnings)
    for path in written:
        typer.echo(str(path))
    _say(f"web kit for {unit.label} in {time.perf_counter() - started:.2f} s")


@app.command()
def booklet(
    target: Annotated[str, typer.Argument(help="Township or county code or name path; a city or the province "
                                               "makes the booklets of all its counties and townships.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the PDFs into.")] = Path("out"),
    size: Annotated[Optional[str], typer.Option("--size", help="Page size: a6 (105×148, default), a7 or a5; "
                                                               "the zine is always a7.")] = None,
    imposition: Annotated[Optional[str], typer.Option(
        "--imposition", help="none (reading pages), saddle (2 pages per side on a sheet twice the page), "
                             "cutstack (A6, 4 per A4 side), zine (8 A7 pages on one A4 side). Default: cutstack "
                             "for A6 and saddle otherwise; none with --press.")] = None,
    flip: Annotated[Optional[str], typer.Option("--flip", help="How the duplex printer turns the sheet: long "
                                                               "(default) or short edge.")] = None,
    creep: Annotated[float, typer.Option("--creep", help="Shift the innermost sheet's pages this many mm toward "
                                                         "the spine (outer sheet fixed; saddle and cutstack).")] = 0.0,
    manual_duplex: Annotated[bool, typer.Option("--manual-duplex", help="Fronts and backs as two PDFs, for a "
                                                                        "printer without duplex.")] = False,
    no_instructions: Annotated[bool, typer.Option("--no-instructions", help="Leave out the print instruction "
                                                                            "page.")] = False,
    press: Annotated[bool, typer.Option("--press", help="For a print shop: bleed, TrimBox and BleedBox.")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Press output with crop, fold and cut marks.")] = False,
    pdfx: Annotated[bool, typer.Option("--pdfx", help="PDF/X-4 for a print shop (implies --press).")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make the pocket booklet (口袋书) for TARGET, imposed for an office printer or as pages for a print shop."""
    from collateral.booklet import SCHEMES, SIZES, default_imposition, layout_for
    from collateral.make import Output
    from collateral.prepress import finish

    if size is not None and size not in SIZES:
        raise CollateralError(f"--size {size!r}: choose one of {', '.join(SIZES)}")
    press = press or pdfx or marks
    mode = imposition or default_imposition(size or "a6", press)
    if mode not in SCHEMES:
        raise CollateralError(f"--imposition {mode!r}: choose one of {', '.join(SCHEMES)}")
    if mode == "zine" and size not in (None, "a7"):
        raise CollateralError(f"--imposition zine always makes eight A7 pages; it does not take --size {size}")
    if not 0 <= creep <= 5:
        raise CollateralError(f"--creep {creep:g}: give 0 to 5 mm")
    output = Output(finish(press, marks), "pdfx-4" if pdfx else "", mode, flip or "", creep, manual_duplex,
                    not no_instructions, what="口袋书", pad=4)
    started = time.perf_counter()
    product, unit, _ = _make_files(target, out, layout_for(size or "a6", mode), output, date, data,
                                   "is made for counties and townships")
    _say(f"{len(product.targets(unit))} booklet(s) ({mode}) for {unit.label} in {time.perf_counter() - started:.2f} s")


@app.command()
def batch(
    target: Annotated[str, typer.Argument(help="The province (default), a city or a county: everything below it.")]
    = "",
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder of the pack (one sub-folder per city and "
                                                          "county, a zip per city, manifest, readiness, "
                                                          "index.html).")] = Path("pack"),
    products: Annotated[str, typer.Option("--products", help="Comma-separated products to make (default: all "
                                                             "registered: leaflet, booklet, ...).")] = "",
    jobs: Annotated[int, typer.Option("--jobs", help="Worker processes (default: one per core).")] = 0,
    shard: Annotated[Optional[str], typer.Option("--shard", help="K/N: make the K-th of N equal shares of the "
                                                                 "units (join them with batch-merge).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every file, even those up to date.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress, only the summary.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make the pack for the whole province (or TARGET): every product for every unit, in parallel, resumable."""
    from collateral import batch as b, pack
    from collateral.dataset import Dataset
    from collateral.output import check_dir
    from collateral.packplan import parse_shard

    names = b.product_names(products)
    shard_kn = parse_shard(shard)
    edition = _parse_date(date)
    check_dir(out)
    started = time.perf_counter()
    dataset = Dataset(_data_dir(data))
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
        _say(line)
    for problem in report.problems:
        _say(str(problem))
    _say(f"{pack.summary(report)} in {time.perf_counter() - started:.1f} s → {out} "
         f"({len(done.manifest.files)} files, {done.zips_written} zip(s) written)")
    if report.problems:
        raise typer.Exit(1)


@app.command("batch-merge")
def batch_merge(
    dirs: Annotated[list[Path], typer.Argument(help="Folders of the shard runs; the first receives the merged "
                                                     "pack.")],
    data: DataOpt = None,
) -> None:
    """Join the folders of `batch --shard K/N` runs into one pack: files, manifest, zips, readiness."""
    from collateral import pack
    from collateral.dataset import Dataset

    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        raise CollateralError(f"{missing[0]}: no such folder")
    manifest = pack.merge_shards(dirs, Dataset(_data_dir(data)).load_all(), f"batch-merge {' '.join(map(str, dirs))}")
    _say(f"{len(manifest.files)} files from {len(dirs)} folder(s) in {dirs[0]}")


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
            _say(f"[{done}/{total}] {what}")
            return
        rate = done / max(time.perf_counter() - self.t0, 1e-6)
        self.bar.update(self.task, completed=done, total=total, description=what[:40], rate=f"{rate:.0f}/s")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _progress(quiet: bool) -> "_Progress | None":
    return None if quiet else _Progress()


def _draft_warning(unit, content, what: str) -> None:
    """A board or screen made from placeholder values says so: it is a draft, not for print or the hall."""
    if content.is_draft:
        use = "send it to print" if what == "board" else "show it in the hall"
        _say(f"warning: {unit.label}: the {what} is a draft (样稿): "
             f"{', '.join(content.resolved.draft_fields)} still placeholders; do not {use}")


@app.command()
def board(
    target: Annotated[str, typer.Argument(help="The province, a city, a county or a township: code (410100) or "
                                               "name path (郑州市/金水区).")],
    size: Annotated[str, typer.Option("--size", help="Named size (600x900, 900x1200, 1200x2400, xbanner, rollup) "
                                                     "or any WxH in mm.")] = "900x1200",
    orientation: Annotated[Optional[str], typer.Option("--orientation",
                                                       help="portrait or landscape (default: as the size says).")
                           ] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the PDF into.")] = Path("out"),
    marks: Annotated[bool, typer.Option("--marks", help="Crop marks outside the bleed.")] = False,
    pdfx: Annotated[bool, typer.Option("--pdfx/--no-pdfx", help="PDF/X-4 with the FOGRA39 output intent "
                                                               "(default; print shops expect it).")] = True,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make a reception-hall display board (展板) for TARGET: press output, CMYK, bleed, PDF/X-4."""
    from collateral.make import Output
    from collateral.prepress import finish
    from collateral.reading import qr_statement
    from collateral.sizes import board_spec

    if orientation not in (None, "portrait", "landscape"):
        raise CollateralError(f"--orientation {orientation!r}: expected portrait or landscape")
    started = time.perf_counter()
    spec = board_spec(size, orientation)
    output = Output(finish(True, marks), "pdfx-4" if pdfx else "")
    product, unit, _ = _make_files(target, out, spec, output, date, data, "", one=True)
    _draft_warning(unit, product.content(unit), "board")
    _say(qr_statement(product.pages(unit)))
    _say(f"{spec.title} for {unit.label} in {time.perf_counter() - started:.2f} s")


@app.command()
def screen(
    target: Annotated[str, typer.Argument(help="The province, a city, a county or a township: code or name path.")],
    size: Annotated[str, typer.Option("--size", help="Pixels: 1920x1080, 1080x1920 or any WxH.")] = "1920x1080",
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the PNGs into.")] = Path("out"),
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make screen images (屏显) for TARGET: sRGB PNGs for a hall TV, readable from 3 m, one per page."""
    from collateral.make import Output
    from collateral.sizes import screen_spec

    started = time.perf_counter()
    spec, px = screen_spec(size)
    product, unit, paths = _make_files(target, out, spec, Output(raster=px), date, data, "", one=True)
    _draft_warning(unit, product.content(unit), "screen")
    _say(f"{len(paths)} screen image(s) {px[0]}×{px[1]} for {unit.label} "
         f"in {time.perf_counter() - started:.2f} s")


def _list_written(written: list[Path], out: Path, limit: int = 5) -> None:
    """The files made, on stdout: the first few, then how many in all."""
    for path in written[:limit]:
        typer.echo(str(path))
    if len(written) > limit:
        typer.echo(f"… {len(written)} files in {out}")


def _clear_parts(out: Path) -> None:
    from collateral.output import prepare_dir

    stale = prepare_dir(out)
    if stale:
        _say(f"removed {len(stale)} .part file(s) an interrupted run left in {out}")


def _write_all(units, out: Path, write) -> list[Path]:
    """Write every piece; a failure says how many whole files were written before it."""
    from collateral.errors import OutputError

    written: list[Path] = []
    for done, u in enumerate(units):
        try:
            written += write(u, out)
        except OutputError as err:
            if written:
                problem = err.problems[0]
                raise OutputError(Problem(f"{problem.message} ({done} of {len(units)} pieces were written whole "
                                          "before it)", file=problem.file)) from err
            raise
    return written


@app.command("check")
def check_cmd(data: DataOpt = None,
              quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Errors only, no warnings.")] = False) -> None:
    """Validate the data and every layout, and compose every piece: every problem with file:line."""
    from collateral import check
    from collateral.dataset import Dataset
    from collateral.errors import DataError
    from collateral.fonts import load_fonts
    from collateral.specload import all_layouts
    from collateral.model import Level
    from collateral.products import Product, layout_guide_problems, open_guide

    root = _data_dir(data)
    dataset = Dataset(root)
    problems: list[Problem] = []
    fonts = load_fonts()
    specs, layout_problems = all_layouts()
    problems += layout_problems
    guide = None
    try:
        guide = open_guide(dataset, fonts)
        for spec in specs:
            problems += layout_guide_problems(spec, guide)
    except DataError as err:
        problems += err.problems
    try:
        dataset.load_all()
        problems += check.check_units(dataset, dataset.units(), fonts)
    except DataError as err:  # the province file itself is unreadable: nothing below it can be found
        problems += err.problems
    if guide is not None and not check.errors(problems):  # compose only what the data lets us read
        from collateral.products import dry_run_all

        edition = dt.date.today()
        problems += dry_run_all([Product(dataset, guide, fonts, spec, edition) for spec in specs])
    errs, warns = check.errors(problems), check.warnings(problems)
    for p in errs + ([] if quiet else warns):
        typer.echo(str(p))
    summary = ", ".join(f"{len(dataset.units(level))} {level.label}" for level in Level)
    _say(f"{summary}: {len(errs)} error(s), {len(warns)} warning(s)")
    if errs:
        raise typer.Exit(1)


@app.command("proof")
def proof_cmd(
    layouts: Annotated[Optional[list[str]], typer.Argument(help="Layouts to proof (default: every one in layouts/).",
                                                           show_default=False)] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="The proof sheet (PDF) to write.")] = Path("proof.pdf"),
    data: DataOpt = None,
) -> None:
    """Set the guide and every unit's place name at every product's measure; flag 孤字, over-spread lines,
    ink in a safety zone and names broken inside a word. Ends with `proof: N flag(s)`."""
    from collateral.dataset import Dataset
    from collateral.fonts import load_fonts
    from collateral.specload import all_layouts, load_layout
    from collateral.model import Level
    from collateral.output import check_dir, write_atomic
    from collateral.products import Product, open_guide
    from collateral.proof import run_proof
    from collateral.render import Meta, render_pdf

    check_dir(output.parent)
    dataset = Dataset(_data_dir(data))
    dataset.load_all()
    fonts = load_fonts()
    guide = open_guide(dataset, fonts)
    if layouts:
        specs = [load_layout(name) for name in layouts]
    else:
        specs, problems = all_layouts()
        if problems:
            raise CollateralError(problems)
    date = dt.date.today()
    province = dataset.units(Level.PROVINCE)[0]
    fields = Product(dataset, guide, fonts, specs[0], date).content(province).fields
    pages, flags, summary = run_proof(specs, dataset, guide, fonts, fields)
    pdf = render_pdf(tuple(pages), Meta("collateral proof", "collateral", f"{len(flags)} flag(s)", date=date), fonts)
    write_atomic(output, pdf)
    for line in summary:
        typer.echo(line)
    for flag in flags:
        typer.echo(str(flag))
    typer.echo(f"proof: {len(flags)} flag(s)")
    if flags:
        raise typer.Exit(1)


# -- spreadsheets: collect leaders' names and numbers from the offices (issue 11) ----------


@app.command()
def template(
    target: Annotated[str, typer.Argument(help="Province, city, county or township: code or name path.")],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="The .xlsx file to write "
                                                "(default: <code>-<name>-领导公开号码.xlsx).")] = None,
    data: DataOpt = None,
) -> None:
    """Make a fill-in Excel workbook of TARGET's leaders (姓名, 公开号码), one sheet per city."""
    from collateral.dataset import Dataset
    from collateral.output import write_atomic
    from collateral.workbook import default_name, template_bytes

    dataset = Dataset(_data_dir(data))
    unit = dataset.find(target)
    path = out or default_name(unit)
    if path.suffix.lower() != ".xlsx":
        raise CollateralError(f"-o {path}: the workbook must be an .xlsx file")
    content, sheets = template_bytes(dataset, unit, dt.date.today())
    write_atomic(path, content)
    typer.echo(str(path))
    _say(f"{sum(len(s.rows) for s in sheets)} row(s) on {len(sheets)} sheet(s) for {unit.label}")


IMPORT_WAIT = 120.0  # seconds an import waits for another one in the same data folder (they take seconds)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A filled template (.xlsx) or a CSV with the same columns "
                                              "(UTF-8 or GBK).")],
    data: DataOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes, write nothing.")] = False,
) -> None:
    """Merge leaders' names and numbers from a filled sheet into the data; every row is checked first."""
    from contextlib import nullcontext

    from collateral import importer
    from collateral.dataset import Dataset
    from collateral.locks import hold

    root = _data_dir(data)
    command = f"import {file.name}"
    # One import at a time: a second one waits, then reads the data the first one left (no lost change).
    # A dry run writes nothing (the data folder may be read-only) and takes no lock.
    lock = nullcontext() if dry_run else hold(root, command, wait=IMPORT_WAIT,
                                              on_wait=lambda who: _say(f"{root}: waiting for {who} to finish …"))
    with lock:
        dataset = Dataset(_data_dir(root))
        result = importer.run(dataset, file, write=not dry_run, command=command)
    for note in result.source.notes:
        _say(note)
    for warning in result.warnings:
        _say(str(warning))
    for path, changes in result.files.items():
        typer.echo(f"--- {dataset.label(path)}")
        for change in changes:
            typer.echo(f"  {change}")
    n_files = len(result.files)
    if not result.changes:
        _say(f"{result.rows} row(s) read: no changes, the data already says this")
    elif dry_run:
        _say(f"{len(result.changes)} change(s) in {n_files} file(s); --dry-run: nothing written")
    else:
        _say(f"{len(result.changes)} change(s) written to {n_files} file(s)")


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CollateralError(f"--date {value!r} is not a date like 2026-01-16") from None


from collateral import clireport  # noqa: E402  (the checking commands: photos, report, webcheck, bulletin)

clireport.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turn errors into messages and exit codes."""
    cliargs.install()  # plain values without pydantic: ~150 ms off every command's start
    try:
        result = app(args=argv, prog_name="collateral", standalone_mode=False)
    except CollateralError as err:
        for problem in err.problems:
            _say(str(problem))
        return 1
    except typer.Exit as err:
        return err.exit_code
    except typer.TyperException as err:  # usage errors: bad option, missing argument
        show = getattr(err, "show", None)
        if show:
            show()
        else:
            _say(f"error: {err.format_message()}")
        return 1
    except typer.Abort as err:
        if isinstance(err.__cause__, KeyboardInterrupt):  # Click turns Ctrl-C into Abort
            _say("interrupted")
            return INTERRUPTED
        _say("aborted")
        return 1
    except Interrupted as err:  # Ctrl-C in a command that can say what it had done
        _say(err.message)
        return INTERRUPTED
    except KeyboardInterrupt:
        _say("interrupted")
        return INTERRUPTED
    except Exception as err:  # a bug, not the user's fault: say so
        import traceback

        traceback.print_exc()
        _say(f"internal error: {type(err).__name__}: {err} (please report this)")
        return 2
    return result if isinstance(result, int) else 0


def _leave(code: int) -> None:
    """End the process without the interpreter's teardown (~100 ms of freeing fonts, modules and caches).

    Only for a finished command: the exit handlers still run (worker pools,
    temporary folders, logging) and the standard streams are flushed first;
    every file the command writes is closed and renamed before this.
    """
    import atexit
    import os

    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # a closed pipe or a failing handler: let the normal exit report it
        sys.exit(code)
    os._exit(code)


def run() -> None:
    """Console-script entry point."""
    _leave(main())

if __name__ == "__main__":
    _leave(main())
