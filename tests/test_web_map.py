"""The map and the demo page in headless Chromium: 28 regions, their panels, phone sizes, axe-core.

The province map has the 18 city-level units and the 10 省直管县, each opening
its own panel by a click, Enter and a tap (a real tap gesture, not a script
click). At 375 px every visible word is at least 12 px, every tap target at
least 24 px, the flow chart is the vertical one. axe-core reports nothing.
"""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from webkit_browser import kits, browser  # noqa: F401 - shared fixtures
from webkit_browser import (DIRECT, KIT_FILES, beside_kit, EVIL, PROVINCE, ZHENGZHOU, axe_violations, desktop, is_open, make_kits, open_page,
                            phone, rect, shadow, shadow_all, start, viewport)

CITIES = ["郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市", "濮阳市", "许昌市", "漯河市",
          "三门峡市", "南阳市", "商丘市", "信阳市", "周口市", "驻马店市", "济源示范区"]

# Every rendered text node, in the page and in every shadow root: its text and its size on screen in px.
TEXT_SIZES = """
const out = [];
function walk(root) {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) walk(el.shadowRoot);
    if (['STYLE', 'SCRIPT', 'TEMPLATE', 'title', 'desc'].includes(el.tagName)) continue;
    for (const node of el.childNodes) {
      if (node.nodeType !== 3 || !node.textContent.trim()) continue;
      if (!el.checkVisibility({checkVisibilityCSS: true}) || !el.getClientRects().length) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) size *= el.getScreenCTM().a;
      out.push([node.textContent.trim().slice(0, 20), Math.round(size * 10) / 10]);
    }
  }
}
walk(document);
return out;
"""
# Every visible control a finger taps: links, buttons (the map's shapes aside: each has its button in the list).
TARGETS = """
const out = [];
function walk(root) {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) walk(el.shadowRoot);
    if (!el.matches('a[href], button, [role=button], input, select') || el.matches('.cmw-region')) continue;
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    out.push([el.textContent.trim().slice(0, 20), Math.round(r.width), Math.round(r.height)]);
  }
}
walk(document);
return out;
"""


def _m(browser, css: str):
    return shadow(browser, css, host="cmw-map")


def _shown_halls(browser) -> list[str]:
    """The codes of the panels on screen (rendered, not hidden)."""
    return browser.execute_script("return [...document.querySelector('cmw-map').shadowRoot.querySelectorAll("
                                  "'.cmw-hall')].filter(h => h.checkVisibility()).map(h => h.dataset.code)")


def _label_point(browser, region) -> tuple[float, float]:
    """Where the region's name sits, on screen, after scrolling it into the middle of the viewport."""
    get = ("const e=arguments[0],s=e.ownerSVGElement,p=s.createSVGPoint();p.x=+e.dataset.x;p.y=+e.dataset.y;"
           "const q=p.matrixTransform(e.getScreenCTM());return [q.x,q.y]")
    x, y = browser.execute_script(get, region)
    browser.execute_script("window.scrollBy(0, arguments[0])", y - viewport(browser)[1] / 2)
    return tuple(browser.execute_script(get, region))


def _click_at(browser, x: float, y: float) -> None:
    for kind in ("mousePressed", "mouseReleased"):
        browser.execute_cdp_cmd("Input.dispatchMouseEvent",
                                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})


def _tap_at(browser, x: float, y: float) -> None:
    """A finger's tap: touch events, then the pointer and click events the browser makes of them."""
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.fixture
def touch(browser):
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    yield
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


@pytest.mark.slow  # 84 real clicks, key presses and taps
def test_the_province_map_has_28_regions_each_with_its_own_panel(browser, kits, touch):
    desktop(browser)
    browser.set_window_size(1366, 1200)  # the whole map in view: each region is clicked where its name sits
    open_page(browser, kits[PROVINCE] / "map.html")
    regions = shadow_all(browser, ".cmw-region", host="cmw-map")
    names = [r.get_attribute("data-name") for r in regions]
    assert names == CITIES + list(DIRECT.values())
    assert _shown_halls(browser) == [PROVINCE]  # the province's own hall before any choice
    points = browser.execute_script(
        "return arguments[0].map(e => {const p=e.ownerSVGElement.createSVGPoint();p.x=+e.dataset.x;p.y=+e.dataset.y;"
        "const q=p.matrixTransform(e.getScreenCTM());return [q.x,q.y]})", regions)
    assert all(0 < y < 1200 for _, y in points)
    state = ("const r=document.querySelector('cmw-map').shadowRoot;return [[...r.querySelectorAll('.cmw-hall')]"
             ".filter(h => h.checkVisibility()).map(h => h.dataset.code), "
             "r.querySelector('.cmw-region[data-code=\"'+arguments[0]+'\"]').getAttribute('aria-expanded')]")
    for how in ("click", "enter", "tap"):
        for region, (x, y) in zip(regions, points):
            code = region.get_attribute("data-code")
            if how == "enter":
                browser.execute_script("arguments[0].focus()", region)
                for kind in ("keyDown", "keyUp"):
                    browser.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                                       "windowsVirtualKeyCode": 13})
            else:
                (_click_at if how == "click" else _tap_at)(browser, x, y)
            assert browser.execute_script(state, code) == [[code], "true"], (how, region.get_attribute("data-name"))
    # A 直管县's panel is its own: its hall and its own leaders' rows.
    browser.execute_script("arguments[0].focus()", _m(browser, '.cmw-region[data-code="410181"]'))
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    panel = _m(browser, "#cmw-410000-hall-410181")
    assert "接访大厅：巩义市信访局" in panel.text
    rows = [[td.text for td in tr.find_elements("css selector", "td")]
            for tr in panel.find_elements("css selector", "tbody tr")]
    assert [r[0] for r in rows] == ["市委书记", "市长", "市信访局长"]
    assert browser.execute_script("return document.activeElement.shadowRoot.activeElement.id") == \
        "cmw-410000-hall-410181"


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_every_region_is_in_the_list_and_the_list_opens_its_panel(browser, kits):
    desktop(browser)
    for code, expected in ((PROVINCE, CITIES + list(DIRECT.values())), (ZHENGZHOU, None)):
        open_page(browser, kits[code] / "map.html")
        listed = shadow_all(browser, ".cmw-list button", host="cmw-map")
        names = [b.text for b in listed]
        halls = [h.find_element("css selector", "h3").get_attribute("textContent")
                 for h in shadow_all(browser, ".cmw-hall", host="cmw-map")]
        assert sorted(names) == sorted(n for n in halls if n != {PROVINCE: "河南省", ZHENGZHOU: "郑州市"}[code])
        if expected:
            assert names == expected
        for button in listed[::5]:
            button.click()
            assert _shown_halls(browser) == [button.get_attribute("data-code")]


def test_pointing_at_a_region_says_click_here_and_esc_hides_it(browser, kits):
    desktop(browser)
    open_page(browser, kits[PROVINCE] / "map.html")
    region = _m(browser, '.cmw-region[data-code="410526"]')  # 滑县, drawn over 安阳市
    x, y = _label_point(browser, region)
    browser.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    tip = _m(browser, ".cmw-tip")
    assert is_open(browser, tip) and tip.text == "滑县 · 请点击"
    box, (width, height) = rect(browser, tip), viewport(browser)
    assert 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not is_open(browser, tip)


def test_leaders_are_escaped_text_with_sms_links(browser, kits):
    desktop(browser)
    open_page(browser, kits[PROVINCE] / "index.html")
    browser.execute_script("arguments[0].click()", _m(browser, '.cmw-list button[data-code="410100"]'))
    panel = _m(browser, "#cmw-410000-hall-410100")
    rows = [[td.text for td in tr.find_elements("css selector", "td")]
            for tr in panel.find_elements("css selector", "tbody tr")]
    assert rows == [["市委书记", EVIL, "待公布"], ["市长", "张三", "13800000000"], ["市信访局长", "待公布", "待公布"]]
    link = panel.find_element("css selector", "a")
    assert link.get_attribute("href").startswith("sms:13800000000?&body=")
    assert panel.find_elements("css selector", "img") == []
    assert browser.execute_script("return window.__alerts") == []


def test_at_375px_words_are_12px_targets_24px_and_the_flow_is_vertical(browser, kits, touch):
    phone(browser)
    try:
        open_page(browser, kits[PROVINCE] / "index.html")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
        flows = browser.execute_script("return [...document.querySelectorAll('svg.cmw-flow')].map("
                                       "s => [s.classList.contains('cmw-flow-v'), s.checkVisibility()])")
        assert flows == [[False, False], [True, True]]
        # Open a panel from the list with a tap, so a leaders' table is on screen too.
        button = _m(browser, '.cmw-list button[data-code="410181"]')
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        box = rect(browser, button)
        _tap_at(browser, box["left"] + box["width"] / 2, box["top"] + box["height"] / 2)
        assert _shown_halls(browser) == ["410181"]
        texts = browser.execute_script(TEXT_SIZES)
        assert len(texts) > 60
        small = [t for t in texts if t[1] < 12]
        assert small == []
        targets = browser.execute_script(TARGETS)
        assert len(targets) >= 31  # 3 channels, 28 regions, a panel's back button
        assert [t for t in targets if t[1] < 24 or t[2] < 24] == []
    finally:
        desktop(browser)


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_axe_finds_no_violation_on_index(browser, kits, size):
    (desktop if size == "desktop" else phone)(browser)
    try:
        open_page(browser, kits[PROVINCE] / "index.html")
        assert axe_violations(browser) == []
        # With a panel chosen and a pop-up open: their contents and contrast are checked too.
        browser.execute_script("arguments[0].click()", _m(browser, '.cmw-list button[data-code="410100"]'))
        browser.execute_script("arguments[0].click()", shadow_all(browser, ".cmw-trigger")[2])
        assert is_open(browser, shadow(browser, "#cmw-410000-sms"))
        assert axe_violations(browser) == []
    finally:
        desktop(browser)


def test_city_map_page_has_no_violation(browser, kits):
    desktop(browser)
    open_page(browser, kits[ZHENGZHOU] / "map.html")
    options = {"resultTypes": ["violations"],  # a snippet alone has no <title> or <html lang>: the site's page has
               "rules": {rule: {"enabled": False} for rule in ("document-title", "html-has-lang", "landmark-one-main",
                                                               "page-has-heading-one")}}
    assert axe_violations(browser, options) == []


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@pytest.mark.parametrize("code, page", [(PROVINCE, "index.html"), (ZHENGZHOU, "map.html")])
def test_no_request_beyond_the_page(browser, kits, code, page):
    desktop(browser)
    path = kits[code] / page
    browser.get_log("performance")  # drop what earlier pages did
    open_page(browser, path)
    for trigger in shadow_all(browser, ".cmw-trigger") if page == "index.html" else []:
        ActionChains(browser).move_to_element(trigger).perform()
    for hall in shadow_all(browser, ".cmw-hall", host="cmw-map"):  # every panel, leader names too
        browser.execute_script("arguments[0].hidden=false", hall)
    own = (*KIT_FILES, "demo.css") if page == "index.html" else KIT_FILES  # the kit's own files, beside the page
    kit = {(kits[code] / name).as_uri() for name in own}
    assert set(browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")) <= kit
    urls = [json.loads(e["message"])["message"]["params"].get("request", {}).get("url")
            for e in browser.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
    assert set(urls) <= {path.as_uri(), *kit}


def test_two_maps_in_a_hostile_host_are_whole_and_independent(browser, kits, tmp_path):
    beside_kit(kits[PROVINCE], tmp_path)
    snippet = (kits[PROVINCE] / "map.html").read_text(encoding="utf-8")
    page = tmp_path / "host.html"
    page.write_text('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>host</title><style>'
                    "*{margin:0;padding:0;color:red} section,div,aside{overflow:hidden} a,svg,table{display:none}"
                    "button{all:unset} .cmw-hall,.cmw-region{display:none!important}</style></head><body>"
                    f'<div id="cmw-410000-hall-410100"><section>{snippet}</section></div><aside>{snippet}</aside>'
                    "</body></html>", encoding="utf-8")
    desktop(browser)
    open_page(browser, page)
    for index in (0, 1):
        sizes = browser.execute_script("return [...document.querySelectorAll('cmw-map')[arguments[0]].shadowRoot"
                                       ".querySelectorAll('.cmw-region')].map(r => r.getBoundingClientRect().width)",
                                       index)
        assert len(sizes) == 28 and min(sizes) > 5
    first = shadow(browser, '.cmw-list button[data-code="410526"]', host="cmw-map", index=0)
    browser.execute_script("arguments[0].click()", first)
    shown = ("return [...document.querySelectorAll('cmw-map')[arguments[0]].shadowRoot.querySelectorAll('.cmw-hall')]"
             ".filter(h => h.checkVisibility()).map(h => h.dataset.code)")
    assert browser.execute_script(shown, 0) == ["410526"]
    assert browser.execute_script(shown, 1) == [PROVINCE]  # the other copy keeps its own state
    assert browser.execute_script("return document.getElementById('cmw-410000-hall-410100').tagName") == "DIV"


def test_without_script_the_list_opens_each_panel_as_a_pop_up(browser, kits):
    desktop(browser)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, kits[PROVINCE] / "map.html")
        assert _shown_halls(browser) == [PROVINCE]
        button = _m(browser, '.cmw-list button[data-code="411525"]')
        button.click()
        panel = _m(browser, "#cmw-410000-hall-411525")
        assert is_open(browser, panel) and "固始县信访局" in panel.text
        box, (width, height) = rect(browser, panel), viewport(browser)
        assert 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()
        assert not is_open(browser, panel)
        assert browser.current_url == (kits[PROVINCE] / "map.html").as_uri()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


# Each region's visible labels on the map (text, size on screen in px, screen box), its list button's key and text.
LABELS = """
const root = document.querySelector('cmw-map').shadowRoot, out = {};
const texts = [...root.querySelectorAll('.cmw-labels text')].filter(t => t.checkVisibility() && t.getClientRects().length);
for (const r of root.querySelectorAll('.cmw-region')) {
  const b = root.querySelector('.cmw-list button[data-code="' + r.dataset.code + '"]');
  const mine = texts.filter(t => t.getAttribute('x') === r.dataset.x && t.getAttribute('y') === r.dataset.y);
  out[r.dataset.code] = {name: r.dataset.name, key: b.dataset.key || null, button: b.textContent.trim(),
    keyShown: getComputedStyle(b, '::before').content,
    labels: mine.map(t => { const q = t.getBoundingClientRect();
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a, [q.left, q.top, q.right, q.bottom]] })};
}
return out;
"""


@pytest.mark.slow  # three widths, two maps (> 1.5 s)
@pytest.mark.parametrize("width", [1366, 375, 320])
@pytest.mark.parametrize("code", [PROVINCE, ZHENGZHOU])
def test_every_region_is_labelled_at_every_width_by_its_name_or_its_key_number(browser, kits, code, width):
    if width == 1366:
        desktop(browser)
        open_page(browser, kits[code] / "map.html")
    else:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": 740, "deviceScaleFactor": 1, "mobile": True})
        open_page(browser, kits[code] / "index.html")
    try:
        regions = browser.execute_script(LABELS)
        assert len(regions) == (28 if code == PROVINCE else 12)
        names = keys = 0
        boxes = []
        for r in regions.values():
            assert len(r["labels"]) == 1, r  # one label each: its name or its number, never none, never both
            [(text, size, box)] = r["labels"]
            assert size >= 12, r
            assert r["button"] == r["name"] and r["keyShown"] != "none", r  # the list is the key: number, then name
            if text == r["name"]:
                names += 1
            else:
                assert text == r["key"], r
                keys += 1
            # the ink of digits and CJK lies within about ±0.4 em of the central baseline, not the whole em box
            middle, half = (box[1] + box[3]) / 2, 0.4 * size
            boxes.append((text, (box[0], middle - half, box[2], middle + half)))
        # no label lies over another one
        for i, (ta, a) in enumerate(boxes):
            for tb, b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (ta, tb)
        assert (names > keys) if width == 1366 else names == 0  # names where there is room, numbers on a phone
        assert sorted(int(r["key"]) for r in regions.values()) == list(range(1, len(regions) + 1))
    finally:
        desktop(browser)


# Points well inside each region (3 px from any other region's shape, by the shapes' own geometry, overlays on
# top), on a regular grid over its box: where a finger lands meaning that region.
INTERIOR = """
const root = document.querySelector('cmw-map').shadowRoot, regs = [...root.querySelectorAll('.cmw-region')];
const svg = root.querySelector('.cmw-svg'), inv = svg.getScreenCTM().inverse();
function topmost(x, y) { let p = svg.createSVGPoint(); p.x = x; p.y = y; p = p.matrixTransform(inv); let hit = null;
  for (const r of regs) if (r.querySelector('path').isPointInFill(p)) hit = r.dataset.code; return hit }
const out = {};
for (const r of regs) { const b = r.getBoundingClientRect(), pts = [];
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) { const x = b.left + b.width * i / 12, y = b.top + b.height * j / 12;
    if ([[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => topmost(x + dx, y + dy) === r.dataset.code)) pts.push([x, y]) }
  const pick = pts.length <= 4 ? pts : [0, 1, 2, 3].map(k => pts[Math.floor(k * (pts.length - 1) / 3)]);
  out[r.dataset.code] = {name: r.dataset.name, w: b.width, h: b.height, pts: pick} }
return out;
"""


@pytest.mark.slow  # 4 real taps in each of 28 regions (> 5 s)
@pytest.mark.parametrize("code", [PROVINCE, ZHENGZHOU])
def test_at_375px_a_tap_anywhere_inside_a_region_opens_that_region(browser, kits, touch, code):
    phone(browser)
    try:
        open_page(browser, kits[code] / "index.html")
        browser.execute_script("document.querySelector('cmw-map').scrollIntoView()")
        regions = browser.execute_script(INTERIOR)
        # A shape under 24 px (a 直管县 on a phone) is reached from its numbered button in the list under the map.
        for small in [c for c, r in regions.items() if min(r["w"], r["h"]) < 24]:
            box = rect(browser, _m(browser, f'.cmw-list button[data-code="{small}"]'))
            assert box["width"] >= 24 and box["height"] >= 24, regions[small]["name"]
        wrong = []
        for want, r in regions.items():
            assert r["pts"], r["name"]
            for x, y in r["pts"]:
                _tap_at(browser, x, y)
                got = browser.execute_script("return [...document.querySelector('cmw-map').shadowRoot"
                                             ".querySelectorAll('.cmw-region[aria-expanded=true]')].map(r => r.dataset.code)")
                if got != [want]:
                    wrong.append((r["name"], round(x), round(y), got))
                browser.execute_script("document.querySelector('cmw-map').scrollIntoView()")
        assert not wrong, wrong
    finally:
        desktop(browser)
