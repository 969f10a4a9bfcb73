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
