"""Small results kept on disk between processes, so that a one-piece command does not redo them.

A cold ``collateral leaflet`` spends most of its time on work whose result
depends only on its inputs and is the same every run: encoding and
verifying the QR codes, composing the province's piece for the font seed.
Each entry is one file named by the hash of everything the result depends
on (the caller's key names its inputs and the versions of the code that
made it), written to a temporary name and renamed, so two runs at once, a
kill or a full disk leave either the whole entry or none. A missing,
damaged or unwritable cache is only a slower start: reads return None and
writes give up silently, and every caller can make the value afresh.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from collateral.errors import OutputError
from collateral.files.output import write_part
from collateral.paths import cache_dir

_FORMAT = b"collateral cache 1\n"


def _entry(space: str, key: str) -> Path:
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / space / digest[:2] / digest


def get(space: str, key: str) -> bytes | None:
    """The bytes kept under ``key`` in ``space``, or None. The key is stored too: a hash collision is a miss."""
    try:
        data = _entry(space, key).read_bytes()
    except OSError:
        return None
    head = _FORMAT + key.encode("utf-8", "surrogatepass") + b"\0"
    return data[len(head):] if data.startswith(head) else None


def put(space: str, key: str, value: bytes) -> None:
    """Keep ``value`` under ``key`` (whole, as every file the tool writes; not at all if it cannot be written)."""
    path = _entry(space, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = write_part(path, _FORMAT + key.encode("utf-8", "surrogatepass") + b"\0" + value)
        try:
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
    except (OSError, OutputError):
        pass


def module_stamp(name: str) -> str:
    """A library's version as its files say it, without importing it: the path, size and time of its module file.

    ``name`` is a top-level package: finding a submodule would import its package. An upgrade rewrites the
    package's files, so its ``__init__`` gets a new time.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    origin = spec.origin if spec else None
    if not origin:
        return f"{name}:?"
    try:
        info = os.stat(origin)
    except OSError:
        return f"{name}:{origin}"
    return f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}"
