"""The pack's list of files: the manifest a run leaves, and the journal that keeps a killed run's work.

Each file of the pack has one :class:`Entry`: what it is (unit, product),
its bytes and sha256, and the fingerprint of what it prints. While a run
works, each file's entry is appended to ``.collateral-journal.jsonl`` before
the file is renamed into place, so a run that is killed leaves whole files
and lines saying what they are; the next run reads the manifest, then the
journal over it, and makes only what is missing or out of date. At the end
of a run the manifest (``manifest.json`` and ``.csv``) holds it all and the
journal is removed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from collateral.errors import OutputError, Problem
from collateral.files.output import write_atomic

JOURNAL = ".collateral-journal.jsonl"
SHARD_GLOB = "manifest-*-of-*.json"


@dataclass
class Entry:
    """One file of the pack, as the manifest lists it."""

    path: str  # relative to the output folder
    unit_code: str  # "unit" in manifest.json and .csv, as before
    name_path: str
    product: str
    pages: int
    trim: str
    bytes: int
    sha256: str
    fingerprint: str  # of the data printed on it (see collateral.compose.edition); its first 8 characters are printed
    edition: str
    warnings: list[str] = field(default_factory=list)
    options: str = ""  # how it was made (product options, finish, standard): a change rebuilds it too
    role: str = "copies"  # "copies": the pages to print N times; "instructions": its 说明, printed once

    def as_dict(self) -> dict:
        """For JSON (dataclasses.asdict deep-copies field by field: a third of a second per province run)."""
        doc = {f.name: getattr(self, f.name) for f in fields(self)}
        doc["unit"] = doc.pop("unit_code")
        return {k: doc[k] for k in ("path", "unit", *(k for k in doc if k not in ("path", "unit")))}

    @classmethod
    def from_dict(cls, doc: dict) -> "Entry":
        """An entry as :meth:`as_dict` wrote it (its ``unit`` key is the unit's code)."""
        doc = dict(doc)
        doc["unit_code"] = doc.pop("unit")
        return cls(**doc)


@dataclass
class Manifest:
    """What a pack folder holds, as its manifest says: the files, the pieces that failed, the zips, the run."""

    files: dict[str, Entry] = field(default_factory=dict)  # by path
    failed: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (unit, product) → why, as messages
    zips: dict[str, dict] = field(default_factory=dict)  # zip name → {"digest": of its entries, "bytes": size}
    run: dict = field(default_factory=dict)  # the last run that wrote it: edition_date, program, data, target...

    def to_json(self) -> str:
        doc = {"generator": "collateral", "last_run": self.run,
               "files": [self.files[p].as_dict() for p in sorted(self.files)],
               "failed": [{"unit": u, "product": p, "problems": ps} for (u, p), ps in sorted(self.failed.items())],
               "zips": {k: self.zips[k] for k in sorted(self.zips)}}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def read_manifest(path: Path) -> Manifest | None:
    """A manifest file as written by :meth:`Manifest.to_json`; None if it is missing or cannot be read.

    An unreadable manifest is not an error: its files are then checked again (and made again).
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        files = {e["path"]: Entry.from_dict(e) for e in doc["files"]}
        failed = {(f["unit"], f["product"]): list(f["problems"]) for f in doc.get("failed", [])}
        zips = dict(doc.get("zips", {}))
        run = dict(doc.get("last_run", {}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return Manifest(files, failed, zips, run)


def read_journal(out: Path) -> list[Entry]:
    """The files a run made before it was stopped, in order; a torn last line is skipped."""
    journal = out / JOURNAL
    entries = []
    try:
        lines = journal.read_text(encoding="utf-8", errors="replace").splitlines() if journal.is_file() else []
    except OSError:
        return []
    for line in lines:
        try:
            entries.append(Entry.from_dict(json.loads(line)))
        except (ValueError, TypeError, KeyError):
            continue
    return entries


def load(out: Path, name: str = "manifest") -> Manifest:
    """What a folder holds for a run that writes ``name``.json: that manifest, with the journal of a stopped run over it."""
    found = read_manifest(out / f"{name}.json") or Manifest()
    for e in read_journal(out):
        found.files[e.path] = e
    return found


def read_entries(out: Path) -> dict[str, Entry]:
    """Every file listed in a folder: its manifest, the shard manifests, then the journal over them."""
    entries: dict[str, Entry] = {}
    for path in (out / "manifest.json", *sorted(out.glob(SHARD_GLOB))):
        found = read_manifest(path)
        if found:
            entries.update(found.files)
    entries.update((e.path, e) for e in read_journal(out))
    return entries


def whole(out: Path, e: Entry) -> bool:
    """Is the file on disk the one the entry lists (size, then sha256)?"""
    path = out / e.path
    try:
        if path.stat().st_size != e.bytes:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == e.sha256
    except OSError:
        return False


class Journal:
    """The run's append-only list of files made, one JSON line each, written before the file's rename."""

    def __init__(self, out: Path) -> None:
        self.path = out / JOURNAL
        try:
            self._f = open(self.path, "a", encoding="utf-8")
        except OSError as err:
            raise _fail(err, self.path) from err

    def append(self, entry: Entry) -> None:
        """Raises OutputError naming the journal when the line cannot be written (a full disk, EFBIG)."""
        try:
            self._f.write(json.dumps(entry.as_dict(), ensure_ascii=False) + "\n")
            self._f.flush()
        except OSError as err:
            raise _fail(err, self.path) from err

    def close(self) -> None:
        try:
            self._f.close()
        except OSError:
            pass  # a line that could not be flushed was reported by append

    def remove(self) -> None:
        """Once the manifest holds every line."""
        self.path.unlink(missing_ok=True)


def _fail(err: OSError, path: Path) -> OutputError:
    return OutputError(Problem(f"cannot write: {err.strerror or err}", file=str(path)), errno=err.errno)


def write_manifest(out: Path, manifest: Manifest, name: str = "manifest") -> None:
    """``name``.json (every field) and ``name``.csv (one row per file, for a spreadsheet), each written whole."""
    write_atomic(out / f"{name}.json", manifest.to_json().encode())
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["path", "unit", "name_path", "product", "pages", "trim", "bytes", "sha256", "fingerprint", "edition",
                "warnings", "role"])
    for p in sorted(manifest.files):
        e = manifest.files[p]
        w.writerow([e.path, e.unit_code, e.name_path, e.product, e.pages, e.trim, e.bytes, e.sha256, e.fingerprint,
                    e.edition, len(e.warnings), e.role])
    write_atomic(out / f"{name}.csv", buf.getvalue().encode("utf-8-sig"))
