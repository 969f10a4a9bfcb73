"""Writing files so that a reader never sees half of one.

Each file is written to a temporary name in the target directory and renamed
into place, so an interrupted run leaves the old file or the new one, never a
truncated PDF a township would print.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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
