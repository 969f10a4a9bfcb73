"""The province batch as the provincial office runs it: every file, verified, resumable, shardable."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from conftest import DATE, county_file

HEBI = "410600"  # 鹤壁市: five counties, a development zone, 48 townships: a whole city, quickly


def _manifest(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}


def _files(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in out.rglob("*.pdf")}


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_a_city_pack_has_every_file_verified_in_the_manifest_and_its_zip(cli, tmp_path):
    out = tmp_path / "pack"
    r = cli("batch", HEBI, "-o", out, "--date", DATE, "-q", "--jobs", "2")
    assert r.code == 0, r.err
    dataset = Dataset(data_dir()).load_all()
    city = dataset.unit(HEBI)
    counties = dataset.children(HEBI)
    townships = [t for c in counties for t in dataset.children(c.code)]
    # leaflet + booklet + its 说明; booklet + its 说明 + board; the city's board
    expected = 3 * len(townships) + 3 * len(counties) + 1
    files = _files(out)
    assert len(files) == expected
    manifest = _manifest(out)
    assert set(manifest) == set(files)
    for path, digest in files.items():
        assert manifest[path]["sha256"] == digest
        assert len(PdfReader(out / path).pages) == manifest[path]["pages"] > 0
    assert {e["product"] for e in manifest.values()} == {"leaflet", "booklet", "board"}
    notes = {p for p, e in manifest.items() if e["role"] == "instructions"}
    assert {p.replace("-说明.pdf", ".pdf") for p in notes} == {p for p, e in manifest.items() if e["product"] == "booklet"
                                                               and e["role"] == "copies"}  # one 说明 per booklet
    csv_rows = (out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_rows[0].endswith(",role") and sum(r.endswith(",instructions") for r in csv_rows) == len(notes)
    leaflet = next(e for e in manifest.values() if e["product"] == "leaflet")
    text = PdfReader(out / leaflet["path"]).pages[0].extract_text()
    assert f"编号 {leaflet['edition']}" in text  # the code in the manifest is the code on the paper
    assert leaflet["edition"].startswith("202611-") and leaflet["fingerprint"].startswith(leaflet["edition"][7:])
    with zipfile.ZipFile(out / f"{HEBI}-{city.name}.zip") as z:
        assert sorted(z.namelist()) == sorted(files)
        assert all(hashlib.sha256(z.read(n)).hexdigest() == files[n] for n in z.namelist())
    assert (out / "readiness.csv").read_text(encoding="utf-8-sig").count("\n") == 1 + 1 + len(counties) + len(townships)
    assert "淇县" in (out / "readiness.html").read_text(encoding="utf-8")
    pieces = expected - len(notes)  # a booklet and its 说明 are one piece
    assert f"{pieces} made, 0 unchanged, 0 unit(s) failed" in r.err and f"({expected} files" in r.err
    again = cli("batch", HEBI, "-o", out, "--date", DATE, "-q")
    assert f"0 made, {pieces} unchanged" in again.err
    assert _files(out) == files


def test_changing_one_leader_rebuilds_exactly_the_pieces_that_print_it(cli, data_copy, tmp_path):
    out = tmp_path / "pack"
    args = ("batch", HEBI, "-o", out, "--data", data_copy, "--date", DATE, "-q", "--products", "leaflet,board")
    assert cli(*args).code == 0
    before = _manifest(out)
    f = county_file(data_copy, "410622")  # 淇县
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace('phone: ""', 'phone: "15890062206"', 1), encoding="utf-8")
    r = cli(*args)
    assert r.code == 0, r.err
    after = _manifest(out)
    changed = {p for p in after if after[p]["sha256"] != before[p]["sha256"]}
    dataset = Dataset(data_copy).load_all()
    qixian = [t.code for t in dataset.children("410622")]
    expected = {p for p, e in after.items() if e["unit"] in qixian or e["unit"] in ("410622", HEBI)}
    assert changed == expected  # its townships' leaflets, its board, and the city board that lists it
    assert f"{len(expected)} made, {len(after) - len(expected)} unchanged" in r.err


def test_a_broken_county_is_named_and_the_rest_is_made(cli, data_copy, tmp_path):
    f = county_file(data_copy, "410622")
    f.write_text(f.read_text(encoding="utf-8").replace("name: 淇县", "name: [淇县", 1), encoding="utf-8")
    out = tmp_path / "pack"
    r = cli("batch", HEBI, "-o", out, "--data", data_copy, "--date", DATE, "-q", "--products", "leaflet")
    assert r.code == 1
    assert "data/henan/410600-鹤壁市/410622-淇县.yaml:" in r.err and "YAML" in r.err
    made = {e["unit"] for e in _manifest(out).values()}
    dataset = Dataset(data_dir()).load_all()
    others = {t.code for c in dataset.children(HEBI) if c.code != "410622" for t in dataset.children(c.code)}
    assert made == others


def test_a_county_file_that_cannot_be_read_stops_its_city_board_and_stays_in_readiness(cli, data_copy, tmp_path):
    f = county_file(data_copy, "410622")
    f.write_text(f.read_text(encoding="utf-8").replace("name: 淇县", "name: [淇县", 1), encoding="utf-8")
    out = tmp_path / "pack"
    r = cli("batch", HEBI, "-o", out, "--data", data_copy, "--date", DATE, "-q", "--products", "board")
    assert r.code == 1
    assert "410622-淇县.yaml:" in r.err and "2 unit(s) failed" in r.err  # 淇县, and 鹤壁市 whose board lists it
    assert {e["unit"] for e in _manifest(out).values()} == {c.code for c in Dataset(data_dir()).load_all()
                                                           .children(HEBI)} - {"410622"}
    rows = (out / "readiness.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any(r.startswith("410622,鹤壁市/淇县,县级,失败,") for r in rows)
    assert any(r.startswith(f"{HEBI},鹤壁市,市级,失败,") for r in rows)


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_shards_together_make_the_files_of_one_run(cli, tmp_path):
    full = tmp_path / "full"
    assert cli("batch", HEBI, "-o", full, "--date", DATE, "-q", "--products", "leaflet,board").code == 0
    shards = [tmp_path / f"s{k}" for k in (1, 2, 3)]
    for k, d in enumerate(shards, 1):
        r = cli("batch", HEBI, "-o", d, "--date", DATE, "-q", "--products", "leaflet,board", "--shard", f"{k}/3")
        assert r.code == 0, r.err
        assert (d / f"manifest-{k}-of-3.json").is_file()
    sizes = [len(_files(d)) for d in shards]
    assert all(s > 0 for s in sizes) and sum(sizes) == len(_files(full))
    r = cli("batch-merge", *shards)
    assert r.code == 0, r.err
    assert _files(shards[0]) == _files(full)
    assert _manifest(shards[0]) == _manifest(full)
    assert not [p for d in shards for p in d.glob("manifest-*")]  # the shards' own manifests are gone
    again = cli("batch", HEBI, "-o", shards[0], "--date", DATE, "-q", "--products", "leaflet,board")
    assert f"0 made, {len(_files(full))} unchanged" in again.err  # the merged pack is whole as it is


@pytest.mark.slow
def test_shards_that_do_not_make_one_run_are_not_merged(cli, tmp_path, data_copy):
    def shard(k: int, n: int, date: str = DATE, *data: str) -> Path:
        d = tmp_path / f"s{k}-{n}-{date}{'-data' if data else ''}"
        r = cli("batch", HEBI, "-o", d, "--date", date, "-q", "--products", "board", "--shard", f"{k}/{n}", *data)
        assert r.code == 0, r.err
        return d

    one, two, three = shard(1, 3), shard(2, 3), shard(3, 3)
    r = cli("batch-merge", one, two)
    assert r.code == 1
    assert "error: -" not in r.err and "shard(s) 3/3 missing: give the folders of all 3 shards" in r.err
    other_date = shard(3, 3, "2026-12-01")
    r = cli("batch-merge", one, two, other_date)
    assert r.code == 1
    assert f"{other_date}/manifest-3-of-3.json" in r.err and "another edition date (--date)" in r.err
    f = county_file(data_copy, "410622")
    f.write_text(f.read_text(encoding="utf-8") + "# 改过的数据\n", encoding="utf-8")
    edited = shard(3, 3, DATE, "--data", str(data_copy))
    r = cli("batch-merge", one, two, edited)
    assert r.code == 1 and "shard 3/3 has another data than shard 1/3" in r.err
    r = cli("batch-merge", one, two, three, three)
    assert r.code == 1 and "shard 3/3 given twice" in r.err
    (two / ".collateral-journal.jsonl").write_text("", encoding="utf-8")  # as a stopped run leaves it
    r = cli("batch-merge", one, two, three)
    assert r.code == 1 and f"{two}/.collateral-journal.jsonl: a shard run here was stopped" in r.err
    assert (one / "manifest-1-of-3.json").is_file() and not (one / "manifest.json").exists()  # nothing merged


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_killed_midway_then_rerun_finishes_without_redoing_finished_files(tmp_path):
    out = tmp_path / "pack"
    cmd = [sys.executable, "-m", "collateral.cli.app", "batch", HEBI, "-o", str(out), "--date", DATE, "-q",
           "--jobs", "2", "--products", "leaflet,booklet"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.pdf"))) < 10:
        time.sleep(0.05)
    time.sleep(random.uniform(0.0, 0.1))  # short: the run (~100 files) must still be going
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.pdf")}
    assert finished, "the run was killed before any file was finished"
    for p in finished:
        PdfReader(p)  # every file on disk is whole
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert not list(out.rglob("*.part"))
    manifest = _manifest(out)
    assert 0 < len(finished) < len(manifest), "the kill did not happen mid-run"
    assert _files(out) == {p: e["sha256"] for p, e in manifest.items()}
    for p, stamp in finished.items():  # nothing finished before the kill was made again
        assert (p.stat().st_ino, p.stat().st_mtime_ns) == stamp
    made = int(r.stderr.split(" made,")[0].split()[-1])
    pieces: dict[tuple[str, str], set[Path]] = {}  # a booklet and its 说明: one piece, two files
    for p, e in manifest.items():
        pieces.setdefault((e["unit"], e["product"]), set()).add(out / p)
    assert made == sum(1 for files in pieces.values() if not files <= set(finished))


@pytest.mark.parametrize("args, message", [
    (["--shard", "4/3"], "--shard '4/3': give K/N with 1 ≤ K ≤ N"),
    (["--products", "poster"], "--products: unknown poster (registered: leaflet, booklet, board)"),
])
def test_bad_batch_options_are_refused(cli, tmp_path, args, message):
    r = cli("batch", HEBI, "-o", tmp_path / "out", *args)
    assert r.code == 1
    assert message in r.err
    assert not (tmp_path / "out").exists()


def test_merging_a_folder_that_is_not_a_pack_is_refused_and_writes_nothing(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    r = cli("batch-merge", tmp_path)
    assert r.code == 1
    assert f"error: {tmp_path}: holds no manifest of a batch --shard run" in r.err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.slow
def test_the_whole_province_pack_is_complete_and_verified(cli, tmp_path):
    """The acceptance run: every expected file of the bundled data, each whole, each in its city's zip."""
    out = tmp_path / "pack"
    r = cli("batch", "-o", out, "--date", DATE, "-q", "--jobs", "2")
    assert r.code == 0, r.err
    dataset = Dataset(data_dir()).load_all()
    levels = {level: len(dataset.units(level)) for level in (0, 1, 2, 3)}
    # leaflet + booklet + its 说明, booklet + its 说明 + board, boards
    expected = 3 * levels[3] + 3 * levels[2] + levels[1] + levels[0]
    manifest = _manifest(out)
    files = _files(out)
    assert len(files) == len(manifest) == expected
    assert all(manifest[p]["sha256"] == digest for p, digest in files.items())
    for path in files:
        assert len(PdfReader(out / path).pages) == manifest[path]["pages"]
    zips = sorted(out.glob("*.zip"))
    assert len(zips) == levels[1]
    listed = []
    for z in zips:
        with zipfile.ZipFile(z) as archive:
            names = archive.namelist()
        assert all(n.startswith(z.stem + "/") for n in names)  # exactly its city's files
        listed += names
    assert sorted(listed) == sorted(p for p in files if "/" in p)


def test_a_full_disk_stops_the_run_in_one_line_and_the_next_run_resumes(cli, tmp_path, monkeypatch):
    import errno

    from collateral.files import output

    real = output._write_all

    def full_from_one(fd, data):
        if "/.410622-" in os.readlink(f"/proc/self/fd/{fd}"):  # 淇县's piece: the disk is full when it comes
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(output, "_write_all", full_from_one)
    out = tmp_path / "pack"
    args = ("batch", HEBI, "-o", out, "--date", DATE, "-q", "--jobs", "1", "--products", "board")
    r = cli(*args)
    assert r.code == 1
    (line,) = r.err.strip().splitlines()
    assert "410622-淇县-board-900x1200-press-pdfx4.pdf: cannot write: No space left on device; stopped after" in line
    made = int(line.split("stopped after ")[1].split(" of ")[0])
    assert line.split(" of ")[-1].startswith("7 pieces: free some space, then run the same command again")
    assert not list(out.rglob("*.part"))
    assert len(list(out.rglob("*.pdf"))) == made < 7  # nothing after the first full disk was tried
    monkeypatch.setattr(output, "_write_all", real)
    again = cli(*args)
    assert again.code == 0, again.err
    assert f"{7 - made} made, {made} unchanged" in again.err
    assert len(_manifest(out)) == 7


def test_a_pack_made_when_the_instructions_were_page_one_gets_its_booklets_remade_with_a_file_apart(cli, tmp_path):
    """A booklet listed as one file (its instruction page inside, as packs were made before) is made again."""
    out = tmp_path / "pack"
    args = ("batch", "410105002", "-o", out, "--date", DATE, "-q", "--products", "booklet")
    assert cli(*args).code == 0
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (note,) = [e for e in doc["files"] if e["role"] == "instructions"]
    (piece,) = [e for e in doc["files"] if e["role"] == "copies"]
    assert note["path"] == piece["path"].replace(".pdf", "-说明.pdf")
    doc["files"] = [{k: v for k, v in piece.items() if k != "role"}]  # the old manifest: one file, no role
    (out / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (out / note["path"]).unlink()
    r = cli(*args)
    assert r.code == 0, r.err
    assert "1 made, 0 unchanged" in r.err
    assert sorted(e["role"] for e in _manifest(out).values()) == ["copies", "instructions"]
    assert (out / note["path"]).is_file()
    assert "打印说明" not in "".join(p.extract_text() for p in PdfReader(out / piece["path"]).pages)
