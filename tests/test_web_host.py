"""The channels snippet pasted into hostile host pages, in headless Chromium at 1366×768.

The host pages do what government sites do: global resets, ``overflow:hidden``
on every section/div/aside, ``a{display:none}``, ``*{color:red}``, rules and
ids that share the kit's names, the snippet pasted twice, in a 200 px sidebar
at the left or the right edge. What a visitor sees is checked: each pop-up is
open, inside the viewport, on top at its own centre, its QR code decodes from a
screenshot, the SMS number is whole; Esc closes it.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from webkit_browser import kits, browser  # noqa: F401 - shared fixtures
from webkit_browser import (PROVINCE, beside_kit, decoded_screenshot, desktop, is_open, make_kits, open_page, phone, rect, shadow,
                            shadow_all, start, viewport)

pytestmark = pytest.mark.slow  # a browser or a whole pack per module: with the slow tests, which CI runs too

HOSTILE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>host</title><style>
*{margin:0;padding:0;border:0;box-sizing:content-box;font-size:10px;line-height:1;color:red;visibility:visible}
section,div,aside{overflow:hidden} a{display:none} ul,li{list-style:none} button{all:unset}
.cmw-pop,.cmw-trigger,.cmw-channels,.cmw-entry{display:none!important}
body{display:flex;flex-direction:%s;min-height:2000px} aside{width:200px;flex:none;background:#eee}
main{flex:1}
</style></head><body><aside><div><section><p id="cmw-410000-sms">the host's own element with the kit's id</p>
%s</section></div></aside><main><div class="cmw-pop">host block with the kit's class</div>%s</main></body></html>"""


@pytest.fixture(scope="module")
def hosts(kits, tmp_path_factory):
    """Host pages with the province's channels snippet in a left or a right sidebar, and pasted twice."""
    folder = beside_kit(kits[PROVINCE], tmp_path_factory.mktemp("hosts"))
    snippet = (kits[PROVINCE] / "channels.html").read_text(encoding="utf-8")
    pages = {}
    for side, direction in (("left", "row"), ("right", "row-reverse")):
        pages[side] = folder / f"{side}.html"
        pages[side].write_text(HOSTILE % (direction, snippet, ""), encoding="utf-8")
    pages["twice"] = folder / "twice.html"
    pages["twice"].write_text(HOSTILE % ("row", snippet, snippet), encoding="utf-8")
    return pages


def _payloads(kits) -> dict[str, str]:
    from collateral.data.dataset import Dataset
    from collateral.data.resolve import resolve

    dataset = Dataset(kits["data"])
    channels = resolve(dataset, dataset.find(PROVINCE)).channels
    return {"wechat": channels["wechat"].qr, "app": channels["app"].qr, "sms": channels["sms"].number}


def _away(browser):
    ActionChains(browser).move_by_offset(0, 0).perform()
    browser.execute_script("document.querySelector('main').scrollIntoView")
    ActionChains(browser).move_to_element_with_offset(browser.find_element("tag name", "main"), 300, 300).perform()


def _on_top(browser, element) -> bool:
    """Whether the element's centre is what the visitor sees there (nothing covers or clips it)."""
    return browser.execute_script(
        "const e=arguments[0],r=e.getBoundingClientRect(),root=e.getRootNode();"
        "const hit=root.elementFromPoint(r.left+r.width/2,r.top+r.height/2);return hit===e||e.contains(hit)", element)


@pytest.mark.slow  # QR codes read from screenshots; ~2 s on an idle machine
@pytest.mark.parametrize("side", ["left", "right"])
def test_hover_in_a_200px_sidebar_shows_each_channel_whole(browser, kits, hosts, side):
    desktop(browser)
    open_page(browser, hosts[side])
    payloads = _payloads(kits)
    width, height = viewport(browser)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width  # no sideways scrolling
    for kind in ("wechat", "app", "sms"):
        trigger = shadow(browser, f'[aria-controls="cmw-410000-{kind}"]')
        pop = shadow(browser, f"#cmw-410000-{kind}")
        _away(browser)
        assert not is_open(browser, pop), kind
        assert rect(browser, trigger)["width"] >= 150  # the entry is there, whole, despite the host's rules
        ActionChains(browser).move_to_element(trigger).perform()
        assert is_open(browser, pop), kind
        box = rect(browser, pop)
        assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height, (kind, box)
        assert _on_top(browser, pop), kind
        if kind == "sms":
            number = shadow(browser, f"#cmw-410000-{kind} .cmw-number a")
            assert number.text == payloads["sms"]
            n = rect(browser, number)
            assert n["left"] >= box["left"] and n["right"] <= box["right"] and n["right"] <= width
            assert _on_top(browser, number)
        else:
            assert decoded_screenshot(browser, box) == [payloads[kind]], kind
        # The hovered entry's text stays readable: the kit's white on red, not the host's red.
        assert browser.execute_script("return getComputedStyle(arguments[0]).color", trigger) == "rgb(255, 255, 255)"
        # WCAG 1.4.13: the pointer can move onto the pop-up; Esc closes it; it stays closed while the pointer rests.
        ActionChains(browser).move_to_element(pop).perform()
        assert is_open(browser, pop), kind
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()
        assert not is_open(browser, pop), kind
        ActionChains(browser).move_by_offset(2, 2).perform()
        assert not is_open(browser, pop), kind
    assert browser.execute_script("return window.scrollY") == 0


def test_two_pasted_copies_are_independent_and_one_pop_up_is_open(browser, hosts):
    desktop(browser)
    open_page(browser, hosts["twice"])
    assert browser.execute_script("return document.querySelectorAll('cmw-channels').length") == 2
    # The host's element keeps its id; the kit's ids live in each copy's own tree, once each.
    assert browser.execute_script("return document.getElementById('cmw-410000-sms').tagName") == "P"
    for index in (0, 1):
        ids = browser.execute_script("return [...document.querySelectorAll('cmw-channels')[arguments[0]].shadowRoot"
                                     ".querySelectorAll('[id]')].map(e => e.id)", index)
        assert len(ids) == len(set(ids)) >= 4
    first_sms = shadow(browser, "#cmw-410000-sms", index=0)
    second_sms = shadow(browser, "#cmw-410000-sms", index=1)
    second_app = shadow(browser, "#cmw-410000-app", index=1)
    tap = "arguments[0].click()"  # a click with no pointer moving: what a tap on a touch screen gives
    browser.execute_script(tap, shadow_all(browser, ".cmw-trigger", index=1)[2])
    assert is_open(browser, second_sms) and not is_open(browser, first_sms)
    browser.execute_script(tap, shadow_all(browser, ".cmw-trigger", index=1)[1])
    assert is_open(browser, second_app) and not is_open(browser, second_sms)  # one at a time
    browser.execute_script(tap, shadow_all(browser, ".cmw-trigger", index=0)[2])
    assert is_open(browser, first_sms) and not is_open(browser, second_app)  # across copies too
    browser.execute_script(tap, shadow_all(browser, ".cmw-trigger", index=0)[2])
    assert not is_open(browser, first_sms)  # a second tap closes


def test_tap_never_moves_the_page_and_esc_closes_what_a_tap_opened(browser, hosts):
    desktop(browser)
    open_page(browser, hosts["left"])
    browser.execute_script("window.scrollTo(0, 40)")
    trigger = shadow_all(browser, ".cmw-trigger")[2]
    browser.execute_script("arguments[0].click()", trigger)
    pop = shadow(browser, "#cmw-410000-sms")
    assert is_open(browser, pop)
    assert browser.execute_script("return window.scrollY") == 40
    assert browser.current_url == hosts["left"].as_uri()
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not is_open(browser, pop)


def test_keyboard_focus_opens_and_esc_closes(browser, hosts):
    desktop(browser)
    open_page(browser, hosts["right"])
    seen = []
    for _ in range(6):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.execute_script("const a=document.activeElement;return a.shadowRoot&&a.shadowRoot.activeElement")
        if focused is None:
            continue
        pop = shadow(browser, "#" + focused.get_attribute("aria-controls")) if focused.get_attribute("aria-controls") \
            else None
        assert pop is not None and is_open(browser, pop)
        assert focused.value_of_css_property("outline-style") == "solid"
        seen.append(pop.get_attribute("id"))
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()
        assert not is_open(browser, pop)
        if len(seen) == 3:
            break
    assert seen == ["cmw-410000-wechat", "cmw-410000-app", "cmw-410000-sms"]


def test_without_script_a_tap_opens_and_a_second_tap_closes(browser, hosts):
    desktop(browser)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, hosts["left"])
        trigger = shadow_all(browser, ".cmw-trigger")[2]
        pop = shadow(browser, "#cmw-410000-sms")
        trigger.click()
        assert is_open(browser, pop)
        box = rect(browser, pop)
        width, height = viewport(browser)
        assert 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height
        trigger.click()
        assert not is_open(browser, pop)
        assert browser.current_url == hosts["left"].as_uri()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_sms_number_can_be_selected_with_the_mouse(browser, hosts, kits):
    desktop(browser)
    open_page(browser, hosts["left"])
    browser.execute_script("arguments[0].click()", shadow_all(browser, ".cmw-trigger")[2])
    number = shadow(browser, "#cmw-410000-sms .cmw-number a")
    box = rect(browser, number)
    ActionChains(browser).move_to_element_with_offset(number, -box["width"] / 2 + 1, 0).click_and_hold() \
        .move_to_element_with_offset(number, box["width"] / 2 - 1, 0).release().perform()
    selected = browser.execute_script("return document.getSelection().toString()")
    assert _payloads(kits)["sms"] in selected.replace(" ", "")


@pytest.fixture
def fresh_browser(tmp_path):
    """A browser of its own: touch emulation in a driver that served many pages before could hang (~10 min)."""
    driver = start(tmp_path)
    yield driver
    driver.quit()


def test_on_a_375px_phone_a_tap_shows_each_channel_whole(fresh_browser, kits):
    browser = fresh_browser
    phone(browser)
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    try:
        open_page(browser, kits[PROVINCE] / "index.html")
        payloads = _payloads(kits)
        width, height = viewport(browser)
        def tap(element):
            box = rect(browser, element)
            x, y = box["left"] + box["width"] / 2, box["top"] + box["height"] / 2
            for event, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
                browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": event, "touchPoints": points})

        for index, kind in enumerate(("wechat", "app", "sms")):
            trigger = shadow_all(browser, ".cmw-trigger")[index]
            tap(trigger)
            pop = shadow(browser, f"#cmw-410000-{kind}")
            assert is_open(browser, pop), kind
            box = rect(browser, pop)
            assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height, kind
            if kind == "sms":
                assert shadow(browser, "#cmw-410000-sms .cmw-number a").text == payloads["sms"]
            else:
                assert decoded_screenshot(browser, box) == [payloads[kind]], kind
            tap(trigger)  # the same entry again: closed (on a phone the pop-up may cover the next entry)
            assert not is_open(browser, pop), kind
        assert browser.execute_script("return window.scrollY") == 0
    finally:
        browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        desktop(browser)
