"""Web checks (网上查阅): does a site carry 附件一's items with the current values?

In: a URL (or a saved page) and the unit whose kit should be on it. A
headless Chromium (Debian's ``chromium`` and ``chromium-driver``) loads the
page and checks, as a visitor would:

- the three entries 微信信访, APP信访（安卓版）and 短信投诉 are on the page;
- pointing at each reveals a QR code that decodes to the current payload
  (decoded from a screenshot, as a phone would), or the current SMS number;
- the 手机信访流程 is there;
- pointing at a region of the 接访大厅示意图 shows “请点击”, clicking it shows
  that region's hall with its leaders' current public numbers (or 待公布),
  and every leader's number of the map's units is on the page.

The expected values come from the data (``resolve``), the same values the
leaflets print. Elements are found by their text and ARIA labels through
every open shadow root, not by the kit's CSS classes, so a kit whose
snippets live in shadow roots (declarative shadow DOM, popovers) and an
older kit of plain markup are checked alike.
"""

from __future__ import annotations

import io
import os
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image

from collateral.data.dataset import Dataset
from collateral.errors import CollateralError, Problem
from collateral.data.model import Level, Unit
from collateral.codes.qr import decode_image, payload_from_image
from collateral.data.resolve import resolve
from collateral.i18n import _

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
LABELS = (("wechat", "微信信访"), ("app", "APP信访（安卓版）"), ("sms", "短信投诉"))  # 附件一's wording
HINT, BLANK, FLOW = "请点击", "待公布", "手机信访流程"
PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
SETTLE = 0.35  # s: for a hover's transition to finish before the screenshot

# Every element, open shadow roots included, in document order.
_DEEP = """
function deep(root, out){for(const el of root.querySelectorAll('*')){out.push(el);if(el.shadowRoot)deep(el.shadowRoot,out)}return out}
function shown(el){if(el.checkVisibility)return el.checkVisibility({checkOpacity:true,checkVisibilityCSS:true});
const s=getComputedStyle(el);return s.visibility==='visible'&&s.display!=='none'&&el.getClientRects().length>0}
"""
# The innermost link or button whose text is the label.
_TRIGGER = _DEEP + """
const label=arguments[0];
const hits=deep(document,[]).filter(el=>/^(a|button)$/i.test(el.localName)&&el.textContent.replace(/\\s+/g,'').includes(label));
return hits.length?hits[hits.length-1]:null;
"""
# Texts of visible elements that have text of their own (their own text nodes).
_VISIBLE_TEXT = _DEEP + """
const out=[];for(const el of deep(document,[])){let own='';for(const n of el.childNodes){if(n.nodeType===3)own+=n.nodeValue}
own=own.replace(/\\s+/g,'');if(own&&shown(el))out.push(own)}
for(const el of deep(document,[])){const a=el.getAttribute&&el.getAttribute('aria-label');if(a&&shown(el))out.push(a)}
return out;
"""
_ALL_TEXT = _DEEP + "return deep(document,[]).filter(e=>!e.children.length||e.localName==='title').map(e=>e.textContent).join('\\n');"
# Regions of the map: links inside an <svg> whose label says 请点击; (element, unit code) pairs.
_REGIONS = _DEEP + """
return deep(document,[]).filter(el=>el.localName==='a'&&el.closest('svg')&&(el.getAttribute('aria-label')||'').includes(arguments[0]))
 .map(el=>[el,el.dataset&&el.dataset.code?el.dataset.code:((el.id||'').match(/-r-(\\d+)$/)||[,''])[1]]);
"""
_FIND_TEXT = _DEEP + """
const t=arguments[0];const hits=deep(document,[]).filter(el=>el.textContent.includes(t));return hits.length?hits[hits.length-1]:null;
"""


@dataclass(frozen=True)
class Item:
    """One 附件一 item: passed or not, what was expected and found, and the screenshot that shows it."""

    item: str
    title: str
    ok: bool
    expected: str
    found: str
    screenshot: str = ""


@dataclass(frozen=True)
class Expected:
    """What the page should show for a unit, from the data."""

    payloads: dict[str, str]  # wechat / app → QR payload
    sms: str
    halls: dict[str, tuple[str, tuple[str, ...]]]  # unit code → (name, leaders' published numbers)


def expected(dataset: Dataset, unit: Unit) -> Expected:
    """The current values of ``unit``'s kit: channel payloads and number, and the map's halls."""
    channels = resolve(dataset, unit).channels
    payloads = {}
    for kind in ("wechat", "app"):
        c = channels.get(kind)
        if c is not None:
            payloads[kind] = payload_from_image(c.qr_image) if c.qr_image else c.qr
    sms = channels["sms"].number if "sms" in channels else ""
    owner = dataset.unit(unit.parent) if unit.level == Level.COUNTY and unit.parent else unit
    if owner.level == Level.CITY:
        dataset.load_city(owner.code)
    units = [unit, *dataset.children(owner.code)]
    halls = {u.code: (u.name, tuple(l.phone for l in u.leaders if l.phone)) for u in units}
    return Expected(payloads, sms, halls)


def browser(profile: Path):
    """A headless Chromium driven by Selenium, offline; the caller quits it.

    Raises:
        CollateralError: Chromium or its driver is not installed.
    """
    if not (CHROMIUM.exists() and DRIVER.exists()):
        raise CollateralError(Problem(_("webcheck needs Debian's chromium and chromium-driver (apt-get "
                                         "install chromium chromium-driver)"), file=str(CHROMIUM)))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--force-device-scale-factor=1", "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(str(DRIVER)))


class _Page:
    """The loaded page and the screenshots taken of it."""

    def __init__(self, driver) -> None:
        self.driver = driver
        self.shots: dict[str, bytes] = {}

    def run(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def visible_text(self) -> list[str]:
        return self.run(_VISIBLE_TEXT)

    def hover(self, element) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self.run("arguments[0].scrollIntoView({block:'center'})", element)
        ActionChains(self.driver).move_to_element(element).perform()
        time.sleep(SETTLE)

    def away(self) -> None:
        """The pointer to the viewport's corner and focus off: what a hover showed closes."""
        from selenium.webdriver.common.actions.action_builder import ActionBuilder

        self.run("document.activeElement&&document.activeElement.blur&&document.activeElement.blur()")
        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(1, 1)
        actions.perform()
        time.sleep(SETTLE / 2)

    def shot(self, name: str) -> str:
        file = f"{len(self.shots) + 1:02d}-{name}.png"
        self.shots[file] = self.driver.get_screenshot_as_png()
        return file

    def codes(self, file: str) -> list[str]:
        return decode_image(Image.open(io.BytesIO(self.shots[file])).convert("L"))


def _new(before: list[str], after: list[str]) -> list[str]:
    seen = set(before)
    return [t for t in after if t not in seen]


def _channel_items(page: _Page, exp: Expected) -> list[Item]:
    triggers = {kind: page.run(_TRIGGER, label) for kind, label in LABELS}
    missing = [label for kind, label in LABELS if triggers[kind] is None]
    shot = page.shot("channels")
    items = [Item("channels", "三个渠道（微信信访、APP信访、短信投诉）", not missing, "、".join(l for _, l in LABELS),
                  "缺少 " + "、".join(missing) if missing else "齐全", shot)]
    for kind, label in LABELS:
        trigger = triggers[kind]
        title = f"{label}：悬停显示" + ("公开号码" if kind == "sms" else "二维码")
        want = exp.sms if kind == "sms" else exp.payloads.get(kind, "")
        if trigger is None:
            items.append(Item(kind, title, False, want, f"页面上没有“{label}”"))
            continue
        page.away()
        before = page.visible_text()
        page.hover(trigger)
        shot = page.shot(kind)
        if kind == "sms":
            shown = [n for t in _new(before, page.visible_text()) for n in PHONE.findall(t)]
            found = "、".join(dict.fromkeys(shown)) or "悬停后没有显示号码"
            items.append(Item(kind, title, want in shown, want, found, shot))
        else:
            codes = page.codes(shot)
            found = "、".join(codes) or "悬停后没有可识别的二维码"
            items.append(Item(kind, title, want in codes, want, found, shot))
    page.away()
    return items


def _flow_item(page: _Page) -> Item:
    element = page.run(_FIND_TEXT, FLOW)
    if element is not None:
        page.run("arguments[0].scrollIntoView({block:'center'})", element)
    present = FLOW in page.run(_ALL_TEXT)
    return Item("flow", "信访指南中的“手机信访流程”", present, FLOW, "有" if present else "页面上没有", page.shot("flow"))


def _map_items(page: _Page, exp: Expected) -> list[Item]:
    regions = page.run(_REGIONS, HINT)
    if not regions:
        return [Item("map_hint", "接访大厅示意图：悬停显示“请点击”", False, HINT, "页面上没有可点击的地图区域"),
                Item("map_numbers", "接访大厅示意图：领导干部公开号码", False, "地图及各地公开号码", "页面上没有地图")]
    # a region whose hall has published numbers, if any: its panel then shows numbers to compare
    known = [(el, c) for el, c in regions if c in exp.halls]
    element, code = next(((el, c) for el, c in known if exp.halls[c][1]), known[0] if known else regions[0])
    page.away()
    before = page.visible_text()
    page.hover(element)
    hint_shot = page.shot("map-hint")
    hints = [t for t in _new(before, page.visible_text()) if HINT in t]
    items = [Item("map_hint", "接访大厅示意图：悬停显示“请点击”", bool(hints), HINT,
                  hints[0] if hints else "悬停后没有出现“请点击”", hint_shot)]
    element.click()
    time.sleep(SETTLE)
    panel = "".join(page.visible_text())
    shot = page.shot("map-hall")
    name, numbers = exp.halls.get(code, ("", ()))
    all_text = page.run(_ALL_TEXT)
    absent = [n for _, (_, nums) in sorted(exp.halls.items()) for n in nums if n not in all_text]
    here_ok = all(n in panel for n in numbers) and (numbers or BLANK in panel)
    want = f"{name}：{'、'.join(numbers) or BLANK}" + (f"；共{sum(len(v[1]) for v in exp.halls.values())}个公开号码"
                                                       if any(v[1] for v in exp.halls.values()) else "")
    found = "缺少 " + "、".join(absent) if absent else ("点击后显示" if here_ok else f"点击{name or '地区'}后没有显示其公开号码")
    items.append(Item("map_numbers", "接访大厅示意图：领导干部公开号码", bool(here_ok) and not absent, want, found, shot))
    page.away()
    return items


def check_page(driver, url: str, exp: Expected) -> tuple[list[Item], dict[str, bytes]]:
    """Load ``url`` and check every item; screenshots are returned, not written.

    Raises:
        CollateralError: the browser cannot load or drive the page (its first line of reason).
    """
    from selenium.common.exceptions import WebDriverException

    page = _Page(driver)
    try:
        driver.get(url)
        time.sleep(SETTLE)
        items = _channel_items(page, exp)
        items.append(_flow_item(page))
        items += _map_items(page, exp)
    except WebDriverException as err:
        reason = (err.msg or str(err)).strip().splitlines()[0]
        raise CollateralError(Problem(_("the browser could not check the page: {reason}").format(reason=reason),
                                      file=url)) from err
    return items, page.shots


def as_url(target: str) -> str:
    """A URL as given; a file's path as a file:// URL."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I):
        return target
    path = Path(target)
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        raise CollateralError(Problem(_("neither a URL nor a page on disk"), file=target))
    return path.resolve().as_uri()


def report_doc(url: str, unit: Unit, items: list[Item]) -> dict:
    return {"url": url, "target": unit.code, "name": unit.name, "items": [asdict(i) for i in items]}
