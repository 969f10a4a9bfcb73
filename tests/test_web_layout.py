"""The map's panels in host pages as city sites build them: a sticky header on a phone, a 700 px column.

At 375 px under a 60 px sticky header, each of the 28 regions opened from the
region list shows its panel with the place name below the header and inside
the viewport, and the panel has the focus. In a 700 px column the panel opens
under the map, below the fold: it is scrolled into view.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from webkit_browser import PROVINCE, beside_kit, desktop, is_open, make_kits, open_page, phone, rect, shadow, shadow_all, start

HOST = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>host</title><style>
body{margin:0;font-size:16px} header{position:sticky;top:0;height:60px;background:#123;color:#fff;z-index:10}
.col{width:%s;margin:0 auto} .news{height:%s}</style></head><body><header>某市人民政府</header>
<div class="col"><div class="news">新闻</div>%s<p style="height:1200px">页脚</p></div></body></html>"""


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    return make_kits(tmp_path_factory.mktemp("kits-layout"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start(tmp_path_factory.mktemp("chromium"))
    yield driver
    driver.quit()


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


def _inside(box: dict, width: int, height: int) -> bool:
    return box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_pop_ups_and_tips_sit_by_their_trigger_under_css_zoom(browser, kits, tmp_path):
    desktop(browser)
    beside_kit(kits[PROVINCE], tmp_path)
    page = tmp_path / "elder.html"
    page.write_text(ZOOMED % ((kits[PROVINCE] / "channels.html").read_text(encoding="utf-8"),
                              (kits[PROVINCE] / "map.html").read_text(encoding="utf-8")), encoding="utf-8")
    open_page(browser, page)
    assert browser.execute_script("return document.documentElement.currentCSSZoom") == 1.25
    width, height = browser.execute_script("return [document.documentElement.clientWidth,"
                                           "document.documentElement.clientHeight]")
    for trigger in shadow_all(browser, ".cmw-trigger"):
        ActionChains(browser).move_to_element(trigger).perform()
        pop = shadow(browser, "#" + trigger.get_attribute("aria-controls"))
        box, by = rect(browser, pop), rect(browser, trigger)
        assert _inside(box, width, height), (trigger.text, box)
        across, down = _gap(box, by)
        assert (across > 0 or down > 0) and across <= 16 and down <= 16, (trigger.text, box, by)  # beside, not over it
    for code in ("410300", "410100", "411500"):
        region = shadow(browser, f'.cmw-region[data-code="{code}"]', host="cmw-map")
        browser.execute_script("arguments[0].scrollIntoView({block:'center'})", region)
        ActionChains(browser).move_to_element(region).perform()
        tip = shadow(browser, ".cmw-tip", host="cmw-map")
        box = rect(browser, tip)
        assert _inside(box, width, height), (code, box)
        assert max(_gap(box, rect(browser, region))) <= 24, (code, box)


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_a_pop_up_in_an_iframe_closes_when_the_pointer_leaves_the_frame(browser, kits, tmp_path):
    desktop(browser)
    beside_kit(kits[PROVINCE], tmp_path)
    (tmp_path / "inner.html").write_text('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>in</title>'
                                         "</head><body>" + (kits[PROVINCE] / "channels.html").read_text(encoding="utf-8")
                                         + "</body></html>", encoding="utf-8")
    page = tmp_path / "outer.html"
    page.write_text('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>out</title></head><body>'
                    '<iframe src="inner.html" title="手机信访" width="700" height="500"></iframe>'
                    '<p id="outside" style="height:200px">外部</p></body></html>', encoding="utf-8")
    open_page(browser, page)
    browser.switch_to.frame(browser.find_element("css selector", "iframe"))
    try:
        trigger = shadow_all(browser, ".cmw-trigger")[0]
        ActionChains(browser).move_to_element(trigger).perform()
        pop = shadow(browser, "#" + trigger.get_attribute("aria-controls"))
        assert is_open(browser, pop)
        ActionChains(browser).move_to_element(pop).perform()  # onto the pop-up, then out of the frame from there
        assert is_open(browser, pop)
        browser.switch_to.default_content()
        ActionChains(browser).move_to_element(browser.find_element("id", "outside")).perform()
        browser.switch_to.frame(browser.find_element("css selector", "iframe"))
        WebDriverWait(browser, 2).until(lambda d: not is_open(d, pop))
    finally:
        browser.switch_to.default_content()
