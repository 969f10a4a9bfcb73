"""The data commands (check, proof, template, import) and the website kit (web), registered on the app."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral.cli.common import DataOpt, data_folder, report_warnings, say
from collateral.errors import CollateralError, Problem


def web(
    target: Annotated[str, typer.Argument(help="The province, a city or a county, by code (410100) or name path "
                                               "(郑州市, 郑州市/金水区).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Directory to write the kit into.")] = Path("out/web"),
    data: DataOpt = None,
) -> None:
    """Make the website kit (附件一) for TARGET: channels.html, flow.svg, map.html, index.html, README.md."""
    from collateral.data.dataset import Dataset
    from collateral.web import make_kit, write_kit

    started = time.perf_counter()
    dataset = Dataset(data_folder(data))
    unit = dataset.find(target)
    kit = make_kit(dataset, unit)
    written = write_kit(kit, out)
    report_warnings(kit.warnings)
    for path in written:
        typer.echo(str(path))
    say(f"web kit for {unit.label} in {time.perf_counter() - started:.2f} s")


def check_cmd(data: DataOpt = None,
              quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Errors only, no warnings.")] = False) -> None:
    """Validate the data and every layout, and compose every piece: every problem with file:line."""
    from collateral.data import check
    from collateral.data.dataset import Dataset
    from collateral.errors import DataError
    from collateral.typeset.fonts import load_fonts
    from collateral.products.specload import all_layouts
    from collateral.data.model import Level
    from collateral.products.product import Product, layout_guide_problems, open_guide

    root = data_folder(data)
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
        from collateral.products.product import dry_run_all

        edition = dt.date.today()
        problems += dry_run_all([Product(dataset, guide, fonts, spec, edition) for spec in specs])
    errs, warns = check.errors(problems), check.warnings(problems)
    for p in errs + ([] if quiet else warns):
        typer.echo(str(p))
    summary = ", ".join(f"{len(dataset.units(level))} {level.label}" for level in Level)
    say(f"{summary}: {len(errs)} error(s), {len(warns)} warning(s)")
    if errs:
        raise typer.Exit(1)


def proof_cmd(
    layouts: Annotated[Optional[list[str]], typer.Argument(help="Layouts to proof (default: every one in layouts/).",
                                                           show_default=False)] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="The proof sheet (PDF) to write.")] = Path("proof.pdf"),
    data: DataOpt = None,
) -> None:
    """Set the guide and every unit's place name at every product's measure; flag 孤字, over-spread lines,
    ink in a safety zone and names broken inside a word. Ends with `proof: N flag(s)`."""
    from collateral.data.dataset import Dataset
    from collateral.typeset.fonts import load_fonts
    from collateral.products.specload import all_layouts, load_layout
    from collateral.data.model import Level
    from collateral.files.output import check_dir, write_atomic
    from collateral.products.product import Product, open_guide
    from collateral.proof import run_proof
    from collateral.render.pdf import Meta, render_pdf

    check_dir(output.parent)
    dataset = Dataset(data_folder(data))
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


def template(
    target: Annotated[str, typer.Argument(help="Province, city, county or township: code or name path.")],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="The .xlsx file to write "
                                                "(default: <code>-<name>-领导公开号码.xlsx).")] = None,
    data: DataOpt = None,
) -> None:
    """Make a fill-in Excel workbook of TARGET's leaders (姓名, 公开号码), one sheet per city."""
    from collateral.data.dataset import Dataset
    from collateral.files.output import write_atomic
    from collateral.sheets.workbook import default_name, template_bytes

    dataset = Dataset(data_folder(data))
    unit = dataset.find(target)
    path = out or default_name(unit)
    if path.suffix.lower() != ".xlsx":
        raise CollateralError(f"-o {path}: the workbook must be an .xlsx file")
    content, sheets = template_bytes(dataset, unit, dt.date.today())
    write_atomic(path, content)
    typer.echo(str(path))
    say(f"{sum(len(s.rows) for s in sheets)} row(s) on {len(sheets)} sheet(s) for {unit.label}")


def import_cmd(
    file: Annotated[Path, typer.Argument(help="A filled template (.xlsx) or a CSV with the same columns "
                                              "(UTF-8 or GBK).")],
    data: DataOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes, write nothing.")] = False,
) -> None:
    """Merge leaders' names and numbers from a filled sheet into the data; every row is checked first."""
    from contextlib import nullcontext

    from collateral.sheets import importer
    from collateral.data.dataset import Dataset
    from collateral.files.locks import hold

    root = data_folder(data)
    command = f"import {file.name}"
    # One import at a time: a second one waits, then reads the data the first one left (no lost change).
    # A dry run writes nothing (the data folder may be read-only) and takes no lock.
    lock = nullcontext() if dry_run else hold(root, command, wait=IMPORT_WAIT,
                                              on_wait=lambda who: say(f"{root}: waiting for {who} to finish …"))
    with lock:
        dataset = Dataset(data_folder(root))
        result = importer.run(dataset, file, write=not dry_run, command=command)
    for note in result.source.notes:
        say(note)
    for warning in result.warnings:
        say(str(warning))
    for path, changes in result.files.items():
        typer.echo(f"--- {dataset.label(path)}")
        for change in changes:
            typer.echo(f"  {change}")
    n_files = len(result.files)
    if not result.changes:
        say(f"{result.rows} row(s) read: no changes, the data already says this")
    elif dry_run:
        say(f"{len(result.changes)} change(s) in {n_files} file(s); --dry-run: nothing written")
    else:
        say(f"{len(result.changes)} change(s) written to {n_files} file(s)")


IMPORT_WAIT = 120.0  # seconds an import waits for another one in the same data folder (they take seconds)


def register(app: typer.Typer) -> None:
    """Add the commands to the app (called once by ``collateral.cli.app``), in the order ``--help`` lists them."""
    app.command("check")(check_cmd)
    app.command("proof")(proof_cmd)
    app.command()(template)
    app.command("import")(import_cmd)
    app.command()(web)
