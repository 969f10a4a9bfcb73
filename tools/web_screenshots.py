"""Screenshots of the web kit for the README: the demo page and the province map with a panel open.

Makes the province's kit from the bundled data, opens it in Debian's headless
Chromium (chromium + chromium-driver, driven by selenium from the test extra)
and writes ``docs/web-index.png`` and ``docs/web-map.png``::

    .venv/bin/python tools/web_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collateral.cli.app import main  # noqa: E402
from collateral.paths import fonts_dir  # noqa: E402

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1")


def browser(profile: Path, width: int, height: int) -> webdriver.Chrome:
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    # Chinese text in the bundled Noto Sans SC (a bare machine has no CJK font for Chromium).
    conf = profile.parent / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{fonts_dir()}</dir><cachedir>{profile.parent / 'fc-cache'}</cachedir></fontconfig>")
    service = Service("/usr/bin/chromedriver", env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    return webdriver.Chrome(options=options, service=service)


def main_() -> int:
    with tempfile.TemporaryDirectory(prefix="webshots-") as tmp:
        kit = Path(tmp) / "kit"
        if main(["web", "410000", "-o", str(kit)]) != 0:
            return 1
        driver = browser(Path(tmp) / "profile", 1280, 1240)
        try:
            # The demo page with the WeChat entry revealed, as a visitor pointing at it sees it.
            driver.get((kit / "index.html").as_uri())
            channels = driver.find_element(By.CSS_SELECTOR, "cmw-channels").shadow_root
            ActionChains(driver).move_to_element(
                channels.find_element(By.CSS_SELECTOR, '[popovertarget="cmw-410000-wechat"],'
                                                       '[aria-controls="cmw-410000-wechat"]')).perform()
            driver.save_screenshot(str(ROOT / "docs" / "web-index.png"))
            # The province map: 郑州市 chosen (its panel open), the pointer on 开封市 (its 请点击 shown).
            driver.get((kit / "map.html").as_uri())
            host = driver.find_element(By.CSS_SELECTOR, "cmw-map")
            hall_map = host.shadow_root
            hall_map.find_element(By.CSS_SELECTOR, '.cmw-list button[data-code="410100"]').click()
            driver.execute_script("window.scrollTo(0,0)")
            ActionChains(driver).move_to_element(hall_map.find_element(By.ID, "cmw-410000-r-410200")).perform()
            driver.save_screenshot(str(ROOT / "docs" / "web-map.png"))
        finally:
            driver.quit()
    print("wrote docs/web-index.png, docs/web-map.png")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
