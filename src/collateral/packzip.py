"""A zip per city of the pack: exactly that city's files, for sending to the city's office in one piece.

Stored, not deflated (PDFs are compressed already), with fixed dates so
the same files give the same zip; each streamed to a temporary name and
renamed once whole and synced.
"""

from __future__ import annotations

import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from collateral.errors import OutputError, Problem
from collateral.manifest import Entry
from collateral.output import fsync_dir, open_part
from collateral.packplan import city_folder


def by_city(entries: list[Entry]) -> dict[str, list[Entry]]:
    """The pack's files by the city folder they sit in (the province's own files are in no zip)."""
    cities: dict[str, list[Entry]] = {}
    for e in entries:
        top = city_folder(e.path)
        if top:
            cities.setdefault(top, []).append(e)
    return cities


def write_zips(out: Path, entries: list[Entry]) -> list[Path]:
    """A zip per city of exactly that city's files, each written whole."""
    cities = by_city(entries)
    jobs = max(1, min(len(cities), len(os.sched_getaffinity(0))))
    with ThreadPoolExecutor(jobs) as pool:  # reading, CRC and writing release the GIL: one city per core
        written = list(pool.map(lambda item: write_zip(out, *item), sorted(cities.items())))
    fsync_dir(out)
    return written


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
