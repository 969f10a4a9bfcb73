"""A pack is a union (issue 17): a smaller run into a full pack updates its own pieces and keeps the rest."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import DATE, county_file, replace_in

HEBI = "410600"  # 鹤壁市: 48 townships, quick
QIXIAN = "410622"


def _doc(out: Path, name: str = "manifest") -> dict:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


def _manifest(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in _doc(out)["files"]}


def _on_disk(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.pdf")}


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def hebi_pack(tmp_path_factory) -> Path:
    """鹤壁市's full default pack, made once; tests work on copies."""
    from collateral.cli.app import main

    out = tmp_path_factory.mktemp("hebi") / "pack"
    assert main(["batch", HEBI, "-o", str(out), "--date", DATE, "-q", "--jobs", "2"]) == 0
    return out


@pytest.fixture
def pack(hebi_pack, tmp_path) -> Path:
    out = tmp_path / "pack"
    shutil.copytree(hebi_pack, out)
    return out


def test_a_township_run_into_a_full_pack_keeps_every_entry_and_touches_no_zip(cli, pack):
    before, stamps = _manifest(pack), _stamps(pack)
    readiness = (pack / "readiness.csv").read_text(encoding="utf-8-sig")
    township = next(e["unit"] for e in before.values() if e["product"] == "leaflet")
    r = cli("batch", township, "--products", "leaflet", "-o", pack, "--date", DATE, "-q")
    assert r.code == 0, r.err
    assert _manifest(pack) == before  # the same entries, the others kept
    pieces = len({(e["unit"], e["product"]) for e in before.values()})  # a booklet and its 说明: one piece
    assert f"0 made, 1 unchanged, {pieces - 1} kept from earlier runs" in r.err
    assert "0 zip(s) written" in r.err
    after = _stamps(pack)
    assert {p: s for p, s in after.items() if p.endswith((".zip", ".pdf"))} == \
        {p: s for p, s in stamps.items() if p.endswith((".zip", ".pdf"))}
    assert (pack / "readiness.csv").read_text(encoding="utf-8-sig") == readiness  # every unit still listed


def test_a_products_subset_after_a_leader_edit_rebuilds_its_own_pieces_and_the_citys_zip(cli, pack, data_copy):
    before = _manifest(pack)
    f = county_file(data_copy, QIXIAN)
    replace_in(f, 'phone: ""', 'phone: "15890062206"')
    r = cli("batch", HEBI, "--products", "leaflet", "-o", pack, "--data", data_copy, "--date", DATE, "-q")
    assert r.code == 0, r.err
    after = _manifest(pack)
    assert set(after) == set(before)  # booklets and boards still listed
    changed = {p for p in after if after[p]["sha256"] != before[p]["sha256"]}
    assert changed and all(after[p]["product"] == "leaflet" and after[p]["name_path"].startswith("河南省/鹤壁市/淇县")
                           for p in changed)
    assert _on_disk(pack) == {p: e["sha256"] for p, e in after.items()}
    import zipfile

    (z,) = pack.glob("*.zip")
    with zipfile.ZipFile(z) as archive:  # the zip holds the whole pack of the city, leaflets new, the rest kept
        assert sorted(archive.namelist()) == sorted(p for p in after if "/" in p)
        assert {n: hashlib.sha256(archive.read(n)).hexdigest() for n in archive.namelist()} == \
            {p: e["sha256"] for p, e in after.items() if "/" in p}
    assert "1 zip(s) written" in r.err


@pytest.mark.slow
def test_a_guide_edit_rebuilds_what_prints_that_part_and_not_the_boards(cli, pack, data_copy):
    before = _manifest(pack)
    replace_in(data_copy / "guide.yaml", "text: 属各级人民代表大会", "text: 凡属各级人民代表大会")  # 不予受理, not on boards
    r = cli("batch", HEBI, "-o", pack, "--data", data_copy, "--date", DATE, "-q")
    assert r.code == 0, r.err
    after = _manifest(pack)
    changed = {after[p]["product"] for p in after if after[p]["sha256"] != before[p]["sha256"]}
    assert changed == {"leaflet", "booklet"}
    boards = [p for p in after if after[p]["product"] == "board"]
    assert boards and all(after[p] == before[p] for p in boards)


def _warned_lines(out: Path, unit: str, product: str) -> set[int]:
    entry = next(e for e in _manifest(out).values() if e["unit"] == unit and e["product"] == product)
    return {int(w.split(":")[2].split()[0]) for w in entry["warnings"]}


def test_warnings_follow_the_data_even_when_no_piece_changes(cli, pack, data_copy):
    before = _warned_lines(pack, QIXIAN, "board")
    f = county_file(data_copy, QIXIAN)
    text = f.read_text(encoding="utf-8")
    f.write_text("# 新增的说明行\n# 第二行\n" + text, encoding="utf-8")  # every line moves down by two
    r = cli("batch", HEBI, "-o", pack, "--data", data_copy, "--date", DATE, "-q")
    assert r.code == 0, r.err
    assert "0 made" in r.err
    assert before and _warned_lines(pack, QIXIAN, "board") == {n + 2 for n in before}


def test_a_county_that_fails_stops_the_city_board_and_its_old_files_leave_the_pack(cli, pack, data_copy):
    before = _manifest(pack)
    f = county_file(data_copy, QIXIAN)
    replace_in(f, 'phone: ""', 'phone: "12345"')
    r = cli("batch", HEBI, "-o", pack, "--data", data_copy, "--date", DATE, "-q")
    assert r.code == 1
    after = _manifest(pack)
    gone = set(before) - set(after)
    assert {before[p]["unit"] for p in gone} >= {HEBI, QIXIAN}  # the city board lists 淇县's leaders
    assert not any(e["unit"] == HEBI for e in after.values())
    assert _on_disk(pack) == {p: e["sha256"] for p, e in after.items()}  # the folder holds what is listed
    failed = {f["unit"] for f in _doc(pack)["failed"]}
    assert {HEBI, QIXIAN} <= failed
    from collateral.data.dataset import Dataset

    townships = len(Dataset(data_copy).load_all().children(QIXIAN))
    assert f"{2 + townships} unit(s) failed" in r.err
    import csv

    rows = {r["unit"]: r for r in csv.DictReader((pack / "readiness.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert rows[HEBI]["status"] == rows[QIXIAN]["status"] == "失败"  # still listed, marked failed, and why
    assert "12345" in rows[HEBI]["failed"] and "12345" in rows[QIXIAN]["failed"]
    assert all(rows[t.code]["status"] == "失败" for t in Dataset(data_copy).load_all().children(QIXIAN))


def test_readiness_charges_each_gap_to_the_unit_that_must_fill_it(hebi_pack):
    import csv

    from collateral.data.dataset import Dataset
    from collateral.paths import data_dir

    rows = {r["unit"]: r for r in csv.DictReader(
        (hebi_pack / "readiness.csv").read_text(encoding="utf-8-sig").splitlines())}
    dataset = Dataset(data_dir()).load_all()
    for county in dataset.children(HEBI):
        missing = [l.role for l in county.leaders if l.missing]
        assert (rows[county.code]["status"] == "待补") == bool(missing)
        assert all(role in rows[county.code]["missing"] for role in missing)
        for township in dataset.children(county.code):  # their leaflets print the county's blanks
            row = rows[township.code]
            assert row["status"] == ("待补（他级）" if missing else "齐全") and row["missing"] == ""
            assert row["waits_on"] == (county.name if missing else "")
            assert row["placeholders"] == ""  # the province's placeholders are not charged to every unit
