"""What every command shares: the --data option, messages on stderr, the edition date (internal)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral.errors import CollateralError, Problem
from collateral.i18n import N_, _

DataOpt = Annotated[Optional[Path], typer.Option("--data",
                                                 help=N_("Data directory (default: the bundled Henan data)."))]


def data_folder(data: Path | None) -> Path:
    """The data folder, after finishing (or undoing) the work of an import that was killed there."""
    from collateral.paths import JOURNAL_NAME, data_dir

    root = data or data_dir()
    if (root / JOURNAL_NAME).exists():  # an import was killed here: finish or undo it before reading
        from collateral.files.transaction import recover

        note = recover(root)
        if note:
            say(note)
    return root


def say(message: str) -> None:
    typer.echo(message, err=True)


def report_warnings(warnings: list[Problem], limit: int = 10) -> None:
    unique = list(dict.fromkeys(warnings))
    for w in unique[:limit]:
        say(str(w))
    if len(unique) > limit:
        say(_("… and {count} more warnings (run `collateral check` for all)").format(count=len(unique) - limit))


def parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CollateralError(_("--date {value!r} is not a date like 2026-01-16").format(value=value)) from None
