"""The fill-in workbook: which rows, what is locked, what is validated, and that it opens as a user sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import county_file
from openpyxl import load_workbook

from collateral.data.dataset import Dataset
from collateral.sheets.leaders import HEADERS, INSTRUCTIONS_WORKSHEET
from collateral.paths import data_dir
from collateral.sheets.workbook import phone_rule, text_width, worksheets_for


def add_township_leaders(data: Path, county: str, township_name: str, roles: list[str]) -> None:
    """Give one township entry a leaders list, as a county office would by hand."""
    path = county_file(data, county)
    text = path.read_text(encoding="utf-8")
    anchor = f"    name: {township_name}\n"
    block = "    leaders:\n" + "".join(f'      - role: {r}\n        name: ""\n        phone: ""\n' for r in roles)
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + block, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def zhengzhou_xlsx(tmp_path_factory) -> Path:
    from collateral.cli.app import main

    path = tmp_path_factory.mktemp("template") / "zz.xlsx"
    assert main(["template", "郑州市", "-o", str(path)]) == 0
    return path


def test_the_worksheets_list_every_leader_of_a_city_once_with_its_target_path():
    dataset = Dataset(data_dir())
    sheets = worksheets_for(dataset, dataset.find("410100"))
    assert [s.title for s in sheets] == ["郑州市"]
    rows = sheets[0].rows
    assert len(rows) == 16 * 3  # the city and its 15 county-level units, three roles each
    assert (rows[0].code, rows[0].path, rows[0].role) == ("410100", "郑州市", "市委书记")
    jinshui = [r for r in rows if r.code == "410105"]
    assert [r.role for r in jinshui] == ["区委书记", "区长", "区信访局长"]
    assert {r.path for r in jinshui} == {"郑州市/金水区"}


def test_province_template_has_one_sheet_per_city_and_every_leader(cli, tmp_path):
    out = tmp_path / "henan.xlsx"
    r = cli("template", "河南省", "-o", out)
    assert r.code == 0, r.err
    assert "598 row(s) on 19 sheet(s) for 410000 河南省" in r.err
    wb = load_workbook(out)
    assert wb.sheetnames[0] == INSTRUCTIONS_WORKSHEET
    assert wb.sheetnames[1:3] == ["河南省", "郑州市"]
    assert len(wb.sheetnames) == 1 + 1 + 18
    # Pre-filled with what the data has, as text.
    province = wb["河南省"]
    assert [c.value for c in province[2]] == ["410000", "河南省", "省信访局局长", None, "18837117796"]
    assert province["E2"].data_type == "s"


def test_sheet_is_locked_except_name_and_number_and_validates_numbers(zhengzhou_xlsx):
    ws = load_workbook(zhengzhou_xlsx)["郑州市"]
    assert [c.value for c in ws[1]] == [HEADERS[k] for k in ("code", "path", "role", "name", "phone")]
    assert ws.freeze_panes == "A2"
    assert ws.protection.sheet
    last = ws.max_row
    assert last == 49
    for row in ws.iter_rows(min_row=2, max_row=last):
        code, path, role, name, phone = row
        assert code.protection.locked and path.protection.locked and role.protection.locked
        assert not name.protection.locked and not phone.protection.locked
        assert phone.number_format == "@"  # a typed number stays text
    (rule,) = ws.data_validations.dataValidation
    assert rule.type == "custom"
    assert rule.formula1 == phone_rule("E")
    assert str(rule.sqref) == f"E2:E{last}"
    assert rule.showErrorMessage and rule.errorStyle == "stop"


def test_columns_fit_their_longest_chinese_text(zhengzhou_xlsx):
    ws = load_workbook(zhengzhou_xlsx)["郑州市"]
    for letter in "ABCDE":
        longest = max(text_width(str(c.value or "")) for c in ws[letter])
        assert ws.column_dimensions[letter].width >= longest + 1, letter
    # 郑州航空港经济综合实验区 is the widest unit: two columns per character.
    assert text_width("郑州市/郑州航空港经济综合实验区") == 31
    assert ws.column_dimensions["B"].width < 40  # and not absurdly wide


def test_instructions_sheet_is_in_chinese_and_names_the_import_command(zhengzhou_xlsx):
    ws = load_workbook(zhengzhou_xlsx)[INSTRUCTIONS_WORKSHEET]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    assert text.startswith("填写说明")
    assert "collateral import" in text
    assert "0371-65903393" in text
    assert "范围：410100 郑州市；共 1 个工作表、48 行。" in text


def test_a_township_gets_rows_only_for_the_leaders_it_lists(cli, data_copy, tmp_path):
    add_township_leaders(data_copy, "410105", "花园路街道", ["街道党工委书记", "办事处主任"])
    out = tmp_path / "jinshui.xlsx"
    r = cli("template", "410105", "-o", out, "--data", data_copy)
    assert r.code == 0, r.err
    rows = [[c.value for c in row] for row in load_workbook(out)["郑州市"].iter_rows(min_row=2)]
    assert [row[:3] for row in rows] == [
        ["410105", "郑州市/金水区", "区委书记"],
        ["410105", "郑州市/金水区", "区长"],
        ["410105", "郑州市/金水区", "区信访局长"],
        ["410105002", "郑州市/金水区/花园路街道", "街道党工委书记"],
        ["410105002", "郑州市/金水区/花园路街道", "办事处主任"],
    ]


def test_a_township_without_leaders_has_nothing_to_fill(cli, tmp_path):
    out = tmp_path / "t.xlsx"
    r = cli("template", "410105002", "-o", out)
    assert r.code == 1
    assert r.err.strip() == (
        "error: data/henan/410100-郑州市/410105-金水区.yaml:19 | 410105002 花园路街道: no leaders listed for "
        "410105002 花园路街道 or any unit under it (townships get rows only when their entry lists leaders:)")
    assert not out.exists()


def test_template_refuses_a_non_xlsx_name(cli, tmp_path):
    r = cli("template", "410100", "-o", tmp_path / "zz.xls")
    assert r.code == 1
    assert "the workbook must be an .xlsx file" in r.err
    assert not list(tmp_path.iterdir())
