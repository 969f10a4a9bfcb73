"""The loaded page as a visitor meets it: its frames, the pointer, focus and taps, and screenshots.

A check runs in one browsing context at a time: the page itself or one of its
iframes (Selenium switches into same-origin and cross-origin frames alike).
Interactions are real input events (the pointer moved onto an element, a
click), not calls into the page's script, so what opens is what a visitor
would see open. Screenshots are of the viewport; the element an item is about
is boxed in red on the saved copy, and QR codes are decoded from the pixels,
as a phone would read them off the screen.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import zxingcpp
from PIL import Image, ImageDraw

from collateral.campaign import webcheck_js as js

SETTLE = 0.3  # s: for a hover's or a click's transition to finish before reading the page
ACTIONS = ("none", "hover", "focus", "tap")
SAID = {"none": "不操作", "hover": "悬停", "focus": "键盘聚焦", "tap": "点按"}


@dataclass(frozen=True)
class Frame:
    """A browsing context: the page (``chain`` empty) or an iframe, by its index at each level."""

    chain: tuple[int, ...]
    url: str
    offset: tuple[float, float]  # its viewport's top-left in the page's viewport when found (scrolling moves it)
    path: str  # the iframe element's CSS path


@dataclass(frozen=True)
class Code:
    """A QR code decoded from a screenshot: its payload and its box in the frame's viewport."""

    text: str
    box: tuple[float, float, float, float]


class Page:
    """One loaded page: run scripts and interact in a frame, take screenshots (kept in memory, named in order)."""

    def __init__(self, driver, depth: int = 2) -> None:
        self.driver = driver
        self.shots: dict[str, bytes] = {}
        self.frame = Frame((), "", (0.0, 0.0), "")
        self.depth = depth
        self.home = ""  # the page's own URL (set after loading): an action that leaves it is undone
        self._last, self._at = b"", (0.0, 0.0)  # the last screenshot and its frame's offset then
        self._dirty = True  # something may be open (a hover, a tap): away() must wait for it to close

    # -- contexts ---------------------------------------------------------------------------------------------
    def frames(self) -> list[Frame]:
        """The page, then every shown iframe (and iframes in those, up to ``depth``) that Selenium can enter."""
        found = [Frame((), "", (0.0, 0.0), "")]
        level = [found[0]]
        for _ in range(self.depth):
            nxt = []
            for parent in level:
                if not self.enter(parent):
                    continue
                for i, (_el, src, path, (x, y), shown) in enumerate(self.run(js.FRAMES)):
                    if shown:
                        prefix = f"{parent.path} | " if parent.path else ""
                        nxt.append(Frame((*parent.chain, i), src, (parent.offset[0] + x, parent.offset[1] + y),
                                         prefix + path))
            found += nxt
            level = nxt
        self.enter(found[0])
        return found

    def enter(self, frame: Frame) -> bool:
        """Switch into ``frame``; False (and back in the page) when a frame has gone or cannot be entered."""
        from selenium.common.exceptions import WebDriverException

        self.driver.switch_to.default_content()
        try:
            for i in frame.chain:
                self.driver.switch_to.frame(self.run(js.FRAMES)[i][0])
        except (WebDriverException, IndexError):
            self.driver.switch_to.default_content()
            self.frame = Frame((), "", (0.0, 0.0), "")
            return False
        self.frame = frame
        return True

    def offset(self) -> tuple[float, float]:
        """The current frame's viewport in the page's viewport, now (scrolling the page moves a frame)."""
        if not self.frame.chain:
            return 0.0, 0.0
        x = y = 0.0
        self.driver.switch_to.default_content()
        for i in self.frame.chain:
            el, _, _, (fx, fy), _ = self.run(js.FRAMES)[i]
            x, y = x + fx, y + fy
            self.driver.switch_to.frame(el)
        return x, y

    def run(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    # -- interactions -----------------------------------------------------------------------------------------
    def snapshot(self) -> None:
        """Remember what is visible now: :meth:`revealed` reports what appears after this."""
        self.run(js.SNAPSHOT)

    def away(self) -> None:
        """The pointer to the viewport's corner, focus off, Esc: whatever a hover or a tap opened closes."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.actions.action_builder import ActionBuilder
        from selenium.webdriver.common.keys import Keys

        if not self._dirty:
            return
        try:
            self.run(js.BLUR)
            actions = ActionBuilder(self.driver)
            actions.pointer_action.move_to_location(1, 1)
            actions.key_action.send_keys(Keys.ESCAPE)
            actions.perform()
        except WebDriverException:
            pass
        time.sleep(SETTLE + 0.1)  # the kit closes a hover pop-up 300 ms after the pointer leaves
        self._dirty = False

    def act(self, element, action: str) -> bool:
        """Do ``action`` to ``element`` as a visitor would; False when the browser refuses (not interactable)."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.action_chains import ActionChains

        try:
            if action == "tap" and self.run(js.LEAVES, element):
                return False  # a visitor's tap would leave the page: what it leads to is another page's matter
            self.run(js.CENTER, element)
            self._dirty = self._dirty or action != "none"
            if action == "hover":
                ActionChains(self.driver).move_to_element(element).perform()
            elif action == "focus":
                self.run("arguments[0].focus({focusVisible:true})", element)
            elif action == "tap":
                ActionChains(self.driver).move_to_element(element).click().perform()
        except WebDriverException:
            return False
        time.sleep(SETTLE if action != "none" else 0.05)
        self._stay()
        return True

    def _stay(self) -> None:
        """Back to the page checked if an action navigated away (a script's redirect on click)."""
        from selenium.common.exceptions import WebDriverException

        try:
            if self.home and self.driver.current_url.split("#")[0] != self.home.split("#")[0]:
                self.driver.back()
                time.sleep(SETTLE)
                self.enter(self.frame)
        except WebDriverException:
            pass

    def revealed(self, element) -> tuple[list[str], list[str], list[str], str, list]:
        """Texts newly shown, of what ``element`` controls, and of its own block; the controlled element's path;
        the boxes (its block, what it controls, images that appeared) a QR code of this entry lies in."""
        fresh, ctl, ctx, path, zones = self.run(js.REVEALED, element)
        return fresh, ctl, ctx, path, zones

    # -- screenshots ------------------------------------------------------------------------------------------
    def box(self, element) -> tuple[float, float, float, float] | None:
        """``element``'s box in the frame's viewport; None when it has gone."""
        from selenium.common.exceptions import WebDriverException

        try:
            return tuple(self.run(js.BOX, element))
        except WebDriverException:
            return None

    def shot(self, name: str, element=None, boxes: tuple = ()) -> str:
        """A viewport screenshot now; ``element`` and ``boxes`` (frame coordinates) outlined in red on it."""
        self._last, self._at = self.driver.get_screenshot_as_png(), self.offset()
        marks = [*boxes, *([self.box(element)] if element is not None else [])]
        return self.keep(name, self._last, [b for b in marks if b])

    def keep(self, name: str, png: bytes, boxes: list, at: tuple[float, float] | None = None) -> str:
        """Keep ``png`` (taken earlier) as the next screenshot, ``boxes`` (frame coordinates) outlined."""
        file = f"{len(self.shots) + 1:02d}-{name}.png"
        dx, dy = at if at is not None else self._at if png is self._last else self.offset()
        self.shots[file] = _outlined(png, [(b[0] + dx, b[1] + dy, b[2], b[3]) for b in boxes]) if boxes else png
        return file

    def codes(self) -> list[Code]:
        """The QR codes on the last screenshot, with their boxes in the current frame's coordinates."""
        image = Image.open(io.BytesIO(self._last)).convert("L")
        ratio = 1.0  # the browser runs at --force-device-scale-factor=1: a pixel is a CSS px
        out = []
        for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            p = r.position
            xs = [pt.x / ratio for pt in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            ys = [pt.y / ratio for pt in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            out.append(Code(r.text, (min(xs) - self._at[0], min(ys) - self._at[1],
                                     max(xs) - min(xs), max(ys) - min(ys))))
        return out

    def look(self) -> list[Code]:
        """Screenshot (not kept) and decode: the QR codes a visitor's phone could read now."""
        self._last, self._at = self.driver.get_screenshot_as_png(), self.offset()
        return self.codes()


def _outlined(png: bytes, boxes: list[tuple[float, float, float, float]]) -> bytes:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x, y, w, h in boxes:
        if w <= 0 or h <= 0:
            continue
        draw.rectangle((x - 3, y - 3, x + w + 3, y + h + 3), outline=(220, 0, 0), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
