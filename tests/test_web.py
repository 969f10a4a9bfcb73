"""The website kit: files, markup and messages from the CLI, and the names a target may go by.

What the pages do in a browser is in ``test_web_host.py`` (the channels in
hostile host pages) and ``test_web_map.py`` (the map, phone sizes, axe-core).
The kits are made once, from a copy of the bundled data in which 郑州市's
leaders carry a real name, a number and a name that is markup.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape as html_unescape
from urllib.parse import unquote

import pytest

from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from collateral.web.markup import md_esc
from webkit_browser import kits  # noqa: F401 - shared fixtures
from webkit_browser import DIRECT, PROVINCE, ZHENGZHOU, make_kits

NAMES = ["channels.html", "flow.svg", "flow-vertical.svg", "map.html", "kit.js", "kit.css", "index.html", "demo.css",
         "README.md"]


# -- files and messages ---------------------------------------------------------------------


def test_kit_files_and_warnings(cli, tmp_path):
    r = cli("web", "河南省", "-o", tmp_path)
    assert r.code == 0, r.err
    assert r.out.splitlines() == [str(tmp_path / n) for n in NAMES]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    # The province's QR payloads are placeholders: said once each, with file:line.
    assert ("warning: data/province.yaml:11 | 410000 河南省 | channels.wechat: value marked placeholder: true; "
            "the web kit shows it as 样稿 — replace it before publishing") in r.err.splitlines()
    assert "data/province.yaml:18 | 410000 河南省 | channels.app" in r.err
    assert "样稿" in (tmp_path / "channels.html").read_text(encoding="utf-8")
    assert "web kit for 410000 河南省" in r.err.splitlines()[-1]


def test_no_placeholder_warning_when_channels_are_confirmed(cli, data_copy, tmp_path):
    province = data_copy / "province.yaml"
    province.write_text(province.read_text(encoding="utf-8").replace("    placeholder: true\n", ""), encoding="utf-8")
    r = cli("web", "410000", "-o", tmp_path, "--data", data_copy)
    assert r.code == 0, r.err
    assert "placeholder" not in r.err
    assert "样稿" not in (tmp_path / "channels.html").read_text(encoding="utf-8")


def test_output_is_deterministic(cli, tmp_path):
    for run in ("a", "b"):
        assert cli("web", "郑州市/金水区", "-o", tmp_path / run).code == 0
    for name in NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_province_map_is_small(kits):
    assert (kits[PROVINCE] / "map.html").stat().st_size <= 150_000


def test_strings_are_escaped_in_the_markup(kits):
    for code in (PROVINCE, ZHENGZHOU):
        html = (kits[code] / "map.html").read_text(encoding="utf-8")
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<img" not in html


@pytest.mark.parametrize("name", ["flow.svg", "flow-vertical.svg"])
def test_flow_is_vector_with_text(kits, name):
    svg = ET.parse(kits[PROVINCE] / name).getroot()
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"选择渠道", "扫码", "注册登录", "按格式编写", "发送短信", "提交诉求", "受理告知", "办理答复"} <= texts
    assert not list(svg.iter("{http://www.w3.org/2000/svg}image"))


def test_city_map_has_every_county(kits):
    html = (kits[ZHENGZHOU] / "map.html").read_text(encoding="utf-8")
    counties = Dataset(data_dir()).county_files(ZHENGZHOU)
    assert len(counties) == 15
    for code in counties:
        assert f'id="cmw-410100-hall-{code}"' in html, code
    drawn = {code for code in counties if f'id="cmw-410100-r-{code}"' in html}
    assert drawn == set(counties) - {"410171", "410172", "410173"}  # development zones: listed, not drawn
    assert 'popovertarget="cmw-410100-hall-410171"' in html  # listed under the map


@pytest.mark.parametrize("target, message", [
    ("410105002", "error: 410105002 花园路街道 is a township: the web kit is made for the province, a city or "
                  "a county (try its county 410105)"),
    ("郑州市/无此区", "error: no city, county or township named '无此区' in 郑州市 (target '郑州市/无此区'); "
                 "closest: 中原区, 二七区, 金水区"),
    ("开风市", "error: no city, county or township named '开风市' (target '开风市'); closest: 开封市"),
    ("410199", "error: no jurisdiction with code 410199; closest: 410185 登封市, 410184 新郑市, 410183 新密市"),
])
def test_bad_targets(cli, tmp_path, target, message):
    r = cli("web", target, "-o", tmp_path / "out")
    assert (r.code, r.err.strip()) == (1, message)
    assert not (tmp_path / "out").exists()


def test_missing_map_outlines_is_an_error(cli, data_copy, tmp_path):
    (data_copy / "web" / "henan-map.json").unlink()
    r = cli("web", "郑州市", "-o", tmp_path / "out", "--data", data_copy)
    assert r.code == 1
    assert r.err.strip() == "error: data/web/henan-map.json: no map outlines; run tools/build_web_map.py to make them"
    assert not (tmp_path / "out").exists()


def test_map_outlines_name_their_licences():
    doc = json.loads((data_dir() / "web" / "henan-map.json").read_text(encoding="utf-8"))
    assert {s["licence"] for s in doc["sources"]} == {"Apache-2.0", "MIT"}
    regions = doc["maps"]["410000"]["regions"]
    assert len(regions) == 28
    assert {r["code"]: r["name"] for r in regions if r.get("over")} == DIRECT
    assert {r["over"] for r in regions if r.get("over")} <= {r["code"] for r in regions if not r.get("over")}


@pytest.mark.parametrize("alias, code", [("济源市", "419000"), ("济源", "419000"), ("长垣县", "410783"),
                                         ("郑州市/管城区", "410104")])
def test_aliases_find_their_unit(cli, tmp_path, alias, code):
    r = cli("web", alias, "-o", tmp_path)
    assert r.code == 0, r.err
    assert f"web kit for {code} " in r.err.splitlines()[-1]


def test_every_sms_number_is_an_sms_link_with_the_format(kits):
    for code in (PROVINCE, ZHENGZHOU):
        for name in ("channels.html", "map.html", "index.html"):
            html = (kits[code] / name).read_text(encoding="utf-8")
            assert "tel:" not in html, name
    html = (kits[ZHENGZHOU] / "map.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(sms:[^"]*)"[^>]*>([^<]*)</a>', html)
    assert ("13800000000" in [text for _, text in links])  # the leader's number
    for href, text in links:
        number, _, query = html_unescape(href)[4:].partition("?&body=")
        assert number == text
        assert unquote(query) == "姓名：\n住址：\n身份证号码：\n反映的具体事项及发生地："
    channels = (kits[PROVINCE] / "channels.html").read_text(encoding="utf-8")
    assert 'href="sms:18837117796?&amp;body=' in channels


def test_snippets_live_in_a_shadow_root_and_need_no_has(kits):
    for name, tag in (("channels.html", "cmw-channels"), ("map.html", "cmw-map")):
        html = (kits[PROVINCE] / name).read_text(encoding="utf-8")
        assert html.startswith(f'<{tag}>\n<template shadowrootmode="open">\n<link rel="stylesheet" href="kit.css">'), name
        assert html.rstrip().endswith(f'</{tag}>\n<script src="kit.js" async></script>'), name
        assert ":has(" not in html, name
    assert ":has(" not in (kits[PROVINCE] / "index.html").read_text(encoding="utf-8")


def test_readme_escapes_what_comes_from_the_data():
    assert md_esc("金水<b>区</b>*_[x](y)|") == "金水&lt;b&gt;区&lt;/b&gt;\\*\\_\\[x\\]\\(y\\)\\|"


def test_readme_names_the_unit_escaped(kits):
    text = (kits[ZHENGZHOU] / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# 郑州市 手机信访网站组件")
    assert "`collateral web 410100`" in text
    assert "$" not in text




@pytest.mark.parametrize("target, code", [("济源市", "419000"), ("济源示范区/济源市", "419001"), ("长垣县", "410783"),
                                          ("新乡市/长垣县", "410783"), ("郑州/管城区", "410104")])
def test_every_command_finds_a_unit_by_its_alias(target, code):
    # Dataset.find is what every command resolves its target with.
    assert Dataset(data_dir()).find(target).code == code


def test_closest_names_share_the_stem_first():
    from collateral.data.names import closest, stem

    assert stem("济源示范区") == stem("济源市") == "济源"
    assert closest("济源市", ["郑州市", "济源示范区", "开封市"]) == ["济源示范区"]
    assert closest("开风市", ["郑州市", "开封市", "鹤壁市"]) == ["开封市"]
    assert closest("无", ["郑州市"]) == []
