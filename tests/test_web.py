"""The website kit: files and messages from the CLI, then the pages in a real headless Chromium.

Browser tests share one Chromium for the session and skip, saying why, where
Debian's ``chromium`` and ``chromium-driver`` are not installed (``.ci/run``
installs them). The kits are made once, from a copy of the bundled data in
which 郑州市's leaders carry a real name, a number and a name that is markup.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from collateral.cli import main
from collateral.dataset import Dataset
from collateral.paths import data_dir
from collateral.qr import decode_image
from collateral.resolve import resolve

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
EVIL = "<img src=x onerror=alert(1)>"
PROVINCE, ZHENGZHOU = "410000", "410100"


def _edit_zhengzhou(data: Path) -> None:
    city = data / "henan" / "410100-郑州市" / "city.yaml"
    text = city.read_text(encoding="utf-8")
    text = text.replace('  - role: 市委书记\n    name: ""', f"  - role: 市委书记\n    name: '{EVIL}'", 1)
    text = text.replace('  - role: 市长\n    name: ""\n    phone: ""', '  - role: 市长\n    name: 张三\n    phone: "13800000000"', 1)
    city.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("webdata") / "data"
    shutil.copytree(data_dir(), root)
    _edit_zhengzhou(root)
    return root


@pytest.fixture(scope="session")
def kits(data, tmp_path_factory) -> dict[str, Path]:
    """The province's and 郑州市's kits, made through the CLI."""
    out = {}
    for code in (PROVINCE, ZHENGZHOU):
        folder = tmp_path_factory.mktemp(f"kit{code}")
        assert main(["web", code, "-o", str(folder), "--data", str(data)]) == 0
        out[code] = folder
    return out


# -- files and messages ---------------------------------------------------------------------


def test_kit_files_and_warnings(cli, tmp_path):
    r = cli("web", "河南省", "-o", tmp_path)
    assert r.code == 0, r.err
    names = ["channels.html", "flow.svg", "map.html", "index.html", "README.md"]
    assert r.out.splitlines() == [str(tmp_path / n) for n in names]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    # The province's QR payloads are placeholders: said once each, with file:line.
    assert ("warning: data/province.yaml:10 | 410000 河南省 | channels.wechat: value marked placeholder: true; "
            "the web kit shows it as 样稿 — replace it before publishing") in r.err.splitlines()
    assert "data/province.yaml:17 | 410000 河南省 | channels.app" in r.err
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
    for name in ("channels.html", "flow.svg", "map.html", "index.html", "README.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_province_map_is_small(kits):
    assert (kits[PROVINCE] / "map.html").stat().st_size <= 150_000


def test_strings_are_escaped_in_the_markup(kits):
    for code in (PROVINCE, ZHENGZHOU):
        html = (kits[code] / "map.html").read_text(encoding="utf-8")
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<img" not in html


def test_flow_is_vector_with_text(kits):
    svg = ET.parse(kits[PROVINCE] / "flow.svg").getroot()
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"选择渠道", "扫码", "注册登录", "按格式编写", "发送短信", "提交诉求", "受理告知", "办理答复"} <= texts
    assert not list(svg.iter("{http://www.w3.org/2000/svg}image"))


def test_city_map_has_every_county(kits):
    html = (kits[ZHENGZHOU] / "map.html").read_text(encoding="utf-8")
    dataset = Dataset(data_dir())
    counties = dataset.county_files(ZHENGZHOU)
    assert len(counties) == 15
    for code in counties:
        assert f'id="cmw-410100-hall-{code}"' in html, code
    drawn = {code for code in counties if f'id="cmw-410100-r-{code}"' in html}
    assert drawn == set(counties) - {"410171", "410172", "410173"}  # development zones: listed, not drawn
    assert 'href="#cmw-410100-hall-410171"' in html


@pytest.mark.parametrize("target, message", [
    ("410105002", "error: 410105002 花园路街道 is a township: the web kit is made for the province, a city or "
                  "a county (try its county 410105)"),
    ("郑州市/无此区", "error: no city, county or township named '无此区' in 郑州市 (target '郑州市/无此区')"),
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
    assert len(doc["maps"]["410000"]["regions"]) == 18


# -- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip("no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver "
                    "(.ci/run does) to run the browser tests")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager look for drivers online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                 "--window-size=1280,1600", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    # Record alert() instead of blocking on it: a script that ran is then a value to assert on.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "window.__alerts=[];window.alert=function(m){window.__alerts.push(String(m))};"})
    yield driver
    driver.quit()


def _open(browser, page: Path, fragment: str = ""):
    browser.get_log("performance")  # drop what earlier pages did
    browser.get(page.as_uri() + fragment)
    browser.execute_script("window.scrollTo(0,0)")
    return browser


def _by_id(browser, element_id: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id)


def _move_away(browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h2")).perform()  # a title: no entry, no region


def _visible(element) -> bool:
    return element.value_of_css_property("visibility") == "visible" and element.is_displayed()


def _decoded(element) -> list[str]:
    return decode_image(Image.open(io.BytesIO(element.screenshot_as_png)).convert("L"))


def _channels(data: Path, code: str):
    dataset = Dataset(data)
    return resolve(dataset, dataset.find(code)).channels


def test_hover_reveals_each_qr_and_the_number(browser, kits, data):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    channels = _channels(data, PROVINCE)
    _open(browser, kits[PROVINCE] / "index.html")
    for kind in ("wechat", "app", "sms"):
        pop = _by_id(browser, f"cmw-410000-{kind}")
        trigger = browser.find_element(By.CSS_SELECTOR, f'a[href="#cmw-410000-{kind}"]')
        _move_away(browser)
        assert not _visible(pop), kind
        ActionChains(browser).move_to_element(trigger).perform()
        assert _visible(pop), kind
        if kind == "sms":
            assert channels["sms"].number in pop.text
            assert "河南省信访局局长" in pop.text
        else:
            assert _decoded(pop.find_element(By.CSS_SELECTOR, "svg.cmw-qr")) == [channels[kind].qr]
        # WCAG 1.4.13: the pointer can move onto what hover showed without it vanishing.
        ActionChains(browser).move_to_element(pop).perform()
        assert _visible(pop), kind
    _move_away(browser)


def test_keyboard_focus_reveals_each_entry_with_a_visible_focus(browser, kits, data):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    channels = _channels(data, PROVINCE)
    _open(browser, kits[PROVINCE] / "index.html")
    _move_away(browser)
    seen = []
    for _ in range(8):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        href = active.get_attribute("href") or ""
        if "#cmw-410000-" not in href or "hall" in href:
            continue
        kind = href.rsplit("-", 1)[1]
        if kind in seen:
            continue
        seen.append(kind)
        pop = _by_id(browser, f"cmw-410000-{kind}")
        assert _visible(pop), kind
        assert active.value_of_css_property("outline-style") == "solid", kind
        assert active.value_of_css_property("outline-width") == "3px", kind
        if kind == "sms":
            assert channels["sms"].number in pop.text
        else:
            assert _decoded(pop.find_element(By.CSS_SELECTOR, "svg.cmw-qr")) == [channels[kind].qr]
    assert seen == ["wechat", "app", "sms"]
    # Esc dismisses what focus showed (WCAG 1.4.13), focus stays put.
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not _visible(_by_id(browser, "cmw-410000-sms"))


def test_without_hover_or_script_a_link_reveals_the_entry(browser, kits):
    # What a tap does with JavaScript off: the entry's link targets its panel (:target).
    _open(browser, kits[PROVINCE] / "channels.html", "#cmw-410000-sms")
    assert _visible(_by_id(browser, "cmw-410000-sms"))
    assert not _visible(_by_id(browser, "cmw-410000-wechat"))


def test_tap_toggles_an_entry(browser, kits):
    from selenium.webdriver.common.by import By

    _open(browser, kits[PROVINCE] / "channels.html")
    trigger = browser.find_element(By.CSS_SELECTOR, 'a[href="#cmw-410000-app"]')
    browser.execute_script("arguments[0].click()", trigger)  # a click without hover: a tap
    assert "is-open" in trigger.find_element(By.XPATH, "..").get_attribute("class")
    assert browser.current_url.endswith("channels.html")  # the script kept the page where it was


def _network_requests(browser) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("code, page", [(PROVINCE, "index.html"), (PROVINCE, "channels.html"),
                                        (ZHENGZHOU, "map.html"), (ZHENGZHOU, "index.html")])
def test_no_request_beyond_the_page(browser, kits, code, page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    path = kits[code] / page
    _open(browser, path)
    for trigger in browser.find_elements(By.CSS_SELECTOR, ".cmw-trigger"):
        ActionChains(browser).move_to_element(trigger).perform()
    for hall in browser.find_elements(By.CSS_SELECTOR, ".cmw-hall"):  # show every panel, leader names too
        browser.execute_script("arguments[0].style.display='block'", hall)
    assert browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)") == []
    assert set(_network_requests(browser)) <= {path.as_uri()}
    assert browser.execute_script("return document.images.length") == 0


def test_clicking_zhengzhou_shows_its_leaders_as_text(browser, kits):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(browser, kits[PROVINCE] / "index.html")
    panel = _by_id(browser, "cmw-410000-hall-410100")
    assert not panel.is_displayed()
    region = _by_id(browser, "cmw-410000-r-410100")
    ActionChains(browser).move_to_element(region).perform()
    tip = _by_id(browser, "cmw-410000-tip-410100")
    assert _visible(tip) and tip.text == "郑州市 · 请点击"
    region.find_element(By.TAG_NAME, "path").click()
    assert panel.is_displayed()
    assert not _by_id(browser, "cmw-410000-hall-410000").is_displayed()  # the province's own panel gave way
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in panel.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert rows == [["市委书记", EVIL, "待公布"], ["市长", "张三", "13800000000"], ["市信访局长", "待公布", "待公布"]]
    assert "接访大厅：郑州市信访局" in panel.text
    assert panel.find_elements(By.TAG_NAME, "img") == []
    assert browser.execute_script("return window.__alerts") == []


def _tab_through(browser, limit: int = 80) -> list[str]:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ids = []
    for _ in range(limit):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        ids.append(browser.switch_to.active_element.get_attribute("id") or "")
    return ids


@pytest.mark.parametrize("code", [PROVINCE, ZHENGZHOU])
def test_tab_reaches_every_region_and_shows_the_hint(browser, kits, code):
    from selenium.webdriver.common.by import By

    _open(browser, kits[code] / "map.html")
    _move_away(browser)
    regions = [a.get_attribute("id") for a in browser.find_elements(By.CSS_SELECTOR, "a.cmw-region")]
    assert len(regions) == {PROVINCE: 18, ZHENGZHOU: 12}[code]
    visited = _tab_through(browser, len(regions) + 5)
    assert list(dict.fromkeys(i for i in visited if i in regions)) == regions  # in map order, none skipped
    # Focus on a region shows its hint, like hover does.
    last = regions[-1]
    browser.execute_script("arguments[0].focus()", _by_id(browser, last))
    tip = _by_id(browser, last.replace("-r-", "-tip-"))
    assert _visible(tip) and tip.text.endswith("请点击")


def test_enter_on_a_region_opens_its_panel(browser, kits):
    from selenium.webdriver.common.keys import Keys

    _open(browser, kits[ZHENGZHOU] / "map.html")
    assert _by_id(browser, "cmw-410100-hall-410100").is_displayed()  # the city's own hall, before any choice
    region = _by_id(browser, "cmw-410100-r-410105")
    browser.execute_script("arguments[0].focus()", region)
    region.send_keys(Keys.ENTER)
    panel = _by_id(browser, "cmw-410100-hall-410105")
    assert panel.is_displayed()
    assert "金水区" in panel.text and "区委书记" in panel.text
    assert browser.switch_to.active_element.get_attribute("id") == "cmw-410100-hall-410105"


@pytest.mark.parametrize("code, page, fragment", [
    (PROVINCE, "index.html", ""),
    (PROVINCE, "index.html", "#cmw-410000-sms"),  # a revealed entry: its contrast is checked too
    (PROVINCE, "index.html", "#cmw-410000-hall-410100"),
    (ZHENGZHOU, "map.html", ""),
    (PROVINCE, "channels.html", "#cmw-410000-wechat"),
])
def test_axe_finds_no_serious_violation(browser, kits, code, page, fragment):
    _open(browser, kits[code] / page, fragment)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    # A snippet opened alone has no <html lang> or <title>: those belong to the site's page (index.html has both).
    options = {"resultTypes": ["violations"]}
    if page != "index.html":
        options["rules"] = {"document-title": {"enabled": False}, "html-has-lang": {"enabled": False}}
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));", options)
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
