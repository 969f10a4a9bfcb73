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
    marks: Annotated[bool, typer.Option("--marks", help="Add crop marks (for a print shop).")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Edition date YYYY-MM-DD (default: today).")] = None,
    data: DataOpt = None,
) -> None:
    """Make the township leaflet (宣传单) for TARGET."""
    from collateral.output import check_dir, prepare_dir
    from collateral.products import Job

    edition = _parse_date(date)
    started = time.perf_counter()
    check_dir(out)
    job = Job.open(_data_dir(data), layout, edition, marks)
    unit = job.dataset.find(target)
    units = job.targets(unit)
    job.validate(units)  # every unit of the run, before the first file is written
    stale = prepare_dir(out)
    if stale:
        _say(f"removed {len(stale)} .part file(s) an interrupted run left in {out}")
    written = _write_all(job, units, out)
    _report_warnings(job.warnings)
    for path in written[:5]:
        typer.echo(str(path))
    if len(written) > 5:
        typer.echo(f"… {len(written)} files in {out}")
    _say(f"{len(written)} leaflet(s) for {unit.label} in {time.perf_counter() - started:.2f} s")


def _write_all(job, units, out: Path) -> list[Path]:
    """Write every piece; a failure says how many whole files were written before it."""
    from collateral.errors import OutputError

    written: list[Path] = []
    for u in units:
        try:
            written.append(job.write(u, out))
        except OutputError as err:
            if written:
                problem = err.problems[0]
                raise OutputError(Problem(f"{problem.message} ({len(written)} of {len(units)} files "
                                          "were written whole before it)", file=problem.file)) from err
            raise
    return written


@app.command("check")
def check_cmd(data: DataOpt = None,
              quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Errors only, no warnings.")] = False) -> None:
    """Validate the whole dataset and list every problem with file:line."""
    from collateral import check
    from collateral.dataset import Dataset
    from collateral.errors import DataError
    from collateral.fonts import load_fonts
    from collateral.guide import load_guide
    from collateral.model import Level

    root = _data_dir(data)
    dataset = Dataset(root)
    problems: list[Problem] = []
    fonts = load_fonts()
    try:
        guide_path = root / "guide.yaml"
        guide = load_guide(guide_path, dataset.label(guide_path), within=root)
        problems += check.guide_glyph_problems(guide, fonts, dataset.label(guide_path))
    except DataError as err:
        problems += err.problems
    try:
        dataset.load_all()
        problems += check.check_units(dataset, dataset.units(), fonts)
    except DataError as err:  # the province file itself is unreadable: nothing below it can be found
        problems += err.problems
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
