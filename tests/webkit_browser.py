"""Shared by the web kit's browser tests: Debian's headless Chromium, the kits, shadow-root look-ups.

Each test module starts one driver (module fixture) so a module can run alone;
the bundled Noto Sans SC is handed to Chromium through fontconfig, so Chinese
text has its real metrics in screenshots and layout.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from collateral.cli.app import main
from collateral.paths import data_dir, fonts_dir
from collateral.codes.qr import decode_image

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
EVIL = "<img src=x onerror=alert(1)>"
PROVINCE, ZHENGZHOU = "410000", "410100"
DIRECT = {"410181": "巩义市", "410225": "兰考县", "410482": "汝州市", "410526": "滑县", "410783": "长垣市",
          "411381": "邓州市", "411481": "永城市", "411525": "固始县", "411628": "鹿邑县", "411729": "新蔡县"}
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1366,768")


def edit_zhengzhou(data: Path) -> None:
    """郑州市's leaders: a name that is markup, a real name and number."""
    city = data / "henan" / "410100-郑州市" / "city.yaml"
    text = city.read_text(encoding="utf-8")
    text = text.replace('  - role: 市委书记\n    name: ""', f"  - role: 市委书记\n    name: '{EVIL}'", 1)
    text = text.replace('  - role: 市长\n    name: ""\n    phone: ""', '  - role: 市长\n    name: 张三\n    phone: "13800000000"', 1)
    city.write_text(text, encoding="utf-8")


def make_kits(tmp: Path) -> dict[str, Path]:
    """The province's and 郑州市's kits, made through the CLI from data with 郑州市's leaders edited."""
    data = tmp / "data"
    shutil.copytree(data_dir(), data)
    edit_zhengzhou(data)
    out = {}
    for code in (PROVINCE, ZHENGZHOU):
        assert main(["web", code, "-o", str(tmp / code), "--data", str(data)]) == 0
        out[code] = tmp / code
    out["data"] = data
    return out


KIT_FILES = ("kit.js", "kit.css")  # what a web team uploads beside the page it pastes a snippet into


def beside_kit(kit: Path, folder: Path) -> Path:
    """``folder`` with the kit's script and stylesheet copied in, as the README tells a web team to."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in KIT_FILES:
        shutil.copyfile(kit / name, folder / name)
    return folder


def start(tmp: Path):
    """A headless Chromium at 1366×768, or a skip saying what to install."""
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip("no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver "
                    "(.ci/run does) to run the browser tests")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager look for drivers online
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{fonts_dir()}</dir><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(str(DRIVER), env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    driver = webdriver.Chrome(options=options, service=service)
    # Record alert() instead of blocking on it: a script that ran is then a value to assert on.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "window.__alerts=[];window.alert=function(m){window.__alerts.push(String(m))};"})
    return driver


def desktop(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(1366, 768)


def phone(driver) -> None:
    """A 375 px wide phone: the viewport meta applies, as on a real one."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 375, "height": 740, "deviceScaleFactor": 1, "mobile": True})


def open_page(driver, page: Path, fragment: str = ""):
    driver.get(page.as_uri() + fragment)
    driver.execute_script("window.scrollTo(0,0)")
    return driver


def shadow(driver, css: str, host: str = "cmw-channels", index: int = 0):
    """The element ``css`` inside the shadow root of the ``index``-th ``host`` element."""
    return driver.execute_script("return document.querySelectorAll(arguments[0])[arguments[1]].shadowRoot"
                                 ".querySelector(arguments[2])", host, index, css)


def shadow_all(driver, css: str, host: str = "cmw-channels", index: int = 0) -> list:
    return driver.execute_script("return [...document.querySelectorAll(arguments[0])[arguments[1]].shadowRoot"
                                 ".querySelectorAll(arguments[2])]", host, index, css)


def is_open(driver, pop) -> bool:
    return driver.execute_script("return arguments[0].matches(':popover-open')", pop)


def rect(driver, element) -> dict:
    return driver.execute_script("const r=arguments[0].getBoundingClientRect();"
                                 "return {left:r.left,top:r.top,right:r.right,bottom:r.bottom,width:r.width,height:r.height}",
                                 element)


def viewport(driver) -> tuple[int, int]:
    return tuple(driver.execute_script("return [document.documentElement.clientWidth,"
                                       "document.documentElement.clientHeight]"))


def decoded_screenshot(driver, box: dict) -> list[str]:
    """QR payloads read from a screenshot of the viewport, cropped to ``box``: what a phone would scan."""
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("L")
    crop = shot.crop((int(box["left"]), int(box["top"]), int(box["right"]), int(box["bottom"])))
    return decode_image(crop)


def axe_violations(driver, options: dict | None = None) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));",
        options or {"resultTypes": ["violations"]})


# Shared module fixtures (a test module imports them by name): the kits made once, one headless Chromium.
@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    return make_kits(tmp_path_factory.mktemp("kits"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start(tmp_path_factory.mktemp("chromium"))
    yield driver
    driver.quit()
