"""One run at a time per folder: an advisory lock that names its holder.

Two imports into one data folder, or two batches into one pack, would each
read the folder, then write it over the other's work. :func:`hold` takes an
exclusive lock on ``<folder>/.collateral.lock`` for as long as a command
works there; a second run waits for it (``wait`` seconds) or stops with one
line naming the holder: its pid, its command and since when it runs.

The lock is ``flock(2)`` (``msvcrt.locking`` on Windows): the system drops
it when its holder ends, even by SIGKILL, so a killed run never leaves a
folder locked, and no stale lock has to be guessed at. The holder removes
the file when it is done, so a folder is as it was after a run that changed
nothing (the data folder stays byte-identical after a refused import). A
run that locked a file another run has just removed sees that the name no
longer leads to its file, and tries again: the classic race of removing
lock files is closed that way. A killed holder leaves its file; the next
run takes it over.

Holding is re-entrant within a process: a command that holds the data
folder may call code that takes the same lock again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from collateral.errors import LockedError, OutputError, Problem
from collateral.paths import LOCK_NAME
from collateral.i18n import _

POLL = 0.1  # seconds between tries while waiting

if sys.platform == "win32":  # pragma: no cover - not run on the Linux CI
    import msvcrt

    _FAR = 2**31 - 2  # lock a byte far past the holder text, so it stays readable

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    """Who holds a folder, as the holder wrote it when it took the lock."""

    pid: int | None
    command: str
    since: str

    def __str__(self) -> str:
        if self.pid is None:
            return _("another collateral run (it has not said which yet)")
        return f"pid {self.pid} (collateral {self.command}, since {self.since})"


_held: dict[Path, tuple[int, int]] = {}  # lock file -> (fd, depth), for re-entrant holding


def lock_file(folder: Path) -> Path:
    return folder / LOCK_NAME


def holder(folder: Path) -> Holder:
    """What the lock file of ``folder`` says about its holder (meaningful only while it is held)."""
    try:
        info = json.loads(lock_file(folder).read_text(encoding="utf-8"))
        return Holder(int(info["pid"]), str(info["command"]), str(info["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder(None, "", "")


def _open(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputError(Problem(_("cannot lock the folder for this run: {value}").format(
                                      value=err.strerror or err),
                                  file=str(path.parent))) from err


def _say_who(fd: int, command: str) -> None:
    since = dt.datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
    text = json.dumps({"pid": os.getpid(), "command": command, "since": since}, ensure_ascii=False)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("utf-8"), 0)
    except OSError:
        pass  # the lock holds without the note; a waiting run then says it does not know who


@contextmanager
def hold(folder: Path, command: str, wait: float = 0.0,
         on_wait: Callable[[Holder], None] | None = None) -> Iterator[None]:
    """Hold ``folder`` for one run of ``command`` (e.g. "import 郑州市.xlsx"); made if it does not exist.

    ``wait``: seconds to wait for another holder to finish; ``on_wait`` is
    called once with that holder when waiting begins (to tell the user).

    Raises:
        LockedError: another process still holds the folder after ``wait``
            seconds; the message names it and the folder.
        OutputError: the lock file cannot be made (a read-only folder).
    """
    path = lock_file(folder).absolute()
    if path in _held:
        fd, depth = _held[path]
        _held[path] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held[path]
            _held[path] = (fd, depth - 1)
        return
    fd = _acquire(path, folder, wait, on_wait)
    try:
        _say_who(fd, command)
        _held[path] = (fd, 1)
        try:
            yield
        finally:
            del _held[path]
            try:
                path.unlink()  # while still locked: a run that opened it meanwhile sees it gone and retries
            except OSError:
                pass
            _unlock(fd)
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _acquire(path: Path, folder: Path, wait: float, on_wait: Callable[[Holder], None] | None) -> int:
    """An open, locked descriptor of the lock file that ``path`` names right now."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd = _open(path)
        if _try_lock(fd):
            if _same_file(fd, path):
                return fd
            os.close(fd)  # locked a file its holder had just removed: take the new one
            continue
        os.close(fd)
        other = holder(folder)
        if time.monotonic() >= deadline:
            waited = f" after waiting {wait:g} s" if wait else ""
            raise LockedError(Problem(_("in use by {other}{waited}; run again when it has finished").format(
                                          other=other, waited=waited),
                                      file=str(folder)))
        if not told and on_wait is not None:
            on_wait(other)
            told = True
        time.sleep(POLL)
