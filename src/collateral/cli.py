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
    layout: Annotated[str, typer.Option("--layout", help="Product definition in layouts/.")] = "leaflet-a4",
    press: Annotated[bool, typer.Option("--press", help="For a print shop: 3 mm bleed, TrimBox and BleedBox "
                                                        "(default: an exact A4 page for an office printer).")] = False,
    marks: Annotated[bool, typer.Option("--marks", help="Press output with crop marks outside the bleed.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
    pdfx: Annotated[bool, typer.Option("--pdfx", help="PDF/X-4 for a print shop (implies --press).")] = False,
) -> None:
    """Make the township leaflet (宣传单) for TARGET."""
    from collateral.prepress import finish
    from collateral.products import Product

    edition = _parse_date(date)
    started = time.perf_counter()
    product = Product.open(_data_dir(data), layout, edition, finish(press or pdfx, marks),
                           standard="pdfx-4" if pdfx else "")
    unit = product.dataset.find(target)
    units = product.targets(unit)
    if not units:
        raise CollateralError(f"{unit.label}: {product.spec.name} is made for townships, and there are none under it")
    product.validate(units)
    written = [product.write(u, out) for u in units]
    _report_warnings(product.warnings)
    for path in written[:5]:
        typer.echo(str(path))
    if len(written) > 5:
        typer.echo(f"… {len(written)} files in {out}")
    _say(f"{len(written)} leaflet(s) for {unit.label} in {time.perf_counter() - started:.2f} s")


def _reading_warnings(unit, product: str, problems: list[str]) -> None:
    """Text under the reading rule of sizes.py: made as asked, but said (a shape far from every design)."""
    if problems:
        more = f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""
        _say(f"warning: {unit.label}: {product}: text too small to read at its distance: {problems[0]}{more}; "
             f"a size nearer a design's shape keeps it readable")


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
    from collateral.prepress import finish
    from collateral.products import Product
    from collateral.sizes import board_reading_problems, board_spec

    if orientation not in (None, "portrait", "landscape"):
        raise CollateralError(f"--orientation {orientation!r}: expected portrait or landscape")
    edition = _parse_date(date)
    started = time.perf_counter()
    spec = board_spec(size, orientation)
    product = Product.open(_data_dir(data), spec, edition, finish(True, marks), standard="pdfx-4" if pdfx else "")
    unit = product.dataset.find(target)
    if unit.level not in spec.made_for:
        raise CollateralError(f"{unit.label}: {spec.name} is not made for this level")
    product.validate([unit])
    path = product.write(unit, out)
    _report_warnings(product.warnings)
    _reading_warnings(unit, spec.name, board_reading_problems(spec, product.pages(unit)))
    if product.content(unit).is_draft:
        _say(f"warning: {unit.label}: the board is a draft (样稿): "
             f"{', '.join(product.content(unit).resolved.draft_fields)} still placeholders; do not send it to print")
    typer.echo(str(path))
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
    from collateral.screen import open_screen
    from collateral.sizes import screen_reading_problems

    edition = _parse_date(date)
    started = time.perf_counter()
    shown = open_screen(_data_dir(data), size, edition)
    unit = shown.product.dataset.find(target)
    if unit.level not in shown.spec.made_for:
        raise CollateralError(f"{unit.label}: {shown.spec.name} is not made for this level")
    shown.product.validate([unit])
    paths = shown.write(unit, out)
    _report_warnings(shown.product.warnings)
    _reading_warnings(unit, shown.spec.name, screen_reading_problems(shown.spec, shown.pages(unit)))
    for path in paths:
        typer.echo(str(path))
    _say(f"{len(paths)} screen image(s) {shown.px[0]}×{shown.px[1]} for {unit.label} "
         f"in {time.perf_counter() - started:.2f} s")


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
        edition = dt.date.today()
        for spec in specs:
            product = Product(dataset, guide, fonts, spec, edition)
            problems += product.dry_run([u for u in dataset.units() if u.level in spec.checked_levels])
    errs, warns = check.errors(problems), check.warnings(problems)
    for p in errs + ([] if quiet else warns):
        typer.echo(str(p))
    summary = ", ".join(f"{len(dataset.units(level))} {level.label}" for level in Level)
    _say(f"{summary}: {len(errs)} error(s), {len(warns)} warning(s)")
    if errs:
        raise typer.Exit(1)


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
