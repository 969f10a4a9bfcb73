"""The commands that make pieces (leaflet, booklet, board, screen), registered on the ``collateral`` app.

Each turns its flags into an :class:`collateral.products.make.Output` and goes the one
way every piece is made (:func:`_make_files` → :func:`collateral.products.make.make`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral.cli.common import DataOpt, data_folder, parse_date, report_warnings, say
from collateral.errors import CollateralError, Problem
from collateral.i18n import N_, _


def leaflet(
    target: Annotated[str, typer.Argument(help=N_("Township code (410105002), or a name path "
                                               "(郑州市/金水区/花园路街道); a county or city makes all its townships."))],
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Directory to write the PDFs into."))] = Path("out"),
    fmt: Annotated[str, typer.Option("--format", help=N_("a4 (both sides, default), trifold (A4 landscape folded in "
                                                     "three, duplex), a5 (two per A4 side, duplex, one cut), "
                                                     "a4-single (one side, no duplex)."))] = "a4",
    imposition: Annotated[Optional[str], typer.Option(
        "--imposition", help=N_("For --format a5: twoup (two copies per A4 side; default) or none (single A5 pages; "
                             "default with --press); for --format trifold: trifold (with its 说明 file; "
                             "default) or none."))] = None,
    flip: Annotated[Optional[str], typer.Option("--flip",
                                                help=N_("For --format a5 two-up: how the duplex printer turns "
                                                               "the sheet, long (default) or short edge."))] = None,
    layout: Annotated[Optional[str], typer.Option("--layout", help=N_("Product definition in layouts/ "
                                                                   "(default: the format's)."))] = None,
    press: Annotated[bool, typer.Option("--press", help=N_("For a print shop: 3 mm bleed, TrimBox and BleedBox "
                                                        "(default: an exact A4 page for an office printer)."))] = False,
    marks: Annotated[bool, typer.Option("--marks", help=N_("Press output with crop, fold and cut marks outside the "
                                                        "bleed."))] = False,
    no_instructions: Annotated[bool, typer.Option("--no-instructions", help=N_("Do not write the print instruction "
                                                                            "file (…-说明.pdf) of a two-up or "
                                                                            "tri-fold."))] = False,
    date: Annotated[Optional[str], typer.Option("--date", help=N_("Edition date YYYY-MM-DD (default: today)."))] = None,
    data: DataOpt = None,
    pdfx: Annotated[bool, typer.Option("--pdfx", help=N_("PDF/X-4 for a print shop (implies --press)."))] = False,
) -> None:
    """Make the township leaflet (宣传单) for TARGET, in the format the printer takes."""
    from collateral.products import leaflet as formats
    from collateral.products.make import Output
    from collateral.spec.prepress import finish

    if fmt not in formats.FORMATS:
        raise CollateralError(_("--format {value!r}: choose one of {choices}").format(
            value=fmt, choices=", ".join(formats.FORMATS)))
    press = press or pdfx or marks
    mode = imposition or formats.default_imposition(fmt, press)
    if mode not in formats.SCHEMES[fmt]:
        raise CollateralError(_("--imposition {mode}: --format {format} takes {choices}").format(
            mode=mode, format=fmt, choices=_(" or ").join(formats.SCHEMES[fmt])))
    output = Output(finish(press, marks), "pdfx-4" if pdfx else "", mode, flip or "", 0.0, False,
                    not no_instructions, what="宣传单")
    started = time.perf_counter()
    product, unit, _written = _make_files(target, out, layout or formats.FORMATS[fmt], output, date, data,
                                          N_("is made for townships"))
    say(_("{count} leaflet(s) for {unit} in {seconds:.2f} s").format(
        count=len(product.targets(unit)), unit=unit.label, seconds=time.perf_counter() - started))


def _make_files(target: str, out: Path, layout, output, date: str | None, data: Path | None,
                none_below: str, one: bool = False):
    """Open the product, refuse what the output cannot be, check every unit, then write: the commands' one path."""
    from collateral.products.make import check_output, file_names, make, print_hint
    from collateral.files.output import check_dir, write_atomic
    from collateral.products.product import Product

    edition = parse_date(date)
    check_dir(out)
    product = Product.open(data_folder(data), layout, edition)
    check_output(output, product.spec.trim)
    unit = product.dataset.find(target)
    if one:
        if unit.level not in product.spec.made_for:
            raise CollateralError(_("{unit}: {layout} is not made for this level").format(
                unit=unit.label, layout=product.spec.name))
        units = [unit]
    else:
        units = product.targets(unit)
    if not units:
        raise CollateralError(_("{unit}: {layout} {made_for}, and there are none under it").format(
            unit=unit.label, layout=product.spec.name, made_for=_(none_below)))
    product.validate(units)  # every unit of the run, composed, before the first file is written
    _clear_parts(out)
    written = _write_all(units, out, lambda u, o: [write_atomic(o / name, blob)
                                                   for name, blob in make(product, u, output)])
    report_warnings(product.warnings)
    _list_written(written, out)
    hint = print_hint(output, file_names(product, units[0], output) if len(units) == 1 else None)
    if hint:
        say(hint)
    return product, unit, written


def booklet(
    target: Annotated[str, typer.Argument(help=N_("Township or county code or name path; a city or the province "
                                               "makes the booklets of all its counties and townships."))],
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Directory to write the PDFs into."))] = Path("out"),
    size: Annotated[Optional[str], typer.Option("--size", help=N_("Page size: a6 (105×148, default), a7 or a5; "
                                                               "the zine is always a7."))] = None,
    imposition: Annotated[Optional[str], typer.Option(
        "--imposition", help=N_("none (reading pages), saddle (2 pages per side on a sheet twice the page), "
                             "cutstack (A6, 4 per A4 side), zine (8 A7 pages on one A4 side). Default: cutstack "
                             "for A6 and saddle otherwise; none with --press."))] = None,
    flip: Annotated[Optional[str], typer.Option("--flip", help=N_("How the duplex printer turns the sheet: long "
                                                               "(default) or short edge."))] = None,
    creep: Annotated[float, typer.Option("--creep", help=N_("Shift the innermost sheet's pages this many mm toward "
                                                         "the spine (outer sheet fixed; saddle and cutstack)."))] = 0.0,
    manual_duplex: Annotated[bool, typer.Option("--manual-duplex", help=N_("Fronts and backs as two PDFs, for a "
                                                                        "printer without duplex."))] = False,
    no_instructions: Annotated[bool, typer.Option("--no-instructions", help=N_("Do not write the print instruction "
                                                                            "file (…-说明.pdf)."))] = False,
    press: Annotated[bool, typer.Option("--press", help=N_("For a print shop: bleed, TrimBox and BleedBox."))] = False,
    marks: Annotated[bool, typer.Option("--marks", help=N_("Press output with crop, fold and cut marks."))] = False,
    pdfx: Annotated[bool, typer.Option("--pdfx", help=N_("PDF/X-4 for a print shop (implies --press)."))] = False,
    date: Annotated[Optional[str], typer.Option("--date", help=N_("Edition date YYYY-MM-DD (default: today)."))] = None,
    data: DataOpt = None,
) -> None:
    """Make the pocket booklet (口袋书) for TARGET, imposed for an office printer or as pages for a print shop."""
    from collateral.products.booklet import SCHEMES, SIZES, default_imposition, layout_for
    from collateral.products.make import Output
    from collateral.spec.prepress import finish

    if size is not None and size not in SIZES:
        raise CollateralError(_("--size {value!r}: choose one of {choices}").format(value=size,
                                                                                    choices=", ".join(SIZES)))
    press = press or pdfx or marks
    mode = imposition or default_imposition(size or "a6", press)
    if mode not in SCHEMES:
        raise CollateralError(_("--imposition {value!r}: choose one of {choices}").format(
            value=mode, choices=", ".join(SCHEMES)))
    if mode == "zine" and size not in (None, "a7"):
        raise CollateralError(_("--imposition zine always makes eight A7 pages; it does not take --size {size}").format(
            size=size))
    if not 0 <= creep <= 5:
        raise CollateralError(_("--creep {creep:g}: give 0 to 5 mm").format(creep=creep))
    output = Output(finish(press, marks), "pdfx-4" if pdfx else "", mode, flip or "", creep, manual_duplex,
                    not no_instructions, what="口袋书", pad=4)
    started = time.perf_counter()
    product, unit, _written = _make_files(target, out, layout_for(size or "a6", mode), output, date, data,
                                   N_("is made for counties and townships"))
    say(_("{count} booklet(s) ({imposition}) for {unit} in {seconds:.2f} s").format(
        count=len(product.targets(unit)), imposition=mode, unit=unit.label, seconds=time.perf_counter() - started))


def _draft_warning(unit, content, what: str) -> None:
    """A board or screen made from placeholder values says so: it is a draft, not for print or the hall."""
    if content.is_draft:
        message = (_("warning: {unit}: the board is a draft (样稿): {fields} still placeholders; do not send it to "
                     "print") if what == "board" else
                   _("warning: {unit}: the screen is a draft (样稿): {fields} still placeholders; do not show it in "
                     "the hall"))
        say(message.format(unit=unit.label, fields=", ".join(content.resolved.draft_fields)))


def board(
    target: Annotated[str, typer.Argument(help=N_("The province, a city, a county or a township: code (410100) or "
                                               "name path (郑州市/金水区)."))],
    size: Annotated[str, typer.Option("--size", help=N_("Named size (600x900, 900x1200, 1200x2400, xbanner, rollup) "
                                                     "or any WxH in mm."))] = "900x1200",
    orientation: Annotated[Optional[str], typer.Option("--orientation",
                                                       help=N_("portrait or landscape (default: as the size says)."))
                           ] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Directory to write the PDF into."))] = Path("out"),
    marks: Annotated[bool, typer.Option("--marks", help=N_("Crop marks outside the bleed."))] = False,
    pdfx: Annotated[bool, typer.Option("--pdfx/--no-pdfx", help=N_("PDF/X-4 with the FOGRA39 output intent "
                                                               "(default; print shops expect it)."))] = True,
    date: Annotated[Optional[str], typer.Option("--date", help=N_("Edition date YYYY-MM-DD (default: today)."))] = None,
    data: DataOpt = None,
) -> None:
    """Make a reception-hall display board (展板) for TARGET: press output, CMYK, bleed, PDF/X-4."""
    from collateral.products.make import Output
    from collateral.spec.prepress import finish
    from collateral.spec.reading import qr_statement
    from collateral.products.sizes import board_spec

    if orientation not in (None, "portrait", "landscape"):
        raise CollateralError(_("--orientation {value!r}: expected portrait or landscape").format(value=orientation))
    started = time.perf_counter()
    spec = board_spec(size, orientation)
    output = Output(finish(True, marks), "pdfx-4" if pdfx else "")
    product, unit, _written = _make_files(target, out, spec, output, date, data, "", one=True)
    _draft_warning(unit, product.content(unit), "board")
    say(qr_statement(product.pages(unit)))
    say(_("{piece} for {unit} in {seconds:.2f} s").format(
        piece=spec.title, unit=unit.label, seconds=time.perf_counter() - started))


def screen(
    target: Annotated[str, typer.Argument(help=N_("The province, a city, a county or a township: code or name path."))],
    size: Annotated[str, typer.Option("--size", help=N_("Pixels: 1920x1080, 1080x1920 or any WxH."))] = "1920x1080",
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Directory to write the PNGs into."))] = Path("out"),
    date: Annotated[Optional[str], typer.Option("--date", help=N_("Edition date YYYY-MM-DD (default: today)."))] = None,
    data: DataOpt = None,
) -> None:
    """Make screen images (屏显) for TARGET: sRGB PNGs for a hall TV, readable from 3 m, one per page."""
    from collateral.products.make import Output
    from collateral.products.sizes import screen_spec

    started = time.perf_counter()
    spec, px = screen_spec(size)
    product, unit, paths = _make_files(target, out, spec, Output(raster=px), date, data, "", one=True)
    _draft_warning(unit, product.content(unit), "screen")
    say(_("{count} screen image(s) {width}×{height} for {unit} in {seconds:.2f} s").format(
        count=len(paths), width=px[0], height=px[1], unit=unit.label, seconds=time.perf_counter() - started))


def _list_written(written: list[Path], out: Path, limit: int = 5) -> None:
    """The files made, on stdout: the first few, then how many in all."""
    for path in written[:limit]:
        typer.echo(str(path))
    if len(written) > limit:
        typer.echo(_("… {count} files in {folder}").format(count=len(written), folder=out))


def _clear_parts(out: Path) -> None:
    from collateral.files.output import prepare_dir

    stale = prepare_dir(out)
    if stale:
        say(_("removed {count} .part file(s) an interrupted run left in {folder}").format(count=len(stale), folder=out))


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
                raise OutputError(Problem(_("{message} ({done} of {total} pieces were written whole before it)").format(
                    message=problem.message, done=done, total=len(units)), file=problem.file)) from err
            raise
    return written


def register(app: typer.Typer) -> None:
    """Add the commands to the app (called once by ``collateral.cli.app``), in the order ``--help`` lists them."""
    app.command()(leaflet)
    app.command()(booklet)
    app.command()(board)
    app.command()(screen)
