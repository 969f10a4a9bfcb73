"""The kit under a host's Content-Security-Policy, served over HTTP from 127.0.0.1 as a city site serves it.

Government sites send ``default-src 'self'`` or ``script-src 'self'; style-src
'self'``; under either an inline ``<script>``, ``<style>`` or ``style=""`` is
dropped. With ``kit.js`` and ``kit.css`` beside the page, every channel opens
its pop-up on hover and on keyboard focus (its QR code scans off the screen),
a click on the map and a name in the region list open that region's panel, and
the browser reports no violation: neither a ``securitypolicyviolation`` event
(listened for from before the page's own code runs) nor a console message.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from collateral.data.dataset import Dataset
from collateral.web.view import channel_views
from webkit_browser import kits  # noqa: F401 - shared fixtures
from webkit_browser import (PROVINCE, axe_violations, decoded_screenshot, desktop, is_open, make_kits, shadow, shadow_all, start)

pytestmark = pytest.mark.slow  # a browser or a whole pack per module: with the slow tests, which CI runs too

POLICIES = ("default-src 'self'", "script-src 'self'; style-src 'self'")
LISTEN = ("window.__csp=[];document.addEventListener('securitypolicyviolation',"
          "e=>window.__csp.push(e.violatedDirective+' '+e.blockedURI),true);")


class _Handler(http.server.SimpleHTTPRequestHandler):
    policy = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start(tmp_path_factory.mktemp("chromium"))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
    yield driver
    driver.quit()


@pytest.fixture(scope="module", params=POLICIES)
def site(request, kits):
    """The province's kit folder served on 127.0.0.1 with the policy in every response."""
    handler = type("Handler", (_Handler,), {"policy": request.param})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(kits[PROVINCE])))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _open(browser, url):
    desktop(browser)
    browser.get_log("browser")  # drop what earlier pages said
    browser.get(url)
    browser.execute_script("window.scrollTo(0,0)")


def _violations(browser) -> list[str]:
    events = browser.execute_script("return window.__csp")
    console = [e["message"] for e in browser.get_log("browser")
               if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]
    return [*events, *console]


def test_the_kit_is_styled_and_driven_under_the_policy(browser, site, kits):
    _open(browser, site + "index.html")
    for host in ("cmw-channels", "cmw-map"):  # kit.js ran for each snippet, kit.css styles its shadow root
        assert browser.execute_script("return document.querySelector(arguments[0]).classList.contains('cmw-js')", host)
    trigger = shadow_all(browser, ".cmw-trigger")[0]
    assert trigger.value_of_css_property("border-top-color") == "rgba(166, 27, 27, 1)"
    payloads = {c.kind: c.payload for c in channel_views(Dataset(kits["data"]), Dataset(kits["data"]).find(PROVINCE))}
    for trigger in shadow_all(browser, ".cmw-trigger"):
        ActionChains(browser).move_to_element(trigger).perform()
        pop = shadow(browser, "#" + trigger.get_attribute("aria-controls"))
        assert is_open(browser, pop), trigger.text
        kind = pop.get_attribute("id").rsplit("-", 1)[1]
        if kind != "sms":  # the code on screen scans to the channel's payload
            box = browser.execute_script("const r=arguments[0].getBoundingClientRect();"
                                         "return {left:r.left,top:r.top,right:r.right,bottom:r.bottom}", pop)
            assert decoded_screenshot(browser, box) == [payloads[kind]]
        else:
            assert "18837117796" in pop.text
    assert _violations(browser) == []
    assert axe_violations(browser) == []  # axe runs from the driver, which the page's policy does not govern


def test_keyboard_focus_opens_each_pop_up_under_the_policy(browser, site):
    _open(browser, site + "index.html")
    seen = []
    for _ in range(8):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.execute_script("const a=document.activeElement;return a.shadowRoot&&a.shadowRoot.activeElement")
        if focused is not None and focused.get_attribute("aria-controls"):
            pop = shadow(browser, "#" + focused.get_attribute("aria-controls"))
            if pop is not None and is_open(browser, pop):
                seen.append(pop.get_attribute("id"))
        if len(seen) == 3:
            break
    assert seen == ["cmw-410000-wechat", "cmw-410000-app", "cmw-410000-sms"]
    assert _violations(browser) == []


def _shown(browser) -> list[str]:
    return browser.execute_script("return [...document.querySelector('cmw-map').shadowRoot.querySelectorAll('.cmw-hall')]"
                                  ".filter(h => h.checkVisibility()).map(h => h.dataset.code)")


def test_the_map_and_the_region_list_open_panels_under_the_policy(browser, site):
    _open(browser, site + "map.html")
    regions = shadow_all(browser, ".cmw-region", host="cmw-map")
    assert len(regions) == 28
    for region in regions[:3]:  # a real click at the region's centre opens the region drawn there
        browser.execute_script("arguments[0].scrollIntoView({block:'center'})", region)
        ActionChains(browser).move_to_element(region).click().perform()
        hit = browser.execute_script(
            "const r=arguments[0].getBoundingClientRect();const el=document.querySelector('cmw-map').shadowRoot"
            ".elementFromPoint(r.left+r.width/2,r.top+r.height/2);return el.closest('.cmw-region').dataset.code", region)
        assert _shown(browser) == [hit]
    for button in shadow_all(browser, ".cmw-list button", host="cmw-map")[::7]:  # each group; all 28: test_web_layout
        browser.execute_script("arguments[0].scrollIntoView({block:'center'})", button)
        ActionChains(browser).move_to_element(button).click().perform()
        assert _shown(browser) == [button.get_attribute("data-code")], button.text
    assert _violations(browser) == []


def test_without_script_the_content_shows_styled_under_the_policy(browser, site):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _open(browser, site + "channels.html")
        trigger = shadow_all(browser, ".cmw-trigger")[2]
        assert trigger.value_of_css_property("border-top-color") == "rgba(166, 27, 27, 1)"
        trigger.click()
        assert is_open(browser, shadow(browser, "#cmw-410000-sms"))
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
