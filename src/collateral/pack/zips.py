"""A zip per city of the pack: exactly that city's files, for sending to the city's office in one piece.

Stored, not deflated (PDFs are compressed already), with fixed dates so
the same files give the same zip; each streamed to a temporary name and
renamed once whole and synced.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from collateral.errors import OutputError, Problem
from collateral.pack.manifest import Entry
from collateral.files.output import fsync_dir, open_part
from collateral.pack.plan import city_folder


def by_city(entries: list[Entry]) -> dict[str, list[Entry]]:
    """The pack's files by the city folder they sit in (the province's own files are in no zip)."""
    cities: dict[str, list[Entry]] = {}
    for e in entries:
        top = city_folder(e.path)
        if top:
            cities.setdefault(top, []).append(e)
    return cities


def digest(files: list[Entry]) -> str:
    """What a city's zip holds, as one hash: its files' paths and sha256."""
    h = hashlib.sha256()
    for e in sorted(files, key=lambda e: e.path):
        h.update(f"{e.path}\0{e.sha256}\n".encode())
    return h.hexdigest()


def _current(out: Path, name: str, record: dict | None, want: str) -> bool:
    """Is the zip on disk the one the manifest recorded for these files?"""
    try:
        return bool(record) and record.get("digest") == want and (out / name).stat().st_size == record.get("bytes")
    except OSError:
        return False


def update_zips(out: Path, entries: list[Entry], recorded: dict[str, dict]) -> tuple[dict[str, dict], list[Path]]:
    """A zip per city of exactly that city's files; only the zips whose files changed are written again.

    ``recorded``: the manifest's zips of the last run (name → digest, bytes).
    Returns the zips as the manifest now records them, and the zips written.
    A city left with no files loses its zip.
    """
    cities = by_city(entries)
    wanted = {f"{city}.zip": (city, files, digest(files)) for city, files in cities.items()}
    todo = [(city, files) for name, (city, files, d) in sorted(wanted.items())
            if not _current(out, name, recorded.get(name), d)]
    jobs = max(1, min(len(todo), len(os.sched_getaffinity(0))))
    with ThreadPoolExecutor(jobs) as pool:  # reading, CRC and writing release the GIL: one city per core
        written = list(pool.map(lambda item: write_zip(out, *item), todo))
    for name in set(recorded) - set(wanted):
        (out / name).unlink(missing_ok=True)
    if written:
        fsync_dir(out)
    zips = {name: {"digest": d, "bytes": (out / name).stat().st_size, "files": len(files)}
            for name, (_, files, d) in wanted.items()}
    return zips, written


def write_zips(out: Path, entries: list[Entry]) -> list[Path]:
    """Every city's zip, written anew."""
    return update_zips(out, entries, {})[1]


def write_zip(out: Path, city: str, files: list[Entry]) -> Path:
    """One city's zip, streamed to a temporary name (no copy in memory) and renamed once whole and synced.

    Raises:
        OutputError: a file cannot be read or the zip cannot be written, naming the path.
    """
    final = out / f"{city}.zip"
    fd, tmp = open_part(final)
    try:
        with open(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as z:
            for e in sorted(files, key=lambda e: e.path):
                info = zipfile.ZipInfo(e.path, date_time=(2020, 1, 1, 0, 0, 0))
                z.writestr(info, (out / e.path).read_bytes())
            z.close()
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):  # as write_atomic says it: the path and the reason
            where = err.filename or final
            raise OutputError(Problem(f"cannot write {final.name}: {err.strerror or err}", file=str(where)),
                              errno=err.errno) from err
        raise
    return final
