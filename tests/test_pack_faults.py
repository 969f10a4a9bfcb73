"""Faults during a batch give one line and a clean stop (issue 17): a full disk, a file too large, a
read-only folder, Ctrl-C. What was made before is whole, listed in the journal, and not made again."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATE

HEBI = "410600"
TOTAL = 2 * 48 + 6  # its leaflets and booklets: every township's two, the six county-level units' booklets
FILES = 3 * 48 + 2 * 6  # a booklet's 说明 is a file of its own
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _batch(*args: str, **kw) -> list[str]:
    return [sys.executable, "-m", "collateral.cli.app", "batch", *args, "--date", DATE, "-q"]


def _journal(out: Path) -> list[dict]:
    """The journal's entries. Only its last line may be torn (the disk filled while it was appended): the next run
    skips it, and the file it would have listed was never renamed into place."""
    path = out / ".collateral-journal.jsonl"
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []
    entries = []
    for n, line in enumerate(lines, 1):
        try:
            entries.append(json.loads(line))
        except ValueError:
            assert n == len(lines), f"journal line {n} of {len(lines)} is torn: {line!r}"
    return entries


def _pdfs(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*.pdf")}


@pytest.fixture
def tmpfs(tmp_path):
    """A 5 MB file system of its own, if this machine lets the tests mount one (root, no container ban)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or 'not permitted'}): the full-disk test needs one")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.mark.slow
def test_a_full_disk_stops_at_the_first_piece_it_cannot_write_and_the_next_run_resumes(tmpfs):
    out = tmpfs / "pack"
    cmd = _batch(HEBI, "-o", str(out), "--products", "leaflet,booklet", "--jobs", "2")
    r = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()  # one line: no traceback, no "internal error"
    assert line.startswith("error: ") and "No space left on device; stopped after " in line
    made = int(line.split("stopped after ")[1].split(" of ")[0])
    assert f" of {TOTAL} pieces: free some space, then run the same command again" in line
    assert 0 < made < TOTAL
    assert not list(out.rglob("*.part"))
    assert {e["path"] for e in _journal(out)} == _pdfs(out)  # what is on disk is whole and journalled
    assert not (out / "manifest.json").exists()
    subprocess.run(["mount", "-o", "remount,size=40m", str(tmpfs)], check=True)  # space freed
    again = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{TOTAL - made} made, {made} unchanged" in again.stderr
    assert len(_pdfs(out)) == FILES


def test_a_read_only_folder_is_one_line_naming_it(tmpfs):
    out = tmpfs / "pack"
    out.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    r = subprocess.run(_batch(HEBI, "-o", str(out), "--products", "board"), capture_output=True, text=True,
                       env=ENV, timeout=120)
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert f"error: {out}" in line and "Read-only file system" in line


def test_a_file_too_large_for_the_file_system_stops_the_run_in_one_line(tmp_path):
    out = tmp_path / "pack"

    def small_files():  # the largest file a process may write: a board is larger
        resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))

    r = subprocess.run(_batch(HEBI, "-o", str(out), "--products", "board", "--jobs", "1"), capture_output=True,
                       text=True, env=ENV, timeout=120, preexec_fn=small_files)
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert "board-900x1200-press-pdfx4.pdf: cannot write: File too large; stopped after 0 of 7 pieces: write the " \
        "pack to a file system that takes larger files (-o), then run the same command again" in line
    assert not list(out.rglob("*.part")) and not _pdfs(out)


@pytest.mark.slow
def test_ctrl_c_says_what_was_made_and_exits_130_and_the_next_run_finishes(tmp_path):
    out = tmp_path / "pack"
    cmd = _batch(HEBI, "-o", str(out), "--products", "leaflet,booklet", "--jobs", "2")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_pdfs(out)) < 8:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the parent and its workers
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    (line,) = err.strip().splitlines()  # no worker tracebacks
    made, left = line.removeprefix("interrupted: ").split("; ")[0].split(", ")
    made, left = int(made.split()[0]), int(left.split()[0])
    assert line.endswith("; run again to finish")
    assert 0 < made and 0 < left
    assert not list(out.rglob("*.part"))
    again = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert again.returncode == 0, again.stderr
    total = int(again.stderr.split(" made,")[0].split()[-1]) + int(again.stderr.split(" made, ")[1].split()[0])
    assert total == TOTAL


def test_a_second_run_into_a_folder_in_use_is_refused_in_one_line_naming_the_first(tmp_path):
    from collateral.files.locks import hold

    out = tmp_path / "pack"
    with hold(out, f"batch {HEBI} -o {out}"):
        r = subprocess.run(_batch(HEBI, "-o", str(out), "--products", "board"), capture_output=True, text=True,
                           env=ENV, timeout=120)
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith(f"error: {out}: in use by pid {os.getpid()} (collateral batch {HEBI} -o {out}, since ")
    assert not _pdfs(out)


def test_a_journal_that_cannot_grow_stops_the_run_in_one_line_naming_it(cli, tmp_path, monkeypatch):
    import errno

    from collateral.pack import manifest

    def too_large(self, entry):
        raise manifest._fail(OSError(errno.EFBIG, "File too large"), self.path)

    monkeypatch.setattr(manifest.Journal, "append", too_large)
    out = tmp_path / "pack"
    r = cli("batch", HEBI, "-o", out, "--products", "board", "--jobs", "1", "--date", DATE, "-q")
    assert r.code == 1
    (line,) = r.err.strip().splitlines()
    assert line.startswith(f"error: {out}/.collateral-journal.jsonl: cannot write: File too large; stopped after 0 "
                           "of 7 pieces")
    assert not _pdfs(out) and not list(out.rglob("*.part"))  # no file without its journal line
