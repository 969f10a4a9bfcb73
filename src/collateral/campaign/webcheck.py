"""Web checks (网上查阅): does a site carry 附件一's items with the current values, as a visitor sees them?

In: a URL (or a saved page), the unit whose kit should be on it, a page-load
limit. A headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
loads the page and judges, on what is visible:

- the three entries 微信信访, APP信访（安卓版）and 短信投诉 are there, and each
  shows (without any action, or on hover, focus or tap) a QR code that decodes
  to the current payload, or the current SMS number (``webcheck_items``);
- the 手机信访流程 is there as a graphic, not merely as words;
- the 接访大厅示意图 shows “请点击”, its regions are this place's by name and
  count, each opens its own panel, and every panel shows that unit's current
  numbers (``webcheck_map``).

Out: one :class:`~collateral.webcheck_model.Item` per item (PASS, WARN or
FAIL, with the element, what was read and a screenshot) and how the page
loaded (``webcheck_load``: status, content type, redirects, the limit). The
page and its iframes are searched alike. Whatever the page does (never ends,
404, 500, not HTML, breaks the browser), every item gets a verdict.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

from collateral.errors import CollateralError, Problem
from collateral.paths import fonts_dir
from collateral.campaign.webcheck_items import channel_items, flow_item
from collateral.campaign.webcheck_load import Load, load
from collateral.campaign.webcheck_map import T_HINT, T_NUMBERS, T_REGIONS, map_items
from collateral.campaign.webcheck_model import FAIL, FLOW, HINT, LABELS, PASS, WARN, Expected, Item, expected, report_doc
from collateral.campaign.webcheck_page import Page

__all__ = ["CHROMIUM", "DRIVER", "LIMIT", "Expected", "Item", "as_url", "browser", "check_page", "expected",
           "report_doc"]

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
LIMIT = 30.0  # s: the default page-load limit
WIDTH, HEIGHT = 1280, 1000


def browser(profile: Path):
    """A headless Chromium driven by Selenium, offline, logging its network answers; the caller quits it.

    Raises:
        CollateralError: Chromium or its driver is not installed, or does not start.
    """
    if not (CHROMIUM.exists() and DRIVER.exists()):
        raise CollateralError(Problem("webcheck needs Debian's chromium and chromium-driver "
                                      "(apt-get install chromium chromium-driver)", file=str(CHROMIUM)))
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--force-device-scale-factor=1", f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # the page's HTTP status and type
    options.set_capability("unhandledPromptBehavior", "dismiss")  # a page's alert() must not stop the check
    # The bundled Noto Sans SC beside the system's fonts: screenshots show Chinese even where no CJK font is installed.
    profile.mkdir(parents=True, exist_ok=True)
    conf = profile / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{fonts_dir()}</dir><cachedir>{profile / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    try:
        return webdriver.Chrome(options=options,
                                service=Service(str(DRIVER), env={**os.environ, "FONTCONFIG_FILE": str(conf)}))
    except WebDriverException as err:
        reason = (err.msg or str(err)).strip().splitlines()[0]
        raise CollateralError(Problem(f"Chromium did not start: {reason}", file=str(CHROMIUM))) from err


def _titles(exp: Expected) -> list[tuple[str, str, str]]:
    """Every item as (id, title, expected), in report order."""
    out = [("channels", "三个渠道（微信信访、APP信访、短信投诉）", "、".join(l for _, l in LABELS))]
    for kind, label in LABELS:
        sms = kind == "sms"
        out.append((kind, f"{label}：{'显示公开号码' if sms else '显示二维码'}", exp.sms if sms else exp.payloads.get(kind, "")))
    out += [("flow", "信访指南中的“手机信访流程”", FLOW), ("map_hint", T_HINT, HINT),
            ("map_regions", T_REGIONS, f"{len(exp.regions)} 个地区"), ("map_numbers", T_NUMBERS, "地图及各地公开号码")]
    return out


def _failed(exp: Expected, ids: list[str], reason: str, shot: str) -> list[Item]:
    return [Item(i, t, FAIL, e, reason, shot) for i, t, e in _titles(exp) if i in ids]


def _note(items: list[Item], note: str) -> list[Item]:
    """A page that did not finish loading: nothing on it is a PASS; each verdict says why."""
    from dataclasses import replace

    return [replace(i, status=WARN if i.status == PASS else i.status, found=f"{i.found}；{note}") for i in items]


def check_page(driver, url: str, exp: Expected, limit: float = LIMIT) -> tuple[list[Item], dict[str, bytes], dict]:
    """Load ``url`` within ``limit`` s and judge every item: (items, screenshots by file name, how it loaded).

    Never raises for what the page or the browser does: a page that cannot be
    checked gets every item FAIL with the reason, a check that breaks on the
    page fails its own items and names the error.
    """
    from selenium.common.exceptions import WebDriverException

    got: Load = load(driver, url, limit)
    page = Page(driver)
    problem = got.problem()
    if problem:
        try:
            shot = page.shot("page")
        except WebDriverException:
            shot = ""
        return _failed(exp, [i for i, _, _ in _titles(exp)], problem, shot), page.shots, got.doc()
    errors = []
    try:
        page.home = driver.current_url
        frames = page.frames()
    except WebDriverException as err:
        frames, errors = [], [_reason(err)]
    got.frames = [f.url or f.path for f in frames[1:]]
    items: list[Item] = []
    groups = (("channels", "wechat", "app", "sms"), ("flow",), ("map_hint", "map_regions", "map_numbers"))
    for ids, run in zip(groups, (channel_items, flow_item, map_items)):
        if not frames:
            items += _failed(exp, list(ids), f"浏览器无法检查页面：{errors[0]}", "")
            continue
        try:
            made = run(page, frames, exp) if run is not flow_item else [flow_item(page, frames)]
        except Exception as err:  # noqa: BLE001 - the page broke this check: its items say so, the rest go on
            errors.append(_reason(err))
            made = _failed(exp, list(ids), f"检查出错：{errors[-1]}", "")
        items += made
    doc = got.doc()
    if errors:
        doc["errors"] = errors
    return (_note(items, got.note) if got.timed_out else items), page.shots, doc


def _reason(err: Exception) -> str:
    from selenium.common.exceptions import WebDriverException

    text = (err.msg or "") if isinstance(err, WebDriverException) else str(err)
    first = text.strip().splitlines()[0] if text.strip() else ""
    where = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    return f"{type(err).__name__}: {first}" + (f" ({Path(where.filename).name}:{where.lineno})" if where else "")


def as_url(target: str) -> str:
    """A URL as given; a file's path as a file:// URL."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I):
        return target
    path = Path(target)
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        raise CollateralError(Problem("neither a URL nor a page on disk", file=target))
    return path.resolve().as_uri()
