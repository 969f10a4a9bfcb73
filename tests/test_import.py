"""Importing filled sheets: round trip to the leaflet, refusals that name the cell, all files or none."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATE
from openpyxl import load_workbook
from pypdf import PdfReader
from test_workbook import add_township_leaders

JINSHUI = "henan/410100-郑州市/410105-金水区.yaml"
CITY = "henan/410100-郑州市/city.yaml"


def hashes(data: Path) -> dict[str, str]:
    """Every file under the data folder (hidden temp files included) and its content hash."""
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*")) if p.is_file()}


def template(cli, target: str, data: Path, out: Path) -> Path:
    r = cli("template", target, "-o", out, "--data", data)
    assert r.code == 0, r.err
    return out


def fill(path: Path, values: dict[tuple[str, str], tuple[str | None, object]], out: Path, sheet: str = "郑州市") -> Path:
    """Type names and numbers into a template as an office would: {(code, role): (name, number)}."""
    wb = load_workbook(path)
    ws = wb[sheet]
    todo = dict(values)
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[2].value)
        if key in todo:
            name, phone = todo.pop(key)
            if name is not None:
                row[3].value = name
            if phone is not None:
                row[4].value = phone
    assert not todo, f"rows not in the template: {todo}"
    wb.save(out)
    return out


def warning_count(cli, data: Path) -> int:
    r = cli("check", "--data", data)
    assert r.code == 0, r.out + r.err
    return int(re.search(r"(\d+) warning\(s\)", r.err).group(1))


@pytest.fixture
def jinshui_filled(cli, small_data, tmp_path) -> Path:
    """金水区 with leaders added to 花园路街道, its template filled for the county and the township.

    In a copy of the data cut to 金水区: `check` then composes 24 townships, not the province's 2,586."""
    add_township_leaders(small_data, "410105", "花园路街道", ["街道党工委书记", "办事处主任"])
    blank = template(cli, "410105", small_data, tmp_path / "blank.xlsx")
    return fill(blank, {
        ("410105", "区委书记"): ("王建国", "13912345678"),
        ("410105", "区信访局长"): (None, "0371-65903393"),
        ("410105002", "街道党工委书记"): ("李秀英", "13698765432"),
    }, tmp_path / "filled.xlsx")


def test_round_trip_fills_the_data_check_and_the_township_leaflet(cli, small_data, tmp_path, jinshui_filled):
    before_text = (small_data / JINSHUI).read_text(encoding="utf-8").splitlines()
    before_warnings = warning_count(cli, small_data)

    r = cli("import", jinshui_filled, "--data", small_data)
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        f"--- data/{JINSHUI}",
        "  410105 金水区 区委书记 姓名: (空) → 王建国",
        "  410105 金水区 区委书记 公开号码: (空) → 13912345678",
        "  410105 金水区 区信访局长 公开号码: (空) → 0371-65903393",
        "  410105002 花园路街道 街道党工委书记 姓名: (空) → 李秀英",
        "  410105002 花园路街道 街道党工委书记 公开号码: (空) → 13698765432",
    ]
    assert "5 change(s) written to 1 file(s)" in r.err

    # check: still no errors, and three leaders fewer are incomplete (区信访局长 still lacks a name).
    assert warning_count(cli, small_data) == before_warnings - 2

    # Only the lines of the changed values differ; comments, order and every other line are kept.
    after_text = (small_data / JINSHUI).read_text(encoding="utf-8").splitlines()
    assert len(after_text) == len(before_text)
    changed = [(a, b) for a, b in zip(before_text, after_text) if a != b]
    assert changed == [
        ('    name: ""', "    name: 王建国"),
        ('    phone: ""', '    phone: "13912345678"'),
        ('    phone: ""', '    phone: "0371-65903393"'),
        ('        name: ""', "        name: 李秀英"),
        ('        phone: ""', '        phone: "13698765432"'),
    ]
    # the first line still names the file's schema (editors check against it), the header comment follows
    assert after_text[0] == "# yaml-language-server: $schema=../../../schemas/county.schema.json"
    assert after_text[1].startswith("# 金水区（郑州市）")

    out = tmp_path / "leaflet"
    r = cli("leaflet", "410105002", "--data", small_data, "-o", out, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = out.glob("*.pdf")
    text = PdfReader(pdf).pages[0].extract_text().replace("\n", "").replace(" ", "")
    for shown in ("王建国", "13912345678", "0371-65903393", "李秀英", "13698765432", "街道党工委书记"):
        assert shown in text, shown


def test_importing_the_same_file_twice_changes_nothing_the_second_time(cli, small_data, jinshui_filled):
    assert cli("import", jinshui_filled, "--data", small_data).code == 0
    after_first = hashes(small_data)
    r = cli("import", jinshui_filled, "--data", small_data)
    assert r.code == 0, r.err
    assert r.out == ""
    assert "no changes, the data already says this" in r.err
    assert hashes(small_data) == after_first


def test_dry_run_shows_the_changes_and_writes_nothing(cli, small_data, jinshui_filled):
    before = hashes(small_data)
    r = cli("import", jinshui_filled, "--data", small_data, "--dry-run")
    assert r.code == 0, r.err
    assert "410105 金水区 区委书记 姓名: (空) → 王建国" in r.out
    assert "5 change(s) in 1 file(s); --dry-run: nothing written" in r.err
    assert hashes(small_data) == before


def test_changes_to_several_files_and_blank_cells_keep_values(cli, data_copy, tmp_path):
    blank = template(cli, "河南省", data_copy, tmp_path / "blank.xlsx")
    wb = load_workbook(blank)
    wb["河南省"]["D2"].value = "张 局长"  # the province's number is kept: its cell is left as it was
    wb["河南省"]["E2"].value = None  # cleared: blank means "keep", never "delete"
    wb["郑州市"]["E3"].value = "13800000001"  # 郑州市 市长
    wb.save(tmp_path / "filled.xlsx")
    r = cli("import", tmp_path / "filled.xlsx", "--data", data_copy)
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        "--- data/province.yaml",
        "  410000 河南省 省信访局局长 姓名: (空) → 张 局长",
        f"--- data/{CITY}",
        "  410100 郑州市 市长 公开号码: (空) → 13800000001",
    ]
    province = (data_copy / "province.yaml").read_text(encoding="utf-8")
    assert '    name: 张 局长\n    phone: "18837117796"' in province


def test_full_width_digits_are_converted_with_a_warning(cli, data_copy, tmp_path):
    blank = template(cli, "410100", data_copy, tmp_path / "blank.xlsx")
    filled = fill(blank, {("410100", "市长"): (None, "１３８００００００２２")}, tmp_path / "filled.xlsx")
    r = cli("import", filled, "--data", data_copy)
    assert r.code == 0, r.err
    assert (f"warning: {filled} | 410100 郑州市 | sheet 郑州市, row 3, column E (公开号码): full-width characters "
            "in phone number '１３８００００００２２' converted to '13800000022'") in r.err
    assert 'phone: "13800000022"' in (data_copy / CITY).read_text(encoding="utf-8")


# -- refusals -----------------------------------------------------------------------------------


def _bad_number(ws):
    ws["E14"].value = "1380000"


def _unknown_code(ws):
    ws["A14"].value = "410199"


def _merged(ws):
    ws["D14"].value = "王建国"
    ws.merge_cells("D14:D15")


def _float(ws):
    ws["E14"].value = 18837117796.0


def _foreign_role(ws):
    ws["C14"].value = "县长"


def _wrong_unit(ws):
    ws["B14"].value = "郑州市/中原区"


def _scientific_text(ws):
    ws["E14"].value = "1.88371E+10"


@pytest.mark.parametrize("spoil, message", [
    (_bad_number, "410105 金水区 | sheet 郑州市, row 14, column E (公开号码): malformed phone number '1380000'"),
    (_unknown_code, "sheet 郑州市, row 14, column A (代码): unknown unit code '410199'"),
    (_merged, "sheet 郑州市, row 14, column D (姓名): merged cells D14:D15: unmerge them"),
    (_float, ("sheet 郑州市, row 14, column E (公开号码): number stored as a number, not text: "
              "18837117796 = 1.8837117796E10")),
    (_foreign_role, ("410105 金水区 | sheet 郑州市, row 14, column C (职务): 金水区 has no 职务 '县长' "
                     "(its roles: 区委书记、区长、区信访局长)")),
    (_wrong_unit, "sheet 郑州市, row 14, column B (单位): 单位 '郑州市/中原区' does not match code 410105"),
    (_scientific_text, "sheet 郑州市, row 14, column E (公开号码): number in scientific notation '1.88371E+10'"),
])
def test_a_bad_cell_refuses_the_whole_file_and_names_it(cli, data_copy, tmp_path, spoil, message):
    blank = template(cli, "410100", data_copy, tmp_path / "blank.xlsx")
    wb = load_workbook(blank)
    ws = wb["郑州市"]
    assert (ws["A14"].value, ws["C14"].value) == ("410105", "区委书记")
    ws["D2"].value, ws["E2"].value = "赵书记", "13800000003"  # a good row: not imported either
    spoil(ws)
    wb.save(tmp_path / "filled.xlsx")
    before = hashes(data_copy)

    r = cli("import", tmp_path / "filled.xlsx", "--data", data_copy)
    assert r.code == 1
    assert "Traceback" not in r.err
    assert r.out == ""
    (line,) = r.err.splitlines()
    assert line.startswith(f"error: {tmp_path / 'filled.xlsx'} | ")
    assert message in line
    assert hashes(data_copy) == before


def test_every_bad_cell_gets_its_own_line(cli, data_copy, tmp_path):
    blank = template(cli, "410100", data_copy, tmp_path / "blank.xlsx")
    wb = load_workbook(blank)
    ws = wb["郑州市"]
    ws["E2"].value, ws["E5"].value, ws["A8"].value = "12345", 13800000000, "999999"
    wb.save(tmp_path / "filled.xlsx")
    r = cli("import", tmp_path / "filled.xlsx", "--data", data_copy)
    assert r.code == 1
    lines = r.err.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("error: ") for line in lines)
    assert [re.search(r"row \d+, column \w", line).group(0) for line in lines] == [
        "row 5, column E", "row 2, column E", "row 8, column A"]  # cell types are read before values


@pytest.mark.parametrize("name, content, message", [
    ("old.xls", b"\xd0\xcf\x11\xe0", "legacy Excel 97–2003 workbook (.xls, an OLE2 file)"),
    ("notes.txt", b"x", "unknown file type .txt: expected .xlsx or .csv"),
    ("broken.xlsx", b"not a zip", "cannot read as an Excel .xlsx workbook"),
    ("headless.csv", "姓名,公开号码\n张三,13800000000\n".encode(), "row 1: no 代码 column"),
    ("utf16.csv", "代码".encode("utf-16"), "UTF-16 text"),
    ("-", None, "error: import -: a sheet is not read from standard input: give the path"),
])
def test_unreadable_files_are_refused_with_one_line(cli, data_copy, tmp_path, name, content, message):
    path = tmp_path / name if content is not None else Path(name)
    if content is not None:
        path.write_bytes(content)
    before = hashes(data_copy)
    r = cli("import", path, "--data", data_copy)
    assert r.code == 1
    assert "Traceback" not in r.err
    assert message in r.err
    assert hashes(data_copy) == before


# -- CSV -----------------------------------------------------------------------------------------

CSV_ROWS = (
    "代码,单位,职务,姓名,公开号码\n"
    "410105,郑州市/金水区,区委书记,王建国,13912345678\n"
    "410105,郑州市/金水区,区长,陈红梅,0371-65903393\n"
    "410100,,市信访局长,刘德华,\n"
)


@pytest.mark.parametrize("encoding, said", [("gbk", "GBK/GB18030"), ("gb18030", "GBK/GB18030"),
                                            ("utf-8-sig", "UTF-8 (with BOM)")])
def test_a_chinese_windows_csv_imports_the_same_as_its_utf8_twin(cli, data_copy, tmp_path, encoding, said):
    twin = tmp_path / "twin" / "data"
    shutil.copytree(data_copy, twin)
    original = hashes(data_copy)
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(CSV_ROWS.encode("utf-8"))
    other = tmp_path / f"{encoding}.csv"
    other.write_bytes(CSV_ROWS.replace("\n", "\r\n").encode(encoding))

    a = cli("import", utf8, "--data", data_copy)
    assert a.code == 0, a.err
    assert f"{utf8}: read as UTF-8" in a.err
    b = cli("import", other, "--data", twin)
    assert b.code == 0, b.err
    assert f"{other}: read as {said}" in b.err
    assert a.out == b.out
    assert "410100 郑州市 市信访局长 姓名: (空) → 刘德华" in a.out
    assert hashes(data_copy) != original
    assert hashes(data_copy) == hashes(twin)


def test_csv_refusals_name_the_row_and_column(cli, data_copy, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes((CSV_ROWS + "410105,,区信访局长,,1.38E+10\n410105002,,区长,张三,\n").encode("gbk"))
    before = hashes(data_copy)
    r = cli("import", path, "--data", data_copy)
    assert r.code == 1
    assert r.err.splitlines() == [
        (f"error: {path} | 410105 金水区 | row 5, column 公开号码: number in scientific notation '1.38E+10': the "
         "cell was stored as a number and lost its digits; format the column as text (文本) and type the number "
         "again"),
        f"error: {path} | 410105002 花园路街道 | row 6, column 职务: 花园路街道 has no 职务 '区长' (its roles: none)",
    ]
    assert hashes(data_copy) == before


# -- writing paths -------------------------------------------------------------------------------


def test_a_leader_without_name_and_phone_keys_gets_them_added(cli, small_data, tmp_path):
    warnings = warning_count(cli, small_data)
    path = small_data / JINSHUI
    text = path.read_text(encoding="utf-8")
    anchor = "    name: 花园路街道\n"
    path.write_text(text.replace(anchor, anchor + "    leaders:\n      - role: 街道党工委书记\n", 1), encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    blank = template(cli, "410105002", small_data, tmp_path / "blank.xlsx")
    filled = fill(blank, {("410105002", "街道党工委书记"): ("李秀英", "13698765432")}, tmp_path / "filled.xlsx")
    r = cli("import", filled, "--data", small_data)
    assert r.code == 0, r.err
    after = path.read_text(encoding="utf-8").splitlines()
    at = after.index("      - role: 街道党工委书记")
    assert after[at + 1:at + 3] == ["        name: 李秀英", '        phone: "13698765432"']
    assert after[:at + 1] + after[at + 3:] == before
    assert warning_count(cli, small_data) == warnings  # the role added without values, and filled


def test_a_file_in_another_indentation_is_refused_not_reformatted(cli, small_data, tmp_path):
    path = small_data / CITY
    path.write_text(path.read_text(encoding="utf-8").replace("\n  - ", "\n- ").replace("\n    ", "\n  "),
                    encoding="utf-8")
    assert cli("check", "--data", small_data).code == 0
    blank = template(cli, "410100", small_data, tmp_path / "blank.xlsx")
    filled = fill(blank, {("410100", "市长"): ("李市长", None)}, tmp_path / "filled.xlsx")
    before = hashes(small_data)
    r = cli("import", filled, "--data", small_data)
    assert r.code == 1
    assert r.err.strip() == (f"error: data/{CITY}: writing the changes back would alter other lines of this file "
                             "(unusual indentation or layout?); nothing written")
    assert hashes(small_data) == before


@pytest.mark.parametrize("command", ["template", "import"])
def test_the_new_commands_have_help(cli, command):
    r = cli(command, "--help")
    assert r.code == 0
    assert "Usage" in r.out
