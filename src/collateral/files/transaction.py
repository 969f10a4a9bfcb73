"""Several data files replaced all together or not at all, even when the process is killed.

``collateral import`` changes one YAML file per county it touches; a run
killed between two renames would leave some counties new and some old,
and nothing would say so. :func:`commit` therefore keeps a write-ahead
journal, ``.collateral-journal.json`` in the data folder:

1. The journal is written saying *writing*, with the files about to change.
2. Each new text is written in full beside its file (``.<name>.<random>.part``, synced).
3. The journal is rewritten saying *committed*: each file's old text, the
   hash of its new text and its part file's name.
4. The parts are renamed over their files; the journal is removed.

Each journal write is itself a synced temporary file renamed into place,
so the journal on disk is always whole. Whoever reads the data folder next
(:func:`recover`, called by every command before it reads data) finds the
journal of a run that died and ends its work: *writing* means nothing was
renamed yet, so the parts are removed and the data is all old; *committed*
means every new text is safely on disk, so the remaining parts are renamed
and the data is all new; if a part has gone missing or was altered since,
every file gets its old text back instead. Either way the data is all old
or all new, and the ``.part`` files a killed run left in the data folder
are removed.

The caller holds the data folder's lock (:mod:`collateral.files.locks`) around
:func:`commit`; :func:`recover` takes it itself, so it waits for a live run
instead of undoing its work.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from collateral.files import locks
from collateral.errors import CollateralError, OutputError, Problem
from collateral.files.output import write_atomic, write_part
from collateral.paths import JOURNAL_NAME
from collateral.i18n import _

RECOVER_WAIT = 120.0  # seconds a command waits for a live import to finish before it reads the data
_PART = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.part")  # what output.write_part names its temporary files


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _label(root: Path, path: Path) -> str:
    """A data file as messages name it: data/henan/... (see ``Dataset.label``)."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _sync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_journal(root: Path, record: dict) -> None:
    write_atomic(root / JOURNAL_NAME, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    _sync_dir(root)


def read_only(path: Path) -> bool:
    """True when ``path`` is marked read-only (no write bit), even for root, who could write it anyway.

    A clerk who made a file read-only meant it not to change; replacing it by
    a rename would ignore that, as the folder's permission is all a rename needs.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def refuse_read_only(root: Path, paths: Iterable[Path]) -> None:
    """Refuse, in one line each, files marked read-only (see :func:`read_only`).

    Raises:
        CollateralError: naming every read-only file; nothing has been written.
    """
    refused = [Problem(_("read-only file: the import would change it; make it writable (chmod u+w) first, or "
                          "leave its rows blank; nothing written"), file=_label(root.absolute(), path.absolute()))
               for path in paths if read_only(path)]
    if refused:
        raise CollateralError(refused)


def commit(root: Path, files: dict[Path, bytes], command: str) -> None:
    """Replace every file of ``files`` (all under ``root``) with its new bytes, all or none.

    Raises:
        CollateralError: a file is read-only, or lies outside ``root``; nothing written.
        OutputError: a file cannot be written (full disk, no permission); no data file changed.
    """
    root = root.absolute()
    targets = {path.absolute(): data for path, data in files.items()}
    refuse_read_only(root, targets)
    outside = [Problem(_("outside the data folder {root}; not written").format(root=root), file=str(path))
               for path in targets if not path.is_relative_to(root)]
    if outside:
        raise CollateralError(outside)
    clear_parts(root)  # left by a run killed before it wrote a journal (or by a version without one)
    names = {path: str(path.relative_to(root)) for path in targets}
    _write_journal(root, {"state": "writing", "command": command, "files": [{"path": n} for n in names.values()]})
    parts: dict[Path, Path] = {}
    entries = []
    try:
        for path, data in targets.items():
            old = path.read_bytes() if path.is_file() else None
            parts[path] = write_part(path, data)
            if old is not None:
                os.chmod(parts[path], stat.S_IMODE(path.stat().st_mode))
            entries.append({"path": names[path], "part": parts[path].name, "new": _sha(data),
                            "old": None if old is None else old.decode("utf-8")})
        _write_journal(root, {"state": "committed", "command": command, "files": entries})
    except BaseException:
        for part in parts.values():
            part.unlink(missing_ok=True)
        (root / JOURNAL_NAME).unlink(missing_ok=True)
        raise
    try:
        for path, part in parts.items():
            os.replace(part, path)
    except OSError:
        _finish(root, entries, roll_back=True)  # put every file back as it was (if this fails, the journal stays)
        (root / JOURNAL_NAME).unlink()
        _sync_dir(root)
        raise
    for folder in {path.parent for path in parts}:
        _sync_dir(folder)
    (root / JOURNAL_NAME).unlink()
    _sync_dir(root)


def _finish(root: Path, entries: list[dict], roll_back: bool) -> None:
    """Bring every file of a committed journal to its new text, or (``roll_back``) to its old one."""
    for entry in entries:
        path = root / entry["path"]
        part = path.parent / entry["part"]
        if roll_back:
            if entry["old"] is None:
                path.unlink(missing_ok=True)
            elif not path.is_file() or path.read_bytes() != entry["old"].encode("utf-8"):
                mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o644
                write_atomic(path, entry["old"].encode("utf-8"))
                os.chmod(path, mode)
            part.unlink(missing_ok=True)
        elif part.is_file():
            os.replace(part, path)


def _can_finish(root: Path, entries: list[dict]) -> bool:
    """Every file either already has its new text or has a whole part file waiting with it."""
    for entry in entries:
        path = root / entry["path"]
        part = path.parent / entry["part"]
        for candidate in (part, path):
            if candidate.is_file() and _sha(candidate.read_bytes()) == entry["new"]:
                break
        else:
            return False
    return True


def clear_parts(root: Path) -> list[Path]:
    """Remove the ``.part`` files a killed run left anywhere in the data folder; returns them."""
    found = [p for p in root.rglob(".*.part") if _PART.fullmatch(p.name) and p.is_file() and not p.is_symlink()]
    for path in found:
        path.unlink(missing_ok=True)
    return found


def pending(root: Path) -> bool:
    """Whether a run that died left a journal to finish (one stat: cheap enough for every command)."""
    return (root / JOURNAL_NAME).exists()


def recover(root: Path) -> str | None:
    """Finish or undo the work of an import that died; a sentence saying which, or None if there was none.

    Takes the data folder's lock (waiting up to :data:`RECOVER_WAIT` seconds
    for a live import). Only reads the journal when there is one, so it is
    cheap to call before every command.

    Raises:
        CollateralError: the journal cannot be read or the data folder cannot be written.
    """
    if not pending(root):
        return None
    with locks.hold(root, "recover", wait=RECOVER_WAIT):
        return _recover_locked(root)


def _recover_locked(root: Path) -> str | None:
    root = root.absolute()
    journal = root / JOURNAL_NAME
    label = _label(root, journal)
    try:
        if not journal.exists():  # the run we waited for finished its work
            return None
        record = json.loads(journal.read_text(encoding="utf-8"))
        state, command, entries = record["state"], record.get("command", "import"), record["files"]
        if state == "writing":
            done = _("nothing had been changed yet: the data is as before it")
        elif _can_finish(root, entries):
            _finish(root, entries, roll_back=False)
            done = _("its {count} file(s) now all have their new text").format(count=len(entries))
        else:
            _finish(root, entries, roll_back=True)
            done = _("a new text was missing, so its {count} file(s) got their old text back").format(
                       count=len(entries))
        for folder in {(root / e["path"]).parent for e in entries}:
            _sync_dir(folder)
        cleared = clear_parts(root)
        journal.unlink()
        _sync_dir(root)
    except (ValueError, KeyError, TypeError) as err:
        raise CollateralError(Problem(_("journal of an interrupted import cannot be read ({err}); check the "
                                         "data files it names, then delete it").format(err=err), file=label)) from err
    except OSError as err:
        raise OutputError(Problem(_("cannot finish the interrupted import: {value}").format(
                                      value=err.strerror or err),
                                  file=label)) from err
    parts = _("; {count} leftover .part file(s) removed").format(count=len(cleared)) if cleared else ""
    return f"{label}: `collateral {command}` was interrupted; {done}{parts}"
