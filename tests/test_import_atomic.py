"""An import changes all its files or none: killed mid-way, run twice at once, or told to write a read-only file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_import import hashes
from test_locks import start_holder

from collateral.cli import data as cli_module

# Four county files of 郑州市, one leader each.
ROWS = [("410102", "区长", "周中原"), ("410103", "区长", "吴二七"), ("410104", "区长", "郑管城"),
        ("410105", "区长", "陈金水")]
HEADER = "代码,单位,职务,姓名,公开号码\n"


def sheet(tmp_path: Path, rows=ROWS, name: str = "four.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{code},,{role},{who},\n" for code, role, who in rows), encoding="utf-8")
    return path


def county(data: Path, code: str) -> Path:
    return next(data.glob(f"henan/*/{code}-*.yaml"))


def new_and_old(data: Path, rows=ROWS) -> tuple[int, int]:
    """How many of the rows' counties have their new name, and how many still the old file."""
    new = sum(f"name: {who}\n" in county(data, code).read_text(encoding="utf-8") for code, _, who in rows)
    return new, len(rows) - new


# A child process that runs `collateral import` and kills itself (SIGKILL: no cleanup of any kind) at a
# chosen step: before the N-th rename of a data file, or before writing the N-th new text.
KILLER = textwrap.dedent("""
    import os, signal, sys
    import collateral.files.transaction as transaction
    where, at = sys.argv[3], int(sys.argv[4])
    count = [0]

    def step():
        if count[0] == at:
            os.kill(os.getpid(), signal.SIGKILL)
        count[0] += 1

    real_replace, real_write_part = os.replace, transaction.write_part

    def replace(src, dst, *args, **kwargs):
        if where == "rename" and str(dst).endswith(".yaml"):
            step()
        return real_replace(src, dst, *args, **kwargs)

    def write_part(path, data, sync=True):
        if where == "write":
            step()
        return real_write_part(path, data, sync)

    os.replace, transaction.write_part = replace, write_part
    from collateral.cli.app import main
    sys.exit(main(["import", sys.argv[1], "--data", sys.argv[2]]))
""")


def killed_import(path: Path, data: Path, where: str, at: int) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLER, str(path), str(data), where, str(at)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr  # it died where it was told to, not before or after


def leftovers(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob(".*") if p.is_file())


@pytest.fixture
def twin(cli, data_copy, tmp_path) -> Path:
    """The data as the four-county import leaves it when nothing goes wrong."""
    done = tmp_path / "twin" / "data"
    shutil.copytree(data_copy, done)
    r = cli("import", sheet(tmp_path, name="twin.csv"), "--data", done)
    assert r.code == 0, r.err
    assert new_and_old(done) == (4, 0)
    return done


@pytest.mark.slow  # ~4 s: an import in a child process
def test_killed_during_the_renames_the_next_command_finishes_the_import(cli, data_copy, tmp_path, twin):
    killed_import(sheet(tmp_path), data_copy, "rename", 2)
    assert new_and_old(data_copy) == (2, 2)  # killed mid-run: two files new, two old
    assert ".collateral-journal.json" in leftovers(data_copy)

    r = cli("template", "410100", "-o", tmp_path / "t.xlsx", "--data", data_copy)  # any command that reads data
    assert r.code == 0, r.err
    assert r.err.startswith("data/.collateral-journal.json: `collateral import four.csv` was interrupted; its 4 "
                            "file(s) now all have their new text")
    assert hashes(data_copy) == hashes(twin)  # all new, byte for byte
    assert leftovers(data_copy) == []  # no journal, no .part, no lock


@pytest.mark.slow  # ~4 s: an import in a child process
def test_killed_while_writing_the_new_texts_the_data_stays_all_old(cli, data_copy, tmp_path):
    before = hashes(data_copy)
    killed_import(sheet(tmp_path), data_copy, "write", 3)
    assert new_and_old(data_copy) == (0, 4)
    assert len([p for p in leftovers(data_copy) if p.endswith(".part")]) == 3  # what the killed run left

    r = cli("import", sheet(tmp_path, ROWS[:1], name="one.csv"), "--dry-run", "--data", data_copy)
    assert r.code == 0, r.err
    assert "was interrupted; nothing had been changed yet: the data is as before it; 3 leftover .part file(s) " \
           "removed" in r.err
    assert hashes(data_copy) == before


@pytest.mark.slow  # ~4 s: an import in a child process
def test_a_part_lost_after_the_commit_puts_every_file_back(cli, data_copy, tmp_path):
    before = hashes(data_copy)
    killed_import(sheet(tmp_path), data_copy, "rename", 2)
    parts = [data_copy / p for p in leftovers(data_copy) if p.endswith(".part")]
    assert len(parts) == 2
    parts[0].unlink()  # a clean-up tool, or a disk fault, took one of the new texts

    r = cli("template", "410100", "-o", tmp_path / "t.xlsx", "--data", data_copy)
    assert r.code == 0, r.err
    assert "a new text was missing, so its 4 file(s) got their old text back" in r.err
    assert hashes(data_copy) == before


@pytest.mark.slow  # ~5 s: two imports in child processes
def test_two_imports_at_once_both_land(data_copy, tmp_path):
    """Both wait for a third holder, then race for the lock: each must read what the other wrote."""
    first = sheet(tmp_path, ROWS[3:], name="first.csv")
    second = sheet(tmp_path, [("410105", "区委书记", "王建国")], name="second.csv")  # the same county file
    holder = start_holder(data_copy, 600)
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    try:
        runs = [subprocess.Popen([sys.executable, "-m", "collateral.cli.app", "import", str(path), "--data",
                                  str(data_copy)], stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
                for path, log in zip((first, second), logs)]
        # the holder lets go once both are waiting for it (however long a loaded machine takes to start them)
        deadline = time.monotonic() + 60
        while not all("waiting for pid" in log.read_text(encoding="utf-8") for log in logs):
            assert time.monotonic() < deadline and all(run.poll() is None for run in runs), [l.read_text() for l in logs]
            time.sleep(0.05)
    finally:
        holder.kill()
        holder.wait()
    outs = [run.communicate(timeout=120)[0] for run in runs]
    results = [(out, log.read_text(encoding="utf-8")) for out, log in zip(outs, logs)]
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0, err
        assert f"waiting for pid {holder.pid} (collateral batch 410100 -o pack, since " in err
        assert "change(s) written to 1 file(s)" in err
    text = county(data_copy, "410105").read_text(encoding="utf-8")
    assert "name: 陈金水\n" in text and "name: 王建国\n" in text


def test_a_held_data_folder_is_refused_naming_the_holder(cli, data_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_module, "IMPORT_WAIT", 0.3)
    before = hashes(data_copy)
    holder = start_holder(data_copy, 30)
    try:
        r = cli("import", sheet(tmp_path), "--data", data_copy)
    finally:
        holder.kill()
        holder.wait()
    assert r.code == 1
    waiting, refused = r.err.splitlines()
    assert waiting.startswith(f"{data_copy}: waiting for pid {holder.pid} (collateral batch 410100 -o pack, since ")
    assert refused.startswith(f"error: {data_copy}: in use by pid {holder.pid} (collateral batch 410100 -o pack, "
                              "since 20")
    assert refused.endswith("after waiting 0.3 s; run again when it has finished")
    after = hashes(data_copy)
    after.pop(".collateral.lock")  # the killed holder's; the next run takes it over
    assert after == before


def test_a_read_only_file_is_refused_in_one_line(cli, data_copy, tmp_path):
    path = county(data_copy, "410104")
    path.chmod(0o444)
    before = hashes(data_copy)
    r = cli("import", sheet(tmp_path), "--data", data_copy)
    assert r.code == 1
    assert r.err.splitlines() == [f"error: data/{path.relative_to(data_copy)}: read-only file: the import would "
                                  "change it; make it writable (chmod u+w) first, or leave its rows blank; "
                                  "nothing written"]
    assert hashes(data_copy) == before
    assert path.stat().st_mode & 0o777 == 0o444


def test_leftover_parts_in_the_data_folder_are_removed_by_the_next_import(cli, data_copy, tmp_path):
    stale = county(data_copy, "410105").parent / ".410105-金水区.yaml.k2j4h5g6.part"
    stale.write_text("half a file", encoding="utf-8")
    r = cli("import", sheet(tmp_path, ROWS[:1]), "--data", data_copy)
    assert r.code == 0, r.err
    assert leftovers(data_copy) == []


def test_a_failed_rename_puts_every_file_back(cli, data_copy, tmp_path, monkeypatch):
    """Four files to write; the third rename fails: the two replaced get their old text back, nothing is left."""
    before = hashes(data_copy)
    real_replace = os.replace
    renamed = []

    def failing_replace(src, dst):
        if str(dst).endswith(".yaml") and ".part" not in str(dst):
            renamed.append(dst)
            if len(renamed) == 3:
                raise OSError(1, "Operation not permitted", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    r = cli("import", sheet(tmp_path), "--data", data_copy)
    assert r.code == 1
    assert r.err.splitlines() == [f"error: data/{Path(renamed[2]).relative_to(data_copy)}: cannot write: Operation "
                                  "not permitted; no data file was changed"]
    assert hashes(data_copy) == before


def test_reading_the_data_while_an_import_holds_it_says_nothing_of_the_lock(data_copy):
    from collateral.data.dataset import Dataset
    from collateral.files.locks import hold

    with hold(data_copy, "import four.csv"):
        problems = Dataset(data_copy).load_all().problems
    assert not [p for p in problems if ".collateral" in str(p)]
