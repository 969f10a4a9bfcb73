"""The folder lock: one run at a time, a second one told who holds it, nothing left locked by a killed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collateral.errors import LockedError
from collateral.files.locks import hold

HOLDER = """
import sys, time
from pathlib import Path
from collateral.files.locks import hold
with hold(Path(sys.argv[1]), "batch 410100 -o pack"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def start_holder(folder: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_is_refused_naming_the_holder(tmp_path):
    proc = start_holder(tmp_path, 30)
    try:
        with pytest.raises(LockedError) as caught:
            with hold(tmp_path, "import x.xlsx"):
                pass
        message = str(caught.value)
        assert f"pid {proc.pid} (collateral batch 410100 -o pack, since 20" in message
        assert message.startswith(f"error: {tmp_path}: in use by")
        assert "\n" not in message
    finally:
        proc.kill()
        proc.wait()


def test_a_waiting_run_goes_on_when_the_holder_finishes(tmp_path):
    proc = start_holder(tmp_path, 0.5)
    told = []
    started = time.monotonic()
    with hold(tmp_path, "import x.xlsx", wait=20, on_wait=told.append):
        waited = time.monotonic() - started
    proc.wait()
    assert told and told[0].pid == proc.pid
    assert 0.2 < waited < 10


def test_a_killed_holder_leaves_the_folder_free(tmp_path):
    proc = start_holder(tmp_path, 30)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with hold(tmp_path, "import x.xlsx"):  # at once, no waiting
        pass


def test_holding_is_reentrant_within_a_process(tmp_path):
    with hold(tmp_path, "import"):
        with hold(tmp_path, "import"):
            pass
        proc = subprocess.run([sys.executable, "-c", HOLDER, str(tmp_path), "0"], capture_output=True, text=True,
                              timeout=30)
        assert proc.returncode != 0 and "LockedError" in proc.stderr  # still held after the inner exit


def test_the_folder_is_as_it_was_after_a_run(tmp_path):
    (tmp_path / "a.yaml").write_text("x: 1\n")
    with hold(tmp_path, "import"):
        assert (tmp_path / ".collateral.lock").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


CONTENDER = """
import sys
from pathlib import Path
from collateral.files.locks import hold
folder, log = Path(sys.argv[1]), Path(sys.argv[2])
for _ in range(30):
    with hold(folder, "import", wait=60):
        with open(log, "a") as f:
            f.write("in\\n")
            f.flush()
            f.write("out\\n")
"""


def test_runs_racing_for_the_lock_never_overlap(tmp_path):
    """Three processes take and give back the lock (and remove its file) 30 times each: never two inside."""
    log = tmp_path / "log"
    procs = [subprocess.Popen([sys.executable, "-c", CONTENDER, str(tmp_path / "d"), str(log)]) for _ in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    assert log.read_text().split() == ["in", "out"] * 90
