"""The map's panels in host pages as city sites build them: a sticky header on a phone, a 700 px column.

At 375 px under a 60 px sticky header, each of the 28 regions opened from the
region list shows its panel with the place name below the header and inside
the viewport, and the panel has the focus. In a 700 px column the panel opens
under the map, below the fold: it is scrolled into view.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from webcheck_corpus import serve
from webkit_browser import kits, browser  # noqa: F401 - shared fixtures
from webkit_browser import PROVINCE, beside_kit, desktop, is_open, make_kits, open_page, phone, rect, shadow, shadow_all, start

HOST = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>host</title><style>
body{margin:0;font-size:16px} header{position:sticky;top:0;height:60px;background:#123;color:#fff;z-index:10}
.col{width:%s;margin:0 auto} .news{height:%s}</style></head><body><header>某市人民政府</header>
<div class="col"><div class="news">新闻</div>%s<p style="height:1200px">页脚</p></div></body></html>"""


def _page(kits, tmp_path, width: str, news: str):
    beside_kit(kits[PROVINCE], tmp_path)
    page = tmp_path / "host.html"
    snippet = (kits[PROVINCE] / "map.html").read_text(encoding="utf-8")
    page.write_text(HOST % (width, news, snippet), encoding="utf-8")
    return page


def _open_hall(browser):
    return browser.execute_script("return [...document.querySelector('cmw-map').shadowRoot.querySelectorAll('.cmw-hall')]"
                                  ".filter(h => h.checkVisibility())")


@pytest.mark.slow  # all 28 regions one by one at 375 px (~9 s); CI runs it with -m slow
def test_each_panel_shows_its_name_below_a_sticky_header_on_a_phone(browser, kits, tmp_path):
    phone(browser)
    try:
        open_page(browser, _page(kits, tmp_path, "auto", "300px"))
        buttons = shadow_all(browser, ".cmw-list button", host="cmw-map")
        assert len(buttons) >= 28
        height = browser.execute_script("return document.documentElement.clientHeight")
        hidden = []
        for button in buttons:
            browser.execute_script("arguments[0].scrollIntoView({block:'center'})", button)
            ActionChains(browser).move_to_element(button).click().perform()
            [hall] = _open_hall(browser)
            assert hall.get_attribute("data-code") == button.get_attribute("data-code")
            name = rect(browser, shadow(browser, f'#{hall.get_attribute("id")} h3', host="cmw-map"))
            if not (name["top"] >= 60 and name["bottom"] <= height):
                hidden.append((button.text, round(name["top"]), round(name["bottom"])))
            focused = browser.execute_script("return document.querySelector('cmw-map').shadowRoot.activeElement")
            assert focused == hall
            assert hall.value_of_css_property("outline-style") == "solid"
        assert hidden == []
    finally:
        desktop(browser)


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_a_panel_below_the_fold_in_a_700px_column_is_scrolled_into_view(browser, kits, tmp_path):
    desktop(browser)
    open_page(browser, _page(kits, tmp_path, "700px", "120px"))
    height = browser.execute_script("return document.documentElement.clientHeight")
    region = shadow(browser, '.cmw-region[data-code="410300"]', host="cmw-map")  # 洛阳市, on the map
    [hall] = _open_hall(browser)
    assert rect(browser, hall)["top"] > height  # the panel is under the map, below the fold
    ActionChains(browser).move_to_element(region).click().perform()
    [hall] = _open_hall(browser)
    assert hall.get_attribute("data-code") == "410300"
    box = rect(browser, hall)
    assert box["top"] >= 60 and box["bottom"] <= height


ZOOMED = """<!doctype html><html lang="zh-CN" class="elder"><head><meta charset="utf-8"><title>host</title><style>
html.elder{zoom:1.25} body{margin:0} aside{float:right;width:300px}</style></head><body>
<aside>%s</aside><main>%s</main></body></html>"""


def _gap(a: dict, b: dict) -> tuple[float, float]:
    """How far apart two rects are, across and down (0 where they overlap on that axis)."""
    return (max(0, a["left"] - b["right"], b["left"] - a["right"]), max(0, a["top"] - b["bottom"], b["top"] - a["bottom"]))


def _room_beside(box: dict, by: dict, width: int, height: int, m: int = 8, g: int = 6) -> bool:
    """Whether a pop-up of ``box``'s size fits inside the viewport below, above, right or left of ``by``: at 200 %
    on a 768 px screen (384 CSS px high) a QR pop-up fits nowhere beside its trigger and may only lie inside."""
    w, h = box["width"], box["height"]
    return (by["bottom"] + g + h <= height - m or by["top"] - g - h >= m
            or by["right"] + g + w <= width - m or by["left"] - g - w >= m)


def _inside(box: dict, width: int, height: int) -> bool:
    return box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height


def _point_at(browser, element) -> None:
    """The mouse moved onto the middle of ``element`` (in CSS pixels, as the page sees it, whatever the zoom)."""
    box = rect(browser, element)
    browser.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": box["left"] + box["width"] / 2,
                                                         "y": box["top"] + box["height"] / 2})


def _browser_zoom(browser, zoom: float) -> None:
    """The browser's own zoom (Ctrl +/-) on a 1366×768 window: CSS pixels grow by ``zoom``, the viewport in CSS
    pixels shrinks by it and devicePixelRatio is ``zoom``, which is what device metrics emulate."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": round(1366 / zoom), "height": round(768 / zoom),
                                                                   "deviceScaleFactor": zoom, "mobile": False})


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@pytest.mark.parametrize("css, zoom", [(1.25, 1.0), (1.0, 0.5), (1.0, 0.75), (1.0, 1.5), (1.0, 2.0), (1.25, 2.0)])
def test_pop_ups_and_tips_sit_by_their_trigger_under_css_and_browser_zoom(browser, kits, tmp_path, css, zoom):
    desktop(browser)
    beside_kit(kits[PROVINCE], tmp_path)
    page = tmp_path / "elder.html"
    page.write_text(ZOOMED.replace("zoom:1.25", f"zoom:{css}") % (
        (kits[PROVINCE] / "channels.html").read_text(encoding="utf-8"),
        (kits[PROVINCE] / "map.html").read_text(encoding="utf-8")), encoding="utf-8")
    try:
        _browser_zoom(browser, zoom)
        open_page(browser, page)
        assert browser.execute_script("return [document.documentElement.currentCSSZoom, devicePixelRatio]") == [css, zoom]
        width, height = browser.execute_script("return [document.documentElement.clientWidth,"
                                               "document.documentElement.clientHeight]")
        assert abs(width - 1366 / zoom) <= 1
        for trigger in shadow_all(browser, ".cmw-trigger"):
            browser.execute_script("arguments[0].scrollIntoView({block:'center'})", trigger)
            _point_at(browser, trigger)
            pop = shadow(browser, "#" + trigger.get_attribute("aria-controls"))
            assert is_open(browser, pop), trigger.text
            box, by = rect(browser, pop), rect(browser, trigger)
            assert _inside(box, width, height), (trigger.text, box)
            across, down = _gap(box, by)
            if _room_beside(box, by, width, height):
                assert (across > 0 or down > 0) and across <= 16 and down <= 16, (trigger.text, box, by)  # not over it
            else:  # it lies over the next trigger too: a visitor moves off it, or presses Esc, to reach that one
                ActionChains(browser).send_keys(Keys.ESCAPE).perform()
                browser.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")
                assert not is_open(browser, pop), trigger.text  # and it stays closed with the pointer still on it
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()  # a small viewport: the last pop-up may cover the map
        for code in ("410300", "410100", "411500"):
            region = shadow(browser, f'.cmw-region[data-code="{code}"]', host="cmw-map")
            browser.execute_script("arguments[0].scrollIntoView({block:'center'})", region)
            _point_at(browser, region)
            tip = shadow(browser, ".cmw-tip", host="cmw-map")
            assert is_open(browser, tip), code
            box = rect(browser, tip)
            assert _inside(box, width, height), (code, box)
            assert max(_gap(box, rect(browser, region))) <= 24, (code, box)
    finally:
        desktop(browser)


@pytest.fixture(scope="module")
def framed(kits, tmp_path_factory):
    """An outer page on 127.0.0.1 whose iframe holds the channels snippet from ``localhost`` (another site: Chromium
    runs it out of process, as a city page framing the province's) or from 127.0.0.1 (the same site)."""
    root = beside_kit(kits[PROVINCE], tmp_path_factory.mktemp("framed"))
    (root / "inner.html").write_text('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>in</title>'
                                     '</head><body style="margin:0">'
                                     + (kits[PROVINCE] / "channels.html").read_text(encoding="utf-8")
                                     + "</body></html>", encoding="utf-8")
    server, base = serve(root)
    port = server.server_address[1]
    for name, host in (("other", "localhost"), ("same", "127.0.0.1")):
        (root / f"outer-{name}.html").write_text(
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>out</title></head><body style="margin:0">'
            f'<iframe src="http://{host}:{port}/inner.html" title="手机信访" width="700" height="500" style="border:0;margin:60px">'
            '</iframe><p style="height:300px">外部</p></body></html>', encoding="utf-8")
    yield base
    server.shutdown()


def _move(browser, x: float, y: float) -> None:
    browser.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@pytest.mark.parametrize("site", ["other", "same"])
def test_a_pop_up_in_an_iframe_closes_when_the_pointer_leaves_the_frame(browser, framed, site):
    """Hover a channel, rest on its pop-up, then leave the frame from the pop-up's edge nearest the frame's edge,
    straight out, at 16 px per mouse event (~1,000 px/s): the pop-up closes."""
    desktop(browser)
    browser.get(f"{framed}/outer-{site}.html")
    frame = browser.find_element("css selector", "iframe")
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(
        "return arguments[0].contentWindow.length !== undefined", frame))
    fb = rect(browser, frame)
    browser.switch_to.frame(frame)
    try:
        WebDriverWait(browser, 5).until(lambda d: d.execute_script(
            "const h=document.querySelector('cmw-channels');return h&&h.classList.contains('cmw-js')"))
        trigger = shadow_all(browser, ".cmw-trigger")[0]
        pop = shadow(browser, "#" + trigger.get_attribute("aria-controls"))
        t = rect(browser, trigger)
        _move(browser, fb["left"] + t["left"] + t["width"] / 2, fb["top"] + t["top"] + t["height"] / 2)
        WebDriverWait(browser, 2).until(lambda d: is_open(d, pop))
        p = rect(browser, pop)
        x, y = fb["left"] + p["left"] + p["width"] / 2, fb["top"] + p["top"] + p["height"] / 2
        _move(browser, x, y)
        # the pop-up's side nearest the frame's edge, and the way out across it
        sides = {(-1, 0): p["left"], (1, 0): fb["width"] - p["right"], (0, -1): p["top"], (0, 1): fb["height"] - p["bottom"]}
        (dx, dy), _ = min(sides.items(), key=lambda kv: kv[1])
        x = fb["left"] + (p["left"] + 2 if dx < 0 else p["right"] - 2 if dx > 0 else p["left"] + p["width"] / 2)
        y = fb["top"] + (p["top"] + 2 if dy < 0 else p["bottom"] - 2 if dy > 0 else p["top"] + p["height"] / 2)
        _move(browser, x, y)
        assert is_open(browser, pop)  # resting on the pop-up keeps it open
        while fb["left"] - 40 < x < fb["right"] + 40 and fb["top"] - 40 < y < fb["bottom"] + 40:
            x, y = x + 16 * dx, y + 16 * dy
            _move(browser, x, y)
        WebDriverWait(browser, 2).until(lambda d: not is_open(d, pop))
    finally:
        browser.switch_to.default_content()
