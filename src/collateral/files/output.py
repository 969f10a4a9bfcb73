"""Writing files so that a reader never sees half of one.

Each file is written to a temporary name in the target directory
(``.<name>.<random>.part``) and renamed into place, so an interrupted run
leaves the old file or the new one, never a truncated PDF a township would
print. A run that was killed outright leaves its ``.part`` file behind; the
next run in that folder removes it (:func:`prepare_dir`).

Every OS failure (the output path is a file, no permission, disk full, file
too large) becomes an :class:`OutputError` naming the path and the reason.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from collateral.errors import OutputError, Problem
from collateral.i18n import N_, _

_PART = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.part")  # what mkstemp makes from the prefix and suffix below


def _fail(err: OSError, path: Path, doing: str) -> OutputError:
    return OutputError(Problem(_("cannot {doing}: {error}").format(doing=_(doing), error=err.strerror or err),
                               file=str(path)), errno=err.errno)


def check_dir(out_dir: Path) -> None:
    """Refuse an output path that cannot be a folder, before anything is made or written.

    Raises:
        OutputError: ``out_dir`` or one of its parents exists and is not a folder.
    """
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                what = _("the output folder") if path == out_dir else _("a parent of the output folder {out_dir}").format(
                                                                       out_dir=out_dir)
                raise OutputError(Problem(f"{what} is a file, not a folder", file=str(path)))
            return


def prepare_dir(out_dir: Path, recursive: bool = False) -> list[Path]:
    """Remove the ``.part`` files a killed run left in the output folder (and below it); returns those removed.

    The folder itself is made by the first write, so a run that fails
    before it leaves nothing behind.

    Raises:
        OutputError: the output path is not a folder, or the folder cannot be listed.
    """
    check_dir(out_dir)
    if not out_dir.is_dir():
        return []
    try:
        found = out_dir.rglob(".*.part") if recursive else out_dir.iterdir()
        stale = [p for p in found if _PART.fullmatch(p.name) and p.is_file() and not p.is_symlink()]
        for path in stale:
            path.unlink(missing_ok=True)
    except OSError as err:
        raise _fail(err, out_dir, _("use the output folder")) from err
    return stale


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_part(path: Path, data: bytes, sync: bool = True) -> Path:
    """``data`` whole under a temporary name beside ``path``; the caller renames it into place (``os.replace``).

    A batch renames each part only once its journal line is written, so the
    two steps are apart; ``sync=False`` leaves the flush to the disk to the
    batch's one sync of the folder.

    Raises:
        OutputError: any OS error, naming the path and the reason; no
            ``.part`` file is left behind.
    """
    fd, tmp = open_part(path)
    try:
        try:
            _write_all(fd, data)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _fail(err, path, N_("write")) from err
        raise
    return tmp


def open_part(path: Path) -> tuple[int, Path]:
    """A new temporary file beside ``path``, named so that :func:`prepare_dir` knows it for a leftover.

    Raises:
        OutputError: the folder cannot be made or written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as err:
        raise _fail(err, path, N_("write")) from err
    return fd, Path(tmp)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all.

    Raises:
        OutputError: any OS error, naming the path and the reason; no
            ``.part`` file is left behind.
    """
    tmp = write_part(path, data)
    try:
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise _fail(err, path, N_("write")) from err
    return path


def fsync_dir(path: Path) -> None:
    """Make the renames in a folder durable (one sync for a whole run, not one per file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # a folder that cannot be synced (some network file systems): its files are whole all the same
    finally:
        os.close(fd)


def safe_name(text: str) -> str:
    """A file-name-safe form of a unit name (keeps CJK, drops path separators)."""
    return "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in text)


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Replace several files so that either all of them change or none does.

    Every new file is first written in full to a temporary name beside its
    target (a full disk or a bad permission shows up here, before anything
    changed); only then are they renamed into place. If a rename fails, the
    files already replaced get their old bytes back. Existing files keep
    their permission bits.
    """
    old = {path: path.read_bytes() if path.is_file() else None for path in files}
    modes = {path: path.stat().st_mode & 0o7777 if path.is_file() else 0o644 for path in files}
    temps: dict[Path, str] = {}
    done: list[Path] = []
    try:
        for path, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            temps[path] = tmp
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, modes[path])
        for path, tmp in temps.items():
            os.replace(tmp, path)
            done.append(path)
    except BaseException:
        for path in done:
            previous = old[path]
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, previous)
                os.chmod(path, modes[path])
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise
