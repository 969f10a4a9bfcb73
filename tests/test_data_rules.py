"""Data rules `collateral check` enforces, each reported with file:line, unit and field.

Phone numbers in ASCII digits; no control or bidi-control characters in any
text; no empty names; names unique within their parent; every file under
data/ either loads or is reported; files that are links out, not regular or
too large are refused before they are read.
"""

from __future__ import annotations

import os
import re

import pytest
from pypdf import PdfReader

from conftest import DATE, county_file, line_of, replace_in

JINSHUI = "data/henan/410100-郑州市/410105-金水区.yaml"


def _sms_override(data_copy, number):
    """金水区 publishes its own SMS number (written as given)."""
    f = county_file(data_copy, "410105")
    replace_in(f, "office: 金水区信访局", f'office: 金水区信访局\nchannels:\n  sms:\n    number: "{number}"')
    return f, line_of(f, "number:")


def _errors(out):
    return [line for line in out.splitlines() if line.startswith("error:")]


# -- phone numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("written, ascii_", [
    ("１３９０３７１２２３３", "13903712233"),      # all full-width, from an input method
    ("13９０３7１２２３３", "13903712233"),          # mixed, from a spreadsheet: printed with gaps before
    ("０３７１－６５９０３３９３", "0371-65903393"),  # full-width landline with a full-width hyphen
])
def test_full_width_phone_digits_are_converted_with_a_warning(cli, small_data, tmp_path, written, ascii_):
    _, line = _sms_override(small_data, written)
    r = cli("check", "--data", small_data)
    assert r.code == 0, r.out
    warning = (f"warning: {JINSHUI}:{line} | 410105 金水区 | channels.sms.number: "
               f"full-width characters in phone number {written!r} converted to {ascii_!r}")
    assert warning in r.out

    r = cli("leaflet", "410105002", "--data", small_data, "-o", tmp_path / "out", "--date", DATE)
    assert r.code == 0, r.err
    assert warning in r.err
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert ascii_ in text  # printed in ASCII, in one piece, on the card and in the guide
    assert not re.search("[０-９－]", text)


def test_ascii_phone_numbers_give_no_warning(cli, small_data):
    _sms_override(small_data, "13903712233")
    r = cli("check", "--data", small_data)
    assert r.code == 0
    assert "full-width" not in r.out
    assert "channels.sms.number" not in r.out


def test_arabic_indic_digits_are_refused(cli, small_data, tmp_path):
    _, line = _sms_override(small_data, "١٣٩٠٣٧١٢٢٣٣")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    expected = (f"error: {JINSHUI}:{line} | 410105 金水区 | channels.sms.number: "
                "malformed phone number '١٣٩٠٣٧١٢٢٣٣': expected a mobile number")
    assert expected in r.out
    r = cli("leaflet", "410105002", "--data", small_data, "-o", tmp_path / "out")
    assert r.code == 1 and expected in r.err
    assert not (tmp_path / "out").exists()


def test_a_leaders_phone_in_full_width_digits_is_converted_too(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, 'phone: ""', 'phone: "１８８３７１１７７９６"')
    line = line_of(f, "１８８３７１１７７９６")
    r = cli("check", "--data", small_data)
    assert r.code == 0
    assert (f"warning: {JINSHUI}:{line} | 410105 金水区 | leaders[1].phone: full-width characters in phone number "
            "'１８８３７１１７７９６' converted to '18837117796'") in r.out


# -- control and bidi-control characters -------------------------------------------------


def test_a_raw_control_character_is_a_yaml_error_with_its_line(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, "name: 花园路街道", "name: 花园\x07路街道")
    line = line_of(f, "花园\x07路街道")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == [f"error: {JINSHUI}:{line}: YAML: character U+0007 is not allowed in a YAML file "
                              "(special characters are not allowed); remove it"]
    assert "Traceback" not in r.err


@pytest.mark.parametrize("escaped, char, what", [
    ("\\t", "\t", "tab (U+0009)"),
    ("\\n", "\n", "line break (U+000A)"),
    ("\\a", "\x07", "control character U+0007"),
    ("\\x7f", "\x7f", "control character U+007F"),
    ("\\u202e", "\u202e", "bidi control U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\\u200f", "\u200f", "bidi control U+200F RIGHT-TO-LEFT MARK"),
    ("\\u2067", "\u2067", "bidi control U+2067 RIGHT-TO-LEFT ISOLATE"),
])
def test_control_characters_in_a_name_are_refused(cli, small_data, tmp_path, escaped, char, what):
    """YAML escapes get past PyYAML's reader; the field rule catches them, naming unit and field."""
    f = county_file(small_data, "410105")
    replace_in(f, "name: 花园路街道", f'name: "花园{escaped}路街道"')
    line = line_of(f, f"花园{escaped}路街道")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    shown = repr(f"花园{char}路街道")
    # The unit is named with the character escaped, so the message stays on one line.
    label = f"410105002 花园\\u{ord(char):04x}路街道"
    expected = (f"error: {JINSHUI}:{line} | {label} | townships[2].name: {what} in {shown}: "
                "not allowed in text (prints as a box or reorders the line); remove it")
    assert _errors(r.out) == [expected]
    r = cli("leaflet", "410105002", "--data", small_data, "-o", tmp_path / "out")
    assert r.code == 1
    assert r.err.splitlines() == [expected]
    assert not (tmp_path / "out").exists()


def test_a_raw_bidi_control_is_refused_too(cli, small_data):
    """U+202E passes PyYAML's reader as written (it is printable to YAML)."""
    f = county_file(small_data, "410105")
    replace_in(f, "office: 金水区信访局", "office: 金水区\u202e信访局")
    line = line_of(f, "office:")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert (f"error: {JINSHUI}:{line} | 410105 金水区 | office: bidi control U+202E RIGHT-TO-LEFT OVERRIDE in "
            "'金水区\\u202e信访局'") in r.out


@pytest.mark.parametrize("file, old, new, field", [
    ("county", "role: 区长", 'role: "区\\t长"', "leaders[2].role"),
    ("county", 'name: ""', 'name: "张\\u200e三"', "leaders[1].name"),
    ("province", "label: 短信信访", 'label: "短信\\u2066信访"', "channels.sms.label"),
    ("province", "holder: 河南省信访局局长", 'holder: "河南省\\x1b信访局局长"', "channels.sms.holder"),
    ("guide", "title: 手机信访投诉指南", 'title: "手机信访\\r投诉指南"', "title"),
])
def test_control_characters_in_every_text_field(cli, small_data, file, old, new, field):
    f = {"county": county_file(small_data, "410105"), "province": small_data / "province.yaml",
         "guide": small_data / "guide.yaml"}[file]
    replace_in(f, old, new)
    line = line_of(f, new.split(": ", 1)[1])
    r = cli("check", "--data", small_data)
    assert r.code == 1
    (error,) = _errors(r.out)
    label = f"data/{f.relative_to(small_data)}"
    assert error.startswith(f"error: {label}:{line} | ")
    assert f" | {field}: " in error and "not allowed in text" in error


# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ['""', '"   "', '"\u3000"'])
def test_an_empty_or_blank_township_name_is_an_error(cli, small_data, tmp_path, written):
    f = county_file(small_data, "410105")
    replace_in(f, "name: 花园路街道", f"name: {written}")
    line = line_of(f, 'code: "410105002"') + 1
    expected = f"error: {JINSHUI}:{line} | 410105002 | townships[2].name: 'name' is empty"
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == [expected]
    r = cli("leaflet", "410105002", "--data", small_data, "-o", tmp_path / "out")
    assert r.code == 1
    assert r.err.splitlines() == [expected]
    assert not (tmp_path / "out").exists()


def test_an_empty_county_name_is_an_error(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, "name: 金水区", 'name: ""')
    line = line_of(f, 'code: "410105"') + 1
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert f"error: {JINSHUI}:{line} | 410105 | name: 'name' is empty" in r.out


def test_two_townships_with_one_name_in_a_county(cli, small_data, tmp_path):
    f = county_file(small_data, "410105")
    first = line_of(f, "name: 花园路街道")
    replace_in(f, "name: 人民路街道", "name: 花园路街道")
    second = line_of(f, 'code: "410105003"') + 1
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == [f"error: {JINSHUI}:{second} | 410105003 花园路街道 | townships[3].name: "
                              f"township name '花园路街道' also at line {first}: names must be unique within 金水区"]
    # The name path no longer picks the first silently.
    r = cli("leaflet", "郑州市/金水区/花园路街道", "--data", small_data, "-o", tmp_path / "out")
    assert r.code == 1
    assert "410105002" in r.err and "410105003" in r.err
    assert not (tmp_path / "out").exists()


def test_two_counties_with_one_name_in_a_city(cli, small_data):
    city = small_data / "henan/410100-郑州市"
    twin = city / "410199-金水区.yaml"
    twin.write_text('code: "410199"\nname: 金水区\ntownships:\n  - code: "410199001"\n    name: 新街道\n',
                    encoding="utf-8")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == ["error: data/henan/410100-郑州市/410199-金水区.yaml: county name '金水区' also used by "
                              "410105-金水区.yaml: names must be unique within a city"]


def test_a_file_name_and_the_name_inside_must_agree(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, "name: 金水区", "name: 金水新区")
    line = line_of(f, "name: 金水新区")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == [f"error: {JINSHUI}:{line} | 410105 金水新区 | name: name '金水新区' differs from the "
                              "file name's '金水区'; rename one so they agree"]


# -- codes that disagree with file and folder names -------------------------------------


def test_a_county_code_that_differs_from_its_file_name(cli, data_copy):
    f = county_file(data_copy, "410105")
    replace_in(f, 'code: "410105"', 'code: "410106"')
    r = cli("check", "--data", data_copy)
    assert r.code == 1
    assert (f"error: {JINSHUI}:3 | 410106 金水区 | code: code 410106 differs from the file name 410105-金水区.yaml "
            "(410105); rename one so they agree") in _errors(r.out)
    assert "180 县级" in r.err  # the file registers no unit: lookups go by file names


def test_a_city_code_that_differs_from_its_folder(cli, small_data):
    f = small_data / "henan/410100-郑州市/city.yaml"
    replace_in(f, 'code: "410100"', 'code: "410200"')
    r = cli("check", "--data", small_data)
    assert r.code == 1
    errors = _errors(r.out)
    assert ("error: data/henan/410100-郑州市/city.yaml:3 | 410200 郑州市 | code: code 410200 differs from its folder "
            "410100-郑州市 (410100); rename one so they agree") in errors
    assert "Traceback" not in r.err


def test_a_city_yaml_that_does_not_parse(cli, data_copy):
    f = data_copy / "henan/410100-郑州市/city.yaml"
    replace_in(f, "name: 郑州市", "name: [郑州市")
    r = cli("check", "--data", data_copy)
    assert r.code == 1
    assert re.fullmatch(r"error: data/henan/410100-郑州市/city\.yaml:\d+: YAML syntax: .+", _errors(r.out)[0])
    assert "Traceback" not in r.err
    assert "17 市级" in r.err


def test_a_missing_city_yaml(cli, small_data):
    (small_data / "henan/410100-郑州市/city.yaml").unlink()
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert "error: data/henan/410100-郑州市/city.yaml: cannot read: No such file or directory" in r.out


# -- every file under data/ loads or is reported -----------------------------------------


def test_a_misnamed_county_file_is_reported_not_skipped(cli, small_data):
    f = county_file(small_data, "410105")
    f.rename(f.with_name("410105_金水区.yaml"))
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == ["error: data/henan/410100-郑州市/410105_金水区.yaml: file name does not match "
                              "<6 digits>-<name>.yaml (a county file) or city.yaml; not read"]


@pytest.mark.parametrize("name", ["410105-金水区.yml", "410105-金水区.yaml.bak", "notes.doc", "410105-.yaml"])
def test_stray_files_in_a_city_folder(cli, small_data, name):
    (small_data / "henan/410100-郑州市" / name).write_text("x", encoding="utf-8")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == [f"error: data/henan/410100-郑州市/{name}: file name does not match "
                              "<6 digits>-<name>.yaml (a county file) or city.yaml; not read"]


def test_a_misnamed_city_folder_and_stray_files_elsewhere(cli, data_copy):
    (data_copy / "henan/410200-开封市").rename(data_copy / "henan/开封市")
    (data_copy / "henan/list.csv").write_text("x", encoding="utf-8")
    (data_copy / "leaders.xlsx").write_text("x", encoding="utf-8")
    r = cli("check", "--data", data_copy)
    assert r.code == 1
    assert sorted(_errors(r.out)) == sorted([
        "error: data/henan/开封市: folder name does not match <6 digits>-<name> (a city folder); not read",
        "error: data/henan/list.csv: file name does not match <6 digits>-<name> (a city folder); not read",
        "error: data/leaders.xlsx: file name does not match province.yaml, guide.yaml, the divisions folder or web/; "
        "not read",
    ])


def test_notes_are_allowed_and_hidden_files_are_a_warning(cli, small_data):
    (small_data / "henan/410100-郑州市/README.md").write_text("# 郑州市\n", encoding="utf-8")
    (small_data / "henan/410100-郑州市/.410105-金水区.yaml.swp").write_text("x", encoding="utf-8")
    r = cli("check", "--data", small_data)
    assert r.code == 0, r.out
    assert "README.md" not in r.out
    assert "warning: data/henan/410100-郑州市/.410105-金水区.yaml.swp: hidden file, not read" in r.out


# -- files refused before they are read -------------------------------------------------


def test_a_data_file_over_5_mb_is_refused_before_parsing(cli, small_data):
    f = county_file(small_data, "410105")
    with f.open("a", encoding="utf-8") as out:
        out.write("# " + "x" * (5 * 1024 * 1024) + "\n")
    size = f.stat().st_size
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert _errors(r.out) == [f"error: {JINSHUI}: {size:,} bytes; data files over 5 MB are refused before parsing"]


def test_a_link_out_of_the_data_folder_is_refused_without_reading_it(cli, small_data):
    f = county_file(small_data, "410105")
    f.unlink()
    f.symlink_to("/dev/zero")
    r = cli("check", "--data", small_data)  # would read without end if it followed the link
    assert r.code == 1
    assert _errors(r.out) == [f"error: {JINSHUI}: link to /dev/zero leaves the data folder "
                              f"{small_data}; not read"]


def test_a_link_inside_the_data_folder_is_fine(cli, small_data):
    f = county_file(small_data, "410105")
    kept = f.with_name("金水区-master.md")  # .md: a note as far as the folder scan is concerned
    f.rename(kept)
    f.symlink_to(kept.name)
    r = cli("check", "--data", small_data)
    assert r.code == 0, r.out
    assert "1 县级, 24 乡级: 0 error(s)" in r.err


def test_a_named_pipe_is_refused_without_opening_it(cli, small_data):
    f = county_file(small_data, "410105")
    f.unlink()
    os.mkfifo(f)
    r = cli("check", "--data", small_data)  # opening a FIFO would block forever
    assert r.code == 1
    assert _errors(r.out) == [f"error: {JINSHUI}: a named pipe, not a regular file; not read"]
