"""`collateral check`: the bundled data passes; each kind of breakage is reported with file:line."""

from __future__ import annotations

import re

import pytest

from conftest import DATE, county_file, line_of, replace_in


@pytest.mark.slow
def test_bundled_data_passes(cli):
    r = cli("check")
    assert r.code == 0, r.out
    assert "error:" not in r.out
    assert "1 省级, 18 市级, 181 县级, 2586 乡级: 0 error(s)" in r.err


def test_missing_leader_data_is_a_warning_not_an_error(cli, small_data):
    r = cli("check", "--data", small_data)
    assert r.code == 0
    assert re.search(r"warning: data/henan/410100-郑州市/410105-金水区\.yaml:\d+ \| 410105 金水区 \| leaders\[1\]: "
                     r"区委书记: no name or phone", r.out)


def test_bad_yaml(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, "name: 花园路街道", "name: [花园路街道")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert re.search(r"error: data/henan/410100-郑州市/410105-金水区\.yaml:\d+: YAML syntax", r.out)


def test_unknown_key(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, "office: 金水区信访局", "office: 金水区信访局\nwebsite: http://example.org")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    line = line_of(f, "website:")
    assert f"error: data/henan/410100-郑州市/410105-金水区.yaml:{line} | 410105 金水区 | website: unknown key 'website'" in r.out


def test_bad_phone(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, 'phone: ""', 'phone: "0371-1234"')
    r = cli("check", "--data", small_data)
    assert r.code == 1
    line = line_of(f, "0371-1234")
    assert (f"error: data/henan/410100-郑州市/410105-金水区.yaml:{line} | 410105 金水区 | leaders[1].phone: "
            "malformed phone number '0371-1234'") in r.out


def test_good_phones_pass(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, 'phone: ""', 'phone: "0371-65903393"')
    replace_in(f, 'phone: ""', 'phone: "15890062206"')
    r = cli("check", "--data", small_data)
    assert r.code == 0, r.out


def test_duplicate_code(cli, small_data):
    f = county_file(small_data, "410105")
    replace_in(f, 'code: "410105003"', 'code: "410105002"')
    r = cli("check", "--data", small_data)
    assert r.code == 1
    line = line_of(f, "人民路街道") - 1
    assert (f"error: data/henan/410100-郑州市/410105-金水区.yaml:{line} | 410105002 人民路街道 | code: "
            "duplicate code 410105002 (also 花园路街道") in r.out


def test_every_problem_is_listed_at_once(cli, data_copy):
    f = county_file(data_copy, "410105")
    replace_in(f, 'phone: ""', 'phone: "12345"')
    g = county_file(data_copy, "410302")
    replace_in(g, "office:", "offices:")
    r = cli("check", "--data", data_copy)
    assert r.code == 1
    assert "410105-金水区.yaml" in r.out and "malformed phone number '12345'" in r.out
    assert "unknown key 'offices'" in r.out


def test_qr_payload_must_be_a_url(cli, small_data):
    f = small_data / "province.yaml"
    replace_in(f, "qr: https://www.hnxf.gov.cn/placeholder/app-android", "qr: weixin-app")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    line = line_of(f, "qr: weixin-app")
    assert f"error: data/province.yaml:{line} | 410000 河南省 | channels.app.qr: QR payload 'weixin-app' is not an http(s) URL" in r.out


def test_yaml_object_tags_are_refused(cli, small_data):
    f = small_data / "province.yaml"
    replace_in(f, "office: 河南省信访局", "office: !!python/object/apply:os.system [echo pwned]")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    assert "data/province.yaml:" in r.out and "YAML syntax" in r.out


def test_private_use_character_in_a_name(cli, small_data, tmp_path):
    f = county_file(small_data, "410105")
    replace_in(f, "name: 花园路街道", "name: 花园\ue170街道")
    line = line_of(f, "花园\ue170街道")
    r = cli("check", "--data", small_data)
    assert r.code == 1
    expected = (f"error: data/henan/410100-郑州市/410105-金水区.yaml:{line} | 410105002 花园\ue170街道 | name: "
                "character '\\ue170' (U+E170)")
    assert expected in r.out
    r = cli("leaflet", "410105002", "--data", small_data, "-o", tmp_path / "out")
    assert r.code == 1
    assert expected in r.err
    assert not (tmp_path / "out").exists()


def test_commands_refuse_bad_data_without_writing(cli, small_data, tmp_path):
    f = county_file(small_data, "410105")
    replace_in(f, 'phone: ""', 'phone: "1883711779"')
    r = cli("leaflet", "410105", "--data", small_data, "-o", tmp_path / "out")
    assert r.code == 1
    assert "malformed phone number '1883711779'" in r.err
    assert "Traceback" not in r.err
    assert not (tmp_path / "out").exists()


def test_one_township_whose_card_label_does_not_fit_fails_check_after_its_neighbours_passed(cli, small_data, tmp_path):
    """Shared heading sizes and laid-out blocks are remembered across pieces: the township whose own label
    cannot fit is still refused by check, at its data line, as its leaflet is, and its neighbours are not."""
    f = small_data / "henan" / "410100-郑州市" / "410105-金水区.yaml"
    label = "微信信访" * 12
    own = f"\n    channels:\n      wechat:\n        label: {label}\n"
    f.write_text(f.read_text(encoding="utf-8").replace("name: 南阳新村街道\n", "name: 南阳新村街道" + own, 1),
                 encoding="utf-8")
    r = cli("check", "-q", "--data", small_data)
    assert r.code == 1, r.out
    errors = [line for line in r.out.splitlines() if line.startswith("error:")]
    assert errors and all("410105007 南阳新村街道 | channels.wechat.label:" in e for e in errors), r.out
    line = line_of(f, label)  # the line an office changes
    assert any(f"410105-金水区.yaml:{line} |" in e and "frame 'wechat.label' of leaflet-a4:" in e for e in errors), r.out
    r2 = cli("leaflet", "410105007", "--data", small_data, "-o", tmp_path / "out", "--date", DATE)
    assert r2.code == 1 and "410105007 南阳新村街道 | channels.wechat.label:" in r2.err, r2.err
    assert cli("leaflet", "410105006", "--data", small_data, "-o", tmp_path / "ok", "--date", DATE).code == 0
