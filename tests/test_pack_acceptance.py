"""Issue 16 and 17's acceptance runs on 郑州市 (447 pieces): a smaller run into a full pack, two runs at
once, a county whose data fails."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collateral.data.dataset import Dataset
from conftest import DATE, county_file, replace_in

ZHENGZHOU, JINSHUI = "410100", "410105"
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _manifest(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}


def _pieces(manifest: dict[str, dict]) -> int:
    """The pieces a pack holds: every booklet's 说明 is a file of its own, printed once, and no piece."""
    instructions = [p for p, e in manifest.items() if e.get("role") == "instructions"]
    assert all(p.endswith("-说明.pdf") for p in instructions)
    return len(manifest) - len(instructions)


def _on_disk(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.pdf")}


@pytest.mark.slow
def test_a_township_leaflet_run_into_a_full_zhengzhou_pack_keeps_the_manifest(cli, tmp_path):
    out = tmp_path / "pack"
    assert cli("batch", ZHENGZHOU, "-o", out, "--date", DATE, "-q").code == 0
    before = _manifest(out)
    assert _pieces(before) == 447
    r = cli("batch", "410105001", "--products", "leaflet", "-o", out, "--date", DATE, "-q")
    assert r.code == 0, r.err
    assert len(_manifest(out)) == len(before) and _manifest(out) == before
    assert (out / "readiness.csv").read_text(encoding="utf-8-sig").count("\n") == 1 + 224


@pytest.mark.slow
def test_two_batches_started_apart_into_one_folder_leave_a_pack_that_matches_its_manifest(tmp_path):
    out = tmp_path / "pack"
    cmd = [sys.executable, "-m", "collateral.cli.app", "batch", ZHENGZHOU, "-o", str(out), "--date", DATE, "-q"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    time.sleep(1.5)
    second = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    results = [(p.communicate(timeout=300)[1], p.returncode)[::-1] for p in (first, second)]
    for code, err in results:
        assert "Traceback" not in err and "internal error" not in err, err
    assert results[0][0] == 0, results[0][1]
    code, err = results[1]
    # the second waits for the first or refuses in one line naming it
    assert code == 0 or (code == 1 and len(err.strip().splitlines()) == 1 and f"pid {first.pid}" in err), err
    manifest = _manifest(out)
    assert _pieces(manifest) == 447
    assert _on_disk(out) == {p: e["sha256"] for p, e in manifest.items()}
    assert not list(out.rglob("*.part")) and not (out / ".collateral-journal.jsonl").exists()


def test_a_county_with_an_invalid_number_stops_the_city_board_and_every_unit_it_leaves_without_files(
        cli, data_copy, tmp_path):
    f = county_file(data_copy, JINSHUI)
    replace_in(f, 'phone: ""', 'phone: "0371-123"')  # 区委书记's number: not a number anyone can call
    out = tmp_path / "pack"
    r = cli("batch", ZHENGZHOU, "--products", "board", "-o", out, "--data", data_copy, "--date", DATE, "-q")
    assert r.code == 1
    assert "0371-123" in r.err and f"{f.relative_to(data_copy.parent)}:" in r.err
    made = _manifest(out)
    assert not any(e["unit"] in (ZHENGZHOU, JINSHUI) for e in made.values())  # no 郑州市 board, no 金水区 board
    assert not list(out.glob("*/*郑州市-board*.pdf"))
    townships = len(Dataset(data_copy).load_all().children(JINSHUI))
    # 郑州市 (its board lists 金水区), 金水区 and its 24 townships: 26 (the 25 was 金水区 and its
    # townships, counted when the city board was still made)
    assert f"{1 + 1 + townships} unit(s) failed" in r.err
    assert len(made) == 16 - 2  # every other county's board
