"""The pack's two pages as their readers use them, in headless Chromium (issue 16).

``readiness.html`` for the provincial office: every table sorts, each county's row says which leaders are
still missing, the filter finds a county. ``index.html`` for a township clerk: typing part of the
unit's name gives its files, with a preview of each first page and the printer settings.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from conftest import DATE

pytestmark = pytest.mark.slow  # a browser or a whole pack per module: with the slow tests, which CI runs too

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
HEBI, JIAOZUO, JINSHUI = "410600", "410800", "410105"


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory) -> Path:
    """鹤壁市's leaflets and boards, then 焦作市's boards into the same pack: two cities' sections."""
    from collateral.cli.app import main

    out = tmp_path_factory.mktemp("pages") / "pack"
    assert main(["batch", HEBI, "-o", str(out), "--date", DATE, "-q", "--products", "leaflet,board"]) == 0
    assert main(["batch", JIAOZUO, "-o", str(out), "--date", DATE, "-q", "--products", "board"]) == 0
    return out


@pytest.fixture(scope="module")
def jinshui(tmp_path_factory) -> Path:
    from collateral.cli.app import main

    out = tmp_path_factory.mktemp("jinshui") / "pack"
    assert main(["batch", JINSHUI, "-o", str(out), "--date", DATE, "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip("no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--force-device-scale-factor=1", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    yield driver
    driver.quit()


def _errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


SORT_ALL = """
var out=[];
document.querySelectorAll('table.sortable').forEach(function(table){
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){
    function keys(){return Array.prototype.map.call(table.tBodies[0].rows,function(r){var c=r.cells[col];
      var v=c.getAttribute('data-v');return v!==null?v:c.textContent.trim();});}
    var before=keys();th.click();var up=keys();th.click();var down=keys();
    out.push({head:th.textContent,before:before,up:up,down:down,sort:th.getAttribute('aria-sort')});});});
return out;
"""


def test_readiness_sorts_every_table_by_every_column(browser, two_cities):
    from selenium.webdriver.common.by import By

    browser.get((two_cities / "readiness.html").as_uri())
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.sortable")) == 4  # per city: counties, units
    columns = browser.execute_script(SORT_ALL)  # a click on each header, then another, as a reader would
    assert len(columns) == 2 * (8 + 8)
    for c in columns:
        assert sorted(c["up"]) == sorted(c["before"])  # the same rows, reordered
        assert c["down"] == c["up"][::-1] and c["sort"] == "descending"  # one consistent order, both ways
        if all(k.replace(".", "", 1).lstrip("-").isdigit() for k in c["up"]):  # numbers sort as numbers
            assert [float(k) for k in c["up"]] == sorted(float(k) for k in c["up"])
    assert any(c["up"] != c["before"] for c in columns)
    assert _errors(browser) == []


def test_readiness_shows_per_county_the_leaders_still_missing(browser, two_cities):
    from selenium.webdriver.common.by import By

    dataset = Dataset(data_dir()).load_all()
    browser.get((two_cities / "readiness.html").as_uri())
    cities = browser.find_elements(By.CSS_SELECTOR, "details.city")
    assert len(cities) == 2 and not any(c.get_attribute("open") for c in cities)  # compact: collapsed
    assert browser.execute_script("return document.body.scrollHeight") < 1000
    csv_link = browser.find_element(By.LINK_TEXT, "下载 CSV").get_attribute("href")
    assert Path(unquote(urlparse(csv_link).path)) == two_cities / "readiness.csv"
    for city in (HEBI, JIAOZUO):
        for county in dataset.children(city):
            row = browser.find_element(By.XPATH, f"//table[contains(@class,'counties')]//tr[td[2]='{county.code}']")
            cells = row.find_elements(By.TAG_NAME, "td")
            named = sum(1 for l in county.leaders if l.name)
            assert cells[2].get_attribute("textContent") == f"{named}/{len(county.leaders)}"
            missing = cells[4].get_attribute("textContent")
            for leader in county.leaders:
                assert (leader.role in missing) == bool(leader.missing)
    box = browser.find_element(By.ID, "filter")
    box.send_keys("淇县")
    shown = [c for c in browser.find_elements(By.CSS_SELECTOR, "details.city") if c.is_displayed()]
    assert len(shown) == 1 and shown[0].get_attribute("open")  # the city it is in, opened
    rows = [r for r in shown[0].find_elements(By.CSS_SELECTOR, "tbody tr") if r.is_displayed()]
    assert rows and all("淇县" in r.text for r in rows)
    note = browser.find_element(By.CSS_SELECTOR, ".note").text
    assert "微信二维码" in note and "channels." not in browser.page_source  # human labels, once
    assert _errors(browser) == []


def test_the_pack_index_finds_a_township_and_links_its_files_with_a_preview(browser, jinshui):
    from selenium.webdriver.common.by import By

    manifest = json.loads((jinshui / "manifest.json").read_text(encoding="utf-8"))["files"]
    expected = {jinshui / e["path"] for e in manifest if e["unit"] == "410105002"}
    assert len(expected) == 3  # the leaflet, the booklet and the booklet's 说明
    browser.get((jinshui / "index.html").as_uri())
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.ID, "q").send_keys("花园路")
    WebDriverWait(browser, 10).until(lambda b: "找到" in b.find_element(By.ID, "count").text)
    units = browser.find_elements(By.CSS_SELECTOR, "section.unit")
    assert [u.get_attribute("data-code") for u in units] == ["410105002"]
    assert "郑州市/金水区/花园路街道" in units[0].text
    links = units[0].find_elements(By.CSS_SELECTOR, ".file a")
    linked = {Path(unquote(urlparse(a.get_attribute("href")).path)) for a in links}
    assert linked == expected and all(p.is_file() for p in linked)
    assert "双面打印（长边翻转）" in units[0].text and "实际大小" in units[0].text  # how to print it
    # which file is printed once and which as many times as copies are wanted, on each file's card
    cards = {Path(unquote(urlparse(c.find_element(By.TAG_NAME, "a").get_attribute("href")).path)).name: c.text
             for c in units[0].find_elements(By.CSS_SELECTOR, ".file")}
    note = next(n for n in cards if n.endswith("-booklet-a6-cutstack-说明.pdf"))
    assert "只印 1 份" in cards[note] and "份数打印" not in cards[note] and "打印说明" in cards[note]
    booklet = note.replace("-说明.pdf", ".pdf")
    assert "份数打印：要几份印几份" in cards[booklet] and "逐份打印" in cards[booklet]
    assert "份数打印：要几份印几份" in next(t for n, t in cards.items() if "leaflet" in n)
    previews = units[0].find_elements(By.CSS_SELECTOR, "object.thumb")
    assert {Path(unquote(urlparse(o.get_attribute("data")).path)) for o in previews} == expected
    leaflet = next(o for o in previews if "leaflet" in o.get_attribute("data"))
    deadline = time.monotonic() + 15
    while True:  # the first page as the browser's PDF viewer draws it: the leaflet's red band
        from io import BytesIO

        from PIL import Image

        shot = Image.open(BytesIO(leaflet.screenshot_as_png)).convert("RGB")
        px = shot.tobytes()
        red = sum(1 for i in range(0, len(px), 3) if px[i] > 150 and px[i + 1] < 80 and px[i + 2] < 80)
        if red > 0.02 * shot.width * shot.height or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert red > 0.02 * shot.width * shot.height
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("金水 花园")  # words in any order, as a clerk types them
    WebDriverWait(browser, 10).until(lambda b: "找到 1 个单位" in b.find_element(By.ID, "count").text)
    box.clear()
    box.send_keys("不存在的街道")
    WebDriverWait(browser, 10).until(lambda b: "没有找到" in b.find_element(By.ID, "count").text)
    assert _errors(browser) == []


def test_the_pack_index_tells_a_clerk_why_a_failed_unit_has_no_files(browser, data_copy, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from collateral.cli.app import main
    from conftest import county_file, replace_in

    replace_in(county_file(data_copy, JINSHUI), 'phone: ""', 'phone: "12345"')
    out = tmp_path / "pack"
    assert main(["batch", JINSHUI, "-o", str(out), "--data", str(data_copy), "--date", DATE, "-q",
                 "--products", "leaflet"]) == 1
    browser.get((out / "index.html").as_uri())
    browser.find_element(By.ID, "q").send_keys("花园路")
    WebDriverWait(browser, 10).until(lambda b: "找到 1 个单位" in b.find_element(By.ID, "count").text)
    unit = browser.find_element(By.CSS_SELECTOR, "section.unit")
    assert "暂无文件" in unit.text and not unit.find_elements(By.CSS_SELECTOR, ".file a")
