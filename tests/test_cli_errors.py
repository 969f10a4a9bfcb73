"""Errors never crash: every user-caused problem exits 1 with one line, and nothing is written.

Each case from issue 6 ("Crashes instead of messages", "Accepted but wrong")
on the data and the output side, run through the CLI as a user would: the
exit code, the exact line on stderr (file:line, or the path for OS errors),
no traceback, and the output folder as it was.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import DATE, county_file, line_of, replace_in

JINSHUI = "data/henan/410100-郑州市/410105-金水区.yaml"


def _refused(r, out: Path) -> str:
    """The one line a refused command printed; asserts exit 1, no traceback and nothing written."""
    assert r.code == 1, r.err
    assert "Traceback" not in r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert not out.exists() or not list(out.iterdir()), list(out.iterdir())
    return lines[0]


def _leaflet(cli, target, data, out, *more):
    return cli("leaflet", target, "--data", data, "-o", out, "--date", DATE, *more)


# -- broken files, wherever they are reached -------------------------------------------


@pytest.mark.parametrize("target", ["410105002", "郑州市/金水区/花园路街道", "花园路街道", "郑州市"])
def test_a_control_character_in_a_county_file(cli, data_copy, tmp_path, target):
    f = county_file(data_copy, "410105")
    replace_in(f, "office: 金水区信访局", "office: 金水区\x07信访局")
    line = line_of(f, "office:")
    r = _leaflet(cli, target, data_copy, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (f"error: {JINSHUI}:{line}: YAML: character U+0007 is not allowed in a "
                                             "YAML file (special characters are not allowed); remove it")


@pytest.mark.parametrize("target", ["410105002", "410105", "郑州市/金水区/花园路街道", "金水区/花园路街道",
                                    "花园路街道", "郑州市"])
def test_a_county_file_indented_with_tabs_is_named_with_its_yaml_error(cli, data_copy, tmp_path, target):
    f = county_file(data_copy, "410105")
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("\n  - code:", "\n\t- code:"), encoding="utf-8")
    line = line_of(f, "\t- code:")
    r = _leaflet(cli, target, data_copy, tmp_path / "out")
    message = _refused(r, tmp_path / "out")
    assert message.startswith(f"error: {JINSHUI}:{line}: YAML syntax: ")
    assert "found character '\\t' that cannot start any token" in message


@pytest.mark.parametrize("target", ["410105002", "郑州市/金水区/花园路街道", "郑州市", "410100"])
def test_a_city_yaml_that_fails_to_parse(cli, small_data, tmp_path, target):
    f = small_data / "henan/410100-郑州市/city.yaml"
    replace_in(f, "office: 郑州市信访局", "office: [郑州市信访局")
    r = _leaflet(cli, target, small_data, tmp_path / "out")
    assert re.fullmatch(r"error: data/henan/410100-郑州市/city\.yaml:\d+: YAML syntax: .+",
                        _refused(r, tmp_path / "out"))


@pytest.mark.parametrize("target", ["410105002", "郑州市/金水区/花园路街道", "郑州市"])
def test_a_city_yaml_whose_code_differs_from_its_folder(cli, small_data, tmp_path, target):
    replace_in(small_data / "henan/410100-郑州市/city.yaml", 'code: "410100"', 'code: "410200"')
    r = _leaflet(cli, target, small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        "error: data/henan/410100-郑州市/city.yaml:3 | 410200 郑州市 | code: code 410200 differs from its folder "
        "410100-郑州市 (410100); rename one so they agree")


@pytest.mark.parametrize("target", ["410105002", "410105", "郑州市/金水区/花园路街道", "金水区"])
def test_a_county_file_whose_code_differs_from_its_file_name(cli, small_data, tmp_path, target):
    replace_in(county_file(small_data, "410105"), 'code: "410105"', 'code: "410106"')
    r = _leaflet(cli, target, small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        f"error: {JINSHUI}:3 | 410106 金水区 | code: code 410106 differs from the file name 410105-金水区.yaml "
        "(410105); rename one so they agree")


def test_a_misnamed_county_file_is_named_when_its_township_is_asked_for(cli, small_data, tmp_path):
    f = county_file(small_data, "410105")
    f.rename(f.with_name("410105金水区.yaml"))
    r = _leaflet(cli, "410105002", small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        "error: no jurisdiction with code 410105002; not read, as their names do not match the pattern: "
        "data/henan/410100-郑州市/410105金水区.yaml")


def test_a_misnamed_city_folder_is_named_when_its_township_is_asked_for(cli, small_data, tmp_path):
    (small_data / "henan/410100-郑州市").rename(small_data / "henan/410100 郑州市")
    r = _leaflet(cli, "410105002", small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        "error: no jurisdiction with code 410105002; not read, as their names do not match the pattern: "
        "data/henan/410100 郑州市")


def test_a_city_run_does_not_skip_a_misnamed_county(cli, data_copy, tmp_path):
    f = county_file(data_copy, "410185")
    f.rename(f.with_name("410185-登封市.yml"))
    r = _leaflet(cli, "郑州市", data_copy, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        "error: data/henan/410100-郑州市/410185-登封市.yml: file name does not match <6 digits>-<name>.yaml "
        "(a county file) or city.yaml; not read")


def test_a_county_file_over_5_mb(cli, small_data, tmp_path):
    f = county_file(small_data, "410105")
    with f.open("a", encoding="utf-8") as out:
        out.write("# " + "填" * (2 * 1024 * 1024) + "\n")  # 3 bytes a character: 6 MB
    r = _leaflet(cli, "410105002", small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        f"error: {JINSHUI}: {f.stat().st_size:,} bytes; data files over 5 MB are refused before parsing")


def test_a_county_file_linked_to_dev_zero(cli, small_data, tmp_path):
    f = county_file(small_data, "410105")
    f.unlink()
    f.symlink_to("/dev/zero")
    r = _leaflet(cli, "郑州市/金水区/花园路街道", small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        f"error: {JINSHUI}: link to /dev/zero leaves the data folder {small_data}; not read")


def test_bad_data_anywhere_in_a_city_stops_the_run_before_the_first_file(cli, data_copy, tmp_path):
    """登封市 comes last of 郑州市's counties: nothing of the 200 before it is written."""
    f = county_file(data_copy, "410185")
    replace_in(f, 'phone: ""', 'phone: "1883711779"')
    line = line_of(f, "1883711779")
    r = _leaflet(cli, "郑州市", data_copy, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        f"error: data/henan/410100-郑州市/410185-登封市.yaml:{line} | 410185 登封市 | leaders[1].phone: "
        "malformed phone number '1883711779': expected a mobile number (11 digits, 1[3-9]…) "
        "or a landline 0xx(x)-xxxxxxx(x)")


# -- targets ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["", "/", "   ", "／", " / "])
def test_an_empty_target_is_refused(cli, tmp_path, target):
    r = cli("leaflet", target, "-o", tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        f"error: empty target {target!r}: name a township, county or city by code (410105002) or name path "
        "(郑州市/金水区/花园路街道); the whole province is 河南省 or 410000")


@pytest.mark.parametrize("target", ["花园路街道", "金水区/花园路街道", "郑州市/花园路街道", "河南省/金水区/花园路街道"])
def test_a_township_by_its_name_alone_or_a_shortened_path(cli, tmp_path, target):
    r = cli("leaflet", target, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    assert [p.name for p in tmp_path.iterdir()] == ["410105002-花园路街道-leaflet-a4.pdf"]
    assert "1 leaflet(s) for 410105002 花园路街道" in r.err


def test_a_county_by_its_name_alone(cli, tmp_path):
    r = cli("leaflet", "新乡经济技术开发区", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    assert [p.name for p in tmp_path.iterdir()] == ["410772001-纬七路街道-leaflet-a4.pdf"]
    assert "1 leaflet(s) for 410772 新乡经济技术开发区" in r.err


def test_an_ambiguous_name_lists_every_candidate_by_its_path(cli, tmp_path):
    r = cli("leaflet", "城关镇", "-o", tmp_path / "out")
    message = _refused(r, tmp_path / "out")
    assert message.startswith("error: '城关镇' names 23 jurisdictions: 郑州市/新密市/城关镇 (410183100), "
                              "洛阳市/孟津区/城关镇 (410308100), ")
    assert message.endswith("商丘市/夏邑县/城关镇 (411426100); give the name path or the code of one")
    assert len(re.findall(r"\S+/\S+/城关镇 \(\d{9}\)", message)) == 23
    # ... and each candidate, as listed, makes its leaflet.
    r = cli("leaflet", "商丘市/夏邑县/城关镇", "-o", tmp_path / "one", "--date", DATE)
    assert r.code == 0, r.err
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["411426100-城关镇-leaflet-a4.pdf"]


def test_a_name_within_a_city_narrows_the_candidates(cli, tmp_path):
    r = cli("leaflet", "濮阳市/城关镇", "-o", tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        "error: '濮阳市/城关镇' names 5 jurisdictions: 濮阳市/清丰县/城关镇 (410922100), "
        "濮阳市/南乐县/城关镇 (410923100), 濮阳市/范县/城关镇 (410926100), 濮阳市/台前县/城关镇 (410927100), "
        "濮阳市/濮阳县/城关镇 (410928100); give the name path or the code of one")


# -- the output folder ------------------------------------------------------------------


def test_out_naming_an_existing_file(cli, tmp_path):
    target = tmp_path / "leaflets.pdf"
    target.write_bytes(b"mine")
    r = cli("leaflet", "410105002", "-o", target)
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err.strip().splitlines() == [f"error: {target}: the output folder is a file, not a folder"]
    assert target.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["leaflets.pdf"]


def test_out_under_a_regular_file(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    r = cli("leaflet", "410105002", "-o", blocker / "out")
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err.strip().splitlines() == [
        f"error: {blocker}: a parent of the output folder {blocker / 'out'} is a file, not a folder"]
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_a_read_only_output_folder(cli, tmp_path, monkeypatch):
    """Root may write anywhere, so the refusal the OS gives a clerk is simulated."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out"
    out.mkdir()
    r = cli("leaflet", "410105002", "-o", out, "--date", DATE)
    assert _refused(r, out) == f"error: {out / '410105002-花园路街道-leaflet-a4.pdf'}: cannot write: Permission denied"


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "No space left on device"), (errno.EFBIG, "File too large")])
def test_a_full_disk_or_a_file_size_limit(cli, tmp_path, monkeypatch, code, reason):
    def fail(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", fail)
    out = tmp_path / "out"
    r = cli("leaflet", "410105002", "-o", out, "--date", DATE)
    assert _refused(r, out) == f"error: {out / '410105002-花园路街道-leaflet-a4.pdf'}: cannot write: {reason}"


def test_a_disk_full_halfway_leaves_whole_files_and_no_part_files(cli, tmp_path, monkeypatch):
    real_write = os.write
    calls = []

    def write(fd, data):
        calls.append(fd)
        if len(calls) == 2:  # the second leaflet: the OS takes part of it, then the disk is full
            real_write(fd, bytes(data)[:1000])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    out = tmp_path / "out"
    r = cli("leaflet", "410771", "-o", out, "--date", DATE)  # 新乡高新技术产业开发区: 2 townships
    assert r.code == 1 and "Traceback" not in r.err
    (line,) = r.err.strip().splitlines()
    assert re.fullmatch(rf"error: {re.escape(str(out))}/410771\d{{3}}-\S+-leaflet-a4\.pdf: cannot write: "
                        r"No space left on device \(1 of 2 pieces were written whole before it\)", line)
    (name,) = [p.name for p in out.iterdir()]  # no .part file, no half PDF
    assert name.endswith("-leaflet-a4.pdf")
    monkeypatch.undo()
    assert len(PdfReader(out / name).pages) == 2


def test_stale_part_files_of_a_killed_run_are_removed(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".410105002-花园路街道-leaflet-a4.pdf.k2j_9xq1.part",
             out / ".410105003-人民路街道-leaflet-a4.pdf.abcdefgh.part"]
    for p in stale:
        p.write_bytes(b"%PDF-1.4 half")
    kept = [out / "notes.part", out / ".hidden", out / "old.pdf"]
    for p in kept:
        p.write_bytes(b"mine")
    r = cli("leaflet", "410105002", "-o", out, "--date", DATE)
    assert r.code == 0, r.err
    assert f"removed 2 .part file(s) an interrupted run left in {out}" in r.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".hidden", "410105002-花园路街道-leaflet-a4.pdf", "notes.part", "old.pdf"])


def test_bad_data_leaves_stale_part_files_alone(cli, small_data, tmp_path):
    """Nothing is touched in the output folder when the run is refused."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".410105002-花园路街道-leaflet-a4.pdf.k2j_9xq1.part"
    stale.write_bytes(b"half")
    replace_in(county_file(small_data, "410105"), "name: 花园路街道", 'name: ""')
    r = _leaflet(cli, "410105002", small_data, out)
    assert r.code == 1
    assert stale.exists()


def test_a_guide_linked_out_of_the_data_folder(cli, small_data, tmp_path):
    outside = tmp_path / "guide.yaml"
    (small_data / "guide.yaml").rename(outside)
    (small_data / "guide.yaml").symlink_to(outside)
    r = _leaflet(cli, "410105002", small_data, tmp_path / "out")
    assert _refused(r, tmp_path / "out") == (
        f"error: data/guide.yaml: link to {outside} leaves the data folder {small_data}; not read")


def test_divisions_outside_the_data_folder(cli, small_data, tmp_path):
    replace_in(small_data / "province.yaml", "divisions: henan", "divisions: ../elsewhere")
    (tmp_path / "elsewhere").mkdir()
    r = cli("check", "--data", small_data)
    assert r.code == 1
    errors = [line for line in r.out.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: data/henan: folder name does not match province.yaml, guide.yaml, the divisions folder or web/; not read",
        f"error: data/province.yaml: divisions folder {small_data}/../elsewhere is outside the data folder; not read",
    ]
