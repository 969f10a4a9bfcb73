"""Loading the page within a time limit, and what the server answered: status, content type, redirects.

The answer is read from Chromium's own network log (the DevTools events
Selenium collects with ``goog:loggingPrefs``), so it is what the browser got
for the page the visitor sees, after every redirect, not a second request.
A page still loading at the limit is stopped there (``window.stop()``) and
checked as far as it came: a visitor sees that much. A page that answered
with an error status or with something that is not HTML is not checked at
all: its every item fails, the reason naming the status or the type.
"""

from __future__ import annotations

import json
import mimetypes
import time
from dataclasses import asdict, dataclass, field

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Load:
    """How the page came: the final URL, HTTP status and content type, redirects, the limit, an error."""

    url: str
    final_url: str = ""
    status: int | None = None  # None: not over HTTP (a file), or no answer
    status_text: str = ""
    content_type: str = ""
    redirects: list[dict] = field(default_factory=list)  # [{"status": 302, "from": …, "to": …}]
    limit: float = 30.0
    timed_out: bool = False
    seconds: float = 0.0
    error: str = ""
    frames: list[str] = field(default_factory=list)  # iframes searched: their URLs

    def doc(self) -> dict:
        return asdict(self)

    @property
    def answer(self) -> str:
        """``HTTP 404 Not Found，text/html`` — the status and type as a visitor's browser got them."""
        parts = [f"HTTP {self.status} {self.status_text}".strip()] if self.status else []
        if self.content_type:
            parts.append(self.content_type)
        if self.redirects:
            parts.append(f"经 {len(self.redirects)} 次重定向至 {self.final_url}")
        return "，".join(parts)

    def problem(self) -> str | None:
        """Why a visitor would not see the page at all; None when it is an HTML page that loaded (or began to)."""
        if self.error:
            return f"浏览器无法打开页面：{self.error}"
        if self.status is not None and self.status >= 400:
            return f"服务器返回错误（{self.answer}），页面无法查阅"
        kind = self.content_type.split(";")[0].strip().lower()
        if kind and kind not in HTML_TYPES:
            return f"不是网页（{self.answer}）"
        return None

    @property
    def note(self) -> str:
        """What to add to every verdict on a page that did not finish loading."""
        return f"页面 {self.limit:g} 秒内未加载完成（已停止加载，按已显示的内容核对）" if self.timed_out else ""


def _drain(driver) -> list[dict]:
    try:
        return [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    except Exception:  # noqa: BLE001 - no log (another driver): the verdict then has no status, nothing else lost
        return []


def _read_log(events: list[dict], load: Load) -> None:
    main = None
    for ev in events:
        p = ev.get("params", {})
        if ev.get("method") == "Network.requestWillBeSent" and p.get("type") == "Document":
            if main is None:
                main = p.get("frameId")
            if p.get("frameId") == main and p.get("redirectResponse"):
                r = p["redirectResponse"]
                load.redirects.append({"status": r.get("status"), "from": r.get("url"), "to": p["request"]["url"]})
        elif ev.get("method") == "Network.responseReceived" and p.get("type") == "Document" and main is not None \
                and p.get("frameId") == main:
            r = p["response"]
            load.status = int(r.get("status") or 0) or None
            load.status_text = r.get("statusText", "")
            headers = {k.lower(): v for k, v in (r.get("headers") or {}).items()}
            load.content_type = headers.get("content-type", r.get("mimeType", ""))
            load.final_url = r.get("url", load.final_url)


def load(driver, url: str, limit: float) -> Load:
    """Open ``url`` in ``driver`` within ``limit`` seconds; what came back (never raises for a page's fault)."""
    from selenium.common.exceptions import TimeoutException, WebDriverException

    found = Load(url, final_url=url, limit=limit)
    _drain(driver)
    driver.set_page_load_timeout(limit)
    driver.set_script_timeout(max(5.0, limit))
    started = time.monotonic()
    try:
        driver.get(url)
    except TimeoutException:
        found.timed_out = True
        try:
            driver.execute_script("window.stop()")
        except WebDriverException:
            pass
    except WebDriverException as err:
        found.error = (err.msg or str(err)).strip().splitlines()[0] if (err.msg or str(err)).strip() else type(err).__name__
    found.seconds = round(time.monotonic() - started, 2)
    _read_log(_drain(driver), found)
    if url.startswith("file:"):
        found.content_type = found.content_type or (mimetypes.guess_type(url)[0] or "")
    if not found.error:
        try:
            found.final_url = driver.current_url or found.final_url
        except WebDriverException:
            pass
    return found
