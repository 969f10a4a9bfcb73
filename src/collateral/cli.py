"""The ``collateral`` command line: the only place errors become messages and exit codes.

Exit codes: 0 done; 1 the data, a layout or the command line is wrong (the
message says where); 2 an internal error (a bug: please report it).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral import __version__
from collateral.errors import CollateralError, Problem

app = typer.Typer(
    name="collateral",
    help="Print-ready publicity material for the mobile petition channels (手机信访宣传品).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Optional[Path], typer.Option("--data", help="Data directory (default: the bundled Henan data).")]


def _data_dir(data: Path | None) -> Path:
    from collateral.paths import data_dir

    return data or data_dir()


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
                             "default with --press).")] = None,
    flip: Annotated[str, typer.Option("--flip", help="For --format a5 two-up: how the duplex printer turns the "
                                                     "sheet, long or short edge.")] = "long",
    layout: Annotated[Optional[str], typer.Option("--layout", help="Product definition in layouts/ "
                                                                   "(default: the format's).")] = None,
    press: Annotated[bool, typer.Option("--press", help="For a print shop: 3 mm bleed, TrimBox and BleedBox "
                                                        "(default: an exact A4 page for an office printer).")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Press output with crop, fold and cut marks outside the "
                                                        "bleed.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make the township leaflet (宣传单) for TARGET, in the format the printer takes."""
    from collateral import impose, leaflet as formats
    from collateral.output import write_atomic
    from collateral.prepress import finish
    from collateral.products import Product

    if fmt not in formats.FORMATS:
        raise CollateralError(f"--format {fmt!r}: choose one of {', '.join(formats.FORMATS)}")
    mode = imposition or formats.default_imposition(fmt, press or marks)
    if mode not in impose.LEAFLET_MODES:
        raise CollateralError(f"--imposition {mode!r}: choose one of {', '.join(impose.LEAFLET_MODES)}")
    if mode != "none" and formats.IMPOSED.get(fmt) != mode:
        raise CollateralError(f"--imposition {mode} is for --format a5; --format {fmt} prints its pages as they are")
    if flip not in impose.FLIPS:
        raise CollateralError(f"--flip {flip!r}: choose long or short")
    edition = _parse_date(date)
    started = time.perf_counter()
    product = Product.open(_data_dir(data), layout or formats.FORMATS[fmt], edition, finish(press, marks))
    unit = product.dataset.find(target)
    units = product.targets(unit)
    if not units:
        raise CollateralError(f"{unit.label}: {product.spec.name} is made for townships, and there are none under it")
    product.validate(units)
    if mode == "none":
        written = [product.write(u, out) for u in units]
    else:
        written = [write_atomic(out / formats.file_name(product, u, mode), formats.twoup_pdf(product, u, flip))
                   for u in units]
    _report_warnings(product.warnings)
    for path in written[:5]:
        typer.echo(str(path))
    if len(written) > 5:
        typer.echo(f"… {len(written)} files in {out}")
    _say(f"{len(written)} leaflet(s) for {unit.label} in {time.perf_counter() - started:.2f} s")


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
    size: Annotated[str, typer.Option("--size", help="Page size: a6 (105×148, default), a7 or a5.")] = "a6",
    imposition: Annotated[Optional[str], typer.Option(
        "--imposition", help="none (reading pages), saddle (2 pages per side on a sheet twice the page), "
                             "cutstack (A6, 4 per A4 side), zine (8 A7 pages on one A4 side). Default: cutstack "
                             "for A6 and saddle otherwise; none with --press.")] = None,
    flip: Annotated[str, typer.Option("--flip", help="How the duplex printer turns the sheet: long or short "
                                                     "edge.")] = "long",
    creep: Annotated[float, typer.Option("--creep", help="Shift the innermost sheet's pages this many mm toward "
                                                         "the spine (outer sheet fixed).")] = 0.0,
    manual_duplex: Annotated[bool, typer.Option("--manual-duplex", help="Fronts and backs as two PDFs, for a "
                                                                        "printer without duplex.")] = False,
    no_instructions: Annotated[bool, typer.Option("--no-instructions", help="Leave out the print instruction "
                                                                            "page.")] = False,
    press: Annotated[bool, typer.Option("--press", help="For a print shop: bleed, TrimBox and BleedBox.")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Press output with crop, fold and cut marks.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make the pocket booklet (口袋书) for TARGET, imposed for an office printer or as pages for a print shop."""
    from collateral import impose
    from collateral.booklet import SIZES, Options, default_imposition, files, layout_for
    from collateral.output import write_atomic
    from collateral.prepress import finish
    from collateral.products import Product

    if size not in SIZES:
        raise CollateralError(f"--size {size!r}: choose one of {', '.join(SIZES)}")
    mode = imposition or default_imposition(size, press or marks)
    if mode not in impose.MODES:
        raise CollateralError(f"--imposition {mode!r}: choose one of {', '.join(impose.MODES)}")
    if flip not in impose.FLIPS:
        raise CollateralError(f"--flip {flip!r}: choose long or short")
    if not 0 <= creep <= 5:
        raise CollateralError(f"--creep {creep:g}: give 0 to 5 mm")
    if mode == "cutstack" and size != "a6":
        raise CollateralError(f"--imposition cutstack puts four A6 pages on an A4 side; it does not take --size {size}")
    if mode == "zine" and size != "a6" and size != "a7":
        raise CollateralError("--imposition zine always makes eight A7 pages; leave out --size")
    edition = _parse_date(date)
    started = time.perf_counter()
    product = Product.open(_data_dir(data), layout_for(size, mode), edition, finish(press, marks))
    unit = product.dataset.find(target)
    units = product.targets(unit)
    if not units:
        raise CollateralError(f"{unit.label}: booklets are made for counties and townships, and there are none here")
    product.validate(units)
    if mode != "none":
        pages = {len(product.pages(u)) for u in units[:1]}
        impose.padded(max(pages), mode)  # a zine layout that outgrew 8 pages fails here, before writing
    opts = Options(mode, flip, creep, manual_duplex, not no_instructions)
    written = []
    for u in units:
        base = product.file_name(u)[: -len(".pdf")]
        for suffix, pdf in files(product, u, opts):
            written.append(write_atomic(out / f"{base}{suffix}.pdf", pdf))
    _report_warnings(product.warnings)
    for path in written[:5]:
        typer.echo(str(path))
    if len(written) > 5:
        typer.echo(f"… {len(written)} files in {out}")
    _say(f"{len(units)} booklet(s) ({mode}) for {unit.label} in {time.perf_counter() - started:.2f} s")


@app.command("check")
def check_cmd(data: DataOpt = None,
              quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Errors only, no warnings.")] = False) -> None:
    """Validate the data and every layout, and compose every piece: every problem with file:line."""
    from collateral import check
    from collateral.dataset import Dataset
    from collateral.errors import DataError
    from collateral.fonts import load_fonts
    from collateral.layoutspec import all_layouts
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


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A filled template (.xlsx) or a CSV with the same columns "
                                              "(UTF-8 or GBK).")],
    data: DataOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes, write nothing.")] = False,
) -> None:
    """Merge leaders' names and numbers from a filled sheet into the data; every row is checked first."""
    from collateral import importer
    from collateral.dataset import Dataset

    dataset = Dataset(_data_dir(data))
    result = importer.run(dataset, file, write=not dry_run)
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


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turn errors into messages and exit codes."""
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
    except typer.Abort:
        _say("aborted")
        return 1
    except Exception as err:  # a bug, not the user's fault: say so
        import traceback

        traceback.print_exc()
        _say(f"internal error: {type(err).__name__}: {err} (please report this)")
        return 2
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
