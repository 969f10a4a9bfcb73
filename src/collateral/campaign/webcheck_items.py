"""The three channels and the 手机信访流程, judged on what a visitor sees.

For each channel the candidates are found (the kit's markers, then accessible
names) and tried, best first, as a visitor would: look, point at it, focus it,
tap it. An entry passes when, after one of these, the current QR payload is
decoded off the screen or the current SMS number is visible in what it shows
(what appeared, the panel it controls, or its own block: a number already
visible counts, it is not required to appear). When no named entry shows
it, every square image on the page is decoded: a QR code that carries the
payload is the entry, whatever its alt says. A wrong number is named by whose
it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from collateral.campaign import webcheck_js as js
from collateral.campaign.webcheck_model import DRAFT, FAIL, FLOW, LABELS, PASS, TERMS, WARN, Expected, Item
from collateral.campaign.webcheck_page import ACTIONS, SAID, Frame, Page

PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")  # a mobile or a landline number
TRIES = 3  # candidates tried per channel


@dataclass
class Attempt:
    """One candidate, one action: what was read, and whether it showed the current value."""

    path: str
    how: str
    name: str
    action: str
    values: list[str]
    texts: list[str]
    draft: bool
    png: bytes = b""
    boxes: list = field(default_factory=list)
    frame: Frame | None = None
    at: tuple[float, float] = (0.0, 0.0)  # the frame's offset when the screenshot was taken

    @property
    def said(self) -> str:
        """How a visitor got there: 悬停“短信投诉”后 / “微信公众号二维码”处不操作即"""
        return f"{SAID[self.action]}“{self.name}”后" if self.action != "none" else f"“{self.name}”处不操作即"


def _try(page: Page, kind: str, want: str, el, how: str, name: str, path: str, action: str) -> Attempt | None:
    page.away()
    page.snapshot()
    if not page.act(el, action):
        return None
    fresh, ctl, ctx, _, zones = page.revealed(el)
    texts = (ctl + ctx) if action == "none" else (fresh + ctl + ctx)
    codes = page.look()
    box = page.box(el)
    if kind == "sms":
        values = list(dict.fromkeys(n for t in texts for n in PHONE.findall(t)))
        boxes = [box] if box else []
    else:
        codes = [c for c in codes if any(_inside(c.box, z) for z in zones)]  # this entry's, not a neighbour's
        values = list(dict.fromkeys(c.text for c in codes))
        boxes = ([box] if box else []) + [_clear(c.box) for c in codes if c.text == want]
    return Attempt(path, how, name, action, values, list(dict.fromkeys(texts))[:12],
                   any(DRAFT in t for t in texts), page._last, boxes, page.frame, page._at)


def _inside(b: tuple, zone: tuple) -> bool:
    """Whether the centre of box ``b`` lies in ``zone`` (x, y, width, height)."""
    x, y = b[0] + b[2] / 2, b[1] + b[3] / 2
    return zone[0] <= x <= zone[0] + zone[2] and zone[1] <= y <= zone[1] + zone[3]


def _clear(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A decoded code's box grown past its quiet zone: the red outline must not make the screenshot unreadable."""
    m = 0.2 * max(b[2], b[3]) + 6
    return b[0] - m, b[1] - m, b[2] + 2 * m, b[3] + 2 * m


def _search(page: Page, frames: list[Frame], kind: str, label: str):
    for frame in frames:
        if page.enter(frame):
            found = page.run(js.ENTRIES, label, list(TERMS[kind]))
            if found:
                return frame, found
    page.enter(frames[0])
    return None, []


def _images(page: Page, frames: list[Frame], want: str) -> Attempt | None:
    """Every square image on the page, decoded: the first that carries ``want``."""
    for frame in frames:
        if not page.enter(frame):
            continue
        for el, path in page.run(js.IMAGES):
            page.away()
            page.act(el, "none")
            codes = page.look()
            hit = [c for c in codes if c.text == want]
            if hit:
                return Attempt(path, "image", "二维码图像", "none", [want], [], False, page._last, [_clear(hit[0].box)], frame,
                              page._at)
    return None


def channel(page: Page, frames: list[Frame], exp: Expected, kind: str, label: str) -> tuple[Item, bool]:
    """The verdict on one channel, and whether an entry for it was found at all."""
    sms = kind == "sms"
    want = exp.sms if sms else exp.payloads.get(kind, "")
    title = f"{label}：{'显示公开号码' if sms else '显示二维码'}"
    frame, cands = _search(page, frames, kind, label)
    attempts: list[Attempt] = []
    hit = None
    if any(how == "kit" for _, how, *_ in cands):
        cands = [c for c in cands if c[1] == "kit"]  # the kit's own entry is the one a visitor uses
    for el, how, name, path, shown in cands[:TRIES]:
        for action in ACTIONS if shown else ("none",):
            a = _try(page, kind, want, el, how, name, path, action)
            if a is None:
                continue
            attempts.append(a)
            if a.values:  # the entry showed a value: judged on it, not on whatever else the page shows
                hit = a if want in a.values else None
                break
        if attempts and attempts[-1].values:
            break
    if hit is None and not sms and want and not any(a.values for a in attempts):
        hit = _images(page, frames, want)
    page.away()
    best = hit or next((a for a in attempts if a.values), attempts[0] if attempts else None)
    if best is None:
        where = "（按文字、alt、aria-label、title 查找，并识读页面上的二维码图像）"
        page.enter(frames[0])
        return Item(kind, title, FAIL, want, f"页面上没有“{label}”入口{where}", page.shot(kind)), False
    page.enter(best.frame or frames[0])
    shot = page.keep(kind, best.png, best.boxes, best.at)
    read = [f"{a.said}可见（按{a.how}找到，{a.path}）：" + ("、".join(a.values) or ("无号码" if sms else "无二维码"))
            for a in attempts[:8]] + [f"可见文字：{'；'.join(best.texts[:8])}"]
    frame_url = best.frame.url if best.frame and best.frame.chain else ""
    if hit:
        status, found = PASS, f"{hit.said}显示 {want}"
        notes = []
        if kind in exp.drafts:
            notes.append("数据中标为样稿（placeholder: true），尚未核实")
        if hit.draft:
            notes.append(f"页面上标有“{DRAFT}”")
        if notes:
            status, found = WARN, found + "；" + "；".join(notes)
        return Item(kind, title, status, want, found, shot, hit.path, read, frame_url), True
    return Item(kind, title, FAIL, want, _wrong(exp, kind, best, want), shot, best.path, read, frame_url), True


def _wrong(exp: Expected, kind: str, a: Attempt, want: str) -> str:
    if not want:
        return "数据中没有这一项的现行值"
    if not a.values:
        return f"{a.said}没有显示{'号码' if kind == 'sms' else '可识读的二维码'}" + \
            ("（按入口的文字等找到，试过悬停、聚焦、点按）" if a.action != "none" else "")
    named = []
    for v in a.values[:4]:
        other = next((k for k, p in exp.payloads.items() if p == v and k != kind), "")
        whose = exp.whose(v) if kind == "sms" else dict(LABELS).get(other, "")
        named.append(f"{v}（{whose}的{'号码' if kind == 'sms' else '二维码'}）" if whose else v)
    holder = exp.whose(want)
    return f"{a.said}显示 {'、'.join(named)}，应为 {want}" + (f"（{holder}）" if holder else "")


def channel_items(page: Page, frames: list[Frame], exp: Expected) -> list[Item]:
    """``channels`` (all three entries there) and one item per channel."""
    items, present = [], []
    for kind, label in LABELS:
        item, there = channel(page, frames, exp, kind, label)
        items.append(item)
        present.append((label, there, item.element))
    missing = [label for label, there, _ in present if not there]
    frame = next((f for f in frames if f.chain and any(i.frame and i.frame == f.url for i in items)), frames[0])
    page.enter(frame)
    shot = page.shot("channels")
    found = "缺少 " + "、".join(missing) if missing else "齐全"
    head = Item("channels", "三个渠道（微信信访、APP信访、短信投诉）", FAIL if missing else PASS,
                "、".join(l for _, l in LABELS), found, shot, "；".join(e for _, _, e in present if e),
                [f"{label}：{e or '未找到'}" for label, _, e in present], frame.url if frame.chain else "")
    page.enter(frames[0])
    return [head, *items]


def flow_item(page: Page, frames: list[Frame]) -> Item:
    """The 手机信访流程 graphic: an image, picture or SVG named so, shown at a readable size; words alone do not count."""
    title = "信访指南中的“手机信访流程”"
    words_seen = []
    for frame in frames:
        if not page.enter(frame):
            continue
        graphics, words = page.run(js.FLOW, FLOW)
        words_seen += [(w, frame) for w in words if w[4]]
        good = [g for g in graphics if g[4] and g[5] >= 200 and g[6] >= 80 and FLOW in g[2]]
        if good:
            el, how, name, path, _, w, h, text = good[0]
            page.run(js.CENTER, el)
            shot = page.shot("flow", el)
            read = [f"{path}：{how}“{name[:60]}”，{w}×{h} px"] + ([f"图中文字：{text[:120]}"] if text else [])
            return Item("flow", title, PASS, FLOW, f"有流程图（{el.tag_name}，{how}“{FLOW}”）", shot, path, read,
                        frame.url if frame.chain else "")
        named = [g for g in graphics if FLOW in g[2]]
        if named:
            el, how, name, path, shown, w, h, _ = named[0]
            why = "不可见" if not shown else f"只有 {w}×{h} px"
            page.enter(frame)
            return Item("flow", title, FAIL, FLOW, f"流程图{why}", page.shot("flow", el if shown else None), path,
                        [f"{path}：{how}“{name[:60]}”，{w}×{h} px"], frame.url if frame.chain else "")
    page.enter(frames[0])
    if words_seen:
        (el, tag, text, path, _), frame = words_seen[0]
        page.enter(frame)
        page.run(js.CENTER, el)
        shot = page.shot("flow", el)
        return Item("flow", title, FAIL, FLOW, f"只有文字“{text[:30]}”（{tag}），没有流程图", shot, path,
                    [f"{w[3]}：{w[2][:40]}" for w, _ in words_seen[:5]], frame.url if frame.chain else "")
    return Item("flow", title, FAIL, FLOW, "页面上没有手机信访流程图", page.shot("flow"))
