"""The campaign's checking commands (photos, report, webcheck, bulletin), registered on the ``collateral`` app.

Thin wrappers: each parses its options, calls one module and says what it
wrote. Errors are raised as :class:`CollateralError` and turned into a
message and exit code by ``cli.main``, like every other command.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer


def _say(message: str) -> None:
    typer.echo(message, err=True)


def photos(
    folder: Annotated[Path, typer.Argument(help="Folder of photos (JPEG, PNG), searched with its sub-folders.")],
    pack: Annotated[Path, typer.Option("--pack", help="The pack made by `collateral batch` (its manifest.json).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for photos.csv, photos.html and thumbnails.")]
    = Path("photos"),
) -> None:
    """图像核对: match photos of boards, leaflets and screens to the pack by their edition marks."""
    from collateral import photos as ph
    from collateral.output import check_dir

    check_dir(out)
    started = time.perf_counter()
    known = ph.load_pack(pack)
    thumbs: dict[str, bytes] = {}
    rows = ph.match(folder, known, thumbs)
    ph.write(out, rows, thumbs)
    counts = {s: sum(r.status == s for r in rows) for s in ("current", "outdated", "unmatched")}
    _say(f"{len({r.file for r in rows})} photo(s): " + ", ".join(f"{n} {s}" for s, n in counts.items())
         + f" in {time.perf_counter() - started:.1f} s → {out / 'photos.csv'}")


def register(app: typer.Typer) -> None:
    """Add the commands to the app (called once by ``collateral.cli``)."""
    app.command()(photos)
