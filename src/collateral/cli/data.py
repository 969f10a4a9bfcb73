"""The data commands (check, proof, template, import, schema) and the website kit (web), registered on the app."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral.cli.common import DataOpt, data_folder, report_warnings, say
from collateral.errors import CollateralError, Problem
from collateral.i18n import N_, _


def web(
    target: Annotated[str, typer.Argument(help=N_("The province, a city or a county, by code (410100) or name path "
                                               "(郑州市, 郑州市/金水区)."))],
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Directory to write the kit into."))] = Path("out/web"),
    data: DataOpt = None,
) -> None:
    """Make the website kit (附件一) for TARGET: channels.html, flow.svg, map.html, kit.js, kit.css, index.html, README.md."""
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
    say(_("web kit for {unit} in {seconds:.2f} s").format(unit=unit.label, seconds=time.perf_counter() - started))


def check_cmd(data: DataOpt = None,
              quiet: Annotated[bool, typer.Option("-q", "--quiet",
                                                  help=N_("Errors only, no warnings."))] = False) -> None:
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
    say(_("{units}: {errors} error(s), {warnings} warning(s)").format(units=summary, errors=len(errs),
                                                                        warnings=len(warns)))
    if errs:
        raise typer.Exit(1)


def proof_cmd(
    layouts: Annotated[Optional[list[str]],
                       typer.Argument(help=N_("Layouts to proof (default: every one in layouts/)."),
                                                           show_default=False)] = None,
    output: Annotated[Path, typer.Option("-o", "--output",
                                         help=N_("The proof sheet (PDF) to write."))] = Path("proof.pdf"),
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
    typer.echo(_("proof: {count} flag(s)").format(count=len(flags)))
    if flags:
        raise typer.Exit(1)


def template(
    target: Annotated[str, typer.Argument(help=N_("Province, city, county or township: code or name path."))],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help=N_("The .xlsx file to write "
                                                "(default: <code>-<name>-领导公开号码.xlsx)."))] = None,
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
        raise CollateralError(_("-o {path}: the workbook must be an .xlsx file").format(path=path))
    content, sheets = template_bytes(dataset, unit, dt.date.today())
    write_atomic(path, content)
    typer.echo(str(path))
    say(_("{rows} row(s) on {sheets} sheet(s) for {unit}").format(
        rows=sum(len(s.rows) for s in sheets), sheets=len(sheets), unit=unit.label))


def import_cmd(
    file: Annotated[Path, typer.Argument(help=N_("A filled template (.xlsx) or a CSV with the same columns "
                                              "(UTF-8 or GBK)."))],
    data: DataOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show the changes, write nothing."))] = False,
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
                                              on_wait=lambda who: say(_("{folder}: waiting for {who} to finish …").format(
                                                  folder=root, who=who)))
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
        say(_("{rows} row(s) read: no changes, the data already says this").format(rows=result.rows))
    elif dry_run:
        say(_("{changes} change(s) in {files} file(s); --dry-run: nothing written").format(
            changes=len(result.changes), files=n_files))
    else:
        say(_("{changes} change(s) written to {files} file(s)").format(changes=len(result.changes), files=n_files))


def schema(
    out: Annotated[Path, typer.Option("-o", "--out",
                                      help=N_("The folder to write the schemas into."))] = Path("schemas"),
    check_only: Annotated[bool, typer.Option("--check", help=N_("Write nothing; exit 1 if the schemas in OUT differ "
                                             "from what this version generates."))] = False,
    stamp: Annotated[bool, typer.Option("--stamp", help=N_("Also start every data and layout file with the "
                                        "yaml-language-server line naming its schema in OUT."))] = False,
    data: DataOpt = None,
) -> None:
    """Write JSON Schemas of the data and layout files, so an editor flags a wrong key as it is typed."""
    from collateral.data.jsonschemas import data_files, layout_files, modeline, rendered, stamped
    from collateral.files.locks import hold
    from collateral.files.output import write_all_atomic
    from collateral.products.layoutschema import all_schemas, stale
    from collateral.paths import layouts_dir

    if check_only:
        if differ := stale(out):
            raise CollateralError(_("{out}: {value} differ from the rules of this version; run collateral "
                                     "schema -o {out}").format(out=out, value=', '.join(differ)))
        say(_("{out}: the schemas are up to date").format(out=out))
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CollateralError(_("-o {out}: cannot make the folder: {strerror}").format(
                                  out=out, strerror=err.strerror)) from err
    write_all_atomic({out / name: rendered(s) for name, s in all_schemas().items()})
    for name in all_schemas():
        typer.echo(str(out / name))
    if not stamp:
        return
    root = data_folder(data)
    with hold(root, "schema --stamp", wait=IMPORT_WAIT):
        files = {**data_files(root), **layout_files(layouts_dir())}
        changed = {}
        for path, name in files.items():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:  # nothing is written then: all files or none
                raise CollateralError(Problem(_("cannot read it to add the schema line: {err}").format(err=err),
                                              file=str(path))) from err
            new = stamped(text, modeline(path, out, name))
            if new != text:
                changed[path] = new.encode("utf-8")
        write_all_atomic(changed)
    say(_("{count} of {count2} file(s) given the line naming their schema").format(
            count=len(changed), count2=len(files)))


IMPORT_WAIT = 120.0  # seconds an import waits for another one in the same data folder (they take seconds)


def register(app: typer.Typer) -> None:
    """Add the commands to the app (called once by ``collateral.cli.app``), in the order ``--help`` lists them."""
    app.command("check")(check_cmd)
    app.command("proof")(proof_cmd)
    app.command()(template)
    app.command("import")(import_cmd)
    app.command()(schema)
    app.command()(web)
